#include "normalize/date/hijri.h"

#include <string>

#include "date/islamic.h"

namespace timeline::normalize::date_internal {
namespace {

local_days HijriDay(int y, unsigned m, unsigned d) {
  return local_days{islamic::year_month_day{islamic::year{y}, islamic::month{m}, islamic::day{d}}};
}

bool ValidHijri(int y, unsigned m, unsigned d) {
  return islamic::year_month_day{islamic::year{y}, islamic::month{m}, islamic::day{d}}.ok();
}

// The Hijri year of a year-less Hijri month (and day), counted from an anchor.
int HijriYearFor(unsigned m, std::optional<unsigned> d, const Anchor& anchor) {
  const HijriYmd a = HijriOf(anchor.day);
  const bool later_in_year = m > a.month || (m == a.month && d && *d > a.day);
  const bool earlier_in_year = m < a.month || (m == a.month && d && *d < a.day);
  if (anchor.forward) return earlier_in_year ? a.year + 1 : a.year;
  return later_in_year ? a.year - 1 : a.year;
}

// A four-digit year without an era beside a Hijri month: news means the Gregorian year ("رمضان
// 2024", "Ramadan 2016"); Hijri years stop at 1500 (2077 CE), Gregorian ones of the month-and-year
// kind start after 1600. Between the two, the year is ambiguous.
constexpr int kLastPlainHijriYear = 1500;
constexpr int kFirstPlainGregorianYear = 1600;

// The Hijri month m (or day m/d) as it falls in the Gregorian year gy. It may fall in it twice,
// or straddle its turn: then the span covers every occurrence that touches the year, with a
// warning, rather than picking one.
absl::StatusOr<Interval> HijriInGregorianYear(const Reading& r, int gy, const Env& env,
                                              Warnings* warnings) {
  if (!ValidYear(gy) || !ValidYear(gy + 1)) {
    return Unreadable("the year of " + env.quoted + " is out of range");
  }
  const auto m = static_cast<unsigned>(*r.month);
  const local_days year_start{date::year{gy} / 1 / 1};
  const local_days year_end{date::year{gy + 1} / 1 / 1};
  std::optional<Interval> hull;
  int occurrences = 0;
  bool straddles = false;
  for (int h = HijriOf(year_start).year - 1; h <= HijriOf(year_end).year + 1; ++h) {
    absl::StatusOr<Interval> one = HijriMonth(h, m);
    if (r.day) {
      if (!ValidHijri(h, m, static_cast<unsigned>(*r.day))) continue;
      one = OneDay(HijriDay(h, m, static_cast<unsigned>(*r.day)));
    }
    one = ApplyPart(*one, r.part, env);
    if (!one.ok()) return one;
    if (one->end <= LocalTime{year_start} || one->start >= LocalTime{year_end}) continue;
    ++occurrences;
    straddles |= one->start < LocalTime{year_start} || one->end > LocalTime{year_end};
    if (!hull) {
      hull = *one;
    } else {
      hull->end = one->end;
    }
  }
  if (!hull) return Unreadable("no such Hijri date in " + env.quoted);
  if (occurrences == 1 && !straddles) {
    warnings->push_back("read " + env.quoted + " as the Hijri month as it falls in the Gregorian " +
                        "year " + std::to_string(gy));
  } else {
    warnings->push_back("read " + env.quoted + " in the Gregorian year " + std::to_string(gy) +
                        ": the Hijri month falls in it " +
                        (occurrences > 1 ? "more than once" : "across the turn of the year") +
                        ", so the span covers every occurrence");
  }
  const local_days first = hull->first_day;
  Interval widened = WidenHijri(*hull, warnings);
  widened.first_day = first;
  return widened;
}

}  // namespace

HijriYmd HijriOf(local_days day) {
  const islamic::year_month_day ymd{day};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

Interval HijriMonth(int y, unsigned m) {
  const local_days first = HijriDay(y, m, 1);
  const local_days end = m == 12 ? HijriDay(y + 1, 1, 1) : HijriDay(y, m + 1, 1);
  return OfDays(first, end, DatePrecision::kDay, Shape::kOneMonth);
}

// The observed calendar (moon sighting, Umm al-Qura) can be a day off the tabular one.
Interval WidenHijri(Interval interval, Warnings* warnings) {
  interval.start -= days{1};
  interval.end += days{1};
  interval.precision = DatePrecision::kDay;
  interval.shape = Shape::kOther;
  warnings->push_back(
      "Hijri date converted with the tabular Islamic calendar and widened by one day on each "
      "side: the observed calendar can differ from it by a day");
  return interval;
}

// Dates written with a Hijri month or a Hijri era: "15 ربيع الأول 1446", "1446 هـ", "رمضان".
absl::StatusOr<Interval> HijriStatement(const Reading& r, const Env& env,
                                        const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r, kYearField | kMonthField | kDayField | kPartField, env); !s.ok()) {
    return s;
  }
  if (r.month && r.month_calendar == Calendar::kGregorian) {
    return Unreadable(env.quoted + " mixes the Gregorian and Hijri calendars");
  }
  if (r.month && r.year && r.year_calendar != Calendar::kHijri) {
    const bool gregorian =
        r.year_calendar == Calendar::kGregorian || *r.year >= kFirstPlainGregorianYear;
    if (gregorian) return HijriInGregorianYear(r, *r.year, env, warnings);
    if (*r.year > kLastPlainHijriYear) {
      return Unreadable("the year in " + env.quoted + " could be Hijri or Gregorian");
    }
  }
  if (r.year_calendar == Calendar::kGregorian) {
    return Unreadable(env.quoted + " mixes the Gregorian and Hijri calendars");
  }
  if (!r.month) {
    if (r.day || !r.year) return CannotCombine(env);
    if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
    if (r.part) return Unreadable("early, mid or late of a Hijri year is not read");
    return WidenHijri(
        OfDays(HijriDay(*r.year, 1, 1), HijriDay(*r.year + 1, 1, 1), DatePrecision::kDay),
        warnings);
  }
  const auto m = static_cast<unsigned>(*r.month);
  int y = 0;
  if (r.year) {
    y = *r.year;
  } else {
    if (!anchor) return NoReference(env, "a Hijri month without a year");
    y = HijriYearFor(m, r.day ? std::optional<unsigned>(*r.day) : std::nullopt, *anchor);
    if (anchor->is_reference) {
      warnings->push_back("the Hijri year is not stated in " + env.quoted + ": read as " +
                          std::to_string(y) + ", the latest not after the reference date");
    }
  }
  if (!ValidYear(y) || m < 1 || m > 12) return Unreadable("no such Hijri date in " + env.quoted);
  absl::StatusOr<Interval> date = HijriMonth(y, m);
  if (r.day) {
    if (!ValidHijri(y, m, static_cast<unsigned>(*r.day))) {
      return Unreadable("no such Hijri date in " + env.quoted);
    }
    date = OneDay(HijriDay(y, m, static_cast<unsigned>(*r.day)));
  }
  date = ApplyPart(*date, r.part, env);
  if (!date.ok()) return date;
  Interval widened = WidenHijri(*date, warnings);
  widened.first_day = date->first_day;
  return widened;
}

}  // namespace timeline::normalize::date_internal
