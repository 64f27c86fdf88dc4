// ParseDates: the dates in running text, with rune offsets into the text, spans as the calendar
// has them, and the unresolved and the invalid reported as such. Texts are the seed articles'
// sentences (tests/data/article_dates) and a dateline with a no-break space; every expected
// offset is found in the text itself.

package timeline_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/timeline-events/timeline/clients/go/timeline"
	"github.com/timeline-events/timeline/clients/go/timelinepb"
)

// mixedDateline is a French dateline and an English sentence, as wire copy mixes them, after a
// breaking-news mark of four UTF-8 bytes, with a no-break space (U+00A0) inside the French date,
// as French typography puts it.
const mixedDateline = "🔴 BAMAKO, 17\u00a0septembre 2024 (AFP) — Des hommes armés ont attaqué une école de " +
	"gendarmerie. The army said on 18 September 2024 that the situation was under control."

func mustLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

// articleText reads a sentence file of tests/data/article_dates.
func articleText(t *testing.T, name string) string {
	t.Helper()
	root := os.Getenv("TIMELINE_ROOT")
	if root == "" {
		root = filepath.Join("..", "..", "..")
	}
	data, err := os.ReadFile(filepath.Join(root, "tests", "data", "article_dates", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// runeIndex is the offset of the first words in text, in runes, or -1.
func runeIndex(text, words string) int {
	i := strings.Index(text, words)
	if i < 0 {
		return -1
	}
	return len([]rune(text[:i]))
}

// checkOffsets checks that every date's offsets cut its words out of text's runes.
func checkOffsets(t *testing.T, text string, found []timeline.FoundDate) {
	t.Helper()
	runes := []rune(text)
	for _, d := range found {
		if d.Start < 0 || d.End > len(runes) || d.Start > d.End {
			t.Errorf("%q: offsets [%d, %d) outside the text's %d runes", d.Text, d.Start, d.End, len(runes))
			continue
		}
		if got := string(runes[d.Start:d.End]); got != d.Text {
			t.Errorf("runes [%d, %d) are %q, want %q", d.Start, d.End, got, d.Text)
		}
	}
}

// findDate returns the date whose words are words, failing the test if there is none.
func findDate(t *testing.T, found []timeline.FoundDate, words string) timeline.FoundDate {
	t.Helper()
	for _, d := range found {
		if d.Text == words {
			return d
		}
	}
	t.Fatalf("%q not found among %+v", words, found)
	return timeline.FoundDate{}
}

// expectDate checks that d is words where they first appear in text, spanning [start, end) at
// precision.
func expectDate(t *testing.T, d timeline.FoundDate, text, words string, start, end time.Time,
	precision timelinepb.Precision) {
	t.Helper()
	at := runeIndex(text, words)
	if d.Start != at || d.End != at+len([]rune(words)) {
		t.Errorf("%q at [%d, %d), want [%d, %d)", words, d.Start, d.End, at, at+len([]rune(words)))
	}
	if !d.Span.Start.Equal(start) || !d.Span.End.Equal(end) || d.Span.Precision != precision {
		t.Errorf("%q spans %v, want [%v, %v) %v", words, d.Span, start.UTC(), end.UTC(), precision)
	}
}

func TestParseDatesInTheDatedArticle(t *testing.T) {
	client := dial(t)
	dubai := mustLocation(t, "Asia/Dubai")
	text := articleText(t, "dated_article.txt")

	found, err := client.ParseDates(testContext(t), text,
		timeline.WithReferenceTime(time.Date(2024, time.October, 12, 15, 16, 0, 0, dubai)),
		timeline.WithTimeZone("Asia/Dubai"))
	if err != nil {
		t.Fatal(err)
	}

	checkOffsets(t, text, found)
	// The dateline gives the day and the minute: 3:16 PM ("3:16 م") in Dubai.
	minute := time.Date(2024, time.October, 12, 15, 16, 0, 0, dubai)
	expectDate(t, findDate(t, found, "12 أكتوبر 2024، 3:16 م"), text, "12 أكتوبر 2024، 3:16 م",
		minute, minute.Add(time.Minute), timelinepb.Precision_PRECISION_MINUTE)
	monthStart, monthEnd := timeline.Month(2024, time.September, dubai)
	lastSeptember := findDate(t, found, "سبتمبر/أيلول الماضي")
	expectDate(t, lastSeptember, text, "سبتمبر/أيلول الماضي", monthStart, monthEnd,
		timelinepb.Precision_PRECISION_MONTH)
	if want := time.Date(2024, time.August, 31, 20, 0, 0, 0, time.UTC); !lastSeptember.Span.Start.Equal(want) {
		t.Errorf("last September starts %v, want %v", lastSeptember.Span.Start, want)
	}
	if lastSeptember.Span.TimeZone != "Asia/Dubai" {
		t.Errorf("zone %q, want Asia/Dubai", lastSeptember.Span.TimeZone)
	}
	if !slices.IsSortedFunc(found, func(a, b timeline.FoundDate) int { return a.Start - b.Start }) {
		t.Errorf("not in the order written: %+v", found)
	}
}

func TestParseDatesLeavesThursdayUnresolvedWithoutAReferenceTime(t *testing.T) {
	client := dial(t)
	text := articleText(t, "undated_article.txt")

	found, err := client.ParseDates(testContext(t), text, timeline.WithLanguage("ar"))
	if err != nil {
		t.Fatal(err)
	}

	checkOffsets(t, text, found)
	thursday := findDate(t, found, "الخميس")
	if thursday.Start != runeIndex(text, "الخميس") {
		t.Errorf("Thursday at rune %d, want %d", thursday.Start, runeIndex(text, "الخميس"))
	}
	if !thursday.Span.Unresolved() || thursday.Span.Precision != timelinepb.Precision_PRECISION_UNKNOWN {
		t.Errorf("Thursday is %v (%v), want unresolved", thursday.Span, thursday.Span.Precision)
	}
	if len(thursday.Warnings) == 0 {
		t.Error("an unresolved Thursday without a warning saying why")
	}
}

func TestParseDatesCountsRunesAcrossANoBreakSpaceAndTwoLanguages(t *testing.T) {
	client := dial(t)
	bamako := mustLocation(t, "Africa/Bamako")

	found, err := client.ParseDates(testContext(t), mixedDateline,
		timeline.WithReferenceTime(time.Date(2024, time.October, 12, 11, 16, 0, 0, time.UTC)),
		timeline.WithTimeZone("Africa/Bamako"))
	if err != nil {
		t.Fatal(err)
	}

	checkOffsets(t, mixedDateline, found)
	words := []string{"17\u00a0septembre 2024", "18 September 2024"}
	got := make([]string, len(found))
	for i, d := range found {
		got[i] = d.Text
	}
	if !slices.Equal(got, words) {
		t.Fatalf("found %q, want %q", got, words)
	}
	for i, day := range []int{17, 18} {
		start, end := timeline.Day(2024, time.September, day, bamako)
		expectDate(t, found[i], mixedDateline, words[i], start, end, timelinepb.Precision_PRECISION_DAY)
	}
}

func TestParseDatesBadTimeZoneNamesTheField(t *testing.T) {
	client := dial(t)

	_, err := client.ParseDates(testContext(t), "12 October 2024", timeline.WithTimeZone("Mars/Olympus_Mons"))

	var e *timeline.Error
	if !errors.As(err, &e) || !errors.Is(err, timeline.ErrInvalidArgument) {
		t.Fatalf("got %v, want an *Error matching ErrInvalidArgument", err)
	}
	if got := e.Fields(); !slices.Equal(got, []string{"time_zone"}) {
		t.Errorf("fields %q, want [time_zone]", got)
	}
}
