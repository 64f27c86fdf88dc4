// The rules for statements counted from the reference time: "yesterday", "3 days ago", "last
// week", "earlier this month", "last September", "jeudi dernier", "17 سبتمبر الماضي". Each turns a
// reading (reading.h) into a local interval (local_interval.h), or says why it cannot; the choices
// they make are the rules for ambiguous text in date_expression.h. Stated calendar dates are read
// by calendar_rules.h, Hijri dates by hijri.h; rules.h picks the rule.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "normalize/date/local_interval.h"
#include "normalize/date/reading.h"
#include "normalize/date/rule_env.h"

namespace timeline::normalize::date_internal {

// "yesterday", "أمس الخميس", "last night": a day counted from the reference date.
absl::StatusOr<Interval> RelativeDay(const Reading& r, const Env& env, Warnings* warnings);
// "3 days ago", "il y a deux semaines", "منذ شهرين": whole calendar units before the reference.
absl::StatusOr<Interval> UnitsAgo(const Reading& r, const Env& env);
// "last week", "le mois dernier", "العام الماضي", "this year", "Thursday last week".
absl::StatusOr<Interval> RelativeUnit(const Reading& r, const Env& env);
// "last quarter", "this half", "the last quarter of 2023", "الربع الأخير من 2023": a quarter or
// half named by its place, not its number.
absl::StatusOr<Interval> RelativePeriod(const Reading& r, const Env& env);
// "the first half of the year", "الربع الثاني من العام الجاري": a numbered quarter or half of the
// reference's year, or the one before or after it.
absl::StatusOr<Reading> PeriodInRelativeYear(const Reading& r, const Env& env);
// "the start of the year", "en début de semaine", "منذ بداية العام": "the" unit with a part or a
// period is the reference's own, as "of the month" is for an Nth weekday.
bool PartOfTheUnit(const Reading& r);
// "earlier this month": from the start of the unit to the end of the reference day.
absl::StatusOr<Interval> EarlierOrLater(const Reading& r, const Env& env);
// "last September", "سبتمبر الماضي", "l'été prochain", "jeudi dernier", "رمضان المقبل".
absl::StatusOr<Interval> DirectedName(const Reading& r, const Env& env, Warnings* warnings);

}  // namespace timeline::normalize::date_internal
