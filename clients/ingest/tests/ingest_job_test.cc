// timeline-ingest's own logic, without a network: hashes, checkpoints and the resume decision,
// request ids, batch splitting, the backoff schedule, and whole runs of the job against a fake
// server that remembers request ids as the real one does — including a run killed mid-way.

#include "ingest_job.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
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
#include "progress.h"
#include "retry.h"

namespace timeline::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

namespace fs = std::filesystem;

// A fresh folder per test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(::testing::TempDir()) /
            (std::string("ingest_job_test_") + info->test_suite_name() + "_" + info->name() + "_" +
             std::to_string(getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
}

void AppendFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary | std::ios::app) << contents;
}

// --- Hashes -------------------------------------------------------------------------------------

TEST(Sha256, MatchesTheStandardTestVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 incremental;
  incremental.Update("a");
  EXPECT_EQ(incremental.HexDigest(), Sha256Hex("a"));
  incremental.Update("bc");
  EXPECT_EQ(incremental.HexDigest(), Sha256Hex("abc"));
}

TEST(LineHasher, HashesPrefixesAndSpansByLine) {
  TempDir dir;
  WriteFile(dir / "f", "a\nbb\nccc");
  auto hasher = LineHasher::Open(dir / "f", 8);
  ASSERT_TRUE(hasher.ok());
  EXPECT_EQ((*hasher)->AdvanceTo(2), 2);
  EXPECT_EQ((*hasher)->bytes(), 5);
  EXPECT_TRUE((*hasher)->at_line_start());
  EXPECT_EQ((*hasher)->PrefixDigest(), Sha256Hex("a\nbb\n"));
  EXPECT_EQ((*hasher)->TakeSpanDigest(), Sha256Hex("a\nbb\n"));
  // A last line without '\n' is still a line.
  EXPECT_EQ((*hasher)->AdvanceToEnd(), 3);
  EXPECT_FALSE((*hasher)->at_line_start());
  EXPECT_EQ((*hasher)->TakeSpanDigest(), Sha256Hex("ccc"));
  EXPECT_EQ((*hasher)->PrefixDigest(), Sha256Hex("a\nbb\nccc"));
}

TEST(LineHasher, StopsAtTheSnapshotSize) {
  TempDir dir;
  WriteFile(dir / "f", "a\nb\nappended later\n");
  auto hasher = LineHasher::Open(dir / "f", 4);
  ASSERT_TRUE(hasher.ok());
  EXPECT_EQ((*hasher)->AdvanceToEnd(), 2);
  EXPECT_EQ((*hasher)->bytes(), 4);
}

// --- Checkpoints --------------------------------------------------------------------------------

Checkpoint SampleCheckpoint() {
  Checkpoint c;
  c.file = "/data/in \"quoted\"\n.csv";
  c.lineage = "0123456789abcdef0123456789abcdef";
  c.line = 1000;
  c.bytes = 123456;
  c.prefix_sha256 = Sha256Hex("x");
  return c;
}

TEST(Checkpoint, RoundTripsThroughJson) {
  Checkpoint c = SampleCheckpoint();
  absl::StatusOr<Checkpoint> decoded = DecodeCheckpoint(EncodeCheckpoint(c));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, c);

  c.pending_first_line = 1001;
  c.pending_last_line = 1500;
  decoded = DecodeCheckpoint(EncodeCheckpoint(c));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, c);
}

TEST(Checkpoint, RejectsWhatIsNotACheckpoint) {
  EXPECT_FALSE(DecodeCheckpoint("not json").ok());
  EXPECT_FALSE(DecodeCheckpoint("{}").ok());
  std::string json = EncodeCheckpoint(SampleCheckpoint());
  EXPECT_FALSE(
      DecodeCheckpoint(absl::StrReplaceAll(json, {{"\"version\": 1", "\"version\": 9"}})).ok());
  EXPECT_FALSE(
      DecodeCheckpoint(absl::StrReplaceAll(json, {{"\"line\": 1000", "\"line\": -3"}})).ok());
  Checkpoint pending_elsewhere = SampleCheckpoint();
  pending_elsewhere.pending_first_line = 5;  // must follow the committed line 1000
  pending_elsewhere.pending_last_line = 9;
  EXPECT_FALSE(DecodeCheckpoint(EncodeCheckpoint(pending_elsewhere)).ok());
}

