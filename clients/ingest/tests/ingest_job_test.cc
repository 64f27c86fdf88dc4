// Whole runs of timeline-ingest against a fake server that remembers request ids as the real one
// does — including a run killed mid-way. The job's parts have tests of their own beside this one.

#include "ingest_job.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
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
using ::testing::IsSupersetOf;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

using namespace ::timeline::ingest::testing;  // NOLINT: the job's test helpers

// One record per line: its title is the line. "!" lines are malformed; "reject" lines are
// refused by the fake server. Records carry no external id, so a record written twice shows —
// except lines "id=KEY ...", whose records carry the external id KEY.
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
      if (absl::StartsWith(text, "id=")) {
        item->event.mutable_external_id()->set_system("test");
        item->event.mutable_external_id()->set_id(text.substr(3, text.find(' ') - 3));
      }
    }
    return true;
  }

 private:
  std::istream& in_;
  std::atomic<int64_t>* lines_read_;
  int64_t line_ = 0;
};

// The server side of AIP-155 as the job relies on it: a repeated request_id is answered with
// the first result and writes nothing. Calls come from the job's sending threads, several at once
// with more than one batch in flight; `mutex` guards everything but the callbacks.
struct FakeServer {
  absl::Mutex mutex;
  std::vector<std::string> written;  // titles, in the order written
  std::map<std::string, std::vector<RecordOutcome>> answers;
  std::vector<std::string> calls;   // request ids, every attempt
  std::vector<int64_t> call_lines;  // the first line of each attempt's batch
  std::vector<absl::Time> waits;    // how long each attempt could wait for the server
  // Per call number (from 1): fail before writing.
  std::map<int, absl::Status> fail_before;
  // Per call number: write, then fail (the answer is lost, or the job was killed meanwhile).
  std::map<int, absl::Status> fail_after;
  // Per first line of a batch, once: write, then fail.
  std::map<int64_t, absl::Status> fail_after_first_line;
  std::vector<int64_t> answered_lines;  // the first line of each attempt's batch, once answered
  // Called with the call number and the batch before anything else (on a sending thread).
  std::function<void(int, const Batch&)> on_call;

  // Whether an attempt at the batch starting at `line` has been answered (whatever its result).
  bool Answered(int64_t line) {
    absl::MutexLock lock(&mutex);
    return absl::c_linear_search(answered_lines, line);
  }
};

class FakeSender : public BatchSender {
 public:
  explicit FakeSender(FakeServer& server) : server_(server) {}
  absl::StatusOr<std::vector<RecordOutcome>> Send(const Batch& batch,
                                                  absl::Time wait_for_server_until) override {
    absl::StatusOr<std::vector<RecordOutcome>> answer = Answer(batch, wait_for_server_until);
    absl::MutexLock lock(&server_.mutex);
    server_.answered_lines.push_back(batch.first_line);
    return answer;
  }

