#include "ingest_job.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <future>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "batch.h"
#include "checkpoint.h"
#include "content_hash.h"
#include "decoded_stream.h"
#include "input_file.h"
#include "progress.h"

namespace timeline::ingest {
namespace {

constexpr int64_t kEndOfFile = std::numeric_limits<int64_t>::max();

std::string Located(absl::string_view file, int64_t line, absl::string_view what) {
  return absl::StrCat(file, ":", line, ": ", what);
}

std::string NoteText(const Note& note) {
  return note.field.empty() ? note.message : absl::StrCat(note.field, ": ", note.message);
}

// The keys that make two records the same record to the server: an event's external id, a
// gazetteer row's GeoNames id. Records without one are always created anew.
std::set<std::string> RecordKeysOf(const Batch& batch) {
  std::set<std::string> keys;
  for (const v1::IngestRecord& event : batch.events) {
    if (event.external_id().id().empty()) continue;
    keys.insert(absl::StrCat(event.external_id().system(), "\x1f", event.external_id().id()));
  }
  for (const v1::IngestPlace& row : batch.rows) {
    if (row.geonames_id() != 0) keys.insert(absl::StrCat(row.geonames_id()));
  }
  return keys;
}

bool SharesAKey(const std::set<std::string>& a, const std::set<std::string>& b) {
  const std::set<std::string>& smaller = a.size() <= b.size() ? a : b;
  const std::set<std::string>& larger = a.size() <= b.size() ? b : a;
  return std::any_of(smaller.begin(), smaller.end(),
                     [&](const std::string& key) { return larger.contains(key); });
}

// Imports one file: from its checkpoint (if any) to its end, batch by batch, with up to
// `batches_in_flight` batches sent and unanswered while the next is read. Reading and parsing a
// batch costs about as much of the job's CPU as the server's work on one, and the server's work
// on one batch (its own CPU, then PostgreSQL's) overlaps its work on the next: each stage runs on
// another core. Everything a batch reports (its malformed lines, its rejections, its checkpoint)
// still comes in line order: batches are answered and committed oldest first, and what is read
// meanwhile is held until the batch before it is.
class FileImport {
 public:
  FileImport(const InputFile& file, const JobOptions& options, BatchSender& sender,
             Retrier& retrier, Progress& progress, Counts& totals,
             const JobEnvironment& environment)
      : file_(file),
        options_(options),
        sender_(sender),
        retrier_(retrier),
        progress_(progress),
        totals_(totals),
        environment_(environment) {}

  // Not OK when the job must stop: the server refused a batch, or a checkpoint could not be
  // read or written. The message names the file and lines.
  absl::Status Run() {
    if (absl::Status s = Prepare(); !s.ok()) return s;
    // Batches still in flight when reading stopped are waited for either way. After a failure
    // none is committed (a batch behind a failed one must not move the checkpoint past it): the
    // checkpoint keeps them in flight, to be sent again with the same request_ids.
    if (absl::Status read = ReadAndSend(); !read.ok()) {
      JoinInFlight();
      return read;
    }
    return FinishInFlight();
  }

 private:
  // A batch sent (or, with no record left in it, only queued to be committed in its turn), and
  // what the job learned about its lines while reading them.
  struct InFlight {
    Batch batch;
    int64_t end_bytes = 0;       // the size of lines 1..batch.last_line
    std::string end_prefix;      // the SHA-256 of those bytes
    std::set<std::string> keys;  // RecordKeysOf(batch)
    // Malformed lines and lines invalid in the file's encoding, told before the batch's report.
    std::vector<std::string> messages;
    int64_t malformed = 0;
    std::future<absl::StatusOr<std::vector<RecordOutcome>>> answer;  // invalid: nothing sent
  };

  bool checkpointing() const { return !options_.checkpoint_dir.empty() && !options_.validate_only; }

  absl::Status Prepare() {
    progress_.Say(absl::StrCat("timeline-ingest: ", file_.path, ": read as ", file_.encoding.name,
                               " (", file_.encoding.how, ")"));
    absl::StatusOr<std::unique_ptr<LineHasher>> hasher =
        LineHasher::Open(file_.path, file_.size, LineBreakOf(file_));
    if (!hasher.ok()) return hasher.status();
    hasher_ = std::move(*hasher);
    checkpoint_.file = std::filesystem::absolute(file_.path).lexically_normal().string();
    checkpoint_.lineage = NewLineage();
    checkpoint_.prefix_sha256 = Sha256Hex("");
    if (!checkpointing()) return absl::OkStatus();
    checkpoint_path_ = CheckpointPath(options_.checkpoint_dir, file_.path);
    absl::StatusOr<std::optional<Checkpoint>> loaded = LoadCheckpoint(checkpoint_path_);
    if (!loaded.ok()) return loaded.status();
    if (loaded->has_value() && TryResume(**loaded)) return absl::OkStatus();
    // Saved before anything is sent: a run killed during its first batch must leave the lineage
    // behind, or the run after it could not repeat that batch's request_id.
    return SaveCheckpoint(checkpoint_path_, checkpoint_);
  }

