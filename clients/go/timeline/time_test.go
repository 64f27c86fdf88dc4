// Time ranges and spans: the calendar helpers on their own, then time-range queries against
// the seed data.

package timeline_test

import (
	"slices"
	"testing"
	"time"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

func TestCalendarPeriods(t *testing.T) {
	bamako, err := time.LoadLocation("Africa/Bamako")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	moscow, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	type period func() (start, end time.Time)
	for _, tc := range []struct {
		name   string
		period period
		want   [2]string
	}{
		{"September 2024 in Bamako",
			func() (time.Time, time.Time) { return timeline.Month(2024, time.September, bamako) },
			[2]string{"2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z"}},
		{"December rolls into the next year",
			func() (time.Time, time.Time) { return timeline.Month(2024, time.December, time.UTC) },
			[2]string{"2024-12-01T00:00:00Z", "2025-01-01T00:00:00Z"}},
		{"a day in Moscow",
			func() (time.Time, time.Time) { return timeline.Day(2024, time.November, 5, moscow) },
			[2]string{"2024-11-04T21:00:00Z", "2024-11-05T21:00:00Z"}},
		{"a year",
			func() (time.Time, time.Time) { return timeline.Year(2024, time.UTC) },
			[2]string{"2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"}},
	} {
		start, end := tc.period()
		got := [2]string{start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339)}
		if got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestTimeRangesLeaveZeroSidesOpen(t *testing.T) {
	since := time.Date(2024, time.September, 1, 0, 0, 0, 0, time.UTC)

	r := timeline.Within(since, time.Time{})

	if r.GetMatch() != timelinepb.TimeRange_WITHIN || !r.GetStartTime().AsTime().Equal(since) || r.GetEndTime() != nil {
		t.Errorf("Within(2024-09-01, zero) = %v, want WITHIN from 2024-09-01 with no end", r)
	}
	if m := timeline.Overlapping(since, since.AddDate(0, 1, 0)).GetMatch(); m != timelinepb.TimeRange_OVERLAPS {
		t.Errorf("Overlapping matches %v", m)
	}
}

func TestSpanStrings(t *testing.T) {
	month := timeline.Span{
		Start:     time.Date(2024, time.September, 1, 0, 0, 0, 0, time.UTC),
		End:       time.Date(2024, time.October, 1, 0, 0, 0, 0, time.UTC),
		Precision: timelinepb.Precision_PRECISION_MONTH,
	}
	beforeArticle := timeline.Span{
		End:       time.Date(2024, time.October, 12, 11, 16, 0, 0, time.UTC),
		Precision: timelinepb.Precision_PRECISION_UNKNOWN,
	}
	unresolved := timeline.Span{Precision: timelinepb.Precision_PRECISION_UNKNOWN, Text: "الخميس"}

	for span, want := range map[*timeline.Span]string{
		&month:         "[2024-09-01T00:00:00Z, 2024-10-01T00:00:00Z) MONTH",
		&beforeArticle: "[?, 2024-10-12T11:16:00Z) UNKNOWN",
		&unresolved:    "unresolved",
	} {
		if got := span.String(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
		if back := timeline.SpanOf(span.Proto()); back != *span {
			t.Errorf("SpanOf(Proto()) = %+v, want %+v", back, *span)
		}
	}
}

func TestWhatHappenedInBamakoInSeptember2024(t *testing.T) {
	client := dial(t)
	req := &timelinepb.ListEventsRequest{
		Places:    []string{"places/ml-bamako"},
		TimeRange: timeline.Overlapping(timeline.Month(2024, time.September, time.UTC)),
	}

	events := collect(t, client.Events(testContext(t), req))

	if got, want := names(events), []string{
		"events/goita-receives-turkish-parliamentary-delegation", "events/bamako-attacks-2024-09",
	}; !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	attacks := timeline.SpanOf(events[1].GetTime())
	if got := attacks.String(); got != "[2024-09-01T00:00:00Z, 2024-10-01T00:00:00Z) MONTH" {
		t.Errorf("the attacks' time: got %s", got)
	}
	if attacks.TimeZone != "Africa/Bamako" || attacks.Text != "سبتمبر/أيلول الماضي" {
		t.Errorf("the attacks were stated as %q in %s", attacks.Text, attacks.TimeZone)
	}
	if f := events[1].GetFatalities(); f.GetLow() != 71 || f.Best != nil {
		t.Errorf("fatalities of the attacks: got %v, want a lower bound of 71 (\"more than 70\")", f)
	}
	if visit := timeline.SpanOf(events[0].GetTime()); visit.String() != "[?, 2024-10-12T11:16:00Z) UNKNOWN" {
		t.Errorf("the visit's time: got %s, want only known to predate the article", visit)
	}
}

func TestWithinKeepsOnlyWhatCertainlyHappened(t *testing.T) {
	client := dial(t)
	ctx := testContext(t)

	midSeptember := collect(t, client.Events(ctx, &timelinepb.ListEventsRequest{
		Places: []string{"places/ml-bamako"},
		TimeRange: timeline.Within(time.Date(2024, time.September, 10, 0, 0, 0, 0, time.UTC),
			time.Date(2024, time.September, 20, 0, 0, 0, 0, time.UTC)),
	}))
	maliIn2024 := collect(t, client.Events(ctx, &timelinepb.ListEventsRequest{
		Places:    []string{"places/ml"},
		TimeRange: timeline.Within(timeline.Year(2024, time.UTC)),
	}))

	if len(midSeptember) != 0 {
		t.Errorf("certainly in Bamako 10-20 September 2024: got %q, want none", names(midSeptember))
	}
	if got := names(maliIn2024); !slices.Equal(got, []string{"events/bamako-attacks-2024-09"}) {
		t.Errorf("certainly in Mali in 2024: got %q, want only the attacks", got)
	}
}