 private:
  absl::StatusOr<std::vector<RecordOutcome>> Answer(const Batch& batch,
                                                    absl::Time wait_for_server_until) {
    int call = 0;
    {
      absl::MutexLock lock(&server_.mutex);
      server_.calls.push_back(batch.request_id);
      server_.call_lines.push_back(batch.first_line);
      server_.waits.push_back(wait_for_server_until);
      call = static_cast<int>(server_.calls.size());
    }
    if (server_.on_call) server_.on_call(call, batch);
    absl::MutexLock lock(&server_.mutex);
    if (auto it = server_.fail_before.find(call); it != server_.fail_before.end())
      return it->second;
    auto [answer, is_new] = server_.answers.try_emplace(batch.request_id);
    if (is_new) answer->second = Write(batch);
    if (auto it = server_.fail_after.find(call); it != server_.fail_after.end()) return it->second;
    if (auto it = server_.fail_after_first_line.find(batch.first_line);
        it != server_.fail_after_first_line.end()) {
      const absl::Status failure = it->second;
      server_.fail_after_first_line.erase(it);
      return failure;
    }
    return answer->second;
  }

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

// Each of `parts` is in `text`, each after the one before.
void ExpectInOrder(const std::string& text, const std::vector<std::string>& parts) {
  size_t after = 0;
  for (const std::string& part : parts) {
    const size_t at = text.find(part, after);
    ASSERT_NE(at, std::string::npos)
        << "\"" << part << "\" missing after offset " << after << " of:\n"
        << text;
    after = at + part.size();
  }
}

struct JobRun {
  int exit_code = -1;
  std::string err;
};

class JobTest : public ::testing::Test {
 protected:
  // One batch in flight keeps the order of calls, and so the fake server's call numbers,
  // deterministic; the tests of more than one name their number.
  JobOptions Options(int batch_size, bool checkpoints = true, int batches_in_flight = 1) {
    JobOptions options;
    options.format = Format::kJsonLines;
    options.batch_size = batch_size;
    options.batches_in_flight = batches_in_flight;
    if (checkpoints) options.checkpoint_dir = dir_ / "checkpoints";
    return options;
  }

  JobRun RunJob(const JobOptions& options, FakeServer& server,
                const std::vector<std::string>& files) {
    std::ostringstream err;
    JobEnvironment environment;
    environment.err = &err;
    environment.sleep = [this](absl::Duration d) {
      absl::MutexLock lock(&pauses_mutex_);
      pauses_.push_back(d);
    };
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

  // Waits (at most 10 s) until the fake server has had a call for the batch starting at `line`;
  // false if it has not.
  static bool WaitForCallOfLine(FakeServer& server, int64_t line,
                                absl::Duration at_most = absl::Seconds(10)) {
    const absl::Time give_up = absl::Now() + at_most;
    while (absl::Now() < give_up) {
      {
        absl::MutexLock lock(&server.mutex);
        if (absl::c_linear_search(server.call_lines, line)) return true;
      }
      absl::SleepFor(absl::Milliseconds(1));
    }
    return false;
  }

  // The checkpoint of `input` holds lines 1..`line` committed and nothing in flight.
  void ExpectCommittedThrough(const std::string& input, int64_t line) {
    const Checkpoint checkpoint = SavedCheckpoint(input);
    EXPECT_EQ(checkpoint.line, line);
    EXPECT_FALSE(checkpoint.has_pending());
  }

  Checkpoint SavedCheckpoint(const std::string& input) {
    auto loaded = LoadCheckpoint(CheckpointPath(dir_ / "checkpoints", input));
    EXPECT_TRUE(loaded.ok() && loaded->has_value());
    return loaded.ok() && loaded->has_value() ? **loaded : Checkpoint{};
  }

  TempDir dir_;
  absl::Mutex pauses_mutex_;
  std::vector<absl::Duration> pauses_;
  std::atomic<int64_t> lines_read_ = 0;  // by the reader of the running job
};

TEST_F(JobTest, ImportsEveryRecordInBatches) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 10));
  FakeServer server;
  const JobRun run = RunJob(Options(4, true, 2), server, {input});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_THAT(server.written, SizeIs(10));
  EXPECT_THAT(server.calls, SizeIs(3));  // 4 + 4 + 2
  EXPECT_THAT(run.err, HasSubstr("in.jsonl lines 1-4: 4 records: 4 created"));
  EXPECT_THAT(run.err, HasSubstr("10 records"));
  EXPECT_THAT(run.err, HasSubstr("warnings: NO_EXTERNAL_ID 10"));
  ExpectCommittedThrough(input, 10);
}

