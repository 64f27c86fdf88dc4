#include "checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "content_hash.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace timeline::ingest {
namespace {

// Version 2 adds pending_cuts, and is written only when there are some: a job built before them
// would read the batches in flight as one batch, under a request id the server never saw, and
// write them again. It refuses a version 2 checkpoint instead.
constexpr int kCheckpointVersion = 1;
constexpr int kCheckpointVersionWithCuts = 2;

std::string JsonString(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      absl::StrAppend(&out, "\\", std::string(1, c));
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppendFormat(&out, "\\u%04x", static_cast<unsigned char>(c));
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

std::string SafeFileName(const std::string& name) {
  std::string safe = name.substr(0, 100);
  for (char& c : safe) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') {
      c = '_';
    }
  }
  return safe;
}

using Fields = google::protobuf::Map<std::string, google::protobuf::Value>;

absl::StatusOr<std::string> StringField(const Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  if (it == fields.end() || !it->second.has_string_value()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is missing or not a string"));
  }
  return it->second.string_value();
}

// `value` as a whole number of at least `min` that a double holds exactly; none otherwise.
std::optional<int64_t> WholeNumber(const google::protobuf::Value& value, double min) {
  const double number = value.number_value();
  if (!value.has_number_value() || number < min || number != std::floor(number) || number > 9e15) {
    return std::nullopt;
  }
  return static_cast<int64_t>(number);
}

// Line numbers in ascending order; a missing list is empty (one batch in flight, or none).
absl::StatusOr<std::vector<int64_t>> LinesField(const Fields& fields, const std::string& name) {
  std::vector<int64_t> lines;
  auto it = fields.find(name);
  if (it == fields.end()) return lines;
  const absl::Status not_lines =
      absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is not a list of line numbers"));
  if (!it->second.has_list_value()) return not_lines;
  for (const google::protobuf::Value& value : it->second.list_value().values()) {
    const std::optional<int64_t> line = WholeNumber(value, 1);
    if (!line) return not_lines;
    lines.push_back(*line);
  }
  return lines;
}

// A missing number is 0: checkpoints leave out an absent batch in flight.
absl::StatusOr<int64_t> CountField(const Fields& fields, const std::string& name) {
  auto it = fields.find(name);
  if (it == fields.end()) return 0;
  const std::optional<int64_t> count = WholeNumber(it->second, 0);
  if (!count) return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is not a count"));
  return *count;
}

absl::Status CheckConsistent(const Checkpoint& c) {
  if (c.lineage.empty()) return absl::InvalidArgumentError("\"lineage\" is empty");
  if (c.prefix_sha256.size() != 64) {
    return absl::InvalidArgumentError("\"prefix_sha256\" is not a SHA-256");
  }
  if ((c.pending_first_line == 0) != (c.pending_last_line == 0) ||
      c.pending_first_line > c.pending_last_line ||
      (c.has_pending() && c.pending_first_line != c.line + 1)) {
    return absl::InvalidArgumentError("the batch in flight does not follow the committed lines");
  }
  int64_t previous = c.pending_first_line - 1;
  for (int64_t cut : c.pending_cuts) {
    if (cut <= previous || cut >= c.pending_last_line) {
      return absl::InvalidArgumentError("\"pending_cuts\" do not cut the lines in flight");
    }
    previous = cut;
  }
  return absl::OkStatus();
}

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  return absl::ErrnoToStatus(errno, absl::StrCat(what, " ", path));
}

