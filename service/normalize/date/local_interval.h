// Local intervals: the span a statement names, in the wall-clock time of the context zone (or of a
// stated UTC offset), before it becomes instants (bounds.h). Whole days, ISO weeks, months and
// years; the occurrence of a yearly period (a month, a season) around a date; early, mid or late
// in a month or a year; a time of day on a day.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "date/date.h"
#include "normalize/date/atoms.h"
#include "normalize/date/calendar_unit.h"
#include "normalize/date/rule_env.h"

namespace timeline::normalize::date_internal {

// The calendar names the rules count in, for the units that include this header.
using date::days;
using date::local_days;
using date::months;
using date::year_month;

enum class Shape { kOther, kOneMonth, kOneYear };

// Local wall-clock bounds in the context zone (or in a stated UTC offset).
struct Interval {
  LocalTime start;
  LocalTime end;
  DatePrecision precision = DatePrecision::kDay;
  Shape shape = Shape::kOther;
  local_days first_day;  // before any widening: what the other end of a range counts from
  std::optional<int> utc_offset_minutes;
};

Interval OfDays(local_days first, local_days end, DatePrecision precision,
                Shape shape = Shape::kOther);
Interval OneDay(local_days day);
Interval OneMonth(year_month ym);
Interval OneYear(int y);
// The ISO week of seven days from `monday`.
Interval IsoWeekStarting(local_days monday);
local_days MondayOf(local_days day);

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
bool ValidYear(int y);

year_month YearMonthOf(local_days day);
// "2024-09" and "2024-09-17", for messages.
std::string MonthName(year_month ym);
std::string DayName(local_days day);

// A yearly period (a month, a season), as the start of its occurrence in a given year.
using StartInYear = std::function<year_month(int)>;

enum class Pick {
  kLatestStartingBy,
  kEarliestStartingFrom,
  kLatestEndedBy,
  kEarliestAfter,
  kContaining
};

// The occurrence of a yearly period that `pick` selects around `limit`.
std::optional<year_month> PickOccurrence(const StartInYear& start_in, int length_months,
                                         year_month limit, Pick pick);

// The first month of a season (Season) in the year y: winter starts in December of y.
year_month SeasonStart(int season, int y);

// Splits a month into early/mid/late (days 1-10, 11-20, 21-end) and a year into thirds.
absl::StatusOr<Interval> ApplyPart(const Interval& whole, std::optional<int> part, const Env& env);
// The time of day `clock` states on `day`, at hour, minute or instant precision.
absl::StatusOr<Interval> ApplyClock(const Interval& day, const Clock& clock, const Env& env);

}  // namespace timeline::normalize::date_internal
