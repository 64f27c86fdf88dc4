// Errors as the server sends them, seen through *Error, errors.Is/As and grpc/status.

package timeline_test

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

func TestInvalidArgumentNamesEveryBadField(t *testing.T) {
	client := dial(t)
	req := &timelinepb.ListEventsRequest{
		EventTypes: []string{"massacre"},
		TimeRange: timeline.Overlapping(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)),
	}

	var err error
	for _, err = range client.Events(testContext(t), req) {
		break
	}

	var e *timeline.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v (%T), want a *timeline.Error", err, err)
	}
	if e.Code != codes.InvalidArgument || !errors.Is(err, timeline.ErrInvalidArgument) ||
		status.Code(err) != codes.InvalidArgument {
		t.Errorf("code %v; errors.Is(ErrInvalidArgument) %v; status.Code %v: want InvalidArgument throughout",
			e.Code, errors.Is(err, timeline.ErrInvalidArgument), status.Code(err))
	}
	if errors.Is(err, timeline.ErrNotFound) {
		t.Error("an invalid argument matches ErrNotFound")
	}
	if got, want := e.Fields(), []string{"event_types[0]", "time_range.end_time"}; !slices.Equal(got, want) {
		t.Errorf("fields: got %q, want %q", got, want)
	}
	if d, ok := e.Field("time_range.end_time"); !ok || d != "must be after start_time" {
		t.Errorf("time_range.end_time: got %q, %v", d, ok)
	}
	if d, _ := e.Field("event_types[0]"); !strings.HasPrefix(d, `"massacre" is not an event type; one of: attack, `) {
		t.Errorf("event_types[0]: got %q", d)
	}
}

func TestFilterErrorsNameTheColumn(t *testing.T) {
	client := dial(t)

	_, err := client.EventService.CountEvents(testContext(t), &timelinepb.CountEventsRequest{
		Filter: "event_type = massacre", Interval: timelinepb.CountEventsRequest_YEAR})

	var e *timeline.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v (%T), want a *timeline.Error from the raw stub too", err, err)
	}
	if d, ok := e.Field("filter"); !ok || !strings.HasPrefix(d, `column 14: found "massacre"`) {
		t.Errorf("filter: got %q (named: %v), want it to point at column 14", d, ok)
	}
}

func TestNotFound(t *testing.T) {
	client := dial(t)

	_, err := client.EventService.GetEvent(testContext(t), &timelinepb.GetEventRequest{Name: "events/no-such-event"})

	if !errors.Is(err, timeline.ErrNotFound) || status.Code(err) != codes.NotFound {
		t.Fatalf("got %v, want NotFound", err)
	}
	var e *timeline.Error
	if errors.As(err, &e); e.Message != "events/no-such-event does not exist" || len(e.FieldViolations) != 0 {
		t.Errorf("got message %q and violations %v", e.Message, e.FieldViolations)
	}
}

func TestMalformedNameIsInvalidNotMissing(t *testing.T) {
	client := dial(t)

	_, err := client.ActorService.GetActor(testContext(t), &timelinepb.GetActorRequest{Name: "assimi-goita"})

	var e *timeline.Error
	if !errors.As(err, &e) || e.Code != codes.InvalidArgument || !slices.Equal(e.Fields(), []string{"name"}) {
		t.Errorf("got %v, want InvalidArgument naming the field name", err)
	}
}

func TestCallsWithoutDeadlineGetTheDefault(t *testing.T) {
	// Dial's own check has a deadline of its own, so only the call afterwards gets the 1ns.
	client := dial(t, timeline.WithTimeout(time.Nanosecond))

	_, err := client.EventService.GetEvent(context.Background(),
		&timelinepb.GetEventRequest{Name: "events/bamako-attacks-2024-09"})

	if !errors.Is(err, timeline.ErrDeadlineExceeded) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("a call under a 1ns default deadline: got %v, want DeadlineExceeded", err)
	}
}

func TestCallsWithADeadlineKeepIt(t *testing.T) {
	client := dial(t, timeline.WithTimeout(time.Nanosecond))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	event, err := client.EventService.GetEvent(ctx, &timelinepb.GetEventRequest{Name: "events/bamako-attacks-2024-09"})

	if err != nil || event.GetEventType() != "attack" {
		t.Errorf("got %v, %v; want the attacks", event.GetEventType(), err)
	}
}

func TestDialFailsWhenNothingListens(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := listener.Addr().String()
	listener.Close()

	_, err = timeline.Dial(testContext(t), addr, timeline.WithInsecure())

	if !errors.Is(err, timeline.ErrUnavailable) {
		t.Errorf("Dial(%s) with nothing listening: got %v, want Unavailable", addr, err)
	}
}
