#include "input_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "decoded_stream.h"

namespace timeline::ingest {
namespace {

// Enough of a file to settle its encoding and recognize a header; a longer first line is cut,
// not read whole.
constexpr int64_t kHeadBytes = 1 << 16;

std::string ReadHead(const std::string& path, int64_t size) {
  std::ifstream in(path, std::ios::binary);
  std::string head(static_cast<size_t>(std::min(size, kHeadBytes)), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(std::max<std::streamsize>(0, in.gcount())));
  return head;
}

std::string ReadFirstLine(const InputFile& file) {
  DecodedStream in(file.path, std::min(file.size, kHeadBytes), file.encoding);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

absl::StatusOr<TextEncoding> SettleEncoding(const std::string& path, int64_t size,
                                            const std::optional<std::string>& named) {
  const std::string head = ReadHead(path, size);
  if (!named.has_value()) return DetectEncoding(head);
  absl::StatusOr<TextEncoding> encoding = NamedEncoding(*named, head);
  if (!encoding.ok()) return absl::InvalidArgumentError(encoding.status().message());
  return encoding;
}

}  // namespace

absl::StatusOr<InputFile> OpenInputFile(const std::string& path, std::optional<Format> format,
                                        std::optional<std::string> encoding) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    return absl::NotFoundError(absl::StrCat(path, ": ", std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a regular file"));
  }
  if (!std::ifstream(path, std::ios::binary)) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  InputFile file{path, static_cast<int64_t>(info.st_size), Format::kJsonLines, {}};
  absl::StatusOr<TextEncoding> settled = SettleEncoding(path, file.size, encoding);
  if (!settled.ok()) return settled.status();
  file.encoding = *std::move(settled);
  if (format.has_value()) {
    file.format = *format;
    return file;
  }
  absl::StatusOr<Format> detected = DetectFormat(path, ReadFirstLine(file));
  if (!detected.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", detected.status().message(), " (name the format with --format)"));
  }
  file.format = *detected;
  return file;
}

SnapshotStream::SnapshotStream(const InputFile& file)
    : std::istream(nullptr), buffer_(file.path, file.size) {
  rdbuf(&buffer_);
  if (!buffer_.is_open()) setstate(std::ios::badbit);
}

SnapshotStream::LimitedBuffer::LimitedBuffer(const std::string& path, int64_t limit)
    : remaining_(limit) {
  file_.open(path, std::ios::in | std::ios::binary);
}

SnapshotStream::LimitedBuffer::int_type SnapshotStream::LimitedBuffer::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (remaining_ <= 0 || !file_.is_open()) return traits_type::eof();
  const std::streamsize want =
      static_cast<std::streamsize>(std::min<int64_t>(sizeof(chunk_), remaining_));
  const std::streamsize got = file_.sgetn(chunk_, want);
  if (got <= 0) {
    remaining_ = 0;
    return traits_type::eof();
  }
  remaining_ -= got;
  setg(chunk_, chunk_, chunk_ + got);
  return traits_type::to_int_type(*gptr());
}

}  // namespace timeline::ingest
