#include "formats/csv.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace timeline::ingest {
namespace {

constexpr int kEof = std::char_traits<char>::eof();

}  // namespace

CsvReader::CsvReader(std::istream& in, char delimiter, size_t max_record_bytes)
    : buf_(in.rdbuf()), delimiter_(delimiter), max_record_bytes_(max_record_bytes) {}

int CsvReader::Peek() { return buf_ == nullptr ? kEof : buf_->sgetc(); }

int CsvReader::Get() {
  if (buf_ == nullptr) return kEof;
  const int c = buf_->sbumpc();
  if (c == '\n') {
    ++line_;
  } else if (c == '\r') {
    // CRLF is one line break; a lone CR is one too.
    if (buf_->sgetc() == '\n') {
      buf_->sbumpc();
      ++line_;
      return '\n';
    }
    ++line_;
    return '\n';
  }
  return c;
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  record->error.clear();
  if (!started_) {
    started_ = true;
    // A UTF-8 byte-order mark.
    if (Peek() == 0xEF) {
      buf_->sbumpc();
      if (Peek() == 0xBB) {
        buf_->sbumpc();
        if (Peek() == 0xBF) buf_->sbumpc();
      }
    }
  }
  for (;;) {
    // Skip blank lines.
    while (Peek() == '\n' || Peek() == '\r') Get();
    if (Peek() == kEof) return false;

    record->line = line_;
    size_t bytes = 0;
    std::string field;
    bool too_long = false;
    for (;;) {
      field.clear();
      int c = Peek();
      bool end_of_record = false;
      if (c == '"') {
        Get();
        const int64_t opened = line_;
        for (;;) {
          c = Get();
          if (c == kEof) {
            record->error =
                absl::StrCat("unterminated quoted field (the quote opens on line ", opened, ")");
            record->fields.push_back(std::move(field));
            return true;
          }
          if (c == '"') {
            if (Peek() == '"') {
              Get();
              field.push_back('"');
              if (++bytes > max_record_bytes_) {
                too_long = true;
                break;
              }
              continue;
            }
            break;  // closing quote
          }
          // Raw CR/LF inside quotes: Get() folded CRLF and CR to '\n'.
          field.push_back(static_cast<char>(c));
          if (++bytes > max_record_bytes_) {
            too_long = true;
            break;
          }
        }
      }
      if (!too_long) {
        // Unquoted text, or what follows a closing quote.
        for (;;) {
          c = Peek();
          if (c == kEof) {
            end_of_record = true;
            break;
          }
          if (c == delimiter_) {
            Get();
            break;
          }
          if (c == '\n' || c == '\r') {
            Get();
            end_of_record = true;
            break;
          }
          Get();
          field.push_back(static_cast<char>(c));
          if (++bytes > max_record_bytes_) {
            too_long = true;
            break;
          }
        }
      }
      if (too_long) {
        record->fields.clear();
        record->error = absl::StrCat("record is longer than ", max_record_bytes_,
                                     " bytes (an unbalanced quote?)");
        // Resynchronize at the next physical line.
        for (int d = Get(); d != kEof && d != '\n'; d = Get()) {
        }
        return true;
      }
      record->fields.push_back(std::move(field));
      field = std::string();
      if (end_of_record) break;
    }
    return true;
  }
}

LineReader::LineReader(std::istream& in, size_t max_line_bytes)
    : buf_(in.rdbuf()), max_line_bytes_(max_line_bytes) {}

bool LineReader::Next(std::string* line, int64_t* number, bool* too_long) {
  line->clear();
  *too_long = false;
  if (buf_ == nullptr) return false;
  if (!started_) {
    started_ = true;
    if (buf_->sgetc() == 0xEF) {
      buf_->sbumpc();
      if (buf_->sgetc() == 0xBB) {
        buf_->sbumpc();
        if (buf_->sgetc() == 0xBF) buf_->sbumpc();
      }
    }
  }
  int c = buf_->sbumpc();
  if (c == kEof) return false;
  *number = ++line_;
  for (; c != kEof; c = buf_->sbumpc()) {
    if (c == '\n') break;
    if (c == '\r') {
      if (buf_->sgetc() == '\n') buf_->sbumpc();
      break;
    }
    if (line->size() < max_line_bytes_) {
      line->push_back(static_cast<char>(c));
    } else {
      *too_long = true;
    }
  }
  return true;
}

}  // namespace timeline::ingest
