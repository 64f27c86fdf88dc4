// An input file's snapshot (input_file.h) decoded from its encoding (text_encoding.h) to UTF-8,
// as a stream for the format readers.
//
// ICU converts the bytes; a sequence that is invalid or has no character in the encoding becomes
// U+FFFD in the stream and is noted against its line, so that the job can report
// "FILE:LINE: invalid …" and leave out the record holding it, and only that record.
#pragma once

#include <unicode/ucnv.h>

#include <cstdint>
#include <istream>
#include <map>
#include <memory>
#include <streambuf>
#include <string>
#include <vector>

#include "input_file.h"

namespace timeline::ingest {

class DecodedStream : public std::istream {
 public:
  // Decodes bytes [0, size) of `path` (after any byte-order mark) as `encoding`.
  DecodedStream(const std::string& path, int64_t size, const TextEncoding& encoding);
  explicit DecodedStream(const InputFile& file)
      : DecodedStream(file.path, file.size, file.encoding) {}

  // Lines (1-based, as readers count them) decoded so far that held a sequence invalid in the
  // encoding, each with a description of its first one, e.g. "invalid windows-1252 byte 0x81".
  const std::map<int64_t, std::string>& invalid_lines() const { return buffer_.invalid_lines(); }

  // The converting buffer; public only so that ICU's callback can reach it.
  class Utf8Buffer : public std::streambuf {
   public:
    Utf8Buffer(const std::string& path, int64_t size, const TextEncoding& encoding);
    ~Utf8Buffer() override;
    bool ok() const { return converter_ != nullptr && raw_.is_open(); }
    const std::map<int64_t, std::string>& invalid_lines() const { return invalid_lines_; }

    // Where in the UTF-16 output of the current conversion call an invalid sequence was met.
    struct Invalid {
      int64_t offset;
      std::string description;
    };
    const UChar* target_start() const { return target_start_; }
    void NoteInvalid(int64_t offset, std::string description) {
      pending_.push_back({offset, std::move(description)});
    }
    const std::string& encoding_name() const { return encoding_name_; }

   protected:
    int_type underflow() override;

   private:
    // Converts the next chunk of raw bytes into utf8_; false at the end.
    bool DecodeChunk();
    void AppendUtf8(const UChar* begin, const UChar* end);

    InputFile raw_file_;
    SnapshotStream raw_;
    const std::string encoding_name_;
    UConverter* converter_ = nullptr;
    bool flushed_ = false;
    std::vector<char> raw_chunk_;
    std::vector<UChar> utf16_;
    const UChar* target_start_ = nullptr;
    std::vector<Invalid> pending_;
    std::string utf8_;
    int64_t line_ = 1;  // the line the next decoded character belongs to
    std::map<int64_t, std::string> invalid_lines_;
  };

 private:
  Utf8Buffer buffer_;
};

}  // namespace timeline::ingest
