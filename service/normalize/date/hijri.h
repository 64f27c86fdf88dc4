// Hijri dates: the tabular Islamic calendar of date/islamic.h, and the rule for statements written
// in it ("15 ربيع الأول 1446", "1446 هـ", "رمضان"). The observed calendar (moon sighting, Umm
// al-Qura) can be a day off the tabular one, so a Hijri span is widened by a day on each side, with
// a warning.
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
// A day more on each side, with the warning that says so.
Interval WidenHijri(Interval interval, Warnings* warnings);

// Dates written with a Hijri month or a Hijri era: "15 ربيع الأول 1446", "1446 هـ", "رمضان".
absl::StatusOr<Interval> HijriStatement(const Reading& r, const Env& env,
                                        const std::optional<Anchor>& anchor, Warnings* warnings);

}  // namespace timeline::normalize::date_internal
