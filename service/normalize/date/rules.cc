#include "normalize/date/rules.h"

#include "normalize/date/calendar_rules.h"
#include "normalize/date/hijri.h"
#include "normalize/date/relative_rules.h"

namespace timeline::normalize::date_internal {
namespace {

// "الثلاثاء 14 ربيع الأول 1446 هـ", as Gulf papers print it: where the Hijri day is widened for the
// local sighting, the weekday says which of its days it is; where it is exact, a weekday that
// differs is reported and the date kept, as for Gregorian dates.
absl::StatusOr<Interval> HijriWithWeekday(const Reading& r, const Env& env,
                                          const std::optional<Anchor>& anchor, Warnings* warnings) {
  Reading dated = r;
  dated.weekday.reset();
  absl::StatusOr<Interval> span = HijriStatement(dated, env, anchor, warnings);
  if (!span.ok() || !r.day) return span.ok() ? CannotCombine(env) : span;
  const date::weekday wanted{static_cast<unsigned>(*r.weekday)};
  std::optional<local_days> found;
  int matches = 0;
  for (local_days d = date::floor<days>(span->start); d < date::floor<days>(span->end);
       d += days{1}) {
    if (date::weekday{d} == wanted) {
      found = d;
      ++matches;
    }
  }
  const bool one_day = span->end - span->start == days{1};
  if (one_day) {
    if (matches == 0) {
      warnings->push_back("the weekday in " + env.quoted + " is not that of the Hijri date; " +
                          "the date was kept");
    }
    return span;
  }
  if (matches != 1) return Unreadable("the weekday in " + env.quoted + " fits no single day");
  warnings->push_back("the weekday in " + env.quoted + " picks one day of the Hijri date's span");
  return OneDay(*found);
}

// The date a reading states, before a time of day is applied.
absl::StatusOr<Interval> DateOf(const Reading& r, const Env& env,
                                const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (r.century) return Century(r, env);
  // "شهر رمضان الماضي", "au mois d'avril": the unit only announces the month's name.
  if (r.unit == kMonthUnit && r.month && !r.count && !r.plural_unit && !r.ago && !r.ahead) {
    Reading named = r;
    named.unit.reset();
    return DateOf(named, env, anchor, warnings);
  }
  if (PartOfTheUnit(r)) {
    Reading own = r;
    own.direction = Sense::kThis;
    warnings->push_back("read the unit in " + env.quoted + " as the reference's own");
    return DateOf(own, env, anchor, warnings);
  }
  if (r.period_months && !r.period_index) return RelativePeriod(r, env);
  if (r.period_index && r.unit == kYearUnit) {
    absl::StatusOr<Reading> stated = PeriodInRelativeYear(r, env);
    if (!stated.ok()) return stated.status();
    return PeriodOfYear(*stated, env, anchor, warnings);
  }
  if (r.period_index) return PeriodOfYear(r, env, anchor, warnings);
  if ((r.part || r.relation) && r.weekday && !r.unit && !r.month && !r.day && !r.direction &&
      !r.season && !r.relative_day) {
    return WeekdayPart(r, env, anchor, warnings);
  }
  if (r.weekend && !r.direction && !r.month && !r.day && !r.weekday && !r.part) {
    return BareWeekend(r, env, anchor, warnings);
  }
  if (r.nth) return NthWeekday(r, env, anchor, warnings);
  if (r.relative_day || r.last_night) return RelativeDay(r, env, warnings);
  if (r.ago || r.ahead) return UnitsAgo(r, env);
  if (r.relation) return EarlierOrLater(r, env);
  if (r.direction && !r.month && !r.season && (!r.weekday || r.unit == kWeekUnit)) {
    if (!r.unit) return CannotCombine(env);
    return RelativeUnit(r, env);
  }
  if (r.direction == Sense::kBeforeLast || r.direction == Sense::kAfterNext) {
    return CannotCombine(env);
  }
  if (r.direction) return DirectedName(r, env, warnings);
  if (r.iso_week) return IsoWeek(r, env, warnings);
  if (r.day_of_year) return OrdinalDay(r, env);
  if (r.month_calendar == Calendar::kHijri || r.year_calendar == Calendar::kHijri) {
    if (r.weekday) return HijriWithWeekday(r, env, anchor, warnings);
    return HijriStatement(r, env, anchor, warnings);
  }
  if (r.weekend && r.month && r.day && !r.weekday) return WeekendOfDay(r, env, anchor, warnings);
  if (r.unit == kWeekUnit && r.month && r.day && !r.weekday) {
    return WeekOfDay(r, env, anchor, warnings);
  }
  if (r.month && r.day) return CalendarDay(r, env, anchor, warnings);
  if (r.month) return CalendarMonth(r, env, anchor, warnings);
  if (r.season) return SeasonOf(r, env, anchor, warnings);
  if (r.year || r.decade) return YearOrDecade(r, env);
  if (r.weekday && r.day && !r.year) return WeekdayAndDay(r, env, warnings);
  if (r.weekday) return BareWeekday(r, env, anchor, warnings);
  if (r.day) return Unreadable("the day in " + env.quoted + " has no month");
  if (r.clock) return Unreadable("the time of day in " + env.quoted + " has no date");
  if (r.unit) return Unreadable(env.quoted + " names a unit of time, not which one");
  return Unreadable("no date in " + env.quoted);
}

// "05/05/89": the latest year ending in those digits that is not after the reference year.
absl::StatusOr<Reading> WithFullYear(const Reading& r, const Env& env, Warnings* warnings) {
  if (!env.reference) return NoReference(env, "a two-digit year");
  const int reference_year = static_cast<int>(YearMonthOf(env.ReferenceDay()).year());
  Reading full = r;
  full.two_digit_year = false;
  full.year = reference_year - ((reference_year - *r.year) % 100 + 100) % 100;
  warnings->push_back("read the two-digit year in " + env.quoted + " as " +
                      std::to_string(*full.year) + ", the latest not after the reference year");
  return full;
}

}  // namespace

absl::StatusOr<Interval> ResolveReading(const Reading& r, const Env& env,
                                        const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (r.two_digit_year && r.error.empty()) {
    absl::StatusOr<Reading> full = WithFullYear(r, env, warnings);
    if (!full.ok()) return full.status();
    return ResolveReading(*full, env, anchor, warnings);
  }
  if (!r.error.empty()) return Unreadable(r.error + " (in " + env.quoted + ")");
  if (r.vague) return Unreadable(env.quoted + " is vague: it names no definite time");
  if (!r.conflict.empty()) {
    return Unreadable(env.quoted + " states the " + r.conflict + " twice, differently");
  }
  absl::StatusOr<Interval> date = DateOf(r, env, anchor, warnings);
  if (!date.ok() || !r.clock) return date;
  // "vers 6h", "around 0600 GMT", "نحو الساعة السادسة": the time may fall outside the hour it
  // names; the day holds it (ApproximateWarning says so).
  if (r.approximate) {
    if (absl::Status s = ApplyClock(*date, *r.clock, env).status(); !s.ok()) return s;
    return date;
  }
  return ApplyClock(*date, *r.clock, env);
}

}  // namespace timeline::normalize::date_internal
