// The time model (docs/architecture.md): an event happened somewhere in [start, end), stated with a
// precision, in a time zone, in some words.
//
// NormalizeTimeSpan() is the single gate every written time passes: it checks the bounds, the
// precision and the zone, and completes a calendar-precision start to the end of its unit:
//
//   "September 2024" in Africa/Bamako: start 2024-09-01T00:00Z, MONTH
//     -> [2024-09-01T00:00Z, 2024-10-01T00:00Z)
//
// A time the text does not determine stays unresolved (no bounds, precision UNKNOWN); an undated
// event in a dated article keeps only its end ("before publication"). Nothing is guessed.
// Instants are kept to the microsecond, as PostgreSQL stores them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/timestamp.pb.h"
#include "timeline/v1/time.pb.h"

namespace timeline::domain {

using Micros = std::chrono::sys_time<std::chrono::microseconds>;

struct Span {
  std::optional<Micros> start;  // inclusive; unset = unknown
  std::optional<Micros> end;    // exclusive; unset = unknown
  v1::Precision precision = v1::PRECISION_UNKNOWN;
  std::string time_zone = "UTC";
  std::string text;

  bool resolved() const { return start.has_value() || end.has_value(); }
};

// A selection range for queries; unset bounds are unbounded.
struct RangeFilter {
  std::optional<Micros> start;
  std::optional<Micros> end;
  bool within = false;  // WITHIN when true, OVERLAPS otherwise.
};

// Within google.protobuf.Timestamp's range (years 1 to 9999) with valid nanos.
bool IsValidTimestamp(const google::protobuf::Timestamp& ts);
// Whether `name` is an IANA time zone of the system tz database.
bool IsKnownTimeZone(absl::string_view name);

Micros FromTimestamp(const google::protobuf::Timestamp& ts);
google::protobuf::Timestamp ToTimestamp(Micros t);

// Validates and completes a span. `field` names it in errors ("event.time").
absl::StatusOr<Span> NormalizeTimeSpan(const v1::TimeSpan& in, absl::string_view field);
v1::TimeSpan SpanToProto(const Span& span);

// Validates a query range. `field` names it in errors ("time_range").
absl::StatusOr<RangeFilter> NormalizeTimeRange(const v1::TimeRange& in, absl::string_view field);

// The end of the calendar unit that starts at `start` in `time_zone` (MINUTE..YEAR, or INSTANT
// for one microsecond). INVALID_ARGUMENT when `start` is not the beginning of such a unit.
absl::StatusOr<Micros> EndOfUnit(Micros start, v1::Precision precision,
                                 absl::string_view time_zone);

// Whether a span is selected by a range: the rule the SQL of ListEvents implements, stated once
// in C++ for tests and for readers. Unresolved spans are never selected by a range.
bool SpanMatches(const Span& span, const RangeFilter& range);

// "day" <-> PRECISION_DAY: how messages and filters name a precision. Unknown words are
// PRECISION_UNKNOWN.
std::string PrecisionWord(v1::Precision precision);
v1::Precision PrecisionFromWord(absl::string_view word);

// RFC 3339 in UTC with microseconds, the form instants take on their way to SQL.
std::string FormatRfc3339(Micros t);

}  // namespace timeline::domain
