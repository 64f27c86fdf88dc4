#include "normalize/date/calendar_rules.h"

#include <string>

#include "date/date.h"

namespace timeline::normalize::date_internal {
namespace {

// The latest (or, forward, the earliest) valid month/day around the anchor: 29 February may
// be years away.
std::optional<local_days> YearlessDay(unsigned m, unsigned d, const Anchor& anchor) {
  const int y0 = static_cast<int>(YearMonthOf(anchor.day).year());
  for (int k = 0; k <= 8; ++k) {
    const int y = anchor.forward ? y0 + k : y0 - k;
    const date::year_month_day ymd = date::year{y} / date::month{m} / date::day{d};
    if (!ymd.ok() || !ValidYear(y)) continue;
    const local_days day{ymd};
    if (anchor.forward ? day >= anchor.day : day <= anchor.day) return day;
  }
  return std::nullopt;
}

void WarnIfWeekdayDiffers(const Reading& r, local_days day, const Env& env, Warnings* warnings) {
  if (r.weekday && date::weekday{day} != date::weekday{static_cast<unsigned>(*r.weekday)}) {
    warnings->push_back("the weekday in " + env.quoted + " is not that of " + DayName(day) +
                        "; the date was kept");
  }
}

}  // namespace

// The Monday of ISO week `week` of the ISO year `y`, if the year has that week.
std::optional<local_days> IsoWeekMonday(int y, int week) {
  // Week 1 is the week with the year's first Thursday, i.e. the one containing 4 January.
  const local_days week1 = MondayOf(local_days{date::year{y} / 1 / 4});
  const local_days monday = week1 + days{7 * (week - 1)};
  const date::year_month_day thursday{monday + days{3}};
  if (week < 1 || static_cast<int>(thursday.year()) != y) return std::nullopt;
  return monday;
}

// "week 10" without a year: in the reference's ISO year, or the one before if it has not begun.
absl::StatusOr<local_days> YearlessIsoWeek(const Reading& r, const Env& env, Warnings* warnings) {
  if (!env.reference) return NoReference(env, "a week number without a year");
  const local_days today = env.ReferenceDay();
  const int iso_year = static_cast<int>(YearMonthOf(MondayOf(today) + days{3}).year());
  std::optional<local_days> monday = IsoWeekMonday(iso_year, *r.iso_week);
  if (!monday || *monday > today) monday = IsoWeekMonday(iso_year - 1, *r.iso_week);
  if (!monday) return Unreadable("no such week in " + env.quoted);
  warnings->push_back("the year is not stated in " + env.quoted + ": read as the week from " +
                      DayName(*monday) + ", the latest not after the reference date");
  return *monday;
}

absl::StatusOr<Interval> IsoWeek(const Reading& r, const Env& env, Warnings* warnings) {
  if (auto s = RequireOnly(r, kYearField | kIsoWeekField | kWeekdayField | kClockField, env);
      !s.ok()) {
    return s;
  }
  local_days monday;
  if (!r.year) {
    absl::StatusOr<local_days> found = YearlessIsoWeek(r, env, warnings);
    if (!found.ok()) return found.status();
    monday = *found;
  } else {
    if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
    std::optional<local_days> found = IsoWeekMonday(*r.year, *r.iso_week);
    if (!found) {
      return Unreadable("no week " + std::to_string(*r.iso_week) + " in " +
                        std::to_string(*r.year));
    }
    monday = *found;
  }
  if (!r.weekday) return IsoWeekStarting(monday);
  return OneDay(monday + (date::weekday{static_cast<unsigned>(*r.weekday)} - date::Monday));
}

absl::StatusOr<Interval> OrdinalDay(const Reading& r, const Env& env) {
  if (auto s = RequireOnly(r, kYearField | kDayOfYearField | kClockField, env); !s.ok()) return s;
  if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
  const local_days first{date::year{*r.year} / 1 / 1};
  const local_days day = first + days{*r.day_of_year - 1};
  if (*r.day_of_year < 1 || YearMonthOf(day).year() != date::year{*r.year}) {
    return Unreadable("no such day of the year in " + env.quoted);
  }
  return OneDay(day);
}

// "17 September 2024", "September 17", "الثلاثاء ١٧ سبتمبر ٢٠٢٤".
absl::StatusOr<Interval> CalendarDay(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s =
          RequireOnly(r, kYearField | kMonthField | kDayField | kWeekdayField | kClockField, env);
      !s.ok()) {
    return s;
  }
  const auto m = static_cast<unsigned>(*r.month);
  const auto d = static_cast<unsigned>(*r.day);
  if (m < 1 || m > 12 || d < 1 || d > 31) return Unreadable("no such date in " + env.quoted);
  local_days day;
  if (r.year) {
    const date::year_month_day ymd = date::year{*r.year} / date::month{m} / date::day{d};
    if (!ValidYear(*r.year) || !ymd.ok()) return Unreadable("no such date in " + env.quoted);
    day = local_days{ymd};
  } else {
    if (!anchor) return NoReference(env, "a day and month without a year");
    std::optional<local_days> found = YearlessDay(m, d, *anchor);
    if (!found) return Unreadable("no such date in " + env.quoted);
    day = *found;
    if (anchor->is_reference) {
      warnings->push_back("the year is not stated in " + env.quoted + ": read as " + DayName(day) +
                          ", the latest such day not after the reference date");
    }
  }
  WarnIfWeekdayDiffers(r, day, env, warnings);
  return OneDay(day);
}

