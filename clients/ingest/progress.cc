#include "progress.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace timeline::ingest {

void Counts::Add(const Counts& other) {
  records += other.records;
  created += other.created;
  updated += other.updated;
  unchanged += other.unchanged;
  rejected += other.rejected;
  malformed += other.malformed;
  for (const auto& [code, count] : other.warnings) warnings[code] += count;
}

std::string Counts::Outcomes() const {
  return absl::StrCat(created, " created, ", updated, " updated, ", unchanged, " unchanged, ",
                      rejected, " rejected");
}

Progress::Progress(std::ostream& out, bool terminal, Clock now)
    : out_(out), terminal_(terminal), now_(std::move(now)), start_(now_()) {}

double Progress::RecordsPerSecond(int64_t records) const {
  // A floor on the elapsed time keeps the first batch's rate finite.
  const double seconds = std::max(absl::ToDoubleSeconds(now_() - start_), 1e-3);
  return static_cast<double>(records) / seconds;
}

void Progress::ClearProgressLine() {
  if (!progress_line_shown_) return;
  out_ << "\r\033[K";
  progress_line_shown_ = false;
}

void Progress::Say(absl::string_view line) {
  absl::MutexLock lock(&mutex_);
  ClearProgressLine();
  out_ << line << "\n";
  out_.flush();
}

void Progress::BatchDone(absl::string_view file, int64_t first_line, int64_t last_line,
                         const Counts& batch, const Counts& totals) {
  absl::MutexLock lock(&mutex_);
  const double rate = RecordsPerSecond(totals.records);
  if (terminal_) {
    ClearProgressLine();
    // Short, so that it fits a terminal's width: a wrapped line cannot be redrawn in place.
    out_ << absl::StrFormat(
        "timeline-ingest: %d records, %.0f/s: %s (%s:%d)", totals.records, rate, totals.Outcomes(),
        std::filesystem::path(std::string(file)).filename().string(), last_line);
    out_.flush();
    progress_line_shown_ = true;
    return;
  }
  out_ << absl::StrFormat(
      "timeline-ingest: %s lines %d-%d: %d records: %s; %.0f records/s, %.1f s\n", file, first_line,
      last_line, batch.records, batch.Outcomes(), rate, absl::ToDoubleSeconds(now_() - start_));
  out_.flush();
}

void Progress::Finish(const Counts& totals, int files, bool validate_only) {
  absl::MutexLock lock(&mutex_);
  ClearProgressLine();
  std::string summary =
      absl::StrFormat("timeline-ingest: %s%d file%s, %d records in %.1f s (%.0f records/s): %s",
                      validate_only ? "validated (nothing written): " : "", files,
                      files == 1 ? "" : "s", totals.records, absl::ToDoubleSeconds(now_() - start_),
                      RecordsPerSecond(totals.records), totals.Outcomes());
  absl::StrAppend(&summary, "; ", totals.malformed, " malformed line",
                  totals.malformed == 1 ? "" : "s");
  if (!totals.warnings.empty()) {
    absl::StrAppend(&summary,
                    "; warnings: ", absl::StrJoin(totals.warnings, ", ", absl::PairFormatter(" ")));
  }
  out_ << summary << "\n";
  out_.flush();
}

}  // namespace timeline::ingest
