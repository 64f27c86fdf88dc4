// Checkpoints (saved atomically, read back whole) and the decision to resume, skip or start over.
#include "checkpoint.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "content_hash.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "job_testing.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::ingest::testing;  // NOLINT: the job's test helpers
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

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

  EXPECT_THAT(EncodeCheckpoint(c), HasSubstr("\"version\": 1,"));
  c.pending_cuts = {1200, 1250};  // three batches in flight: 1001-1200, 1201-1250, 1251-1500
  EXPECT_THAT(EncodeCheckpoint(c), HasSubstr("\"pending_cuts\": [1200, 1250]"));
  // A job that knows no cuts must not read these batches as one: it refuses version 2.
  EXPECT_THAT(EncodeCheckpoint(c), HasSubstr("\"version\": 2,"));
  decoded = DecodeCheckpoint(EncodeCheckpoint(c));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, c);
}

TEST(Checkpoint, RejectsCutsOutsideTheLinesInFlight) {
  Checkpoint c = SampleCheckpoint();
  c.pending_first_line = 1001;
  c.pending_last_line = 1500;
  for (const std::vector<int64_t>& cuts :
       std::vector<std::vector<int64_t>>{{1000}, {1500}, {1600}, {1300, 1200}, {1200, 1200}}) {
    c.pending_cuts = cuts;
    EXPECT_FALSE(DecodeCheckpoint(EncodeCheckpoint(c)).ok()) << EncodeCheckpoint(c);
  }
  c.pending_cuts = {};
  const std::string json = EncodeCheckpoint(c);
  for (const char* cuts : {"\"x\"", "[\"x\"]", "[0]", "[1200.5]"}) {
    const std::string bad = absl::StrReplaceAll(
        json, {{"\"pending_last_line\": 1500",
                absl::StrCat("\"pending_last_line\": 1500, ", "\"pending_cuts\": ", cuts)}});
    absl::StatusOr<Checkpoint> decoded = DecodeCheckpoint(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_THAT(decoded.status().message(), HasSubstr("pending_cuts")) << bad;
  }
  Checkpoint none = SampleCheckpoint();  // cuts without lines in flight
  none.pending_cuts = {1001};
  EXPECT_FALSE(DecodeCheckpoint(EncodeCheckpoint(none)).ok());
}

TEST(Checkpoint, RejectsWhatIsNotACheckpoint) {
  EXPECT_FALSE(DecodeCheckpoint("not json").ok());
  EXPECT_FALSE(DecodeCheckpoint("{}").ok());
  std::string json = EncodeCheckpoint(SampleCheckpoint());
  EXPECT_FALSE(
      DecodeCheckpoint(absl::StrReplaceAll(json, {{"\"version\": 1", "\"version\": 9"}})).ok());
  for (const char* line : {"-3", "1000.5", "\"1000\"", "1e16"}) {
    absl::StatusOr<Checkpoint> decoded = DecodeCheckpoint(
        absl::StrReplaceAll(json, {{"\"line\": 1000", absl::StrCat("\"line\": ", line)}}));
    ASSERT_FALSE(decoded.ok()) << line;
    EXPECT_THAT(decoded.status().message(), HasSubstr("\"line\" is not a count")) << line;
  }
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

}  // namespace
}  // namespace timeline::ingest
