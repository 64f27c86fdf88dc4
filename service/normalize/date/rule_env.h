// What the rules (rules.h) resolve a reading in: the zone, the local reference time and the text
// for messages (Env); what a year-less date counts from (Anchor); and the errors a rule answers
// with when the words do not determine a date.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "date/date.h"
#include "date/tz.h"
#include "normalize/date/calendar_unit.h"
#include "normalize/date/reading.h"

namespace timeline::normalize::date_internal {

// Why a span is unresolved or what was assumed, for people.
using Warnings = std::vector<std::string>;

// Longer texts are sentences, not date expressions; reading them would only waste time.
constexpr size_t kMaxTextBytes = 1000;

// What a year-less date counts from: the reference date, or the other end of a range.
struct Anchor {
  date::local_days day;
  bool forward = false;       // the earliest on or after `day`, instead of the latest on or before
  bool is_reference = false;  // the reference date (then the choice is worth a warning)
};

struct Env {
  const date::time_zone* zone;
  std::optional<LocalTime> reference;
  std::string quoted;  // the whole text, for messages

  date::local_days ReferenceDay() const { return date::floor<date::days>(*reference); }
};

absl::Status Unreadable(std::string message);
// The text as it can appear in a message: valid UTF-8, at most 60 characters.
std::string Quoted(std::string_view text);

absl::Status NoReference(const Env& env, const std::string& what);
absl::Status CannotCombine(const Env& env);
// CannotCombine() unless `r` fills only the `allowed` fields (Field).
absl::Status RequireOnly(const Reading& r, unsigned allowed, const Env& env);

}  // namespace timeline::normalize::date_internal
