// Checkpoints of timeline-ingest: per input file, how far its import got, in a small JSON file,
// so that the next run resumes after what landed and sends nothing twice.
//
// A checkpoint holds the last line whose batch the server committed and the SHA-256 of the file's
// bytes up to the end of that line. A run resumes after that line only when the file still starts
// with exactly those bytes (it was appended to); otherwise the file was replaced and its import
// starts over (records already there come back UNCHANGED by their external id).
//
// It also holds the batches in flight: lines sent whose answers have not all been seen, cut into
// the batches they were sent as. A resumed run sends exactly those batches again first, with the
// same request_ids, so a batch the server committed but whose answer was lost is answered from
// the server's memory of that request (AIP-155) instead of being written twice — which would
// duplicate records without an external id.
//
// `lineage` is a random id chosen when a file's import starts from scratch. It is part of every
// request_id, so a resumed import repeats the ids of the run it resumes while a fresh import of
// the same content is a new request that the server really processes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "content_hash.h"

namespace timeline::ingest {

struct Checkpoint {
  std::string file;           // the input's absolute path, for people reading checkpoints
  std::string lineage;        // see above; 32 hex digits
  int64_t line = 0;           // last line committed (0: none yet)
  int64_t bytes = 0;          // size of lines 1..line
  std::string prefix_sha256;  // SHA-256 of bytes [0, bytes)
  // The batches in flight, lines [pending_first_line, pending_last_line]; both 0 when none.
  int64_t pending_first_line = 0;
  int64_t pending_last_line = 0;
  // Where one batch in flight ends and the next begins: the last line of each but the last,
  // ascending, within [pending_first_line, pending_last_line). Empty with one batch in flight.
  std::vector<int64_t> pending_cuts;

  bool has_pending() const { return pending_last_line > 0; }
  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// A new lineage: 128 random bits as 32 hex digits.
std::string NewLineage();

// The checkpoint of a file is named after its absolute path: "<base name>.<hash of path>.json",
// readable in a listing and distinct for same-named files in different folders.
std::string CheckpointPath(const std::string& checkpoint_dir, const std::string& input_path);

std::string EncodeCheckpoint(const Checkpoint& checkpoint);
absl::StatusOr<Checkpoint> DecodeCheckpoint(absl::string_view json);

// The checkpoint at `path`; nullopt when there is none. A file that is not a checkpoint is an
// error naming it (better stop than silently re-import everything).
absl::StatusOr<std::optional<Checkpoint>> LoadCheckpoint(const std::string& path);

// Writes `checkpoint` so that `path` always holds either the previous or the new checkpoint,
// whole, even across a crash or power loss: temp file, fsync, rename, fsync of the folder.
absl::Status SaveCheckpoint(const std::string& path, const Checkpoint& checkpoint);
absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents);

struct ResumeDecision {
  bool resume = false;  // false: start the file over
  std::string reason;   // for the log
};

// Whether an import with `checkpoint` may resume on the first `size` bytes of the file at
// `path`: they must start with the committed bytes, unchanged, and those must end at a line end
// unless nothing was appended (a last line without '\n' may still have been growing).
ResumeDecision DecideResume(const Checkpoint& checkpoint, const std::string& path, int64_t size,
                            LineBreak line_break = {});

}  // namespace timeline::ingest
