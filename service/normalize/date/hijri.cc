#include "normalize/date/hijri.h"

#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace timeline::normalize::date_internal {
namespace {

// The years where ICU's Umm al-Qura table (islamic-umalqura, 1300-1600 AH) gives every month the
// first day of the calendar Saudi Arabia publishes (checked month by month against the published
// tables as the hijridate package carries them, 1343-1500 AH). Outside, it differs in 740 of the
// 1,524 months checked, from one day early to two days late.
constexpr int kFirstCheckedYear = 1420;
constexpr int kLastCheckedYear = 1450;
constexpr double kMillisPerDay = 86'400'000.0;

// Months whose beginning Saudi Arabia fixes by sighting the moon rather than by Umm al-Qura:
// Ramadan, Shawwal (the end of Ramadan) and Dhu al-Hijjah.
bool StartsBySighting(unsigned m) { return m == 9 || m == 10 || m == 12; }

// One Umm al-Qura calendar per thread, in UTC and strict about days a month does not have:
// creating one costs more than reading a whole date expression.
icu::Calendar& UmmAlQura() {
  thread_local const std::unique_ptr<icu::Calendar> calendar = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Calendar> c(icu::Calendar::createInstance(
        icu::TimeZone::getGMT()->clone(), icu::Locale("en@calendar=islamic-umalqura"), status));
    if (U_FAILURE(status) || c == nullptr) std::abort();  // ICU's data is part of the build
    c->setLenient(false);
    return c;
  }();
  return *calendar;
}

// The day of Hijri y/m/d as ICU computes it, if the calendar has it.
std::optional<local_days> IcuHijriDay(int y, unsigned m, unsigned d) {
  icu::Calendar& c = UmmAlQura();
  c.clear();
  c.set(UCAL_EXTENDED_YEAR, y);
  c.set(UCAL_MONTH, static_cast<int32_t>(m) - 1);
  c.set(UCAL_DATE, static_cast<int32_t>(d));
  UErrorCode status = U_ZERO_ERROR;
  const UDate millis = c.getTime(status);
  if (U_FAILURE(status)) return std::nullopt;
  return local_days{days{static_cast<int64_t>(std::floor(millis / kMillisPerDay))}};
}

HijriYmd IcuHijriOf(local_days day) {
  icu::Calendar& c = UmmAlQura();
  UErrorCode status = U_ZERO_ERROR;
  c.setTime(static_cast<UDate>(day.time_since_epoch().count()) * kMillisPerDay, status);
  const int32_t y = c.get(UCAL_EXTENDED_YEAR, status);
  const int32_t m = c.get(UCAL_MONTH, status);
  const int32_t d = c.get(UCAL_DATE, status);
  return {y, static_cast<unsigned>(m + 1), static_cast<unsigned>(d)};
}

// ICU's conversions cost microseconds each, and a reading makes a dozen; the first days of the
// months of ICU's Umm al-Qura table (1300-1600 AH, 1882-2174 CE), taken from ICU once, answer
// those years by look-up. Element i is the first day of month i % 12 + 1 of year 1300 + i / 12;
// the last one is 1 Muharram 1601.
constexpr int kFirstTableYear = 1300;
constexpr int kLastTableYear = 1600;

const std::vector<local_days>& TableMonthStarts() {
  static const std::vector<local_days> starts = [] {
    std::vector<local_days> v;
    v.reserve((kLastTableYear - kFirstTableYear + 1) * 12 + 1);
    for (int y = kFirstTableYear; y <= kLastTableYear; ++y) {
      for (unsigned m = 1; m <= 12; ++m) v.push_back(*IcuHijriDay(y, m, 1));
    }
    v.push_back(*IcuHijriDay(kLastTableYear + 1, 1, 1));
    return v;
  }();
  return starts;
}

// The day of Hijri y/m/d, if the calendar has it.
std::optional<local_days> HijriDayIfValid(int y, unsigned m, unsigned d) {
  if (m < 1 || m > 12 || d < 1 || d > 30) return std::nullopt;
  if (y < kFirstTableYear || y > kLastTableYear) return IcuHijriDay(y, m, d);
  const std::vector<local_days>& starts = TableMonthStarts();
  const size_t i = static_cast<size_t>(y - kFirstTableYear) * 12 + (m - 1);
  const local_days day = starts[i] + days{d - 1};
  if (day >= starts[i + 1]) return std::nullopt;
  return day;
}

