// Which rule resolves a reading (reading.h) into a local interval (local_interval.h): a day
// counted from the reference, a time ago, last/this/next of a unit or a name (relative_rules.h), a
// week or day of a year, a Hijri date (hijri.h), a calendar date, month, season, year or weekday
// (calendar_rules.h). A time of day, if stated, then narrows the date.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "normalize/date/local_interval.h"
#include "normalize/date/reading.h"
#include "normalize/date/rule_env.h"

namespace timeline::normalize::date_internal {

// The interval `r` states; `anchor` is what a year-less date counts from (none: it cannot be read).
absl::StatusOr<Interval> ResolveReading(const Reading& r, const Env& env,
                                        const std::optional<Anchor>& anchor, Warnings* warnings);

}  // namespace timeline::normalize::date_internal