  bool TryResume(const Checkpoint& saved) {
    const ResumeDecision decision = DecideResume(saved, file_.path, file_.size, LineBreakOf(file_));
    progress_.Say(absl::StrCat("timeline-ingest: ", file_.path, ": ", decision.reason));
    if (!decision.resume) return false;
    checkpoint_ = saved;
    checkpoint_.file = std::filesystem::absolute(file_.path).lexically_normal().string();
    if (saved.has_pending()) {
      resumed_cuts_.assign(saved.pending_cuts.begin(), saved.pending_cuts.end());
      resumed_cuts_.push_back(saved.pending_last_line);
    }
    hasher_->AdvanceTo(saved.line);
    hasher_->TakeSpanDigest();
    return true;
  }

  absl::Status ReadAndSend() {
    DecodedStream in(file_);
    decoded_ = &in;
    std::unique_ptr<RecordReader> reader = environment_.open_reader(file_.format, in);
    next_line_ = checkpoint_.line + 1;
    StartBatch();
    // A fresh item each time: readers need not clear what the previous record left.
    for (ReadItem item; reader->Next(&item); item = ReadItem{}) {
      if (item.line <= checkpoint_.line) continue;  // committed by an earlier run
      while (BatchEndsBefore(item.line)) {
        if (absl::Status s = SendThrough(LastLineBefore(item.line)); !s.ok()) return s;
      }
      Take(item);
    }
    // Batches in flight of the run we resume may end in lines the reader yields nothing for.
    while (!resumed_cuts_.empty()) {
      if (absl::Status s = SendThrough(resumed_cuts_.front()); !s.ok()) return s;
    }
    return SendThrough(kEndOfFile);
  }

  // Batches are cut where the run being resumed cut its batches in flight, so that those go
  // again with the same lines and request_ids whatever --batch_size is now; elsewhere every
  // batch_size records.
  bool BatchEndsBefore(int64_t line) const {
    if (!resumed_cuts_.empty()) return line > resumed_cuts_.front();
    return batch_.size() >= static_cast<size_t>(options_.batch_size);
  }

  int64_t LastLineBefore(int64_t line) const {
    return resumed_cuts_.empty() ? line - 1 : resumed_cuts_.front();
  }

  void StartBatch() {
    batch_ = Batch{};
    batch_.file = file_.path;
    batch_.places = YieldsPlaces(file_.format);
  }

  void Take(ReadItem& item) {
    item_lines_.push_back(item.line);
    switch (item.kind) {
      case ReadItem::Kind::kError:
        held_messages_.push_back(Located(file_.path, item.line, item.error));
        ++held_malformed_;
        return;
      case ReadItem::Kind::kEvent:
        batch_.events.push_back(std::move(item.event));
        break;
      case ReadItem::Kind::kPlace:
        batch_.rows.push_back(std::move(item.place));
        break;
    }
    batch_.record_lines.push_back(item.line);
  }

  // Sends the records of the lines after those sent before through `last_line` (or the end of
  // the file) as the next batch, once there is room for it: fewer than batches_in_flight
  // batches in flight, none of them with a record key of this one. Its lines are committed when
  // it and every batch before it are answered (FinishOldest).
  absl::Status SendThrough(int64_t last_line) {
    const int64_t first = next_line_;
    const int64_t last = hasher_->AdvanceTo(last_line);
    if (!resumed_cuts_.empty()) resumed_cuts_.pop_front();
    if (last < first) return absl::OkStatus();
    InFlight sent;
    sent.messages = std::move(held_messages_);
    sent.malformed = held_malformed_;
    held_messages_.clear();
    held_malformed_ = 0;
    LeaveOutInvalidLines(first, last, sent);
    const std::string lines_digest = hasher_->TakeSpanDigest();
    sent.end_bytes = hasher_->bytes();
    sent.end_prefix = hasher_->PrefixDigest();
    sent.batch = std::move(batch_);
    sent.batch.first_line = first;
    sent.batch.last_line = last;
    sent.keys = RecordKeysOf(sent.batch);
    next_line_ = last + 1;
    StartBatch();
    if (absl::Status s = MakeRoomFor(sent.keys); !s.ok()) return s;
    InFlight& queued = in_flight_.emplace_back(std::move(sent));
    if (queued.batch.empty()) return FinishAnswered();
    queued.batch.request_id =
        options_.validate_only
            ? ""
            : MakeRequestId({checkpoint_.lineage, first, last, lines_digest, options_.strict});
    queued.batch.after_request_id = LastRequestInFlightBefore(queued);
    if (absl::Status s = SavePending(); !s.ok()) return s;
    const Batch* batch = &queued.batch;  // stays put: a deque's elements do not move
    queued.answer = std::async(std::launch::async, [this, batch] { return Send(*batch); });
    return absl::OkStatus();
  }

