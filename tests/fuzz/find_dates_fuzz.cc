// Fuzzes finding dates in running text (normalize/date/date_extraction.h), as
// DateService.ParseDates and ingestion call it: any text, in any of a few zones, with or without
// a publication time, gives dates in the order written, none overlapping, each pointing at its
// own words in bytes and in code points, never a crash.
//
// Input layout: date_input.h.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "date_input.h"
#include "fuzz_check.h"
#include "normalize/date/date_extraction.h"

namespace {

// DateService.ParseDates' limit; libFuzzer's default inputs are far shorter anyway.
constexpr size_t kMaxText = 100'000;

size_t CodePointsBefore(std::string_view text, size_t byte) {
  size_t n = 0;
  for (size_t i = 0; i < byte; ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::optional<timeline::fuzzing::DateInput> in =
      timeline::fuzzing::ReadDateInput(data, size);
  if (!in || in->text.size() > kMaxText) return 0;
  const timeline::normalize::DateContext& context = in->context;
  const std::string_view text = in->text;

  // One search per input (it is the costly part). For inputs whose first byte has its top bit
  // set, it is told to stop at its first question: it ends without dates, or with all of them
  // when it read too few windows to ask.
  const bool stop_at_once = (data[0] & 0x80) != 0;
  const std::optional<std::vector<timeline::normalize::FoundDate>> search =
      timeline::normalize::FindDatesUnlessStopped(text, context,
                                                  [stop_at_once] { return stop_at_once; });
  if (!search) {
    FUZZ_CHECK(stop_at_once);
    return 0;
  }
  const std::vector<timeline::normalize::FoundDate>& found = *search;
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
    // The search reads windows from the text's own tokens; the words alone read the same.
    const timeline::normalize::DateParse alone =
        timeline::normalize::ParseDateExpression(span.text, context);
    FUZZ_CHECK(alone.span.start == span.start && alone.span.end == span.end &&
               alone.span.precision == span.precision && alone.warnings == f.parse.warnings);
    previous_end = f.end_byte;
  }
  return 0;
}
