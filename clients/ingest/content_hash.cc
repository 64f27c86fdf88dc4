#include "content_hash.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace timeline::ingest {

struct Sha256::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : context_(std::make_unique<Context>()) { Reset(); }

Sha256::~Sha256() = default;

void Sha256::Reset() { EVP_DigestInit_ex(context_->ctx, EVP_sha256(), nullptr); }

void Sha256::Update(absl::string_view bytes) {
  EVP_DigestUpdate(context_->ctx, bytes.data(), bytes.size());
}

std::string Sha256::HexDigest() const {
  // Finalizing consumes a context; finalize a copy so the running hash goes on.
  Context copy;
  EVP_MD_CTX_copy_ex(copy.ctx, context_->ctx);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(copy.ctx, digest, &length);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), static_cast<size_t>(length)));
}

std::string Sha256Hex(absl::string_view bytes) {
  Sha256 hash;
  hash.Update(bytes);
  return hash.HexDigest();
}

absl::StatusOr<std::unique_ptr<LineHasher>> LineHasher::Open(const std::string& path, int64_t size,
                                                             LineBreak line_break) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  return std::unique_ptr<LineHasher>(new LineHasher(std::move(in), size, line_break));
}

bool LineHasher::FillBuffer() {
  constexpr int64_t kChunk = 1 << 16;
  const int64_t want = std::min(kChunk, remaining_);
  buffer_.resize(static_cast<size_t>(want));
  in_.read(buffer_.data(), want);
  const int64_t got = in_.gcount();
  buffer_.resize(static_cast<size_t>(got));
  buffer_pos_ = 0;
  // A file that shrank below its snapshot size simply ends early.
  remaining_ = got < want ? 0 : remaining_ - got;
  return got > 0;
}

// Chunks are read at offsets that are multiples of the chunk size, itself a multiple of every
// unit width, so a code unit never straddles two chunks and alignment within the buffer is
// alignment in the file.
size_t LineHasher::FindLineEnd() const {
  const size_t width = static_cast<size_t>(line_break_.unit_width);
  // Where 0x0A sits within a unit holding U+000A.
  const size_t low_byte = line_break_.big_endian ? width - 1 : 0;
  for (size_t at = buffer_.find('\n', buffer_pos_); at != std::string::npos;
       at = buffer_.find('\n', at + 1)) {
    if (at % width != low_byte) continue;
    const size_t unit = at - low_byte;
    if (unit + width > buffer_.size()) return std::string::npos;
    bool is_line_feed = true;
    for (size_t i = 0; i < width; ++i) {
      if (i != low_byte && buffer_[unit + i] != '\0') is_line_feed = false;
    }
    if (is_line_feed) return unit + width;
  }
  return std::string::npos;
}

bool LineHasher::PassLine() {
  bool passed_any = false;
  while (true) {
    if (buffer_pos_ == buffer_.size() && !FillBuffer()) break;
    const size_t line_end = FindLineEnd();
    const size_t newline = line_end == std::string::npos ? std::string::npos : line_end - 1;
    const size_t end = newline == std::string::npos ? buffer_.size() : newline + 1;
    const absl::string_view piece(buffer_.data() + buffer_pos_, end - buffer_pos_);
    prefix_.Update(piece);
    span_.Update(piece);
    bytes_ += static_cast<int64_t>(piece.size());
    buffer_pos_ = end;
    passed_any = true;
    if (newline != std::string::npos) {
      at_line_start_ = true;
      return true;
    }
    at_line_start_ = false;
  }
  return passed_any;
}

int64_t LineHasher::AdvanceTo(int64_t line) {
  while (line_ < line && PassLine()) ++line_;
  return line_;
}

int64_t LineHasher::AdvanceToEnd() {
  while (PassLine()) ++line_;
  return line_;
}

std::string LineHasher::TakeSpanDigest() {
  std::string digest = span_.HexDigest();
  span_.Reset();
  return digest;
}

}  // namespace timeline::ingest