TEST(Checkpoint, SavesAtomicallyAndLoads) {
  TempDir dir;
  const std::string path = dir / "c.json";
  auto missing = LoadCheckpoint(path);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  Checkpoint first = SampleCheckpoint();
  ASSERT_TRUE(SaveCheckpoint(path, first).ok());
  Checkpoint second = first;
  second.line = 2000;
  ASSERT_TRUE(SaveCheckpoint(path, second).ok());
  auto loaded = LoadCheckpoint(path);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ(**loaded, second);
  // Nothing but the checkpoint is left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(Checkpoint, AFailedSaveLeavesThePreviousCheckpointWhole) {
  TempDir dir;
  const std::string path = dir / "c.json";
  ASSERT_TRUE(SaveCheckpoint(path, SampleCheckpoint()).ok());
  // The temporary file cannot be created: a folder is in its way.
  fs::create_directory(path + ".tmp." + std::to_string(getpid()));
  Checkpoint later = SampleCheckpoint();
  later.line = 5000;
  EXPECT_FALSE(SaveCheckpoint(path, later).ok());
  auto loaded = LoadCheckpoint(path);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ(**loaded, SampleCheckpoint());
}

TEST(Checkpoint, ACorruptCheckpointIsAnErrorNamingIt) {
  TempDir dir;
  WriteFile(dir / "c.json", "{\"version\": 1, \"li");
  auto loaded = LoadCheckpoint(dir / "c.json");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("c.json"));
}

TEST(Checkpoint, PathIsPerInputFile) {
  const std::string a = CheckpointPath("/var/lib/ti", "/data/2024/acled.csv");
  EXPECT_EQ(a, CheckpointPath("/var/lib/ti", "/data/2024/../2024/acled.csv"));
  EXPECT_NE(a, CheckpointPath("/var/lib/ti", "/data/2025/acled.csv"));
  EXPECT_THAT(a, ::testing::StartsWith("/var/lib/ti/acled.csv."));
  EXPECT_THAT(a, ::testing::EndsWith(".json"));
}

TEST(Checkpoint, NewLineagesDiffer) {
  EXPECT_THAT(NewLineage(), SizeIs(32));
  EXPECT_NE(NewLineage(), NewLineage());
}

// --- The resume decision ------------------------------------------------------------------------

Checkpoint CheckpointAfter(const std::string& path, int64_t lines) {
  auto hasher = LineHasher::Open(path, static_cast<int64_t>(fs::file_size(path)));
  (*hasher)->AdvanceTo(lines);
  Checkpoint c;
  c.file = path;
  c.lineage = NewLineage();
  c.line = (*hasher)->line();
  c.bytes = (*hasher)->bytes();
  c.prefix_sha256 = (*hasher)->PrefixDigest();
  return c;
}

ResumeDecision Decide(const Checkpoint& c, const std::string& path) {
  return DecideResume(c, path, static_cast<int64_t>(fs::file_size(path)));
}

TEST(DecideResume, AnAppendedFileResumes) {
  TempDir dir;
  const std::string path = dir / "f";
  WriteFile(path, "h\na\nb\n");
  const Checkpoint c = CheckpointAfter(path, 3);
  AppendFile(path, "c\nd\n");
  const ResumeDecision decision = Decide(c, path);
  EXPECT_TRUE(decision.resume) << decision.reason;
}

TEST(DecideResume, AnUnchangedFileResumes) {
  TempDir dir;
  const std::string path = dir / "f";
  WriteFile(path, "h\na\nno line end");
  EXPECT_TRUE(Decide(CheckpointAfter(path, 3), path).resume);
}

TEST(DecideResume, AReplacedFileStartsOver) {
  TempDir dir;
  const std::string path = dir / "f";
  WriteFile(path, "h\na\nb\n");
  const Checkpoint c = CheckpointAfter(path, 3);
  WriteFile(path, "h\nA\nb\nc\n");  // same size up to there, other bytes
  const ResumeDecision decision = Decide(c, path);
  EXPECT_FALSE(decision.resume);
  EXPECT_THAT(decision.reason, HasSubstr("changed"));
}

TEST(DecideResume, AShorterFileStartsOver) {
  TempDir dir;
  const std::string path = dir / "f";
  WriteFile(path, "h\na\nb\n");
  const Checkpoint c = CheckpointAfter(path, 3);
  WriteFile(path, "h\n");
  EXPECT_FALSE(Decide(c, path).resume);
}

TEST(DecideResume, ALastLineWithoutLineEndThatGrewStartsOver) {
  TempDir dir;
  const std::string path = dir / "f";
  WriteFile(path, "h\na\npartial");
  const Checkpoint c = CheckpointAfter(path, 3);
  AppendFile(path, " line, now whole\n");
  EXPECT_FALSE(Decide(c, path).resume);
}

// --- Request ids, messages, backoff -------------------------------------------------------------

