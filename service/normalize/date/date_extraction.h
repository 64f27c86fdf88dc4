// Dates in running text: every date expression of an article, where it is written and what it
// means, read with the same normalizer as a date given on its own (date_expression.h).
//
//   "... باماكو سبتمبر/أيلول الماضي عن قتل ..." published 2024-10-12
//       -> "سبتمبر/أيلول الماضي" at code points [n, n+19): September 2024, MONTH
//   "... في موسكو، الخميس، مع ..." with no publication time
//       -> "الخميس": unresolved, "no reference time" warning
//
// How: the text is cut into tokens (tokens.h); each token is read through the lexicons
// (lexicon.h). Runs of tokens the lexicons know, numbers and the punctuation dates use are
// candidate stretches; within each, from left to right, the longest window the normalizer reads
// to a span is taken. A window must hold a word that names a date (a month, a weekday, "today",
// a season…) or a numeric date with a year; a bare number is never a date. A window that names
// a date but does not resolve (no reference time, an ambiguous day) is reported unresolved,
// with the normalizer's warnings. A unit ("year", "week") is reported only beside a word that
// places it ("last week", "3 days ago") and when it resolves.
//
// Pure code: no I/O, no clock.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "normalize/date/date_expression.h"

namespace timeline::normalize {

struct FoundDate {
  // Where the words are: [begin, end) in UTF-8 bytes of the text, and the same in Unicode code
  // points (what Python's str, Go's []rune and JavaScript's Array.from index).
  size_t begin_byte = 0;
  size_t end_byte = 0;
  size_t begin_code_point = 0;
  size_t end_code_point = 0;
  // What they mean; parse.span.text is the words as written.
  DateParse parse;
};

// Every date expression in `text`, in the order written, none overlapping. Relative words count
// from context.reference (an article's publication time); without it they stay unresolved.
std::vector<FoundDate> FindDates(std::string_view text, const DateContext& context);

// FindDates for a caller that may stop waiting: `stop` is asked every few dozen windows read
// (microseconds apart), and once it answers true the search ends with nullopt. A 100 KB text of
// nothing but date words costs about a second of CPU; a caller whose deadline passed or who went
// away should not keep a core busy that long.
std::optional<std::vector<FoundDate>> FindDatesUnlessStopped(std::string_view text,
                                                             const DateContext& context,
                                                             const std::function<bool()>& stop);

// A date given in a longer text ("the attack of last Thursday near the market"): the text read
// whole when the normalizer understands it; else, when FindDates finds exactly one date that
// resolves, that one, with a warning naming the words used (span.text is those words); when it
// finds several, unresolved with a warning naming them. Otherwise as ParseDateExpression.
DateParse ParseDateInText(std::string_view text, const DateContext& context);

}  // namespace timeline::normalize