  // The request_id of the latest batch sent before `queued` (the last in flight) that is still
  // in flight, or empty: with it, the server decides `queued`'s new names only after that
  // batch's, as if the batches had gone one after the other.
  std::string LastRequestInFlightBefore(const InFlight& queued) const {
    for (auto it = in_flight_.rbegin(); it != in_flight_.rend(); ++it) {
      if (&*it == &queued || !it->answer.valid()) continue;
      return it->batch.request_id;
    }
    return "";
  }

  // Finishes batches in flight, oldest first, until a batch with record keys `keys` may join
  // them: fewer than batches_in_flight left, none with one of those keys.
  absl::Status MakeRoomFor(const std::set<std::string>& keys) {
    auto must_wait = [&] {
      if (in_flight_.size() >= static_cast<size_t>(options_.batches_in_flight)) return true;
      return std::any_of(in_flight_.begin(), in_flight_.end(),
                         [&](const InFlight& earlier) { return SharesAKey(earlier.keys, keys); });
    };
    while (!in_flight_.empty() && must_wait()) {
      if (absl::Status s = FinishOldest(); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  // Commits the batches at the front that have nothing to wait for (no record was sent).
  absl::Status FinishAnswered() {
    while (!in_flight_.empty() && !in_flight_.front().answer.valid()) {
      if (absl::Status s = FinishOldest(); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  // Waits for every batch in flight; reports and commits them in order while they succeed.
  absl::Status FinishInFlight() {
    while (!in_flight_.empty()) {
      if (absl::Status s = FinishOldest(); !s.ok()) {
        JoinInFlight();
        return s;
      }
    }
    return absl::OkStatus();
  }

  // Waits for the threads of the batches in flight and forgets them, uncommitted.
  void JoinInFlight() {
    for (InFlight& batch : in_flight_) {
      if (batch.answer.valid()) batch.answer.wait();
    }
    in_flight_.clear();
  }

  // Waits for the oldest batch in flight; tells what its lines held, reports its outcomes and
  // commits its lines. A failed batch is taken out of in_flight_ uncommitted.
  absl::Status FinishOldest() {
    InFlight& oldest = in_flight_.front();
    absl::StatusOr<std::vector<RecordOutcome>> outcomes = std::vector<RecordOutcome>{};
    if (oldest.answer.valid()) outcomes = oldest.answer.get();
    if (!outcomes.ok()) {
      in_flight_.pop_front();
      return outcomes.status();
    }
    for (const std::string& message : oldest.messages) progress_.Say(message);
    totals_.malformed += oldest.malformed;
    if (!oldest.batch.empty()) Report(oldest.batch, *outcomes);
    InFlight done = std::move(oldest);
    in_flight_.pop_front();
    return Commit(done);
  }

  // Reports every line in [first, last] holding bytes invalid in the file's encoding (into
  // `sent`'s messages), and takes the records holding such a line out of the batch: a record is
  // not sent with U+FFFD in place of what the file says. The reader has passed `last` by now, so
  // those lines are decoded.
  void LeaveOutInvalidLines(int64_t first, int64_t last, InFlight& sent) {
    const std::map<int64_t, std::string>& invalid = decoded_->invalid_lines();
    std::set<int64_t> left_out;  // the start lines of records taken out
    for (auto it = invalid.lower_bound(first); it != invalid.end() && it->first <= last; ++it) {
      const int64_t start = ItemStartOf(it->first);
      const bool in_record = start > 0 && IsRecordLine(start);
      sent.messages.push_back(Located(
          file_.path, it->first,
          in_record ? absl::StrCat(it->second, " (the record of line ", start, " is left out)")
                    : it->second));
      if (!in_record) {
        ++sent.malformed;
      } else if (left_out.insert(start).second) {
        ++sent.malformed;
      }
    }
    item_lines_.clear();
    if (!left_out.empty()) RemoveRecords(left_out);
  }

  // The line where the item holding `line` starts (0 when `line` comes before every item).
  int64_t ItemStartOf(int64_t line) const {
    auto after = std::upper_bound(item_lines_.begin(), item_lines_.end(), line);
    return after == item_lines_.begin() ? 0 : *std::prev(after);
  }

  bool IsRecordLine(int64_t line) const {
    return std::binary_search(batch_.record_lines.begin(), batch_.record_lines.end(), line);
  }

  void RemoveRecords(const std::set<int64_t>& starts) {
    Batch kept;
    kept.file = batch_.file;
    kept.places = batch_.places;
    for (size_t i = 0; i < batch_.record_lines.size(); ++i) {
      if (starts.contains(batch_.record_lines[i])) continue;
      kept.record_lines.push_back(batch_.record_lines[i]);
      if (batch_.places) {
        kept.rows.push_back(std::move(batch_.rows[i]));
      } else {
        kept.events.push_back(std::move(batch_.events[i]));
      }
    }
    batch_ = std::move(kept);
  }

  // Runs on the sending thread: nothing here touches what the reading thread changes.
  absl::StatusOr<std::vector<RecordOutcome>> Send(const Batch& batch) {
    absl::StatusOr<std::vector<RecordOutcome>> outcomes;
    const absl::Status sent = retrier_.Run(
        [&](absl::Time wait_for_server_until) {
          outcomes = sender_.Send(batch, wait_for_server_until);
          return outcomes.status();
        },
        [&](int attempt, const absl::Status& failure, absl::Duration pause,
            absl::Duration budget_left) {
          progress_.Say(absl::StrFormat(
              "timeline-ingest: %s lines %d-%d: %s: %s; retrying in %.1f s (attempt %s, waiting "
              "for the server up to %.0f s more)",
              file_.path, batch.first_line, batch.last_line,
              absl::StatusCodeToString(failure.code()), failure.message(),
              absl::ToDoubleSeconds(pause), AttemptNumber(attempt + 1),
              absl::ToDoubleSeconds(budget_left)));
        });
    if (!sent.ok()) {
      return absl::Status(
          sent.code(),
          absl::StrFormat("%s lines %d-%d: %s: %s", file_.path, batch.first_line, batch.last_line,
                          absl::StatusCodeToString(sent.code()), sent.message()));
    }
    return outcomes;
  }

  std::string AttemptNumber(int attempt) const {
    const int most = options_.retry.max_attempts;
    return most > 0 ? absl::StrCat(attempt, " of ", most) : absl::StrCat(attempt);
  }

  // The committed lines, and the batches in flight as they were cut.
  Checkpoint WithPending() const {
    Checkpoint saved = checkpoint_;
    saved.pending_first_line = 0;
    saved.pending_last_line = 0;
    saved.pending_cuts.clear();
    if (in_flight_.empty()) return saved;
    saved.pending_first_line = in_flight_.front().batch.first_line;
    saved.pending_last_line = in_flight_.back().batch.last_line;
    for (size_t i = 0; i + 1 < in_flight_.size(); ++i) {
      saved.pending_cuts.push_back(in_flight_[i].batch.last_line);
    }
    return saved;
  }

  // Saved before a batch is sent.
  absl::Status SavePending() {
    if (!checkpointing()) return absl::OkStatus();
    return SaveCheckpoint(checkpoint_path_, WithPending());
  }

  // `done` was the oldest batch in flight; the ones after it stay in flight.
  absl::Status Commit(const InFlight& done) {
    checkpoint_.line = done.batch.last_line;
    checkpoint_.bytes = done.end_bytes;
    checkpoint_.prefix_sha256 = done.end_prefix;
    if (!checkpointing()) return absl::OkStatus();
    return SaveCheckpoint(checkpoint_path_, WithPending());
  }

  void Report(const Batch& batch, const std::vector<RecordOutcome>& outcomes) {
    Counts counts;
    for (size_t i = 0; i < outcomes.size(); ++i) {
      CountAndTell(outcomes[i], batch.record_lines[i], counts);
    }
    totals_.Add(counts);
    progress_.BatchDone(file_.path, batch.first_line, batch.last_line, counts, totals_);
  }

  void CountAndTell(const RecordOutcome& outcome, int64_t line, Counts& counts) {
    ++counts.records;
    switch (outcome.outcome) {
      case v1::IngestResult::CREATED:
        ++counts.created;
        break;
      case v1::IngestResult::UPDATED:
        ++counts.updated;
        break;
      case v1::IngestResult::UNCHANGED:
        ++counts.unchanged;
        break;
      default:
        ++counts.rejected;
        TellRejection(outcome, line);
        break;
    }
    for (const Note& warning : outcome.warnings) {
      ++counts.warnings[warning.code];
      if (options_.verbose) {
        progress_.Say(
            Located(file_.path, line,
                    absl::StrCat("warning: ", NoteText(warning), " (", warning.code, ")")));
      }
    }
  }

  void TellRejection(const RecordOutcome& outcome, int64_t line) {
    if (outcome.errors.empty()) progress_.Say(Located(file_.path, line, "rejected"));
    for (const Note& error : outcome.errors)
      progress_.Say(Located(file_.path, line, NoteText(error)));
  }

  const InputFile& file_;
  const JobOptions& options_;
  BatchSender& sender_;
  Retrier& retrier_;
  Progress& progress_;
  Counts& totals_;
  const JobEnvironment& environment_;

  std::unique_ptr<LineHasher> hasher_;
  const DecodedStream* decoded_ = nullptr;  // while ReadAndSend runs
  // The start lines of the items (records and malformed lines) read since the last batch went.
  std::vector<int64_t> item_lines_;
  std::string checkpoint_path_;
  Checkpoint checkpoint_;  // what is committed, also when not saved
  // The last lines of the resumed run's batches in flight, until those batches are sent again.
  std::deque<int64_t> resumed_cuts_;
  Batch batch_;            // being read
  int64_t next_line_ = 1;  // the first line of batch_
  // Malformed lines of batch_, told once the batch before it is committed.
  std::vector<std::string> held_messages_;
  int64_t held_malformed_ = 0;
  // Sent (or queued) and not yet committed, in line order: consecutive lines from
  // checkpoint_.line + 1 on.
  std::deque<InFlight> in_flight_;
};

absl::StatusOr<std::vector<InputFile>> OpenInputFiles(const std::vector<std::string>& paths,
                                                      const JobOptions& options) {
  std::vector<InputFile> files;
  for (const std::string& path : paths) {
    absl::StatusOr<InputFile> file = OpenInputFile(path, options.format, options.encoding);
    if (!file.ok()) return file.status();
    files.push_back(*std::move(file));
  }
  return files;
}

absl::Status CheckCheckpointDir(const std::string& dir) {
  std::error_code error;
  if (std::filesystem::is_directory(dir, error)) return absl::OkStatus();
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("--checkpoint_dir ", dir, ": ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace

std::string CheckJobOptions(const JobOptions& options) {
  if (options.batch_size < 1 || options.batch_size > kMaxBatchRecords) {
    return absl::StrCat("--batch_size must be between 1 and ", kMaxBatchRecords,
                        " (the server's limit per stream)");
  }
  if (options.batches_in_flight < 1 || options.batches_in_flight > kMaxBatchesInFlight) {
    return absl::StrCat("--in_flight must be between 1 and ", kMaxBatchesInFlight);
  }
  if (options.retry.max_attempts < 0) return "--max_attempts must be 0 (no limit) or more";
  if (options.retry.retry_budget < absl::ZeroDuration())
    return "--retry_budget must not be negative";
  return "";
}

int RunIngestJob(const JobOptions& options, const std::vector<std::string>& paths,
                 BatchSender& sender, const JobEnvironment& environment) {
  Progress progress(*environment.err, environment.err_is_terminal, environment.now);
  if (std::string problem = CheckJobOptions(options); !problem.empty()) {
    progress.Say(absl::StrCat("timeline-ingest: ", problem));
    return kExitFailed;
  }
  absl::StatusOr<std::vector<InputFile>> files = OpenInputFiles(paths, options);
  absl::Status ready = files.status();
  if (ready.ok() && !options.checkpoint_dir.empty() && !options.validate_only) {
    ready = CheckCheckpointDir(options.checkpoint_dir);
  }
  if (!ready.ok()) {
    progress.Say(absl::StrCat("timeline-ingest: ", ready.message()));
    return kExitFailed;
  }
  Retrier retrier(options.retry, environment.sleep, environment.now);
  Counts totals;
  for (const InputFile& file : *files) {
    absl::Status imported =
        FileImport(file, options, sender, retrier, progress, totals, environment).Run();
    if (!imported.ok()) {
      progress.Say(absl::StrCat("timeline-ingest: stopped: ", imported.message()));
      progress.Finish(totals, static_cast<int>(files->size()), options.validate_only);
      return kExitFailed;
    }
  }
  progress.Finish(totals, static_cast<int>(files->size()), options.validate_only);
  return totals.malformed > 0 || totals.rejected > 0 ? kExitRejected : kExitOk;
}

}  // namespace timeline::ingest