TEST_F(JobTest, ReportsMalformedLinesAndRejectionsByLineAndExitsOne) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, "record 1\n!broken\nrejected one\nrecord 4\n");
  FakeServer server;
  const JobRun run = RunJob(Options(2, true, 2), server, {input});
  EXPECT_EQ(run.exit_code, kExitRejected);
  EXPECT_THAT(run.err, HasSubstr(input + ":2: malformed: !broken\n"));
  EXPECT_THAT(run.err, HasSubstr(input + ":3: event_type: is required\n"));
  EXPECT_THAT(server.written, UnorderedElementsAre("record 1", "record 4"));
}

// While a batch is in flight the job reads the next one (up to the line that ends it), so that
// its parsing and the server's work on the batch before overlap — with one batch in flight at
// most, the next is then held until the first is answered.
TEST_F(JobTest, ReadsTheNextBatchWhileOneIsInFlight) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 12));
  FakeServer server;
  int64_t read_during_first_call = 0;
  server.on_call = [&](int call, const Batch&) {
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
// reads the later lines, and sends the next batch, while the earlier batch is in flight.
TEST_F(JobTest, TellsEachBatchsLinesInLineOrder) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, "record 1\nreject 2\n!bad 3\nrecord 4\n!bad 5\nreject 6\n");
  FakeServer server;
  // The first batch is answered last: the second (lines 3-6) has come in before it is.
  server.on_call = [&](int, const Batch& batch) {
    if (batch.first_line == 1) WaitForCallOfLine(server, 3);
  };
  const JobRun run = RunJob(Options(2, true, 2), server, {input});
  EXPECT_EQ(run.exit_code, kExitRejected);
  ExpectInOrder(run.err, {input + ":2: event_type: is required",
                          "in.jsonl lines 1-2:", input + ":3: malformed: !bad 3",
                          input + ":5: malformed: !bad 5", input + ":6: event_type: is required"});
  EXPECT_THAT(run.err, HasSubstr("2 malformed lines"));
}

// With two batches in flight the second is sent while the first is still being answered, and a
// third waits until the first is answered: never more than two at once.
TEST_F(JobTest, SendsTheNextBatchWhileOneIsInFlight) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 12));
  FakeServer server;
  std::atomic<bool> second_came_during_first = false;
  std::atomic<bool> third_came_after_first = false;
  server.on_call = [&](int, const Batch& batch) {
    if (batch.first_line == 1) second_came_during_first = WaitForCallOfLine(server, 5);
    if (batch.first_line == 9) third_came_after_first = server.Answered(1);
  };
  const JobRun run = RunJob(Options(4, true, 2), server, {input});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_TRUE(second_came_during_first);
  EXPECT_TRUE(third_came_after_first);
  EXPECT_THAT(server.written, SizeIs(12));
  EXPECT_THAT(server.call_lines, UnorderedElementsAre(1, 5, 9));
  // Reported in line order, whatever order the answers came in.
  ExpectInOrder(run.err, {"lines 1-4:", "lines 5-8:", "lines 9-12:"});
  ExpectCommittedThrough(input, 12);
}

// A batch sent while earlier ones are in flight names the latest of them, so that the server
// decides its new names after that batch's; one sent with none in flight names none.
TEST_F(JobTest, ABatchSentBesideAnEarlierOneNamesIt) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 12));
  for (int in_flight : {1, 2}) {
    SCOPED_TRACE(in_flight);
    FakeServer server;
    absl::Mutex mutex;
    std::map<int64_t, std::pair<std::string, std::string>> ids;  // first line -> own, after
    server.on_call = [&](int, const Batch& batch) {
      absl::MutexLock lock(&mutex);
      ids[batch.first_line] = {batch.request_id, batch.after_request_id};
    };
    const JobRun run = RunJob(Options(4, true, in_flight), server, {input});
    ASSERT_EQ(run.exit_code, kExitOk) << run.err;
    ASSERT_THAT(ids, SizeIs(3));
    EXPECT_EQ(ids[1].second, "");
    for (int64_t line : {5, 9}) {
      EXPECT_EQ(ids[line].second, in_flight == 1 ? "" : ids[line - 4].first) << "line " << line;
    }
    std::filesystem::remove_all(dir_ / "checkpoints");
  }
}

