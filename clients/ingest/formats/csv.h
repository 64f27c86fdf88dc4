// Streaming text readers: RFC 4180 CSV records and plain lines, one at a time, whatever the
// file's size.
//
// CsvReader:
// Fields are separated by the delimiter (',' by default); a field that starts with '"' is quoted
// and may hold delimiters, line breaks and doubled quotes ("" for "). Records end with LF, CRLF or
// a lone CR; a line break inside a quoted field is kept as LF (CRLF and CR become LF). A UTF-8
// byte-order mark at the very start is skipped. Blank lines are skipped.
// Lenient where real exports are sloppy, as Python's csv module is: a '"' inside an unquoted
// field is kept as is, and characters after a closing quote are appended to the field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace timeline::ingest {

struct CsvRecord {
  std::vector<std::string> fields;
  int64_t line = 0;   // 1-based physical line on which the record starts
  std::string error;  // set when the record is malformed (unterminated quote, too long)
};

class CsvReader {
 public:
  // A record longer than `max_record_bytes` (usually an unbalanced quote) is reported as an error
  // and skipped to the end of the physical line where the limit was reached, so memory stays
  // bounded.
  explicit CsvReader(std::istream& in, char delimiter = ',', size_t max_record_bytes = 1 << 20);

  // The next record; false at the end of the input. A malformed record comes back with `error`
  // set (and whatever fields were read).
  bool Next(CsvRecord* record);

  // The number of physical lines read so far.
  int64_t lines_read() const { return line_ - 1; }

 private:
  int Get();   // next byte or EOF; counts lines
  int Peek();  // next byte or EOF, not consumed

  std::streambuf* buf_;
  char delimiter_;
  size_t max_record_bytes_;
  int64_t line_ = 1;  // the line the next byte is on
  bool started_ = false;
};

// Physical lines without their LF, CRLF or CR; a UTF-8 byte-order mark at the start is skipped.
// A line longer than `max_line_bytes` comes back truncated with `too_long` set (the rest of it is
// skipped), so memory stays bounded.
class LineReader {
 public:
  explicit LineReader(std::istream& in, size_t max_line_bytes = 1 << 20);

  // The next line; false at the end of the input. `number` is 1-based.
  bool Next(std::string* line, int64_t* number, bool* too_long);

 private:
  std::streambuf* buf_;
  size_t max_line_bytes_;
  int64_t line_ = 0;
  bool started_ = false;
};

}  // namespace timeline::ingest
