// Ranges: two readings joined by a connector ("-", "to", "au", "إلى", "الموافق"…). An end borrows
// what it leaves out from the other ("15-17 September", "from 10:00 to 12:00 on 17 September"), a
// year-less end takes its year from the other end, and the range runs from the start of its first
// end to the end of its last. Two dates of one day in two calendars ("الموافق") must agree.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "normalize/date/atoms.h"
#include "normalize/date/bounds.h"
#include "normalize/date/reading.h"
#include "normalize/date/rule_env.h"
#include "normalize/date/sense.h"

namespace timeline::normalize::date_internal {

absl::StatusOr<Bounds> ResolveRange(Reading left, Reading right, Sense connector, const Env& env,
                                    Warnings* warnings);
// The atoms of a whole text as one date, or, when it states a slot twice, as a range split at its
// first connector that leaves two readable ends.
absl::StatusOr<Bounds> ResolveAtoms(const std::vector<Atom>& atoms, const Env& env,
                                    Warnings* warnings);

}  // namespace timeline::normalize::date_internal
