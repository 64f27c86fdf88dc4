// Date expressions: the words a news article or a dataset uses for when something happened,
// turned into a span of the time model (domain/time_span.h, DESIGN.md §5).
//
//   "17 September 2024" in Africa/Bamako       -> [2024-09-17T00:00Z, 2024-09-18T00:00Z), DAY
//   "الشهر الماضي" with reference 2024-10-12   -> [2024-09-01, 2024-10-01) in the zone, MONTH
//   "on Thursday" without a reference time    -> unresolved, with a warning
//
// Pure code: no I/O, no clock (relative words count from the reference time only, never from
// "now"). Anything the words do not determine stays unresolved with a warning; nothing is guessed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time_span.h"

namespace timeline::normalize {

struct DateContext {
  // What relative words count from (an article's publication time). Unset: relative words
  // ("yesterday", "on Thursday", "last September") leave the span unresolved.
  std::optional<domain::Micros> reference;
  // The IANA zone the words are read in; local dates and times are converted from it.
  std::string time_zone = "UTC";
};

struct DateParse {
  // Resolved: start and end set ([start, end)), a precision, time_zone, and text = the input.
  // Unresolved: no bounds, PRECISION_UNKNOWN, text = the input.
  domain::Span span;
  // Why the span is unresolved or what was assumed, for people ("no reference time for the
  // relative date \"أمس\""). Empty when the words determined the span completely.
  std::vector<std::string> warnings;
};

// Reads `text` (English, French or Arabic; ISO 8601; Hijri dates) in `context`.
// Never fails: words it cannot read give an unresolved span and a warning.
DateParse ParseDateExpression(std::string_view text, const DateContext& context);

}  // namespace timeline::normalize
