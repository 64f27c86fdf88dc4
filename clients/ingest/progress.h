// What timeline-ingest tells the person or log watching it: problems as "FILE:LINE: ..." lines,
// progress (one refreshing line on a terminal, one line per batch in a log), and a summary.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace timeline::ingest {

struct Counts {
  int64_t records = 0;  // records sent and answered
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  int64_t malformed = 0;                    // lines the readers could not read
  std::map<std::string, int64_t> warnings;  // by code

  void Add(const Counts& other);
  // "990 created, 0 updated, 0 unchanged, 10 rejected"
  std::string Outcomes() const;
};

// Lines from several threads (a retry said while another batch is reported) come out whole.
class Progress {
 public:
  using Clock = std::function<absl::Time()>;
  // `terminal`: `out` is a terminal, where a single progress line is redrawn in place.
  Progress(std::ostream& out, bool terminal, Clock now = absl::Now);

  // A line of its own: a problem, a retry, a decision. Clears the progress line first.
  void Say(absl::string_view line);
  // A batch of lines [first_line, last_line] of `file` came back with `batch`; `totals` holds
  // everything so far, this batch included.
  void BatchDone(absl::string_view file, int64_t first_line, int64_t last_line, const Counts& batch,
                 const Counts& totals);
  // The final summary line (and the progress line's end).
  void Finish(const Counts& totals, int files, bool validate_only);

 private:
  double RecordsPerSecond(int64_t records) const;
  void ClearProgressLine() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  absl::Mutex mutex_;
  std::ostream& out_ ABSL_GUARDED_BY(mutex_);
  const bool terminal_;
  const Clock now_;
  const absl::Time start_;
  bool progress_line_shown_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace timeline::ingest
