// Time ranges for queries built from time.Time, calendar periods, and the Span view of an
// event's TimeSpan: the interval [start, end) with its precision.

package timeline

import (
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// Overlapping selects the events that may have happened in [start, end): those whose interval
// intersects it (TimeRange.OVERLAPS, the server's default). A zero start or end leaves that side
// open.
//
//	req.TimeRange = timeline.Overlapping(timeline.Month(2024, time.September, time.UTC))
func Overlapping(start, end time.Time) *timelinepb.TimeRange {
	return timeRange(start, end, timelinepb.TimeRange_OVERLAPS)
}

// Within selects the events that certainly happened in [start, end): those whose whole interval
// lies inside it (TimeRange.WITHIN). A zero start or end leaves that side open.
func Within(start, end time.Time) *timelinepb.TimeRange {
	return timeRange(start, end, timelinepb.TimeRange_WITHIN)
}

func timeRange(start, end time.Time, match timelinepb.TimeRange_Match) *timelinepb.TimeRange {
	return &timelinepb.TimeRange{StartTime: timestampOrNil(start), EndTime: timestampOrNil(end), Match: match}
}

// Day returns the bounds of a calendar day in loc: its midnight and the next.
func Day(year int, month time.Month, day int, loc *time.Location) (start, end time.Time) {
	start = time.Date(year, month, day, 0, 0, 0, 0, loc)
	return start, start.AddDate(0, 0, 1)
}

// Month returns the bounds of a calendar month in loc: midnight of its first day and of the
// next month's.
func Month(year int, month time.Month, loc *time.Location) (start, end time.Time) {
	start = time.Date(year, month, 1, 0, 0, 0, 0, loc)
	return start, start.AddDate(0, 1, 0)
}

// Year returns the bounds of a calendar year in loc.
func Year(year int, loc *time.Location) (start, end time.Time) {
	start = time.Date(year, time.January, 1, 0, 0, 0, 0, loc)
	return start, start.AddDate(1, 0, 0)
}

// Span is an event's time as Go values: the interval [Start, End) in which it happened, how
// precisely that is known, and the words it was stated in. A zero Start or End is unknown: an
// event known only to predate its article has a zero Start; an unresolved one ("on Thursday" in
// an undated article) has neither.
type Span struct {
	// Start is the earliest the event can have begun; zero if unknown.
	Start time.Time
	// End is when the interval ends, exclusive; zero if unknown.
	End time.Time
	// Precision is how exactly the interval is known: PRECISION_DAY, PRECISION_MONTH, ...
	Precision timelinepb.Precision
	// TimeZone is the IANA zone the time was stated in, such as "Africa/Bamako".
	TimeZone string
	// Text is the source's own words for the time, such as "سبتمبر/أيلول الماضي".
	Text string
}

// SpanOf converts an event's TimeSpan (nil gives the zero Span).
func SpanOf(ts *timelinepb.TimeSpan) Span {
	return Span{
		Start:     timeOrZero(ts.GetStartTime()),
		End:       timeOrZero(ts.GetEndTime()),
		Precision: ts.GetPrecision(),
		TimeZone:  ts.GetTimeZone(),
		Text:      ts.GetText(),
	}
}

// Proto converts the span back, for writing an event (CreateEvent, UpdateEvent). On write the
// server completes a calendar precision's missing end (a MONTH starting 2024-09-01 ends
// 2024-10-01 in TimeZone).
func (s Span) Proto() *timelinepb.TimeSpan {
	return &timelinepb.TimeSpan{
		StartTime: timestampOrNil(s.Start),
		EndTime:   timestampOrNil(s.End),
		Precision: s.Precision,
		TimeZone:  s.TimeZone,
		Text:      s.Text,
	}
}

// Unresolved reports whether nothing is known of when the event happened.
func (s Span) Unresolved() bool {
	return s.Start.IsZero() && s.End.IsZero()
}

// String formats the span as an interval in UTC with its precision:
// "[2024-09-01T00:00:00Z, 2024-10-01T00:00:00Z) MONTH", "[?, 2024-10-12T11:16:00Z) UNKNOWN", or
// "unresolved".
func (s Span) String() string {
	if s.Unresolved() {
		return "unresolved"
	}
	return "[" + formatBound(s.Start) + ", " + formatBound(s.End) + ") " +
		strings.TrimPrefix(s.Precision.String(), "PRECISION_")
}

func formatBound(t time.Time) string {
	if t.IsZero() {
		return "?"
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func timestampOrNil(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}

func timeOrZero(ts *timestamppb.Timestamp) time.Time {
	if ts == nil {
		return time.Time{}
	}
	return ts.AsTime()
}
