#include "normalize/date/relative_rules.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

#include "date/date.h"
#include "normalize/date/calendar_rules.h"
#include "normalize/date/hijri.h"

namespace timeline::normalize::date_internal {
namespace {

// The precision of a unit of time (Unit).
DatePrecision PrecisionOfUnit(int unit) {
  switch (unit) {
    case kWeekUnit:
      return DatePrecision::kWeek;
    case kMonthUnit:
      return DatePrecision::kMonth;
    case kYearUnit:
      return DatePrecision::kYear;
    default:
      return DatePrecision::kDay;
  }
}

// "1 month 21 days ago": the same day of the month `n` months back (or its last day, if shorter),
// then `extra` days further back.
absl::StatusOr<Interval> MonthsAndDaysAgo(local_days today, int n, int extra, const Env& env) {
  const year_month month = YearMonthOf(today) - months{n};
  if (!ValidYear(static_cast<int>(month.year())) || std::abs(extra) > 100000) {
    return Unreadable("the year of " + env.quoted + " is out of range");
  }
  const unsigned last = static_cast<unsigned>((month / date::last).day());
  const unsigned day = std::min(static_cast<unsigned>(date::year_month_day{today}.day()), last);
  return OneDay(local_days{month / date::day{day}} - days{extra});
}

// Early, mid and late in a week: Monday to Wednesday, Tuesday to Thursday, Thursday to Sunday.
Interval PartOfWeek(local_days monday, int part) {
  switch (part) {
    case kEarly:
      return OfDays(monday, monday + days{3}, DatePrecision::kDay);
    case kMid:
      return OfDays(monday + days{1}, monday + days{4}, DatePrecision::kDay);
    default:
      return OfDays(monday + days{3}, monday + days{7}, DatePrecision::kDay);
  }
}

int StepOf(Sense direction) {
  switch (direction) {
    case Sense::kBeforeLast:
      return -2;
    case Sense::kLast:
      return -1;
    case Sense::kNext:
      return 1;
    case Sense::kAfterNext:
      return 2;
    default:
      return 0;
  }
}

local_days WeekdayRelativeTo(local_days day, unsigned weekday, Sense direction) {
  const date::weekday wanted{weekday};
  switch (direction) {
    case Sense::kLast:
      return day - (date::weekday{day} - wanted) -
             ((date::weekday{day} == wanted) ? days{7} : days{0});
    case Sense::kNext:
      return day + (wanted - date::weekday{day}) +
             ((date::weekday{day} == wanted) ? days{7} : days{0});
    default:  // in the ISO week of `day`
      return MondayOf(day) + (wanted - date::Monday);
  }
}

Pick PickFor(Sense direction) {
  switch (direction) {
    case Sense::kLast:
      return Pick::kLatestEndedBy;
    case Sense::kNext:
      return Pick::kEarliestAfter;
    default:
      return Pick::kContaining;
  }
}

// "17 سبتمبر الماضي", "le 5 octobre dernier", "le 17 octobre prochain": the latest such date
// before the reference date, or the earliest after it ("this": in the reference's month).
absl::StatusOr<Interval> DirectedDay(const Reading& r, const Env& env, Warnings* warnings) {
  const local_days today = env.ReferenceDay();
  Reading dated = r;
  dated.direction.reset();
  if (r.direction == Sense::kThis) {
    const bool hijri = r.month_calendar == Calendar::kHijri;
    const unsigned current =
        hijri ? HijriOf(today).month : static_cast<unsigned>(YearMonthOf(today).month());
    if (static_cast<unsigned>(*r.month) != current) {
      return Unreadable(env.quoted + " is ambiguous: the month named is not the current one");
    }
    dated.year = hijri ? HijriOf(today).year : static_cast<int>(YearMonthOf(today).year());
    dated.year_calendar = hijri ? Calendar::kHijri : Calendar::kGregorian;
  }
  const bool next = r.direction == Sense::kNext;
  const Anchor anchor{next ? today + days{1} : today - days{1}, next, /*is_reference=*/false};
  if (r.month_calendar == Calendar::kHijri) return HijriStatement(dated, env, anchor, warnings);
  return CalendarDay(dated, env, anchor, warnings);
}

// The day and month (and year) stated beside a relative day: the stated date, in the year that
// puts it nearest the relative day; a warning when the two disagree.
absl::StatusOr<Interval> StatedDayBeside(const Reading& r, local_days relative, const Env& env,
                                         Warnings* warnings) {
  const auto m = static_cast<unsigned>(*r.month);
  const auto d = static_cast<unsigned>(*r.day);
  std::optional<local_days> stated;
  const int y0 = static_cast<int>(YearMonthOf(relative).year());
  for (int y : {y0, y0 - 1, y0 + 1}) {
    if (r.year && y != *r.year) continue;
    const date::year_month_day ymd = date::year{y} / date::month{m} / date::day{d};
    if (!ymd.ok() || !ValidYear(y)) continue;
    const local_days candidate{ymd};
    if (!stated || date::abs(candidate - relative) < date::abs(*stated - relative)) {
      stated = candidate;
    }
  }
  if (r.year && !stated) {
    const date::year_month_day ymd = date::year{*r.year} / date::month{m} / date::day{d};
    if (ymd.ok() && ValidYear(*r.year)) stated = local_days{ymd};
  }
  if (!stated) return Unreadable("no such date in " + env.quoted);
  if (*stated != relative) {
    warnings->push_back("the date in " + env.quoted + " is not " + DayName(relative) +
                        " as the relative word says; the stated date " + DayName(*stated) +
                        " was kept");
  }
  if (r.weekday && date::weekday{*stated} != date::weekday{static_cast<unsigned>(*r.weekday)}) {
    warnings->push_back("the weekday in " + env.quoted + " is not that of " + DayName(*stated) +
                        "; the date was kept");
  }
  return OneDay(*stated);
}

}  // namespace

absl::StatusOr<Interval> RelativeDay(const Reading& r, const Env& env, Warnings* warnings) {
  if (!env.reference) return NoReference(env, "yesterday, today, tomorrow");
  if (auto s = RequireOnly(
          r, kRelativeDayField | kWeekdayField | kClockField | kDayField | kMonthField | kYearField,
          env);
      !s.ok()) {
    return s;
  }
  const local_days today = env.ReferenceDay();
  if (r.last_night) return OfDays(today - days{1}, today + days{1}, DatePrecision::kDay);
  const local_days day = today + days{*r.relative_day};
  // "اليوم 6 مايو", "yesterday, 10 October": the words say the date twice. A headline's date
  // is the one the writer checked; the relative word is the one that goes stale.
  if (r.day && r.month) return StatedDayBeside(r, day, env, warnings);
  const date::year_month_day ymd{day};
  if ((r.day && static_cast<unsigned>(ymd.day()) != static_cast<unsigned>(*r.day)) ||
      (r.month && static_cast<unsigned>(ymd.month()) != static_cast<unsigned>(*r.month)) ||
      (r.year && static_cast<int>(ymd.year()) != *r.year)) {
    return Unreadable("the date in " + env.quoted + " is not that of " + DayName(day) +
                      ", and says too little to replace it");
  }
  if (r.weekday && date::weekday{day} != date::weekday{static_cast<unsigned>(*r.weekday)}) {
    return Unreadable("the weekday in " + env.quoted + " is not that of " + DayName(day));
  }
  return OneDay(day);
}

absl::StatusOr<Interval> UnitsAgo(const Reading& r, const Env& env) {
  if (!env.reference) return NoReference(env, "a time ago");
  if (auto s = RequireOnly(r, kAgoField | kCountField | kUnitField, env); !s.ok()) return s;
  if (!r.unit) return Unreadable("\"ago\" in " + env.quoted + " has no unit of time");
  if (r.plural_unit && !r.count) {
    return Unreadable(env.quoted + " is vague: it does not say how long ago");
  }
  // Behind the reference ("ago"), or ahead of it ("in 3 weeks").
  const int n = r.count.value_or(1) * (r.ahead ? -1 : 1);
  const local_days today = env.ReferenceDay();
  if (r.extra_days) return MonthsAndDaysAgo(today, n, *r.extra_days * (r.ahead ? -1 : 1), env);
  switch (*r.unit) {
    case kDayUnit:
      return OneDay(today - days{n});
    case kWeekUnit:
      return IsoWeekStarting(MondayOf(today) - days{7 * n});
    case kMonthUnit:
      return OneMonth(YearMonthOf(today) - months{n});
    default: {
      const int y = static_cast<int>(YearMonthOf(today).year()) - n;
      if (!ValidYear(y)) return Unreadable("the year of " + env.quoted + " is out of range");
      return OneYear(y);
    }
  }
}

// "last week", "le mois dernier", "العام الماضي", "this year", "Thursday last week".
absl::StatusOr<Interval> RelativeUnit(const Reading& r, const Env& env) {
  if (!env.reference) return NoReference(env, "last, this or next week, month or year");
  const unsigned weekday_allowed = r.unit == kWeekUnit ? kWeekdayField | kClockField : 0;
  const unsigned day_allowed = r.unit == kMonthUnit ? kDayField | kClockField : 0;
  // "العام الماضي 2023"
  const unsigned year_allowed = r.unit == kYearUnit ? unsigned{kYearField} : 0u;
  if (auto s = RequireOnly(
          r,
          kDirectionField | kUnitField | kPartField | weekday_allowed | day_allowed | year_allowed,
          env);
      !s.ok()) {
    return s;
  }
  // "the coming days", "les trois derniers jours": a window counted from when the words were
  // written, whose length and whether it holds today are not said.
  if (r.plural_unit || (r.count && *r.count > 1)) {
    return Unreadable(env.quoted + " is vague: several units counted from now, not which ones");
  }
  const int step = StepOf(*r.direction);
  // "the next day", "the last day": news counts the day before or after from the event it tells
  // of, or means a final day, not one counted from publication ("yesterday" and "tomorrow" say
  // that). "the day after next" has no such reading.
  if (*r.unit == kDayUnit && (step == 1 || step == -1)) {
    return Unreadable("the day in " + env.quoted +
                      " counts from an event the words do not date, not from the reference");
  }
  const local_days today = env.ReferenceDay();
  switch (*r.unit) {
    case kWeekUnit: {
      const local_days monday = MondayOf(today) + days{7 * step};
      if (r.weekday) {
        return OneDay(monday + (date::weekday{static_cast<unsigned>(*r.weekday)} - date::Monday));
      }
      if (r.weekend) {
        if (r.part) return CannotCombine(env);
        return OfDays(monday + days{*r.weekend}, monday + days{7}, DatePrecision::kDay);
      }
      if (r.part) return PartOfWeek(monday, *r.part);
      return IsoWeekStarting(monday);
    }
    case kMonthUnit: {
      const year_month month = YearMonthOf(today) + months{step};
      if (r.day) {  // "the 20th of next month", "20 من الشهر المقبل"
        if (r.part) return CannotCombine(env);
        const date::year_month_day ymd = month / date::day{static_cast<unsigned>(*r.day)};
        if (!ymd.ok()) return Unreadable("no such date in " + env.quoted);
        return OneDay(local_days{ymd});
      }
      return ApplyPart(OneMonth(month), r.part, env);
    }
    case kYearUnit: {
      const int y = static_cast<int>(YearMonthOf(today).year()) + step;
      if (!ValidYear(y)) return Unreadable("the year of " + env.quoted + " is out of range");
      if (r.year && *r.year != y) {
        return Unreadable("the year stated in " + env.quoted + " is not the one counted");
      }
      return ApplyPart(OneYear(y), r.part, env);
    }
    default:
      return ApplyPart(OneDay(today + days{step}), r.part, env);
  }
}

absl::StatusOr<Interval> RelativePeriod(const Reading& r, const Env& env) {
  if (auto s = RequireOnly(r, kDirectionField | kYearField, env); !s.ok()) return s;
  const int length = *r.period_months;
  year_month first;
  if (r.year) {  // "the last quarter of 2023": its final one
    if (r.direction != Sense::kLast || !ValidYear(*r.year)) return CannotCombine(env);
    first = date::year{*r.year} / date::month{static_cast<unsigned>(12 - length + 1)};
  } else {
    if (!env.reference) return NoReference(env, "last, this or next quarter or half");
    const year_month now = YearMonthOf(env.ReferenceDay());
    const unsigned start = (static_cast<unsigned>(now.month()) - 1) / length * length + 1;
    first = now.year() / date::month{start} + months{StepOf(*r.direction) * length};
    if (!ValidYear(static_cast<int>(first.year()))) {
      return Unreadable("the year of " + env.quoted + " is out of range");
    }
  }
  return OfDays(local_days{first / 1}, local_days{(first + months{length}) / 1},
                DatePrecision::kMonth);
}

absl::StatusOr<Reading> PeriodInRelativeYear(const Reading& r, const Env& env) {
  if (!env.reference) return NoReference(env, "a quarter or half of a year counted from now");
  if (r.year || r.direction == Sense::kBeforeLast || r.direction == Sense::kAfterNext) {
    return CannotCombine(env);
  }
  Reading stated = r;
  stated.year = static_cast<int>(YearMonthOf(env.ReferenceDay()).year()) +
                (r.direction ? StepOf(*r.direction) : 0);
  stated.direction.reset();
  stated.unit.reset();
  return stated;
}

bool PartOfTheUnit(const Reading& r) {
  return !r.direction && r.unit && *r.unit != kDayUnit && (r.part || r.period_index) && !r.count &&
         !r.plural_unit && !r.ago && !r.ahead && !r.relation && !r.year && !r.month && !r.day &&
         !r.weekday && !r.weekend && !r.season && !r.iso_week;
}

// "earlier this month": from the start of the unit to the end of the reference day.
absl::StatusOr<Interval> EarlierOrLater(const Reading& r, const Env& env) {
  if (!env.reference) return NoReference(env, "earlier or later this week, month or year");
  if (auto s = RequireOnly(r, kRelationField | kDirectionField | kUnitField, env); !s.ok()) {
    return s;
  }
  if (r.direction != Sense::kThis || !r.unit || *r.unit == kDayUnit) {
    return Unreadable(env.quoted +
                      " is vague: \"earlier\" and \"later\" are read only with "
                      "this week, month or year");
  }
  const local_days today = env.ReferenceDay();
  const LocalUnit unit = LocalUnitContaining(LocalTime{today}, PrecisionOfUnit(*r.unit));
  if (r.relation == Sense::kEarlier) {
    return OfDays(date::floor<days>(unit.start), today + days{1}, DatePrecision::kDay);
  }
  return OfDays(today, date::floor<days>(unit.end), DatePrecision::kDay);
}

// "last September", "سبتمبر الماضي", "l'été prochain", "jeudi dernier", "رمضان المقبل".
absl::StatusOr<Interval> DirectedName(const Reading& r, const Env& env, Warnings* warnings) {
  if (!env.reference) return NoReference(env, "a month, season or weekday counted from now");
  if (auto s = RequireOnly(r,
                           kDirectionField | kMonthField | kDayField | kSeasonField |
                               kWeekdayField | kPartField | kClockField,
                           env);
      !s.ok()) {
    return s;
  }
  const local_days today = env.ReferenceDay();
  if (r.day && r.month) return DirectedDay(r, env, warnings);
  if (r.day) return CannotCombine(env);
  if (r.weekday && !r.month && !r.season) {
    return OneDay(WeekdayRelativeTo(today, static_cast<unsigned>(*r.weekday), *r.direction));
  }
  if (r.weekday || (r.month && r.season)) return CannotCombine(env);
  if (r.month && r.month_calendar == Calendar::kHijri) {
    const HijriYmd now = HijriOf(today);
    const auto m = static_cast<unsigned>(*r.month);
    int y = now.year + StepOf(*r.direction);
    if (*r.direction == Sense::kLast && m < now.month) y = now.year;
    if (*r.direction == Sense::kNext && m > now.month) y = now.year;
    if (*r.direction == Sense::kThis && m != now.month) {
      return Unreadable(env.quoted + " is ambiguous: the month named is not the current one");
    }
    absl::StatusOr<Interval> month = ApplyPart(HijriMonth(y, m), r.part, env);
    if (!month.ok()) return month;
    return WidenHijri(*month, env, warnings);
  }
  const bool season = r.season.has_value();
  const int length = season ? 3 : 1;
  const StartInYear start_in = [&](int y) {
    return season ? SeasonStart(*r.season, y)
                  : date::year{y} / date::month{static_cast<unsigned>(*r.month)};
  };
  const std::optional<year_month> start =
      PickOccurrence(start_in, length, YearMonthOf(today), PickFor(*r.direction));
  if (!start) {
    return Unreadable(env.quoted + " is ambiguous: \"this\" names a " +
                      (season ? "season" : "month") + " that does not contain the reference date");
  }
  if (!ValidYear(static_cast<int>(start->year()))) {
    return Unreadable("the year of " + env.quoted + " is out of range");
  }
  if (season) {
    if (r.part) return Unreadable("early, mid or late of a season is not read");
    return OfDays(local_days{*start / 1}, local_days{(*start + months{3}) / 1},
                  DatePrecision::kMonth);
  }
  return ApplyPart(OneMonth(*start), r.part, env);
}

}  // namespace timeline::normalize::date_internal
