// Examples for the documentation, run by go test against the seeded server at TIMELINE_ADDR
// (such as "127.0.0.1:50051") so that their output stays true.

package timeline_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// What happened in Bamako in September 2024? The attacks are known to the month; the visit
// only to predate the article that reports it, so it may have happened in September.
func Example() {
	ctx := context.Background()
	client, err := timeline.Dial(ctx, os.Getenv("TIMELINE_ADDR"), timeline.WithInsecure())
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()
	september := timeline.Overlapping(timeline.Month(2024, time.September, time.UTC))
	req := &timelinepb.ListEventsRequest{Places: []string{"places/ml-bamako"}, TimeRange: september}
	for event, err := range client.Events(ctx, req) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(event.GetName(), timeline.SpanOf(event.GetTime()))
	}
	// Output:
	// events/goita-receives-turkish-parliamentary-delegation [?, 2024-10-12T11:16:00Z) UNKNOWN
	// events/bamako-attacks-2024-09 [2024-09-01T00:00:00Z, 2024-10-01T00:00:00Z) MONTH
}

// What did Assimi Goïta do, and with whom?
func ExampleClient_Events() {
	ctx := context.Background()
	client, err := timeline.Dial(ctx, os.Getenv("TIMELINE_ADDR"), timeline.WithInsecure())
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	for event, err := range client.Events(ctx, &timelinepb.ListEventsRequest{Actors: []string{"actors/assimi-goita"}}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(event.GetName(), event.GetEventType())
		for _, actor := range event.GetActors() {
			fmt.Println("  ", actor.GetRole(), actor.GetDisplayName())
		}
	}
	// Output:
	// events/goita-receives-turkish-parliamentary-delegation visit
	//    HOST Assimi Goïta
	//    VISITOR Turkish parliamentary delegation to Mali (2024)
	//    VISITOR أورهان ديليجوز
}

// Names are found in any script or spelling.
func ExampleClient_Actors() {
	ctx := context.Background()
	client, err := timeline.Dial(ctx, os.Getenv("TIMELINE_ADDR"), timeline.WithInsecure())
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	for actor, err := range client.Actors(ctx, &timelinepb.ListActorsRequest{Query: "غويتا"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(actor.GetName(), actor.GetDisplayName(), len(actor.GetNames()), "names")
	}
	// Output:
	// actors/assimi-goita Assimi Goïta 4 names
}

// Replay every change to the events in Mali, then keep following new ones. A Watch survives
// server restarts: it reconnects and continues after the last cursor it received.
func ExampleClient_Watch() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client, err := timeline.Dial(ctx, os.Getenv("TIMELINE_ADDR"), timeline.WithInsecure())
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	req := &timelinepb.WatchEventsRequest{Places: []string{"places/ml"}, Cursor: "0"}
	seen := 0
	for change, err := range client.Watch(ctx, req) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(change.GetKind(), change.GetEvent().GetName())
		if seen++; seen == 5 {
			// A real watcher would go on, and store change.GetCursor() (an opaque string) to
			// continue after this change later.
			break
		}
	}
	// Output:
	// CREATED events/goita-receives-turkish-parliamentary-delegation
	// CREATED events/bamako-attacks-2024-09
	// CREATED events/tinzaouaten-drone-strikes
	// CREATED events/tessalit-retaken-by-malian-army
	// CREATED events/turkey-supplies-drones-to-mali
}

// Export everything in Mali that may have happened in 2024. Each message's resume token
// continues the export after that event, in this process (automatically) or a later one.
func ExampleClient_Export() {
	ctx := context.Background()
	client, err := timeline.Dial(ctx, os.Getenv("TIMELINE_ADDR"), timeline.WithInsecure())
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	req := &timelinepb.ExportEventsRequest{
		Places:    []string{"places/ml"},
		TimeRange: timeline.Overlapping(timeline.Year(2024, time.UTC)),
	}
	for exported, err := range client.Export(ctx, req) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(exported.GetEvent().GetName(), timeline.SpanOf(exported.GetEvent().GetTime()).Precision)
	}
	// Output:
	// events/goita-receives-turkish-parliamentary-delegation PRECISION_UNKNOWN
	// events/tinzaouaten-drone-strikes PRECISION_UNKNOWN
	// events/tessalit-retaken-by-malian-army PRECISION_UNKNOWN
	// events/turkey-supplies-drones-to-mali PRECISION_UNKNOWN
	// events/bamako-attacks-2024-09 PRECISION_MONTH
}

// A request with mistakes fails with INVALID_ARGUMENT naming each bad field.
func ExampleError() {
	ctx := context.Background()
	client, err := timeline.Dial(ctx, os.Getenv("TIMELINE_ADDR"), timeline.WithInsecure())
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	_, err = client.EventService.CountEvents(ctx, &timelinepb.CountEventsRequest{
		TimeRange: timeline.Overlapping(timeline.Year(2024, time.UTC)),
		TimeZone:  "Mars/Olympus_Mons",
	})
	var e *timeline.Error
	if errors.As(err, &e) && errors.Is(err, timeline.ErrInvalidArgument) {
		for _, v := range e.FieldViolations {
			fmt.Printf("%s: %s\n", v.Field, v.Description)
		}
	}
	_, err = client.EventService.GetEvent(ctx, &timelinepb.GetEventRequest{Name: "events/no-such-event"})
	fmt.Println(errors.Is(err, timeline.ErrNotFound), err)
	// Output:
	// interval: is required: DAY, WEEK, MONTH or YEAR
	// time_zone: "Mars/Olympus_Mons" is not an IANA time zone
	// true timeline: NotFound: events/no-such-event does not exist
}

// The dates in a sentence of an article published 12 October 2024 in Dubai: "last September"
// is September 2024 there. Start and End index the text's runes.
func ExampleClient_ParseDates() {
	ctx := context.Background()
	client, err := timeline.Dial(ctx, os.Getenv("TIMELINE_ADDR"), timeline.WithInsecure())
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close()

	published := time.Date(2024, time.October, 12, 11, 16, 0, 0, time.UTC)
	text := "وأسفرت هجمات في باماكو سبتمبر/أيلول الماضي عن قتل أكثر من 70 شخصا"
	dates, err := client.ParseDates(ctx, text,
		timeline.WithReferenceTime(published), timeline.WithTimeZone("Asia/Dubai"))
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range dates {
		fmt.Println(d.Start, d.End, string([]rune(text)[d.Start:d.End]), d.Span)
	}
	// Output:
	// 23 42 سبتمبر/أيلول الماضي [2024-08-31T20:00:00Z, 2024-09-30T20:00:00Z) MONTH
}
