// Fuzzes the ingest job's reader of JSON Lines of IngestRecord (proto JSON): any bytes read to the
// end without a crash, every malformed record an error item (tests/fuzz/format_fuzzing.h).
#include <cstddef>
#include <cstdint>

#include "format_fuzzing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  timeline::ingest::fuzzing::ReadToEnd(timeline::ingest::Format::kJsonLines, data, size);
  return 0;
}