// "September 2024", "سبتمبر", "early September", "أوائل سبتمبر 2024".
absl::StatusOr<Interval> CalendarMonth(const Reading& r, const Env& env,
                                       const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r, kYearField | kMonthField | kPartField, env); !s.ok()) return s;
  const auto m = static_cast<unsigned>(*r.month);
  if (m < 1 || m > 12) return Unreadable("no month " + std::to_string(m) + " in " + env.quoted);
  year_month ym;
  if (r.year) {
    if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
    ym = date::year{*r.year} / date::month{m};
  } else {
    if (!anchor) return NoReference(env, "a month without a year");
    const StartInYear start_in = [m](int y) { return date::year{y} / date::month{m}; };
    ym = *PickOccurrence(start_in, 1, YearMonthOf(anchor->day),
                         anchor->forward ? Pick::kEarliestStartingFrom : Pick::kLatestStartingBy);
    if (anchor->is_reference) {
      warnings->push_back("the year is not stated in " + env.quoted + ": read as " + MonthName(ym) +
                          ", the latest such month not after the reference date");
    }
  }
  return ApplyPart(OneMonth(ym), r.part, env);
}

// "summer 2024", "صيف 2024", "l'hiver 2023/2024", "l'été" (meteorological seasons).
absl::StatusOr<Interval> SeasonOf(const Reading& r, const Env& env,
                                  const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r, kYearField | kSeasonField, env); !s.ok()) return s;
  const int season = *r.season;
  year_month start;
  if (r.year) {
    if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
    const bool winter = season == kWinter;
    // "winter 2024" is the winter whose January is in 2024; "winter 2023/2024" says so outright.
    start = SeasonStart(season, winter && !r.next_year ? *r.year - 1 : *r.year);
    if (winter && !r.next_year) {
      warnings->push_back("read " + env.quoted + " as the winter from December " +
                          std::to_string(*r.year - 1) + " to February " + std::to_string(*r.year));
    }
  } else {
    if (!anchor) return NoReference(env, "a season without a year");
    start = *PickOccurrence(
        [season](int y) { return SeasonStart(season, y); }, 3, YearMonthOf(anchor->day),
        anchor->forward ? Pick::kEarliestStartingFrom : Pick::kLatestStartingBy);
    if (anchor->is_reference) {
      warnings->push_back("the year is not stated in " + env.quoted + ": read as the season " +
                          "starting " + MonthName(start) + ", the latest not after the reference");
    }
  }
  if (!ValidYear(static_cast<int>(start.year()))) {
    return Unreadable("the year of " + env.quoted + " is out of range");
  }
  return OfDays(local_days{start / 1}, local_days{(start + months{3}) / 1}, DatePrecision::kMonth);
}

absl::StatusOr<Interval> YearOrDecade(const Reading& r, const Env& env) {
  if (auto s = RequireOnly(r, kYearField | kDecadeField | kPartField, env); !s.ok()) return s;
  if (r.year && r.decade) return CannotCombine(env);
  if (r.decade) {
    if (r.part || !ValidYear(*r.decade) || !ValidYear(*r.decade + 9)) return CannotCombine(env);
    Interval out = OneYear(*r.decade);
    out.end = OneYear(*r.decade + 9).end;
    out.shape = Shape::kOther;
    return out;
  }
  if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
  return ApplyPart(OneYear(*r.year), r.part, env);
}

