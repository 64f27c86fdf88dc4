// Calendar units: the minute, hour, day, ISO week, month or year that a span of some precision
// covers, in the wall-clock time of a zone (date/tz.h). The date normalizer (date_expression.h)
// states its spans in these units, and domain::EndOfUnit completes a span from its start with
// them.
#pragma once

#include <chrono>
#include <optional>

#include "date/date.h"
#include "date/tz.h"

namespace timeline::normalize {

// An instant, to the microsecond (as PostgreSQL stores them).
using Micros = std::chrono::sys_time<std::chrono::microseconds>;
// A wall-clock time in some zone, to the microsecond.
using LocalTime = date::local_time<std::chrono::microseconds>;

// The unit a span is stated in, from the finest to the coarsest; kUnknown when the words
// determine no span.
enum class DatePrecision { kUnknown, kInstant, kMinute, kHour, kDay, kWeek, kMonth, kYear };

struct LocalUnit {
  LocalTime start;
  LocalTime end;  // the start of the next unit
};

// The unit of `precision` that contains `t`; weeks are ISO weeks, from Monday. For kInstant and
// kUnknown, the microsecond at `t`.
LocalUnit LocalUnitContaining(LocalTime t, DatePrecision precision);

// The end of the unit of `precision` that starts at `start` in `zone`; nothing when `start` is
// not the beginning of such a unit.
std::optional<Micros> EndOfUnit(Micros start, DatePrecision precision, const date::time_zone& zone);

}  // namespace timeline::normalize