TEST(RequestId, IsAPureFunctionOfTheKey) {
  const std::string digest = Sha256Hex("lines");
  const RequestKey key{"0123456789abcdef0123456789abcdef", 2, 1001, digest, false};
  const std::string id = MakeRequestId(key);
  EXPECT_EQ(id, MakeRequestId(key));
  EXPECT_THAT(id, ::testing::StartsWith("ti-0123456789abcdef0123456789abcdef-2-1001-"));

  RequestKey other = key;
  other.lineage = "fedcba9876543210fedcba9876543210";
  EXPECT_NE(MakeRequestId(other), id);
  other = key;
  other.first_line = 3;
  EXPECT_NE(MakeRequestId(other), id);
  other = key;
  other.last_line = 1000;
  EXPECT_NE(MakeRequestId(other), id);
  other = key;
  const std::string other_digest = Sha256Hex("other lines");
  other.lines_sha256 = other_digest;
  EXPECT_NE(MakeRequestId(other), id);
  other = key;
  other.strict = true;
  EXPECT_NE(MakeRequestId(other), id);
}

TEST(RequestId, FitsAip155Limit) {
  const std::string digest = Sha256Hex("x");
  const int64_t huge = std::numeric_limits<int64_t>::max();
  EXPECT_LE(MakeRequestId({std::string(200, 'f'), huge, huge, digest, true}).size(), 128u);
}

TEST(SplitIntoMessages, CutsEvery200Records) {
  const auto messages = SplitIntoMessages(std::vector<size_t>(1000, 300));
  ASSERT_THAT(messages, SizeIs(5));
  EXPECT_EQ(messages.front(), std::make_pair(size_t{0}, size_t{200}));
  EXPECT_EQ(messages.back(), std::make_pair(size_t{800}, size_t{1000}));
  EXPECT_THAT(SplitIntoMessages(std::vector<size_t>(201, 1)), SizeIs(2));
  EXPECT_THAT(SplitIntoMessages({}), SizeIs(0));
}

TEST(SplitIntoMessages, KeepsMessagesWithinTheByteBudget) {
  // 10 records of 300 kB: 3 per 1 MiB message.
  const auto messages = SplitIntoMessages(std::vector<size_t>(10, 300 << 10));
  EXPECT_THAT(messages, ElementsAre(std::make_pair(size_t{0}, size_t{3}), std::make_pair(3u, 6u),
                                    std::make_pair(6u, 9u), std::make_pair(9u, 10u)));
  // A record larger than the budget goes alone.
  EXPECT_THAT(SplitIntoMessages({10, 5 << 20, 10}),
              ElementsAre(std::make_pair(size_t{0}, size_t{1}), std::make_pair(1u, 2u),
                          std::make_pair(2u, 3u)));
}

TEST(Backoff, DoublesFrom200MsUpTo10sWithJitterInTheUpperHalf) {
  const RetryPolicy policy;
  const std::vector<int64_t> full_ms = {200, 400, 800, 1600, 3200, 6400, 10000, 10000};
  for (size_t i = 0; i < full_ms.size(); ++i) {
    const int retry = static_cast<int>(i) + 1;
    EXPECT_EQ(BackoffDelay(policy, retry, 0.0), absl::Milliseconds(full_ms[i]) / 2) << retry;
    EXPECT_EQ(BackoffDelay(policy, retry, 1.0), absl::Milliseconds(full_ms[i])) << retry;
    const absl::Duration mid = BackoffDelay(policy, retry, 0.5);
    EXPECT_GT(mid, absl::Milliseconds(full_ms[i]) / 2);
    EXPECT_LT(mid, absl::Milliseconds(full_ms[i]));
  }
  EXPECT_EQ(BackoffDelay(policy, 1000, 1.0), absl::Seconds(10));
}

TEST(Backoff, RetriesOnlyTransientFailures) {
  EXPECT_TRUE(IsRetryable(absl::StatusCode::kUnavailable));
  EXPECT_TRUE(IsRetryable(absl::StatusCode::kDeadlineExceeded));
  EXPECT_TRUE(IsRetryable(absl::StatusCode::kResourceExhausted));
  EXPECT_TRUE(IsRetryable(absl::StatusCode::kAborted));
  EXPECT_FALSE(IsRetryable(absl::StatusCode::kInvalidArgument));
  EXPECT_FALSE(IsRetryable(absl::StatusCode::kPermissionDenied));
  EXPECT_FALSE(IsRetryable(absl::StatusCode::kInternal));
}

