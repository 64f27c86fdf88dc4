// Whole runs of timeline-ingest against a fake server that remembers request ids as the real one
// does — including a run killed mid-way. The job's parts have tests of their own beside this one.

#include "ingest_job.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "batch.h"
#include "checkpoint.h"
#include "content_hash.h"
#include "gmock/gmock.h"
#include "grpc_sender.h"
#include "gtest/gtest.h"
#include "input_file.h"
#include "job_testing.h"
#include "progress.h"
#include "retry.h"

namespace timeline::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

using namespace ::timeline::ingest::testing;  // NOLINT: the job's test helpers

// One record per line: its title is the line. "!" lines are malformed; "reject" lines are
// refused by the fake server. Records carry no external id, so a record written twice shows.
class LineReader : public RecordReader {
 public:
  explicit LineReader(std::istream& in, std::atomic<int64_t>* lines_read = nullptr)
      : in_(in), lines_read_(lines_read) {}
  bool Next(ReadItem* item) override {
    std::string text;
    if (!std::getline(in_, text)) return false;
    *item = ReadItem{};
    item->line = ++line_;
    if (lines_read_ != nullptr) lines_read_->store(line_);
    if (absl::StartsWith(text, "!")) {
      item->kind = ReadItem::Kind::kError;
      item->error = "malformed: " + text;
    } else {
      item->kind = ReadItem::Kind::kEvent;
      item->event.set_title(text);
    }
    return true;
  }

 private:
  std::istream& in_;
  std::atomic<int64_t>* lines_read_;
  int64_t line_ = 0;
};

// The server side of AIP-155 as the job relies on it: a repeated request_id is answered with
// the first result and writes nothing.
struct FakeServer {
  std::vector<std::string> written;  // titles, in the order written
  std::map<std::string, std::vector<RecordOutcome>> answers;
  std::vector<std::string> calls;  // request ids, every attempt
  std::vector<absl::Time> waits;   // how long each attempt could wait for the server
  // Per call number (from 1): fail before writing.
  std::map<int, absl::Status> fail_before;
  // Per call number: write, then fail (the answer is lost, or the job was killed meanwhile).
  std::map<int, absl::Status> fail_after;
  // Called with the call number before anything else (on the job's sending thread).
  std::function<void(int)> on_call;
};

class FakeSender : public BatchSender {
 public:
  explicit FakeSender(FakeServer& server) : server_(server) {}
  absl::StatusOr<std::vector<RecordOutcome>> Send(const Batch& batch,
                                                  absl::Time wait_for_server_until) override {
    server_.calls.push_back(batch.request_id);
    server_.waits.push_back(wait_for_server_until);
    const int call = static_cast<int>(server_.calls.size());
    if (server_.on_call) server_.on_call(call);
    if (auto it = server_.fail_before.find(call); it != server_.fail_before.end())
      return it->second;
    auto [answer, is_new] = server_.answers.try_emplace(batch.request_id);
    if (is_new) answer->second = Write(batch);
    if (auto it = server_.fail_after.find(call); it != server_.fail_after.end()) return it->second;
    return answer->second;
  }

 private:
  std::vector<RecordOutcome> Write(const Batch& batch) {
    std::vector<RecordOutcome> outcomes;
    for (const v1::IngestRecord& record : batch.events) {
      RecordOutcome outcome;
      if (absl::StartsWith(record.title(), "reject")) {
        outcome.outcome = v1::IngestResult::REJECTED;
        outcome.errors.push_back({"event_type", "INVALID_ARGUMENT", "is required"});
      } else {
        outcome.outcome = v1::IngestResult::CREATED;
        outcome.warnings.push_back({"external_id", "NO_EXTERNAL_ID", "always created anew"});
        server_.written.push_back(record.title());
      }
      outcomes.push_back(outcome);
    }
    return outcomes;
  }

  FakeServer& server_;
};

struct JobRun {
  int exit_code = -1;
  std::string err;
};

class JobTest : public ::testing::Test {
 protected:
  JobOptions Options(int batch_size, bool checkpoints = true) {
    JobOptions options;
    options.format = Format::kJsonLines;
    options.batch_size = batch_size;
    if (checkpoints) options.checkpoint_dir = dir_ / "checkpoints";
    return options;
  }

