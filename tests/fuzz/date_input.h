// The input layout the date fuzz targets share (date_fuzz, find_dates_fuzz): byte 0 picks the
// time zone; bytes 1-8 (little-endian) the reference time anywhere in the range the API accepts
// (0001-01-01..9999-12-31), all zero meaning none; the rest is the text.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

#include "normalize/date/date_expression.h"

namespace timeline::fuzzing {

// Zones with whole, half and quarter hour offsets, both hemispheres, and DST rules; Riyadh,
// where Hijri dates are exact.
inline constexpr const char* kDateZones[] = {
    "UTC",
    "Africa/Bamako",
    "Europe/Paris",
    "Asia/Baghdad",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Kiritimati",
    "Australia/Lord_Howe",
    "America/New_York",
    "Africa/Casablanca",
    "Asia/Tehran",
    "Pacific/Pago_Pago",
    "Asia/Riyadh",
};

struct DateInput {
  normalize::DateContext context;
  std::string_view text;
};

// Nullopt for an input too short to hold the header.
inline std::optional<DateInput> ReadDateInput(const uint8_t* data, size_t size) {
  constexpr size_t kHeader = 9;
  if (size < kHeader) return std::nullopt;
  // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z, the bounds of a valid Timestamp.
  constexpr int64_t kMinMicros = -62135596800LL * 1000000;
  constexpr int64_t kMaxMicros = 253402300800LL * 1000000 - 1;
  DateInput in;
  in.context.time_zone = kDateZones[data[0] % std::size(kDateZones)];
  uint64_t raw = 0;
  for (int i = 8; i >= 1; --i) raw = raw << 8 | data[i];
  if (raw != 0) {
    const uint64_t span = static_cast<uint64_t>(kMaxMicros - kMinMicros) + 1;
    in.context.reference =
        normalize::Micros(std::chrono::microseconds(kMinMicros + static_cast<int64_t>(raw % span)));
  }
  in.text = std::string_view(reinterpret_cast<const char*>(data + kHeader), size - kHeader);
  return in;
}

}  // namespace timeline::fuzzing