TEST(Retrier, RetriesUpToMaxAttemptsSleepingBetween) {
  std::vector<absl::Duration> pauses;
  Retrier retrier({.max_attempts = 4}, [&](absl::Duration d) { pauses.push_back(d); });
  int calls = 0;
  absl::Status status = retrier.Run(
      [&] {
        ++calls;
        return absl::UnavailableError("down");
      },
      nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(calls, 4);
  ASSERT_THAT(pauses, SizeIs(3));
  EXPECT_GE(pauses[2], absl::Milliseconds(400));
  EXPECT_LT(pauses[2], absl::Milliseconds(800));
}

TEST(Retrier, StopsAtTheFirstFailureThatIsNotTransient) {
  Retrier retrier({}, [](absl::Duration) {});
  int calls = 0;
  absl::Status status = retrier.Run(
      [&] {
        ++calls;
        return calls == 1 ? absl::AbortedError("conflict") : absl::InvalidArgumentError("bad");
      },
      nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(calls, 2);
}

TEST(FieldWithinRecord, DropsTheStreamPosition) {
  EXPECT_EQ(FieldWithinRecord("records[12].date.text"), "date.text");
  EXPECT_EQ(FieldWithinRecord("places[3].name"), "name");
  EXPECT_EQ(FieldWithinRecord("records[0]"), "");
  EXPECT_EQ(FieldWithinRecord("request_id"), "request_id");
}

// --- Progress -----------------------------------------------------------------------------------

TEST(Progress, OnATerminalRedrawsOneLineAndClearsItBeforeOtherLines) {
  std::ostringstream out;
  absl::Time now = absl::UnixEpoch();
  Progress progress(out, /*terminal=*/true, [&] { return now; });
  Counts batch;
  batch.records = 10;
  batch.created = 10;
  now += absl::Seconds(2);
  progress.BatchDone("/in/a.csv", 2, 11, batch, batch);
  EXPECT_EQ(out.str(),
            "timeline-ingest: 10 records, 5/s: 10 created, 0 updated, 0 unchanged, "
            "0 rejected (a.csv:11)");
  progress.Say("a.csv:12: bad line");
  EXPECT_THAT(out.str(), HasSubstr("(a.csv:11)\r\033[Ka.csv:12: bad line\n"));
  progress.Finish(batch, 1, false);
  EXPECT_THAT(out.str(), ::testing::EndsWith("; 0 malformed lines\n"));
}

TEST(Progress, InALogWritesALinePerBatch) {
  std::ostringstream out;
  absl::Time now = absl::UnixEpoch();
  Progress progress(out, /*terminal=*/false, [&] { return now; });
  Counts batch;
  batch.records = 4;
  batch.unchanged = 3;
  batch.rejected = 1;
  now += absl::Seconds(2);
  progress.BatchDone("a.csv", 2, 5, batch, batch);
  EXPECT_EQ(out.str(),
            "timeline-ingest: a.csv lines 2-5: 4 records: 0 created, 0 updated, 3 unchanged, 1 "
            "rejected; 2 records/s, 2.0 s\n");
  Counts totals = batch;
  totals.warnings["NEW_ACTOR"] = 2;
  progress.Finish(totals, 1, false);
  EXPECT_THAT(out.str(), HasSubstr("timeline-ingest: 1 file, 4 records in 2.0 s (2 records/s): "
                                   "0 created, 0 updated, 3 unchanged, 1 rejected; 0 malformed "
                                   "lines; warnings: NEW_ACTOR 2\n"));
}

// --- Whole runs against a fake server -----------------------------------------------------------

// One record per line: its title is the line. "!" lines are malformed; "reject" lines are
// refused by the fake server. Records carry no external id, so a record written twice shows.
class LineReader : public RecordReader {
 public:
  explicit LineReader(std::istream& in) : in_(in) {}
  bool Next(ReadItem* item) override {
    std::string text;
    if (!std::getline(in_, text)) return false;
    *item = ReadItem{};
    item->line = ++line_;
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
  int64_t line_ = 0;
};

// The server side of AIP-155 as the job relies on it: a repeated request_id is answered with
// the first result and writes nothing.
struct FakeServer {
  std::vector<std::string> written;  // titles, in the order written
  std::map<std::string, std::vector<RecordOutcome>> answers;
  std::vector<std::string> calls;  // request ids, every attempt
  // Per call number (from 1): fail before writing.
  std::map<int, absl::Status> fail_before;
  // Per call number: write, then fail (the answer is lost, or the job was killed meanwhile).
  std::map<int, absl::Status> fail_after;
};

class FakeSender : public BatchSender {
 public:
  explicit FakeSender(FakeServer& server) : server_(server) {}
  absl::StatusOr<std::vector<RecordOutcome>> Send(const Batch& batch) override {
    server_.calls.push_back(batch.request_id);
    const int call = static_cast<int>(server_.calls.size());
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
    environment.open_reader = [](Format, std::istream& in) {
      return std::make_unique<LineReader>(in);
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
  InputFile file{input, static_cast<int64_t>(fs::file_size(input)), Format::kJsonLines};
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