  JobRun RunJob(const JobOptions& options, FakeServer& server,
                const std::vector<std::string>& files) {
    std::ostringstream err;
    JobEnvironment environment;
    environment.err = &err;
    environment.sleep = [this](absl::Duration d) { pauses_.push_back(d); };
    environment.open_reader = [this](Format, std::istream& in) {
      return std::make_unique<LineReader>(in, &lines_read_);
    };
    FakeSender sender(server);
    JobRun run;
    run.exit_code = RunIngestJob(options, files, sender, environment);
    run.err = err.str();
    return run;
  }

  std::string Lines(int from, int to) {
    std::string text;
    for (int i = from; i <= to; ++i) absl::StrAppend(&text, "record ", i, "\n");
    return text;
  }

  Checkpoint SavedCheckpoint(const std::string& input) {
    auto loaded = LoadCheckpoint(CheckpointPath(dir_ / "checkpoints", input));
    EXPECT_TRUE(loaded.ok() && loaded->has_value());
    return loaded.ok() && loaded->has_value() ? **loaded : Checkpoint{};
  }

  TempDir dir_;
  std::vector<absl::Duration> pauses_;
  std::atomic<int64_t> lines_read_ = 0;  // by the reader of the running job
};

TEST_F(JobTest, ImportsEveryRecordInBatches) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 10));
  FakeServer server;
  const JobRun run = RunJob(Options(4), server, {input});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_THAT(server.written, SizeIs(10));
  EXPECT_THAT(server.calls, SizeIs(3));  // 4 + 4 + 2
  EXPECT_THAT(run.err, HasSubstr("in.jsonl lines 1-4: 4 records: 4 created"));
  EXPECT_THAT(run.err, HasSubstr("10 records"));
  EXPECT_THAT(run.err, HasSubstr("warnings: NO_EXTERNAL_ID 10"));
  const Checkpoint checkpoint = SavedCheckpoint(input);
  EXPECT_EQ(checkpoint.line, 10);
  EXPECT_FALSE(checkpoint.has_pending());
}

TEST_F(JobTest, ReportsMalformedLinesAndRejectionsByLineAndExitsOne) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, "record 1\n!broken\nrejected one\nrecord 4\n");
  FakeServer server;
  const JobRun run = RunJob(Options(2), server, {input});
  EXPECT_EQ(run.exit_code, kExitRejected);
  EXPECT_THAT(run.err, HasSubstr(input + ":2: malformed: !broken\n"));
  EXPECT_THAT(run.err, HasSubstr(input + ":3: event_type: is required\n"));
  EXPECT_THAT(server.written, ElementsAre("record 1", "record 4"));
}

// While a batch is in flight the job reads the next one (up to the line that ends it), so that
// its parsing and the server's work on the batch before overlap.
TEST_F(JobTest, ReadsTheNextBatchWhileOneIsInFlight) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 12));
  FakeServer server;
  int64_t read_during_first_call = 0;
  server.on_call = [&](int call) {
    if (call != 1) return;
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (lines_read_.load() < 9 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(1));
    read_during_first_call = lines_read_.load();
  };
  const JobRun run = RunJob(Options(4), server, {input});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  // Lines 5-8 are the second batch; line 9, which ends it, is read before the first is answered.
  EXPECT_EQ(read_during_first_call, 9);
  EXPECT_THAT(server.written, SizeIs(12));
  EXPECT_EQ(SavedCheckpoint(input).line, 12);
}

// What the job says about a batch comes after what it says about the batch before, although it
// reads the later lines while the earlier batch is in flight.
TEST_F(JobTest, TellsEachBatchsLinesInLineOrder) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, "record 1\nreject 2\n!bad 3\nrecord 4\n!bad 5\nreject 6\n");
  FakeServer server;
  const JobRun run = RunJob(Options(2), server, {input});
  EXPECT_EQ(run.exit_code, kExitRejected);
  const size_t rejected_2 = run.err.find(input + ":2: event_type: is required");
  const size_t batch_1 = run.err.find("in.jsonl lines 1-2:");
  const size_t malformed_3 = run.err.find(input + ":3: malformed: !bad 3");
  const size_t malformed_5 = run.err.find(input + ":5: malformed: !bad 5");
  const size_t rejected_6 = run.err.find(input + ":6: event_type: is required");
  ASSERT_NE(rejected_6, std::string::npos) << run.err;
  EXPECT_LT(rejected_2, batch_1) << run.err;
  EXPECT_LT(batch_1, malformed_3) << run.err;
  EXPECT_LT(malformed_3, malformed_5) << run.err;
  EXPECT_LT(malformed_5, rejected_6) << run.err;
  EXPECT_THAT(run.err, HasSubstr("2 malformed lines"));
}

