// What the fuzz targets of the ingest job's format readers (clients/ingest/formats) share: read
// the input to its end as one format and check what every reader promises of its items.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include "formats/record_reader.h"
#include "fuzz_check.h"

namespace timeline::ingest::fuzzing {

// Items come in file order, one per record, each with a 1-based line; an error says what is
// wrong; event formats yield events and the gazetteer yields places.
inline void ReadToEnd(Format format, const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::unique_ptr<RecordReader> reader = OpenReader(format, in);
  ReadItem item;
  int64_t last_line = 0;
  while (reader->Next(&item)) {
    FUZZ_CHECK(item.line > last_line);
    last_line = item.line;
    switch (item.kind) {
      case ReadItem::Kind::kError:
        FUZZ_CHECK(!item.error.empty());
        break;
      case ReadItem::Kind::kEvent:
        FUZZ_CHECK(!YieldsPlaces(format));
        break;
      case ReadItem::Kind::kPlace:
        FUZZ_CHECK(YieldsPlaces(format));
        break;
    }
  }
}

}  // namespace timeline::ingest::fuzzing
