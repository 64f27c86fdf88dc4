// Fuzzes the ingest job's reader of GeoNames gazetteer dumps (19 tab-separated columns): any bytes
// read to the end without a crash, every malformed record an error item
// (tests/fuzz/format_fuzzing.h).
#include <cstddef>
#include <cstdint>

#include "format_fuzzing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  timeline::ingest::fuzzing::ReadToEnd(timeline::ingest::Format::kGeoNames, data, size);
  return 0;
}
