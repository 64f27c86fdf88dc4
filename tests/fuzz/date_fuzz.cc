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

#include "date_input.h"
#include "fuzz_check.h"
#include "normalize/date/date_expression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::optional<timeline::fuzzing::DateInput> in =
      timeline::fuzzing::ReadDateInput(data, size);
  if (!in) return 0;
  const timeline::normalize::DateContext& context = in->context;
  const std::string_view text = in->text;

  const timeline::normalize::DateParse parse =
      timeline::normalize::ParseDateExpression(text, context);
  const timeline::normalize::DateSpan& span = parse.span;
  FUZZ_CHECK(span.text == text);
  if (span.start && span.end) FUZZ_CHECK(*span.start < *span.end);
  if (!span.resolved()) FUZZ_CHECK(!parse.warnings.empty());
  return 0;
}
