// An input file as one run of timeline-ingest sees it: the bytes it had when the run opened it,
// and its format.
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
#include "formats/record_reader.h"

namespace timeline::ingest {

struct InputFile {
  std::string path;  // as given on the command line, for messages
  int64_t size = 0;  // the snapshot: bytes [0, size) are read
  Format format = Format::kJsonLines;
};

// Checks that `path` is a readable regular file, notes its size and settles its format: `format`
// when given, else detected from the name and the first line. INVALID_ARGUMENT or NOT_FOUND
// naming the file otherwise.
absl::StatusOr<InputFile> OpenInputFile(const std::string& path, std::optional<Format> format);

// The snapshot of an input file as a stream, for a RecordReader.
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
