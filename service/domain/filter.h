// The filter language of event selections (ListEventsRequest.filter and the requests that share
// it): a subset of AIP-160, parsed into a tree whose every field, operator and value has been
// checked, so that storage only translates it. Pure: no I/O.
//
//   absl::StatusOr<std::optional<FilterExpr>> f =
//       ParseFilter(R"(event_type = attack -place = "places/ml" OR fatalities.best > 10)");
//   FilterToString(**f);
//   // AND(event_type = "attack", OR(NOT(place = "ml"), fatalities.best > "10"))
//
// The grammar (AIP-160: OR binds tighter than AND; terms side by side mean AND):
//   filter      = [expression]
//   expression  = sequence {"AND" sequence}
//   sequence    = factor {factor}
//   factor      = term {"OR" term}
//   term        = ["NOT" | "-"] simple
//   simple      = restriction | "(" expression ")"
//   restriction = field comparator value | value        (a value alone searches `text`)
// Values are double-quoted strings (escapes \" and \\) or bare words.
//
// A malformed filter is INVALID_ARGUMENT with one field violation on the filter's field whose
// description starts "column N: " (N counts characters, that is code points, from 1) and names
// the offending token and what was expected there.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace timeline::domain {

inline constexpr int kMaxFilterLength = 2000;  // characters
inline constexpr int kMaxFilterRestrictions = 50;
inline constexpr int kMaxFilterDepth = 32;  // nested parentheses
// Text searches (IsTextSearch) are unindexed substring matches over every selected event: each
// one multiplies a query's cost, so a filter holds only a few.
inline constexpr int kMaxFilterTextSearches = 8;

enum class FilterField {
  kEventType,
  kFatalitiesBest,
  kStartTime,
  kPrecision,
  kActor,
  kPlace,
  kSourcePublisher,
  kSourceLanguage,
  kTitle,
  kSummary,
  kQuote,
  kText,
};

enum class FilterOp { kEqual, kNotEqual, kLess, kLessOrEqual, kGreater, kGreaterOrEqual, kHas };

struct FilterRestriction {
  FilterField field = FilterField::kText;
  FilterOp op = FilterOp::kHas;
  // The value in the form storage binds: event_type the type; fatalities.best a decimal integer;
  // time.start_time RFC 3339 in UTC (FormatRfc3339); time.precision its word ("month",
  // domain/time_span.h); actor and place the resource id ("jnim"); the text fields the text as
  // written, unescaped.
  std::string value;
  // Where the restriction starts (1-based characters), for what only storage finds out (an actor
  // that does not exist).
  int column = 0;
};

struct FilterExpr {
  enum class Kind { kAnd, kOr, kNot, kRestriction };
  Kind kind = Kind::kRestriction;
  std::vector<FilterExpr> operands;  // kAnd, kOr: two or more; kNot: one
  FilterRestriction restriction;     // kRestriction
};

// Parses `text`; nullopt when it is empty or only whitespace. `field` names the request field in
// errors.
absl::StatusOr<std::optional<FilterExpr>> ParseFilter(absl::string_view text,
                                                      absl::string_view field = "filter");

absl::string_view FilterFieldName(FilterField field);  // "fatalities.best"
absl::string_view FilterOpName(FilterOp op);           // "<="

// A canonical form for tests and logs: AND(...), OR(...), NOT(...), field op "value".
std::string FilterToString(const FilterExpr& expr);

// A substring search: text, title, summary, quote, or source.publisher with ':'.
bool IsTextSearch(const FilterRestriction& restriction);

// Calls `fn` on every restriction of `expr`, left to right.
void ForEachRestriction(const FilterExpr& expr,
                        const std::function<void(const FilterRestriction&)>& fn);

}  // namespace timeline::domain
