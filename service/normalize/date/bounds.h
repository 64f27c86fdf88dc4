// Bounds: a local interval (local_interval.h) as instants. Local times are converted from the zone
// (a time that a DST change skips is refused, one that it repeats is covered in full), or from a
// stated UTC offset; "before X", "after X", "since X", "until X" keep one bound only. The last
// stage of reading one date.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "date/date.h"
#include "normalize/date/calendar_unit.h"
#include "normalize/date/reading.h"
#include "normalize/date/rule_env.h"
#include "normalize/date/sense.h"

namespace timeline::normalize::date_internal {

struct Bounds {
  std::optional<Micros> start;
  std::optional<Micros> end;
  DatePrecision precision = DatePrecision::kUnknown;
  date::local_days first_day;  // the local first day, what the other end of a range counts from
};

// One reading, as instants.
absl::StatusOr<Bounds> ResolveToBounds(const Reading& r, const Env& env,
                                       const std::optional<Anchor>& anchor, Warnings* warnings);
// The reference date as the anchor of year-less dates (none without a reference time).
std::optional<Anchor> ReferenceAnchor(const Env& env);
// A text that states one date (not a range), with what it says around it: "before", "since",
// "from", "around".
absl::StatusOr<Bounds> ResolveSingle(const Reading& r, const Env& env, Warnings* warnings);
// What "around", "vers", "نحو" did to the span: a time of day is widened to its day, any other
// unit is kept.
std::string ApproximateWarning(const Reading& r, const Env& env);

}  // namespace timeline::normalize::date_internal