absl::StatusOr<Interval> WeekdayPart(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings) {
  Reading day = r;
  day.part.reset();
  day.relation.reset();
  absl::StatusOr<Interval> whole = BareWeekday(day, env, anchor, warnings);
  if (whole.ok()) {
    warnings->push_back("read " + env.quoted + " as the whole day: its part is not a unit");
  }
  return whole;
}

absl::StatusOr<Interval> BareWeekend(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r, kUnitField, env); !s.ok()) return s;
  if (!anchor) return NoReference(env, "a weekend");
  local_days monday = MondayOf(anchor->day);
  if (anchor->forward) {
    if (monday + days{*r.weekend} < anchor->day) monday += days{7};
  } else if (monday + days{*r.weekend} > anchor->day) {
    monday -= days{7};
  }
  const local_days first = monday + days{*r.weekend};
  if (anchor->is_reference) {
    warnings->push_back("read " + env.quoted + " as the weekend from " + DayName(first) +
                        ", the latest that starts on or before the reference date");
  }
  return OfDays(first, monday + days{7}, DatePrecision::kDay);
}

// "Thursday", "الخميس", "jeudi": the latest such day on or before the anchor.
absl::StatusOr<Interval> BareWeekday(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r, kWeekdayField | kClockField, env); !s.ok()) return s;
  if (!anchor) return NoReference(env, "a weekday");
  const date::weekday wanted{static_cast<unsigned>(*r.weekday)};
  const local_days day = anchor->forward ? anchor->day + (wanted - date::weekday{anchor->day})
                                         : anchor->day - (date::weekday{anchor->day} - wanted);
  if (anchor->is_reference) {
    warnings->push_back("read the weekday " + env.quoted + " as " + DayName(day) +
                        ", the latest such day on or before the reference date");
  }
  return OneDay(day);
}

absl::StatusOr<Interval> PeriodOfYear(const Reading& r, const Env& env,
                                      const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r, kYearField | kPeriodField, env); !s.ok()) return s;
  const int months_long = *r.period_months;
  if (*r.period_index < 1 || *r.period_index * months_long > 12) {
    return Unreadable("no such quarter or half in " + env.quoted);
  }
  const date::month first_month{static_cast<unsigned>((*r.period_index - 1) * months_long + 1)};
  year_month first;
  if (r.year) {
    if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
    first = date::year{*r.year} / first_month;
  } else {
    // As a year-less month: the latest such quarter or half that starts by the anchor.
    if (!anchor) return NoReference(env, "a quarter or half without a year");
    const StartInYear start_in = [first_month](int y) { return date::year{y} / first_month; };
    first =
        *PickOccurrence(start_in, months_long, YearMonthOf(anchor->day),
                        anchor->forward ? Pick::kEarliestStartingFrom : Pick::kLatestStartingBy);
    if (anchor->is_reference) {
      warnings->push_back("the year is not stated in " + env.quoted + ": read as starting " +
                          MonthName(first) + ", the latest such period not after the reference");
    }
  }
  return OfDays(local_days{first / 1}, local_days{(first + months{months_long}) / 1},
                DatePrecision::kMonth);
}

namespace {

// The month an Nth weekday is counted in: named ("of July 2024", "of July"), or the reference's
// own, last or next ("of the month", "of next month").
absl::StatusOr<year_month> MonthOfNthWeekday(const Reading& r, const Env& env,
                                             const std::optional<Anchor>& anchor,
                                             Warnings* warnings) {
  if (r.month) {
    if (r.month_calendar == Calendar::kHijri) return CannotCombine(env);
    const date::month m{static_cast<unsigned>(*r.month)};
    if (r.year) {
      if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
      return date::year{*r.year} / m;
    }
    if (!anchor) return NoReference(env, "a month without a year");
    const StartInYear start_in = [m](int y) { return date::year{y} / m; };
    const year_month ym =
        *PickOccurrence(start_in, 1, YearMonthOf(anchor->day),
                        anchor->forward ? Pick::kEarliestStartingFrom : Pick::kLatestStartingBy);
    if (anchor->is_reference) {
      warnings->push_back("the year is not stated in " + env.quoted + ": read as " + MonthName(ym) +
                          ", the latest such month not after the reference date");
    }
    return ym;
  }
  if (r.unit != kMonthUnit || r.year) return CannotCombine(env);
  if (!env.reference) return NoReference(env, "a weekday of this, last or next month");
  int step = 0;
  if (r.direction == Sense::kLast) step = -1;
  if (r.direction == Sense::kNext) step = 1;
  if (r.direction && step == 0 && r.direction != Sense::kThis) return CannotCombine(env);
  if (!r.direction) {
    warnings->push_back("read \"the month\" in " + env.quoted + " as the reference's month");
  }
  return YearMonthOf(env.ReferenceDay()) + months{step};
}

}  // namespace