local_days HijriDay(int y, unsigned m, unsigned d) {
  // Callers pass days every month has (1) or checked ones (ValidHijri).
  return *HijriDayIfValid(y, m, d);
}

bool ValidHijri(int y, unsigned m, unsigned d) { return HijriDayIfValid(y, m, d).has_value(); }

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
  Interval widened = WidenHijri(*hull, env, warnings);
  widened.first_day = first;
  return widened;
}

}  // namespace

HijriYmd HijriOf(local_days day) {
  const std::vector<local_days>& starts = TableMonthStarts();
  if (day < starts.front() || day >= starts.back()) return IcuHijriOf(day);
  const auto next = std::upper_bound(starts.begin(), starts.end(), day);
  const auto i = static_cast<int>(next - starts.begin() - 1);
  return {kFirstTableYear + i / 12, static_cast<unsigned>(i % 12 + 1),
          static_cast<unsigned>((day - starts[i]).count() + 1)};
}

Interval HijriMonth(int y, unsigned m) {
  const local_days first = HijriDay(y, m, 1);
  const local_days end = m == 12 ? HijriDay(y + 1, 1, 1) : HijriDay(y, m + 1, 1);
  return OfDays(first, end, DatePrecision::kDay, Shape::kOneMonth);
}

namespace {

// How sure the Umm al-Qura reading of an interval is where env's zone is.
enum class HijriCertainty {
  kExact,     // Saudi Arabia, checked years, no day in a month it begins by sighting
  kSighting,  // checked years; the local sighting of the moon can differ by a day
  kUnchecked  // outside the checked years: the published calendar can differ by up to two days
};

HijriCertainty CertaintyOf(const Interval& interval, const Env& env) {
  const local_days first = date::floor<days>(interval.start);
  const local_days last = date::ceil<days>(interval.end) - days{1};
  HijriYmd h = HijriOf(first);
  const HijriYmd end = HijriOf(last);
  if (h.year < kFirstCheckedYear || end.year > kLastCheckedYear) return HijriCertainty::kUnchecked;
  if (env.zone == nullptr || env.zone->name() != "Asia/Riyadh") return HijriCertainty::kSighting;
  for (; std::pair(h.year, h.month) <= std::pair(end.year, end.month);
       h = h.month == 12 ? HijriYmd{h.year + 1, 1, 1} : HijriYmd{h.year, h.month + 1, 1}) {
    if (StartsBySighting(h.month)) return HijriCertainty::kSighting;
  }
  return HijriCertainty::kExact;
}

}  // namespace

Interval WidenHijri(Interval interval, const Env& env, Warnings* warnings) {
  const HijriCertainty certainty = CertaintyOf(interval, env);
  if (certainty == HijriCertainty::kExact) return interval;
  // Up to two days between ICU's table and the published one, and a day for the sighting.
  const days widen{certainty == HijriCertainty::kSighting ? 1 : 3};
  interval.start -= widen;
  interval.end += widen;
  interval.precision = DatePrecision::kDay;
  interval.shape = Shape::kOther;
  warnings->push_back(
      certainty == HijriCertainty::kSighting
          ? "Hijri date converted with the Umm al-Qura calendar and widened by one day on each "
            "side: where months begin with the sighting of the moon, the observed calendar can "
            "differ from it by a day"
          : "Hijri date converted with the Umm al-Qura calendar and widened by three days on each "
            "side: outside 1420-1450 AH its tables differ by up to two days, and the observed "
            "calendar by a day more");
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
        OfDays(HijriDay(*r.year, 1, 1), HijriDay(*r.year + 1, 1, 1), DatePrecision::kDay), env,
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
  Interval widened = WidenHijri(*date, env, warnings);
  widened.first_day = date->first_day;
  return widened;
}

}  // namespace timeline::normalize::date_internal