// Two batches holding the same record (by external id) are never in flight together: the later
// one is sent once the earlier is answered, so the record's last version in the file wins.
TEST_F(JobTest, BatchesSharingAnExternalIdGoOneAfterTheOther) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, "id=A first\nrecord 2\nid=A corrected\nrecord 4\n");
  FakeServer server;
  std::atomic<bool> second_came_after_first = false;
  server.on_call = [&](int, const Batch& batch) {
    // Holds the first batch long enough for a second one sent beside it to show.
    if (batch.first_line == 1) WaitForCallOfLine(server, 3, absl::Milliseconds(300));
    if (batch.first_line == 3) second_came_after_first = server.Answered(1);
  };
  const JobRun run = RunJob(Options(2, true, 2), server, {input});
  EXPECT_EQ(run.exit_code, kExitOk) << run.err;
  EXPECT_TRUE(second_came_after_first);
  EXPECT_THAT(server.written, ElementsAre("id=A first", "record 2", "id=A corrected", "record 4"));
}

// A run killed with two batches in flight — the first committed by the server but its answer
// lost, the second answered — commits neither: the checkpoint keeps both in flight, cut where
// they were, and the resumed run sends both again with their request ids, writing nothing twice.
TEST_F(JobTest, ARunKilledWithTwoBatchesInFlightResendsBoth) {
  const std::string input = dir_ / "in.jsonl";
  WriteFile(input, Lines(1, 12));
  FakeServer server;
  server.on_call = [&](int, const Batch& batch) {
    if (batch.first_line == 1) WaitForCallOfLine(server, 5);
  };
  server.fail_after_first_line[1] = absl::CancelledError("killed");
  EXPECT_EQ(RunJob(Options(4, true, 2), server, {input}).exit_code, kExitFailed);
  EXPECT_THAT(server.written, SizeIs(8));
  ASSERT_THAT(server.calls, SizeIs(2));
  const std::vector<std::string> killed_calls = server.calls;
  const Checkpoint checkpoint = SavedCheckpoint(input);
  EXPECT_EQ(checkpoint.line, 0);
  EXPECT_EQ(checkpoint.pending_first_line, 1);
  EXPECT_EQ(checkpoint.pending_last_line, 8);
  EXPECT_THAT(checkpoint.pending_cuts, ElementsAre(4));

  server.on_call = nullptr;
  const JobRun resumed = RunJob(Options(3, true, 2), server, {input});
  EXPECT_EQ(resumed.exit_code, kExitOk) << resumed.err;
  ASSERT_THAT(server.calls, SizeIs(6));  // 1-4 and 5-8 again, then 9-11 and 12
  // In whatever order the sending threads reach the server.
  EXPECT_THAT(std::vector<int64_t>(server.call_lines.begin() + 2, server.call_lines.end()),
              UnorderedElementsAre(1, 5, 9, 12));
  EXPECT_THAT(std::vector<std::string>(server.calls.begin() + 2, server.calls.end()),
              IsSupersetOf(killed_calls));
  EXPECT_THAT(resumed.err, HasSubstr("lines 1-4: 4 records"));
  EXPECT_THAT(resumed.err, HasSubstr("lines 9-11: 3 records"));
  std::vector<std::string> written = server.written;
  std::sort(written.begin(), written.end());
  std::vector<std::string> expected;
  for (int i = 1; i <= 12; ++i) expected.push_back(absl::StrCat("record ", i));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(written, expected);
  EXPECT_EQ(SavedCheckpoint(input).line, 12);
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
  EXPECT_EQ(RunJob(Options(10, true, 0), server, {input}).exit_code, kExitFailed);
  EXPECT_EQ(RunJob(Options(10, true, kMaxBatchesInFlight + 1), server, {input}).exit_code,
            kExitFailed);
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