absl::StatusOr<Interval> NthWeekday(const Reading& r, const Env& env,
                                    const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r,
                           kNthField | kWeekdayField | kMonthField | kYearField | kUnitField |
                               kDirectionField | kClockField,
                           env);
      !s.ok()) {
    return s;
  }
  if (!r.weekday) return CannotCombine(env);
  absl::StatusOr<year_month> ym = MonthOfNthWeekday(r, env, anchor, warnings);
  if (!ym.ok()) return ym.status();
  const date::weekday wanted{static_cast<unsigned>(*r.weekday)};
  const local_days first{*ym / 1};
  const local_days end{(*ym + months{1}) / 1};
  local_days day;
  if (*r.nth == -1) {
    const local_days last = end - days{1};
    day = last - (date::weekday{last} - wanted);
  } else {
    day = first + (wanted - date::weekday{first}) + days{7 * (*r.nth - 1)};
  }
  if (*r.nth == 0 || *r.nth < -1 || day >= end) {
    return Unreadable("no such weekday of the month in " + env.quoted);
  }
  return OneDay(day);
}

absl::StatusOr<Interval> WeekOfDay(const Reading& r, const Env& env,
                                   const std::optional<Anchor>& anchor, Warnings* warnings) {
  Reading day = r;
  day.unit.reset();
  absl::StatusOr<Interval> one = CalendarDay(day, env, anchor, warnings);
  if (!one.ok()) return one;
  return IsoWeekStarting(MondayOf(one->first_day));
}

absl::StatusOr<Interval> WeekendOfDay(const Reading& r, const Env& env,
                                      const std::optional<Anchor>& anchor, Warnings* warnings) {
  Reading day = r;
  day.unit.reset();
  day.weekend.reset();
  absl::StatusOr<Interval> one = CalendarDay(day, env, anchor, warnings);
  if (!one.ok()) return one;
  const local_days monday = MondayOf(one->first_day);
  const local_days first = monday + days{*r.weekend};
  if (one->first_day < first) {
    return Unreadable(env.quoted + " names a weekend and a day that is not in one");
  }
  return OfDays(first, monday + days{7}, DatePrecision::kDay);
}

absl::StatusOr<Interval> WeekdayAndDay(const Reading& r, const Env& env, Warnings* warnings) {
  if (auto s = RequireOnly(r, kWeekdayField | kDayField | kClockField, env); !s.ok()) return s;
  if (!env.reference) return NoReference(env, "a weekday and a day of the month");
  // News names days close to its own: within 31 days of the reference, and only if one fits.
  const local_days today = env.ReferenceDay();
  const date::weekday wanted{static_cast<unsigned>(*r.weekday)};
  std::optional<local_days> found;
  for (int k = -31; k <= 31; ++k) {
    const local_days day = today + days{k};
    if (date::weekday{day} != wanted ||
        static_cast<unsigned>(date::year_month_day{day}.day()) != static_cast<unsigned>(*r.day)) {
      continue;
    }
    if (found) return Unreadable(env.quoted + " fits more than one day near the reference date");
    found = day;
  }
  if (!found) return Unreadable(env.quoted + " fits no day within a month of the reference date");
  warnings->push_back("read " + env.quoted + " as " + DayName(*found) +
                      ", the only such day within a month of the reference date");
  return OneDay(*found);
}

absl::StatusOr<Interval> Century(const Reading& r, const Env& env) {
  if (auto s = RequireOnly(r, kCenturyField, env); !s.ok()) return s;
  const int first = (*r.century - 1) * 100 + 1;
  if (!ValidYear(first) || !ValidYear(first + 99)) {
    return Unreadable("the century of " + env.quoted + " is out of range");
  }
  Interval out = OneYear(first);
  out.end = OneYear(first + 99).end;
  out.shape = Shape::kOther;
  return out;
}

}  // namespace timeline::normalize::date_internal
