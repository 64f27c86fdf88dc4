// An input file as one run of timeline-ingest sees it: the bytes it had when the run opened it,
// their encoding and its format.
//
// Reading only the bytes present at the start keeps the records a reader yields, the lines a
// checkpoint hashes and the request ids in agreement even while a producer appends to the file;
// whatever is appended meanwhile waits for the next run.
#pragma once

#include <cstdint>
#include <fstream>
#include <istream>
#include <optional>
#include <streambuf>
#include <string>

#include "absl/status/statusor.h"
#include "content_hash.h"
#include "formats/record_reader.h"
#include "text_encoding.h"

namespace timeline::ingest {

struct InputFile {
  std::string path;  // as given on the command line, for messages
  int64_t size = 0;  // the snapshot: bytes [0, size) are read
  Format format = Format::kJsonLines;
  TextEncoding encoding;
};

// Checks that `path` is a readable regular file, notes its size and settles its encoding
// (`encoding` when named, else detected from the first bytes) and its format (`format` when
// given, else detected from the name and the decoded first line). INVALID_ARGUMENT or NOT_FOUND
// naming the file otherwise.
absl::StatusOr<InputFile> OpenInputFile(const std::string& path, std::optional<Format> format,
                                        std::optional<std::string> encoding = std::nullopt);

// How lines end in the file's raw bytes, for LineHasher.
inline LineBreak LineBreakOf(const InputFile& file) {
  return {file.encoding.unit_width, file.encoding.big_endian};
}

// The raw bytes of an input file's snapshot as a stream (DecodedStream decodes them).
class SnapshotStream : public std::istream {
 public:
  explicit SnapshotStream(const InputFile& file);
  bool is_open() const { return buffer_.is_open(); }

 private:
  // A read-only buffer over a file that ends after `limit` bytes.
  class LimitedBuffer : public std::streambuf {
   public:
    LimitedBuffer(const std::string& path, int64_t limit);
    bool is_open() const { return file_.is_open(); }

   protected:
    int_type underflow() override;

   private:
    std::filebuf file_;
    int64_t remaining_;
    char chunk_[1 << 16];
  };

  LimitedBuffer buffer_;
};

}  // namespace timeline::ingest
