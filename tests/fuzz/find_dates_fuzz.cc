// Fuzzes finding dates in running text (normalize/date/date_extraction.h), as
// DateService.ParseDates and ingestion call it: any text, in any of a few zones, with or without
// a publication time, gives dates in the order written, none overlapping, each pointing at its
// own words in bytes and in code points, never a crash.
//
// Input layout as date_fuzz: byte 0 picks the zone; bytes 1-8 (little-endian) the reference
// time, all zero meaning none; the rest is the text.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "normalize/date/date_extraction.h"

namespace {

using timeline::normalize::Micros;

constexpr const char* kZones[] = {"UTC",           "Africa/Bamako", "Asia/Dubai",
                                  "Asia/Riyadh",   "Europe/Paris",  "America/New_York",
                                  "Asia/Kathmandu"};
constexpr size_t kHeader = 9;
// DateService.ParseDates' limit; libFuzzer's default inputs are far shorter anyway.
constexpr size_t kMaxText = 100'000;

constexpr int64_t kMinMicros = -62135596800LL * 1000000;
constexpr int64_t kMaxMicros = 253402300800LL * 1000000 - 1;

std::optional<Micros> Reference(const uint8_t* bytes) {
  uint64_t raw = 0;
  for (int i = 7; i >= 0; --i) raw = raw << 8 | bytes[i];
  if (raw == 0) return std::nullopt;
  const uint64_t span = static_cast<uint64_t>(kMaxMicros - kMinMicros) + 1;
  return Micros(std::chrono::microseconds(kMinMicros + static_cast<int64_t>(raw % span)));
}

size_t CodePointsBefore(std::string_view text, size_t byte) {
  size_t n = 0;
  for (size_t i = 0; i < byte; ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < kHeader || size - kHeader > kMaxText) return 0;
  timeline::normalize::DateContext context;
  context.time_zone = kZones[data[0] % std::size(kZones)];
  context.reference = Reference(data + 1);
  const std::string_view text(reinterpret_cast<const char*>(data + kHeader), size - kHeader);

  const std::vector<timeline::normalize::FoundDate> found =
      timeline::normalize::FindDates(text, context);
  size_t previous_end = 0;
  for (const timeline::normalize::FoundDate& f : found) {
    FUZZ_CHECK(f.begin_byte >= previous_end);
    FUZZ_CHECK(f.begin_byte < f.end_byte);
    FUZZ_CHECK(f.end_byte <= text.size());
    FUZZ_CHECK(f.parse.span.text == text.substr(f.begin_byte, f.end_byte - f.begin_byte));
    FUZZ_CHECK(f.begin_code_point == CodePointsBefore(text, f.begin_byte));
    FUZZ_CHECK(f.end_code_point == CodePointsBefore(text, f.end_byte));
    const timeline::normalize::DateSpan& span = f.parse.span;
    if (span.start && span.end) FUZZ_CHECK(*span.start < *span.end);
    if (!span.resolved()) FUZZ_CHECK(!f.parse.warnings.empty());
    previous_end = f.end_byte;
  }
  // A search that is never told to stop gives the same dates.
  const std::optional<std::vector<timeline::normalize::FoundDate>> unstopped =
      timeline::normalize::FindDatesUnlessStopped(text, context, [] { return false; });
  FUZZ_CHECK(unstopped.has_value() && unstopped->size() == found.size());
  return 0;
}
