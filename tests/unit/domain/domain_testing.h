// What the domain tests share: the field paths of a status's violations, in order, and instants
// written as dates.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "date/date.h"
#include "domain/time_span.h"
#include "domain/validation.h"

namespace timeline::domain::test_support {

inline std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& v : FieldViolationsOf(status)) out.push_back(v.field);
  return out;
}

inline Micros Utc(int y, unsigned mo, unsigned d) {
  return Micros{date::sys_days{date::year{y} / date::month{mo} / date::day{d}}};
}

inline int64_t Seconds(Micros t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace timeline::domain::test_support
