#include "normalize/date/calendar_unit.h"

namespace timeline::normalize {

using date::days;
using date::local_days;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;

LocalUnit LocalUnitContaining(LocalTime t, DatePrecision precision) {
  const local_days day = date::floor<days>(t);
  const date::year_month_day ymd{day};
  switch (precision) {
    case DatePrecision::kMinute: {
      const LocalTime m = date::floor<minutes>(t);
      return {m, m + minutes{1}};
    }
    case DatePrecision::kHour: {
      const LocalTime h = date::floor<hours>(t);
      return {h, h + hours{1}};
    }
    case DatePrecision::kDay:
      return {day, day + days{1}};
    case DatePrecision::kWeek: {
      const local_days monday = day - (date::weekday{day} - date::Monday);
      return {monday, monday + days{7}};
    }
    case DatePrecision::kMonth: {
      const date::year_month_day first = ymd.year() / ymd.month() / 1;
      return {local_days{first}, local_days{first + date::months{1}}};
    }
    case DatePrecision::kYear: {
      const date::year_month_day first = ymd.year() / date::January / 1;
      return {local_days{first}, local_days{first + date::years{1}}};
    }
    default:
      return {t, t + microseconds{1}};
  }
}

std::optional<Micros> EndOfUnit(Micros start, DatePrecision precision,
                                const date::time_zone& zone) {
  const LocalTime local = zone.to_local(start);
  const LocalUnit unit = LocalUnitContaining(local, precision);
  // A unit whose local start a DST change skips (Chile's clocks go from 00:00 to 01:00) begins at
  // the instant the clocks jump, which is 01:00 local.
  if (unit.start != local && zone.to_sys(unit.start, date::choose::earliest) != start) {
    return std::nullopt;
  }
  // A local midnight that a DST change skips maps to the instant the clocks jump.
  return zone.to_sys(unit.end, date::choose::earliest);
}

}  // namespace timeline::normalize
