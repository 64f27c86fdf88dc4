#include "normalize/date/local_interval.h"

#include <algorithm>
#include <chrono>

namespace timeline::normalize::date_internal {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

absl::StatusOr<int> Hour24(const Clock& clock, const Env& env) {
  if (!clock.meridiem) {
    if (clock.hour > 23) return Unreadable("no such hour in " + env.quoted);
    return clock.hour;
  }
  if (clock.hour < 1 || clock.hour > 12) {
    return Unreadable("a.m./p.m. with an hour outside 1-12 in " + env.quoted);
  }
  return clock.hour % 12 + (*clock.meridiem == kPmValue ? 12 : 0);
}

}  // namespace

Interval OfDays(local_days first, local_days end, DatePrecision precision, Shape shape) {
  return Interval{LocalTime{first}, LocalTime{end}, precision, shape, first, std::nullopt};
}

Interval OneDay(local_days day) { return OfDays(day, day + days{1}, DatePrecision::kDay); }

Interval OneMonth(year_month ym) {
  return OfDays(local_days{ym / 1}, local_days{(ym + months{1}) / 1}, DatePrecision::kMonth,
                Shape::kOneMonth);
}

Interval OneYear(int y) {
  const date::year year{y};
  return OfDays(local_days{year / 1 / 1}, local_days{(year + date::years{1}) / 1 / 1},
                DatePrecision::kYear, Shape::kOneYear);
}

local_days MondayOf(local_days day) { return day - (date::weekday{day} - date::Monday); }

Interval IsoWeekStarting(local_days monday) {
  return OfDays(monday, monday + days{7}, DatePrecision::kWeek);
}

bool ValidYear(int y) { return y >= kMinYear && y <= kMaxYear; }

year_month YearMonthOf(local_days day) {
  const date::year_month_day ymd{day};
  return ymd.year() / ymd.month();
}

std::string MonthName(year_month ym) { return date::format("%Y-%m", ym / 1); }
std::string DayName(local_days day) { return date::format("%F", day); }

// The occurrence of a yearly period that `pick` selects around `limit`.
std::optional<year_month> PickOccurrence(const StartInYear& start_in, int length_months,
                                         year_month limit, Pick pick) {
  std::optional<year_month> best;
  const int y0 = static_cast<int>(limit.year());
  for (int y = y0 - 2; y <= y0 + 2; ++y) {
    const year_month start = start_in(y);
    const year_month end = start + months{length_months};
    bool eligible = false;
    bool later_is_better = true;
    switch (pick) {
      case Pick::kLatestStartingBy:
        eligible = start <= limit;
        break;
      case Pick::kEarliestStartingFrom:
        eligible = start >= limit;
        later_is_better = false;
        break;
      case Pick::kLatestEndedBy:
        eligible = end <= limit;
        break;
      case Pick::kEarliestAfter:
        eligible = start > limit;
        later_is_better = false;
        break;
      case Pick::kContaining:
        eligible = start <= limit && limit < end;
        break;
    }
    if (eligible && (!best || (later_is_better ? start > *best : start < *best))) best = start;
  }
  return best;
}

year_month SeasonStart(int season, int y) {
  static constexpr unsigned kStartMonth[] = {0, 3, 6, 9, 12};
  return date::year{y} / date::month{kStartMonth[season]};
}

// Splits a month into early/mid/late (days 1-10, 11-20, 21-end) and a year into thirds.
absl::StatusOr<Interval> ApplyPart(const Interval& whole, std::optional<int> part, const Env& env) {
  if (!part) return whole;
  const local_days first = date::floor<days>(whole.start);
  const local_days end = date::floor<days>(whole.end);
  if (whole.shape == Shape::kOneMonth) {
    static constexpr int kFirstDay[] = {0, 0, 10, 20};
    const local_days from = first + days{kFirstDay[*part]};
    const local_days to = *part == kLate ? end : from + days{10};
    Interval out = OfDays(from, to, DatePrecision::kDay);
    out.first_day = whole.first_day;
    return out;
  }
  if (whole.shape == Shape::kOneYear) {
    const year_month january = YearMonthOf(first);
    const year_month from = january + months{4 * (*part - 1)};
    return OfDays(local_days{from / 1}, local_days{(from + months{4}) / 1}, DatePrecision::kMonth);
  }
  return Unreadable("early, mid or late in " + env.quoted + " applies only to a month or a year");
}

absl::StatusOr<Interval> ApplyClock(const Interval& day, const Clock& clock, const Env& env) {
  if (day.precision != DatePrecision::kDay || day.end - day.start != days{1}) {
    return Unreadable("a time of day in " + env.quoted + " needs one definite day");
  }
  absl::StatusOr<int> hour = Hour24(clock, env);
  if (!hour.ok()) return hour.status();
  if (clock.minute > 59 || clock.second > 59) {
    return Unreadable("no such time of day in " + env.quoted);
  }
  Interval out = day;
  out.start = day.start + hours{*hour} + minutes{std::max(clock.minute, 0)} +
              seconds{std::max(clock.second, 0)} + microseconds{clock.micros};
  if (clock.second >= 0) {
    out.precision = DatePrecision::kInstant;
    out.end = out.start + microseconds{1};
  } else if (clock.minute >= 0) {
    out.precision = DatePrecision::kMinute;
    out.end = out.start + minutes{1};
  } else {
    out.precision = DatePrecision::kHour;
    out.end = out.start + hours{1};
  }
  out.shape = Shape::kOther;
  out.utc_offset_minutes = clock.offset_minutes;
  return out;
}

}  // namespace timeline::normalize::date_internal
