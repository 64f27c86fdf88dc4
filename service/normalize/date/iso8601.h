// ISO 8601, read by its own small parser into the same readings (reading.h) as the words:
// 2024, 2024-09, 2024-09-17, 20240917, 2024-W38, 2024-W38-2, 2024-261, each optionally with a
// time and an offset, and intervals "start/end" of two of them.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "normalize/date/reading.h"

namespace timeline::normalize::date_internal {

// One ISO 8601 date or date-time, or an interval "start/end" of two.
std::optional<std::vector<Reading>> ReadIso8601(std::string_view text);

}  // namespace timeline::normalize::date_internal
