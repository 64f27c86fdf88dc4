// The rules for stated calendar dates: "17 September 2024", "September", "summer 2024", "2024-W38",
// "the 1990s", "Thursday". A date without its year is read around an anchor (rule_env.h): the
// latest such date not after the reference date, or the other end of a range. Each turns a
// reading (reading.h) into a local interval (local_interval.h), or says why it cannot; dates
// counted from the reference are read by relative_rules.h, Hijri dates by hijri.h.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "normalize/date/local_interval.h"
#include "normalize/date/reading.h"
#include "normalize/date/rule_env.h"

namespace timeline::normalize::date_internal {

// "2024-W38", "week 38 2024", "2024-W38-2".
absl::StatusOr<Interval> IsoWeek(const Reading& r, const Env& env, Warnings* warnings);
// "2024-261": the 261st day of 2024.
absl::StatusOr<Interval> OrdinalDay(const Reading& r, const Env& env);
// "17 September 2024", "September 17", "الثلاثاء ١٧ سبتمبر ٢٠٢٤".
absl::StatusOr<Interval> CalendarDay(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings);
// "September 2024", "سبتمبر", "early September", "أوائل سبتمبر 2024".
absl::StatusOr<Interval> CalendarMonth(const Reading& r, const Env& env,
                                       const std::optional<Anchor>& anchor, Warnings* warnings);
// "summer 2024", "صيف 2024", "l'hiver 2023/2024", "l'été" (meteorological seasons).
absl::StatusOr<Interval> SeasonOf(const Reading& r, const Env& env,
                                  const std::optional<Anchor>& anchor, Warnings* warnings);
// "2024", "late 2024", "the 1990s", "les années 1990" (a Hijri year is hijri.h's).
absl::StatusOr<Interval> YearOrDecade(const Reading& r, const Env& env);
// "the 21st century", "le XXe siècle", "القرن العشرين": 2001-2100 for the 21st.
absl::StatusOr<Interval> Century(const Reading& r, const Env& env);
// "Q3 2016", "the first half of 2016", "الربع الثالث 2016", "le premier semestre 2016".
absl::StatusOr<Interval> PeriodOfYear(const Reading& r, const Env& env,
                                      const std::optional<Anchor>& anchor, Warnings* warnings);
// "the first Friday of July 2024", "الأحد الثاني من الشهر", "le dernier vendredi de juillet".
absl::StatusOr<Interval> NthWeekday(const Reading& r, const Env& env,
                                    const std::optional<Anchor>& anchor, Warnings* warnings);
// "the week of 5 May 2024", "la semaine du 5 mai", "أسبوع 5 مايو 2024": the ISO week of that day.
absl::StatusOr<Interval> WeekOfDay(const Reading& r, const Env& env,
                                   const std::optional<Anchor>& anchor, Warnings* warnings);
// "le week-end du 3 mai", "the weekend of 3-4 May": the weekend that holds that day (unresolved
// if the day is not in one).
absl::StatusOr<Interval> WeekendOfDay(const Reading& r, const Env& env,
                                      const std::optional<Anchor>& anchor, Warnings* warnings);
// "Friday the 22nd", "vendredi 22", "الجمعة 22": the one such day within a month of the reference.
absl::StatusOr<Interval> WeekdayAndDay(const Reading& r, const Env& env, Warnings* warnings);
// "late Monday", "earlier on Tuesday", "en fin de journée dimanche": the weekday's whole day.
absl::StatusOr<Interval> WeekdayPart(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings);
// "over the weekend", "عطلة نهاية الأسبوع": the latest weekend that starts on or before the
// anchor.
absl::StatusOr<Interval> BareWeekend(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings);
// "Thursday", "الخميس", "jeudi": the latest such day on or before the anchor.
absl::StatusOr<Interval> BareWeekday(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings);

}  // namespace timeline::normalize::date_internal