TEST_F(JobTest, VerbosePrintsEachWarning) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 2));
  FakeServer server;
  JobOptions options = Options(10);
  options.verbose = true;
  const JobRun run = RunJob(options, server, {input});
  EXPECT_THAT(run.err,
              HasSubstr(input + ":2: warning: external_id: always created anew (NO_EXTERNAL_ID)"));
}

TEST_F(JobTest, RetriesTransientFailuresWithTheSameRequestId) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 3));
  FakeServer server;
  server.fail_before[1] = absl::UnavailableError("connection refused");
  server.fail_before[2] = absl::DeadlineExceededError("slow");
  const JobRun run = RunJob(Options(10), server, {input});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  ASSERT_THAT(server.calls, SizeIs(3));
  EXPECT_EQ(server.calls[0], server.calls[1]);
  EXPECT_EQ(server.calls[1], server.calls[2]);
  EXPECT_THAT(pauses_, SizeIs(2));
  EXPECT_THAT(run.err, HasSubstr("UNAVAILABLE: connection refused; retrying in"));
  EXPECT_THAT(server.written, SizeIs(3));
  // The first attempt fails fast; the retries wait for the server, within one budget.
  ASSERT_THAT(server.waits, SizeIs(3));
  EXPECT_EQ(server.waits[0], absl::InfinitePast());
  EXPECT_GT(server.waits[1], absl::Now());
  EXPECT_EQ(server.waits[1], server.waits[2]);
}

TEST_F(JobTest, ASpentRetryBudgetExitsTwoAndSaysSo) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 3));
  FakeServer server;
  server.fail_before[1] = absl::UnavailableError("connection refused");
  JobOptions options = Options(10);
  options.retry.retry_budget = absl::ZeroDuration();
  const JobRun run = RunJob(options, server, {input});
  EXPECT_EQ(run.exit_code, kExitFailed);
  EXPECT_THAT(server.calls, SizeIs(1));
  EXPECT_THAT(run.err, HasSubstr("still failing after retrying for 0"));
}

TEST_F(JobTest, StopsOnAnErrorThatIsNotTransientKeepingWhatLanded) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 10));
  FakeServer server;
  server.fail_before[2] = absl::InvalidArgumentError("records[0].title: too long");
  const JobRun run = RunJob(Options(4), server, {input});
  EXPECT_EQ(run.exit_code, kExitFailed);
  EXPECT_THAT(run.err, HasSubstr("stopped: " + input + " lines 5-8: INVALID_ARGUMENT"));
  EXPECT_THAT(server.calls, SizeIs(2));
  const Checkpoint checkpoint = SavedCheckpoint(input);
  EXPECT_EQ(checkpoint.line, 4);
  EXPECT_EQ(checkpoint.pending_first_line, 5);  // sent, outcome unknown to the job
  EXPECT_EQ(checkpoint.pending_last_line, 8);
}

TEST_F(JobTest, AGivenUpRetryExitsTwo) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 3));
  FakeServer server;
  for (int call = 1; call <= 3; ++call) server.fail_before[call] = absl::UnavailableError("down");
  JobOptions options = Options(10);
  options.retry.max_attempts = 3;
  const JobRun run = RunJob(options, server, {input});
  EXPECT_EQ(run.exit_code, kExitFailed);
  EXPECT_THAT(server.calls, SizeIs(3));
  EXPECT_THAT(server.written, SizeIs(0));
}

// The heart of it: a run killed after the server committed a batch but before the job saw the
// answer, resumed (even with another --batch_size), ends with exactly what one clean run writes.
TEST_F(JobTest, AKilledRunResumedWritesExactlyWhatOneCleanRunWrites) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 30) + "!bad\n" + Lines(32, 45));

  FakeServer clean;
  JobOptions clean_options = Options(4, /*checkpoints=*/false);
  EXPECT_EQ(RunJob(clean_options, clean, {input}).exit_code, kExitRejected);

  FakeServer killed;
  killed.fail_after[3] = absl::CancelledError("killed");  // batch 3 written, answer lost
  EXPECT_EQ(RunJob(Options(4), killed, {input}).exit_code, kExitFailed);
  EXPECT_THAT(killed.written, SizeIs(12));
  const std::string lost_request = killed.calls.back();

  const JobRun resumed = RunJob(Options(7), killed, {input});
  EXPECT_EQ(resumed.exit_code, kExitRejected) << resumed.err;
  EXPECT_THAT(resumed.err, HasSubstr("lines 1-8 already imported: resuming after them"));
  EXPECT_EQ(killed.calls[3], lost_request);  // the batch in flight went again, same id
  EXPECT_EQ(killed.written, clean.written);

  // And a run after that finds nothing new.
  const size_t calls = killed.calls.size();
  EXPECT_EQ(RunJob(Options(7), killed, {input}).exit_code, kExitOk);
  EXPECT_EQ(killed.calls.size(), calls);
  EXPECT_EQ(killed.written, clean.written);
}

