// Fuzzes the streaming CSV and line readers the ingest job's formats are built on
// (clients/ingest/formats/csv.h), with small record limits so the resynchronization after an
// overlong record is exercised too.
//
// Input layout: byte 0 picks the delimiter, byte 1 the record (and line) limit; the rest is the
// file.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "formats/csv.h"
#include "fuzz_check.h"

namespace {

using timeline::ingest::CsvReader;
using timeline::ingest::CsvRecord;
using timeline::ingest::LineReader;

void ReadRecords(const std::string& text, char delimiter, size_t limit) {
  std::istringstream in(text);
  CsvReader reader(in, delimiter, limit);
  CsvRecord record;
  int64_t last_line = 0;
  while (reader.Next(&record)) {
    FUZZ_CHECK(record.line > last_line);
    last_line = record.line;
    FUZZ_CHECK(reader.lines_read() >= record.line - 1);
    if (!record.error.empty()) continue;
    FUZZ_CHECK(!record.fields.empty());
    size_t bytes = 0;
    for (const std::string& field : record.fields) bytes += field.size();
    FUZZ_CHECK(bytes <= limit);
  }
}

void ReadLines(const std::string& text, size_t limit) {
  std::istringstream in(text);
  LineReader reader(in, limit);
  std::string line;
  int64_t number = 0;
  int64_t last = 0;
  bool too_long = false;
  while (reader.Next(&line, &number, &too_long)) {
    FUZZ_CHECK(number == last + 1);
    last = number;
    FUZZ_CHECK(line.size() <= limit);
    FUZZ_CHECK(line.find('\n') == std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  constexpr char kDelimiters[] = {',', '\t', ';', '|'};
  const char delimiter = kDelimiters[data[0] % 4];
  const size_t limit = 1 + data[1] * 16;
  const std::string text(reinterpret_cast<const char*>(data + 2), size - 2);
  ReadRecords(text, delimiter, limit);
  ReadLines(text, limit);
  return 0;
}