absl::Status WriteAll(int fd, absl::string_view contents, const std::string& path) {
  while (!contents.empty()) {
    const ssize_t n = write(fd, contents.data(), contents.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError("cannot write", path);
    contents.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

// The rename is only durable once the folder's entry is on disk.
absl::Status SyncFolderOf(const std::string& path) {
  const std::string folder = std::filesystem::path(path).parent_path().string();
  const int fd = open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open folder of", path);
  const bool synced = fsync(fd) == 0;
  close(fd);
  return synced ? absl::OkStatus() : ErrnoError("cannot sync folder of", path);
}

}  // namespace

std::string NewLineage() {
  std::random_device random;
  std::string lineage;
  for (int i = 0; i < 4; ++i) absl::StrAppendFormat(&lineage, "%08x", random());
  return lineage;
}

std::string CheckpointPath(const std::string& checkpoint_dir, const std::string& input_path) {
  const std::filesystem::path absolute = std::filesystem::absolute(input_path).lexically_normal();
  const std::string name = absl::StrCat(SafeFileName(absolute.filename().string()), ".",
                                        Sha256Hex(absolute.string()).substr(0, 16), ".json");
  return (std::filesystem::path(checkpoint_dir) / name).string();
}

std::string EncodeCheckpoint(const Checkpoint& c) {
  std::string json = absl::StrFormat(
      "{\n  \"version\": %d,\n  \"file\": %s,\n  \"lineage\": %s,\n  \"line\": %d,\n"
      "  \"bytes\": %d,\n  \"prefix_sha256\": %s",
      c.pending_cuts.empty() ? kCheckpointVersion : kCheckpointVersionWithCuts, JsonString(c.file),
      JsonString(c.lineage), c.line, c.bytes, JsonString(c.prefix_sha256));
  if (c.has_pending()) {
    absl::StrAppendFormat(&json, ",\n  \"pending_first_line\": %d,\n  \"pending_last_line\": %d",
                          c.pending_first_line, c.pending_last_line);
  }
  if (!c.pending_cuts.empty()) {
    absl::StrAppend(&json, ",\n  \"pending_cuts\": [", absl::StrJoin(c.pending_cuts, ", "), "]");
  }
  return json + "\n}\n";
}

absl::StatusOr<Checkpoint> DecodeCheckpoint(absl::string_view json) {
  google::protobuf::Struct root;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json), &root).ok()) {
    return absl::InvalidArgumentError("not a JSON object");
  }
  const Fields& fields = root.fields();
  absl::StatusOr<int64_t> version = CountField(fields, "version");
  if (!version.ok() || *version < kCheckpointVersion || *version > kCheckpointVersionWithCuts) {
    return absl::InvalidArgumentError(absl::StrCat("not a version ", kCheckpointVersion, " or ",
                                                   kCheckpointVersionWithCuts, " checkpoint"));
  }
  Checkpoint c;
  absl::StatusOr<std::string> file = StringField(fields, "file");
  absl::StatusOr<std::string> lineage = StringField(fields, "lineage");
  absl::StatusOr<std::string> prefix = StringField(fields, "prefix_sha256");
  absl::StatusOr<int64_t> line = CountField(fields, "line");
  absl::StatusOr<int64_t> bytes = CountField(fields, "bytes");
  absl::StatusOr<int64_t> first = CountField(fields, "pending_first_line");
  absl::StatusOr<int64_t> last = CountField(fields, "pending_last_line");
  absl::StatusOr<std::vector<int64_t>> cuts = LinesField(fields, "pending_cuts");
  for (const absl::Status& s : {file.status(), lineage.status(), prefix.status(), line.status(),
                                bytes.status(), first.status(), last.status(), cuts.status()}) {
    if (!s.ok()) return s;
  }
  c.file = *file;
  c.lineage = *lineage;
  c.prefix_sha256 = *prefix;
  c.line = *line;
  c.bytes = *bytes;
  c.pending_first_line = *first;
  c.pending_last_line = *last;
  c.pending_cuts = *std::move(cuts);
  if (absl::Status s = CheckConsistent(c); !s.ok()) return s;
  return c;
}

absl::StatusOr<std::optional<Checkpoint>> LoadCheckpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return std::nullopt;
    return ErrnoError("cannot read checkpoint", path);
  }
  std::stringstream contents;
  contents << in.rdbuf();
  absl::StatusOr<Checkpoint> checkpoint = DecodeCheckpoint(contents.str());
  if (!checkpoint.ok()) {
    return absl::DataLossError(absl::StrCat("checkpoint ", path, ": ",
                                            checkpoint.status().message(),
                                            " (remove it to import the file from the start)"));
  }
  return *checkpoint;
}

absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents) {
  const std::string temp = absl::StrCat(path, ".tmp.", getpid());
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", temp);
  absl::Status written = WriteAll(fd, contents, temp);
  if (written.ok() && fsync(fd) != 0) written = ErrnoError("cannot sync", temp);
  if (close(fd) != 0 && written.ok()) written = ErrnoError("cannot close", temp);
  if (written.ok() && rename(temp.c_str(), path.c_str()) != 0) {
    written = ErrnoError("cannot rename to", path);
  }
  if (!written.ok()) {
    unlink(temp.c_str());
    return written;
  }
  return SyncFolderOf(path);
}

absl::Status SaveCheckpoint(const std::string& path, const Checkpoint& checkpoint) {
  return WriteFileAtomically(path, EncodeCheckpoint(checkpoint));
}

ResumeDecision DecideResume(const Checkpoint& checkpoint, const std::string& path, int64_t size,
                            LineBreak line_break) {
  if (checkpoint.bytes > size) {
    return {false, absl::StrCat("the file is shorter than the ", checkpoint.bytes,
                                " bytes imported before: starting over")};
  }
  absl::StatusOr<std::unique_ptr<LineHasher>> hasher =
      LineHasher::Open(path, checkpoint.bytes, line_break);
  if (!hasher.ok()) return {false, std::string(hasher.status().message())};
  (*hasher)->AdvanceTo(checkpoint.line);
  if ((*hasher)->bytes() != checkpoint.bytes ||
      (*hasher)->PrefixDigest() != checkpoint.prefix_sha256) {
    return {false, absl::StrCat("lines 1-", checkpoint.line,
                                " changed since they were imported: starting over")};
  }
  if (!(*hasher)->at_line_start() && size > checkpoint.bytes) {
    return {false, absl::StrCat("line ", checkpoint.line,
                                " had no line end and the file grew: starting over")};
  }
  if (checkpoint.line == 0) return {true, "resuming from the start"};
  return {true,
          absl::StrCat("lines 1-", checkpoint.line, " already imported: resuming after them")};
}

}  // namespace timeline::ingest
