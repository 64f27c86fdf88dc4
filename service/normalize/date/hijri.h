// Hijri dates: ICU's Umm al-Qura calendar (Saudi Arabia's official one; ICU's table covers
// 1300-1600 AH and falls back to the tabular calendar outside it), and the rule for statements
// written in it ("15 ربيع الأول 1446", "1446 هـ", "رمضان"). Elsewhere months begin with the local
// sighting of the moon, which can be a day off Umm al-Qura, and so can Saudi Arabia's own Ramadan,
// Shawwal and Dhu al-Hijjah: a Hijri span is exact only in Saudi Arabia's zone (Asia/Riyadh) for
// other months of the table; otherwise it is widened by a day on each side, with a warning.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "date/date.h"
#include "normalize/date/local_interval.h"
#include "normalize/date/reading.h"
#include "normalize/date/rule_env.h"

namespace timeline::normalize::date_internal {

struct HijriYmd {
  int year;
  unsigned month;
  unsigned day;
};

HijriYmd HijriOf(date::local_days day);
// Month m of the Hijri year y.
Interval HijriMonth(int y, unsigned m);
// The interval as the calendar observed in env's zone can place it: as it is where Umm al-Qura
// decides it, else a day more on each side, with the warning that says why.
Interval WidenHijri(Interval interval, const Env& env, Warnings* warnings);

// Dates written with a Hijri month or a Hijri era: "15 ربيع الأول 1446", "1446 هـ", "رمضان".
absl::StatusOr<Interval> HijriStatement(const Reading& r, const Env& env,
                                        const std::optional<Anchor>& anchor, Warnings* warnings);

}  // namespace timeline::normalize::date_internal
