// Stable content hashes for timeline-ingest: SHA-256 of file prefixes (checkpoints) and of the
// lines a batch covers (request ids). Stable means the same bytes give the same digest in every
// build and process, which std::hash and absl::Hash do not promise.
//
//   LineHasher hasher(path, size);
//   hasher.AdvanceTo(1000);                   // lines 1..1000
//   std::string batch = hasher.TakeSpanDigest();  // of lines 1..1000
//   std::string prefix = hasher.PrefixDigest();   // of bytes [0, hasher.bytes())
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace timeline::ingest {

// An incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(absl::string_view bytes);
  // The digest of everything passed so far, as 64 lower-case hex digits. Updating may go on.
  std::string HexDigest() const;
  // Starts over, as if newly constructed.
  void Reset();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

// SHA-256 of `bytes`, as 64 lower-case hex digits.
std::string Sha256Hex(absl::string_view bytes);

// How a line ends in a file's raw bytes: after byte 0x0A (UTF-8 and the legacy encodings), or
// after the code unit U+000A of UTF-16 or UTF-32 in their byte order.
struct LineBreak {
  int unit_width = 1;  // 1, 2 or 4
  bool big_endian = false;
};

// Walks the first `size` bytes of a file line by line, hashing what it passes. A line ends after
// its line break; a last line without one still counts as a line, as readers count it.
class LineHasher {
 public:
  // Fails when the file cannot be opened.
  static absl::StatusOr<std::unique_ptr<LineHasher>> Open(const std::string& path, int64_t size,
                                                          LineBreak line_break = {});

  // Passes lines until `line` lines have been passed in all, or the end comes first. Never goes
  // back. Returns the number of lines passed in all.
  int64_t AdvanceTo(int64_t line);
  int64_t AdvanceToEnd();

  int64_t line() const { return line_; }
  int64_t bytes() const { return bytes_; }
  // Whether the last byte passed is '\n' (true at the start).
  bool at_line_start() const { return at_line_start_; }
  // SHA-256 of the bytes [0, bytes()).
  std::string PrefixDigest() const { return prefix_.HexDigest(); }
  // SHA-256 of the bytes passed since the previous call (or the start); starts the next span.
  std::string TakeSpanDigest();

 private:
  LineHasher(std::ifstream in, int64_t size, LineBreak line_break)
      : in_(std::move(in)), remaining_(size), line_break_(line_break) {}
  // Passes bytes up to and including the next line break, or to the end. False when nothing was
  // left.
  bool PassLine();
  // The index in buffer_ just past the first line break at or after buffer_pos_, or npos.
  size_t FindLineEnd() const;
  bool FillBuffer();

  std::ifstream in_;
  int64_t remaining_;  // bytes of the snapshot not yet read into buffer_
  const LineBreak line_break_;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  int64_t line_ = 0;
  int64_t bytes_ = 0;
  bool at_line_start_ = true;
  Sha256 prefix_;
  Sha256 span_;
};

}  // namespace timeline::ingest
