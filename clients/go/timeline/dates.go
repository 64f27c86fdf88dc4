// ParseDates: the dates written in a text, found and read by the server's date normalizer
// (DateService), with offsets that index the text's runes.

package timeline

import (
	"context"
	"time"

	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// FoundDate is one date expression found in a text: where it is, its words, and what they
// mean.
type FoundDate struct {
	// Start and End are where the words are, [Start, End) in runes of the text searched:
	// string([]rune(text)[Start:End]) == Text. They are not byte offsets.
	Start, End int
	// Text is the words as written in the text.
	Text string
	// Span is what the words mean; Span.Unresolved() when they do not determine a time (a
	// weekday without a reference time, say), and Warnings then say why.
	Span Span
	// Warnings say, for people, what was assumed or why the time is unresolved.
	Warnings []string
}

// A DateOption sets how ParseDates reads the words: their reference time, zone and language.
type DateOption func(*timelinepb.ParseDatesRequest)

// WithReferenceTime makes relative words ("last September", "on Thursday") count from t, such
// as the article's publication time. Without it (or with a zero t) they are found but
// unresolved.
func WithReferenceTime(t time.Time) DateOption {
	return func(r *timelinepb.ParseDatesRequest) {
		r.ReferenceTime = timestampOrNil(t)
	}
}

// WithTimeZone reads the words in the IANA zone name ("Asia/Dubai") instead of UTC. A name the
// server does not know fails the call with ErrInvalidArgument on the field "time_zone".
func WithTimeZone(name string) DateOption {
	return func(r *timelinepb.ParseDatesRequest) {
		r.TimeZone = name
	}
}

// WithLanguage gives the text's BCP 47 language tag ("ar", "en", "fr-ML"). Optional: the words
// of all three languages are read whatever it says.
func WithLanguage(tag string) DateOption {
	return func(r *timelinepb.ParseDatesRequest) {
		r.Language = tag
	}
}

// ParseDates finds every date expression in text (Arabic, English or French, mixed or not), in
// the order written, and reads each to a span as ingestion reads a record's date. It stores
// nothing. A bad option fails with an *Error of code INVALID_ARGUMENT naming the field.
//
//	dates, err := client.ParseDates(ctx, text,
//		timeline.WithReferenceTime(published), timeline.WithTimeZone("Asia/Dubai"))
func (c *Client) ParseDates(ctx context.Context, text string, opts ...DateOption) ([]FoundDate, error) {
	req := &timelinepb.ParseDatesRequest{Text: text}
	for _, opt := range opts {
		opt(req)
	}
	resp, err := c.DateService.ParseDates(ctx, req)
	if err != nil {
		return nil, asError(err)
	}
	found := make([]FoundDate, len(resp.GetDates()))
	for i, d := range resp.GetDates() {
		found[i] = FoundDate{
			Start:    int(d.GetStartOffset()),
			End:      int(d.GetEndOffset()),
			Text:     d.GetText(),
			Span:     SpanOf(d.GetTime()),
			Warnings: d.GetWarnings(),
		}
	}
	return found, nil
}