TEST_F(JobTest, ARunKilledBeforeItsFirstAnswerRepeatsTheFirstRequestId) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 5));
  FakeServer server;
  server.fail_after[1] = absl::CancelledError("killed");
  EXPECT_EQ(RunJob(Options(10), server, {input}).exit_code, kExitFailed);
  EXPECT_EQ(RunJob(Options(10), server, {input}).exit_code, kExitOk);
  ASSERT_THAT(server.calls, SizeIs(2));
  EXPECT_EQ(server.calls[0], server.calls[1]);
  EXPECT_THAT(server.written, SizeIs(5));
}

TEST_F(JobTest, AnAppendedFileSendsOnlyItsNewLines) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 5));
  FakeServer server;
  EXPECT_EQ(RunJob(Options(10), server, {input}).exit_code, kExitOk);
  AppendFile(input, Lines(6, 8));
  const JobRun second = RunJob(Options(10), server, {input});
  EXPECT_EQ(second.exit_code, kExitOk);
  EXPECT_THAT(second.err, HasSubstr("lines 6-8: 3 records"));
  EXPECT_THAT(server.written, SizeIs(8));
  EXPECT_EQ(server.written.back(), "record 8");
}

TEST_F(JobTest, AReplacedFileStartsOverAsANewImport) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 5));
  FakeServer server;
  EXPECT_EQ(RunJob(Options(10), server, {input}).exit_code, kExitOk);
  const std::string first_lineage = SavedCheckpoint(input).lineage;
  WriteFile(input, "record 0\n" + Lines(1, 5));
  const JobRun second = RunJob(Options(10), server, {input});
  EXPECT_THAT(second.err, HasSubstr("starting over"));
  EXPECT_THAT(server.written, SizeIs(11));
  EXPECT_NE(SavedCheckpoint(input).lineage, first_lineage);
}

TEST_F(JobTest, WithoutCheckpointsEveryRunIsANewRequest) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 3));
  FakeServer server;
  RunJob(Options(10, false), server, {input});
  RunJob(Options(10, false), server, {input});
  ASSERT_THAT(server.calls, SizeIs(2));
  EXPECT_NE(server.calls[0], server.calls[1]);
  EXPECT_FALSE(fs::exists(dir_ / "checkpoints"));
}

TEST_F(JobTest, ValidateOnlySendsNoRequestIdAndKeepsNoCheckpoint) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 3));
  FakeServer server;
  JobOptions options = Options(10);
  options.validate_only = true;
  const JobRun run = RunJob(options, server, {input});
  EXPECT_EQ(run.exit_code, kExitOk);
  EXPECT_THAT(server.calls, ElementsAre(""));
  EXPECT_THAT(run.err, HasSubstr("validated (nothing written)"));
  EXPECT_FALSE(fs::exists(dir_ / "checkpoints"));
}

TEST_F(JobTest, UsageErrorsExitTwoBeforeSendingAnything) {
  FakeServer server;
  EXPECT_EQ(RunJob(Options(10), server, {dir_ / "missing.jsonl"}).exit_code, kExitFailed);
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 3));
  EXPECT_EQ(RunJob(Options(0), server, {input}).exit_code, kExitFailed);
  EXPECT_EQ(RunJob(Options(kMaxBatchRecords + 1), server, {input}).exit_code, kExitFailed);
  EXPECT_THAT(server.calls, SizeIs(0));
}

TEST_F(JobTest, AnAppendWhileRunningWaitsForTheNextRun) {
  // The snapshot is taken when the job opens a file; this checks the reader sees only it.
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 4));
  InputFile file{input, static_cast<int64_t>(fs::file_size(input)), Format::kJsonLines, {}};
  AppendFile(input, Lines(5, 6));
  SnapshotStream in(file);
  LineReader reader(in);
  ReadItem item;
  int records = 0;
  while (reader.Next(&item)) ++records;
  EXPECT_EQ(records, 4);
}

}  // namespace
}  // namespace timeline::ingest
