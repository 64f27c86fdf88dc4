#include "input_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace timeline::ingest {
namespace {

// Enough of a first line to recognize a header; a longer one is cut, not read whole.
constexpr std::streamsize kMaxFirstLine = 1 << 16;

std::string ReadFirstLine(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line(kMaxFirstLine, '\0');
  in.getline(line.data(), kMaxFirstLine);
  line.resize(std::strlen(line.c_str()));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

absl::StatusOr<InputFile> OpenInputFile(const std::string& path, std::optional<Format> format) {
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
  InputFile file{path, static_cast<int64_t>(info.st_size), Format::kJsonLines};
  if (format.has_value()) {
    file.format = *format;
    return file;
  }
  absl::StatusOr<Format> detected = DetectFormat(path, ReadFirstLine(path));
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
