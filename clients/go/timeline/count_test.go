// CountEvents on the seed data: histograms that never pass a month-precision event off as an
// event of its first day.

package timeline_test

import (
	"testing"
	"time"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

func TestCountEventsInMaliByMonth(t *testing.T) {
	client := dial(t)

	resp, err := client.EventService.CountEvents(testContext(t), &timelinepb.CountEventsRequest{
		Places:    []string{"places/ml"},
		TimeRange: timeline.Overlapping(timeline.Year(2024, time.UTC)),
		Interval:  timelinepb.CountEventsRequest_MONTH,
		TimeZone:  "Africa/Bamako",
	})
	if err != nil {
		t.Fatal(err)
	}

	if resp.GetEventCount() != 1 || resp.GetUndatedCount() != 4 || resp.GetImpreciseCount() != 0 {
		t.Errorf("counted %d, undated %d, imprecise %d; want the attacks counted and the four events "+
			"known only to predate the article undated", resp.GetEventCount(), resp.GetUndatedCount(), resp.GetImpreciseCount())
	}
	if n := len(resp.GetBuckets()); n != 12 || resp.GetTimeZone() != "Africa/Bamako" {
		t.Fatalf("%d buckets in %s, want 12 months in Africa/Bamako", n, resp.GetTimeZone())
	}
	for i, bucket := range resp.GetBuckets() {
		month := time.Date(2024, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
		if !bucket.GetStartTime().AsTime().Equal(month) || !bucket.GetEndTime().AsTime().Equal(month.AddDate(0, 1, 0)) {
			t.Errorf("bucket %d is [%v, %v), want the month from %v", i, bucket.GetStartTime().AsTime(),
				bucket.GetEndTime().AsTime(), month)
		}
		want := int64(0)
		if month.Month() == time.September {
			want = 1
		}
		if bucket.GetEventCount() != want || bucket.GetFatalitiesUnknownCount() != want {
			t.Errorf("%s: %d events (%d without a best fatality figure), want %d",
				month.Month(), bucket.GetEventCount(), bucket.GetFatalitiesUnknownCount(), want)
		}
	}
}

func TestCountEventsByDayMarksTheMonthPreciseAttacks(t *testing.T) {
	client := dial(t)

	resp, err := client.EventService.CountEvents(testContext(t), &timelinepb.CountEventsRequest{
		Places:    []string{"places/ml"},
		TimeRange: timeline.Overlapping(timeline.Month(2024, time.September, time.UTC)),
		Interval:  timelinepb.CountEventsRequest_DAY,
		TimeZone:  "Africa/Bamako",
	})
	if err != nil {
		t.Fatal(err)
	}

	if n := len(resp.GetBuckets()); n != 30 {
		t.Fatalf("%d daily buckets in September, want 30", n)
	}
	for i, bucket := range resp.GetBuckets() {
		var wantEvents, wantImprecise int64
		if i == 0 {
			wantEvents, wantImprecise = 1, 1
		}
		if bucket.GetEventCount() != wantEvents || bucket.GetImpreciseCount() != wantImprecise {
			t.Errorf("%d September: %d events, %d imprecise; want %d, %d", i+1,
				bucket.GetEventCount(), bucket.GetImpreciseCount(), wantEvents, wantImprecise)
		}
	}
}

func TestCountEventsCanOmitImpreciseEvents(t *testing.T) {
	client := dial(t)

	resp, err := client.EventService.CountEvents(testContext(t), &timelinepb.CountEventsRequest{
		Places:          []string{"places/ml"},
		TimeRange:       timeline.Overlapping(timeline.Month(2024, time.September, time.UTC)),
		Interval:        timelinepb.CountEventsRequest_DAY,
		ImpreciseEvents: timelinepb.CountEventsRequest_OMIT,
	})
	if err != nil {
		t.Fatal(err)
	}

	if resp.GetEventCount() != 0 || resp.GetImpreciseCount() != 1 {
		t.Errorf("with OMIT: %d counted in buckets, %d imprecise; want 0 and the attacks", resp.GetEventCount(),
			resp.GetImpreciseCount())
	}
}
