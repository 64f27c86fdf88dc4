// Fuzzes the date normalizer (normalize/date/date_expression.h) as the ingest use case calls it:
// any text, in any of a few time zones, with or without a reference time anywhere in the range
// the API accepts (0001-01-01..9999-12-31), gives a span or a warning, never a crash.
//
// Input layout: byte 0 picks the time zone; bytes 1-8 (little-endian) the reference time, all
// zero meaning none; the rest is the text (English, French, Arabic, ISO 8601, Hijri...).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "fuzz_check.h"
#include "normalize/date/date_expression.h"

namespace {

using timeline::normalize::Micros;

// Zones with whole, half and quarter hour offsets, both hemispheres, and DST rules.
constexpr const char* kZones[] = {
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
};
constexpr size_t kHeader = 9;

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z, the bounds of a valid Timestamp.
constexpr int64_t kMinMicros = -62135596800LL * 1000000;
constexpr int64_t kMaxMicros = 253402300800LL * 1000000 - 1;

std::optional<Micros> Reference(const uint8_t* bytes) {
  uint64_t raw = 0;
  for (int i = 7; i >= 0; --i) raw = raw << 8 | bytes[i];
  if (raw == 0) return std::nullopt;
  const uint64_t span = static_cast<uint64_t>(kMaxMicros - kMinMicros) + 1;
  return Micros(std::chrono::microseconds(kMinMicros + static_cast<int64_t>(raw % span)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < kHeader) return 0;
  timeline::normalize::DateContext context;
  context.time_zone = kZones[data[0] % std::size(kZones)];
  context.reference = Reference(data + 1);
  const std::string_view text(reinterpret_cast<const char*>(data + kHeader), size - kHeader);

  const timeline::normalize::DateParse parse =
      timeline::normalize::ParseDateExpression(text, context);
  const timeline::normalize::DateSpan& span = parse.span;
  FUZZ_CHECK(span.text == text);
  if (span.start && span.end) FUZZ_CHECK(*span.start < *span.end);
  if (!span.resolved()) FUZZ_CHECK(!parse.warnings.empty());
  return 0;
}
