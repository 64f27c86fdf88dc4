// Whole runs of timeline-ingest over the same ACLED export saved as UTF-8, Windows-1252 and
// UTF-16: the records sent are the same, the summary says how each file was read, and a line
// with bytes invalid in its encoding costs only its own record.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest_job.h"
#include "job_testing.h"

namespace timeline::ingest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace ::timeline::ingest::testing;  // NOLINT: the job's test helpers

const std::string kData = TIMELINE_INGEST_TEST_DATA;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Accepts every record and keeps it as sent.
class RecordingSender : public BatchSender {
 public:
  absl::StatusOr<std::vector<RecordOutcome>> Send(const Batch& batch,
                                                  absl::Time /*wait_for_server_until*/) override {
    std::vector<RecordOutcome> outcomes;
    for (size_t i = 0; i < batch.events.size(); ++i) {
      events.push_back(batch.events[i]);
      lines.push_back(batch.record_lines[i]);
      outcomes.push_back({v1::IngestResult::CREATED, {}, {}});
    }
    return outcomes;
  }
  std::vector<v1::IngestRecord> events;
  std::vector<int64_t> lines;
};

struct ImportRun {
  int exit_code = -1;
  std::string err;
  std::vector<v1::IngestRecord> events;
  std::vector<int64_t> lines;
};

ImportRun Import(const std::string& path, std::optional<std::string> encoding = std::nullopt) {
  JobOptions options;
  options.batch_size = 5;
  options.batches_in_flight = 1;  // RecordingSender keeps the order it is called in
  options.encoding = std::move(encoding);
  std::ostringstream err;
  JobEnvironment environment;
  environment.err = &err;
  environment.sleep = [](absl::Duration) {};
  RecordingSender sender;
  ImportRun run;
  run.exit_code = RunIngestJob(options, {path}, sender, environment);
  run.err = err.str();
  run.events = std::move(sender.events);
  run.lines = std::move(sender.lines);
  return run;
}

// The 12 rows of the export, as the UTF-8 copy reads.
std::vector<std::string> Serialized(const std::vector<v1::IngestRecord>& events) {
  std::vector<std::string> out;
  for (const v1::IngestRecord& event : events) out.push_back(event.SerializeAsString());
  return out;
}

TEST(InputEncoding, TheUtf8CopyIsTheTruth) {
  const ImportRun utf8 = Import(kData + "/acled-2015-utf8.csv");
  EXPECT_EQ(utf8.exit_code, kExitOk) << utf8.err;
  ASSERT_EQ(utf8.events.size(), 12u) << utf8.err;
  EXPECT_THAT(utf8.err, HasSubstr("acled-2015-utf8.csv: read as UTF-8 (valid UTF-8)"));
  // Spot checks that the reader saw the accented and typographic characters.
  EXPECT_THAT(utf8.events[0].DebugString(), HasSubstr("Protesters (C\\303\\264te d\\'Ivoire)"));
  EXPECT_THAT(utf8.events[4].DebugString(), HasSubstr("B\\303\\251ja\\303\\257a"));
}

TEST(InputEncoding, AWindows1252ExportImportsAsDownloaded) {
  const ImportRun utf8 = Import(kData + "/acled-2015-utf8.csv");
  const ImportRun cp1252 = Import(kData + "/acled-2015-cp1252.csv");
  EXPECT_EQ(cp1252.exit_code, kExitOk) << cp1252.err;
  EXPECT_THAT(cp1252.err, HasSubstr("acled-2015-cp1252.csv: read as windows-1252 (detected"));
  EXPECT_EQ(Serialized(cp1252.events), Serialized(utf8.events));
  EXPECT_EQ(cp1252.lines, utf8.lines);
}

TEST(InputEncoding, AUtf16ExportWithItsMarkImportsAsDownloaded) {
  const ImportRun utf8 = Import(kData + "/acled-2015-utf8.csv");
  const ImportRun utf16 = Import(kData + "/acled-2015-utf16.csv");
  EXPECT_EQ(utf16.exit_code, kExitOk) << utf16.err;
  EXPECT_THAT(utf16.err, HasSubstr("acled-2015-utf16.csv: read as UTF-16LE (byte-order mark)"));
  EXPECT_EQ(Serialized(utf16.events), Serialized(utf8.events));
  EXPECT_EQ(utf16.lines, utf8.lines);
}

TEST(InputEncoding, ANamedEncodingOverridesDetection) {
  const ImportRun utf8 = Import(kData + "/acled-2015-utf8.csv");
  const ImportRun named = Import(kData + "/acled-2015-cp1252.csv", "cp1252");
  EXPECT_EQ(named.exit_code, kExitOk) << named.err;
  EXPECT_THAT(named.err, HasSubstr("(--encoding)"));
  EXPECT_EQ(Serialized(named.events), Serialized(utf8.events));

  const ImportRun unknown = Import(kData + "/acled-2015-cp1252.csv", "no-such-charset");
  EXPECT_EQ(unknown.exit_code, kExitFailed);
  EXPECT_THAT(unknown.err, HasSubstr("no-such-charset"));
}

TEST(InputEncoding, AnInvalidByteCostsOnlyItsOwnRecord) {
  TempDir dir;
  // Line 4 (the Ségou row) gets a byte that is not UTF-8; everything else stays valid UTF-8.
  std::string bytes = ReadBytes(kData + "/acled-2015-utf8.csv");
  const std::string good = "Gunmen killed a village chief";
  ASSERT_NE(bytes.find(good), std::string::npos);
  absl::StrReplaceAll({{good,
                        "Gunmen killed a village \xFF"
                        "chief"}},
                      &bytes);
  const std::string path = dir / "acled-2015.csv";
  WriteFile(path, bytes);

  const ImportRun utf8 = Import(kData + "/acled-2015-utf8.csv");
  const ImportRun run = Import(path);
  EXPECT_EQ(run.exit_code, kExitRejected) << run.err;
  EXPECT_THAT(run.err, HasSubstr("read as UTF-8 (UTF-8 with 1 invalid sequence"));
  EXPECT_THAT(run.err, HasSubstr(absl::StrCat(path,
                                              ":4: invalid UTF-8 byte 0xFF (the record of line 4 "
                                              "is left out)")));
  EXPECT_THAT(run.err, HasSubstr("1 malformed"));
  // Every other record went, unchanged.
  std::vector<std::string> expected = Serialized(utf8.events);
  expected.erase(expected.begin() + 2);  // the record of line 4
  EXPECT_EQ(Serialized(run.events), expected);
  EXPECT_THAT(run.lines, Not(::testing::Contains(4)));
}

TEST(InputEncoding, AnInvalidByteInAQuotedFieldSpanningLinesIsFoundInItsRecord) {
  TempDir dir;
  // The record of line 2 spans lines 2-3 (a note with a line break); the bad byte is on line 3.
  const std::string path = dir / "acled.csv";
  std::string bytes = ReadBytes(kData + "/acled-2015-utf8.csv");
  absl::StrReplaceAll({{"Students marched on the", "Students\nmarched \xFE on the"}}, &bytes);
  WriteFile(path, bytes);
  const ImportRun run = Import(path);
  EXPECT_THAT(run.err, HasSubstr(absl::StrCat(path,
                                              ":3: invalid UTF-8 byte 0xFE (the record of "
                                              "line 2 is left out)")));
  ASSERT_EQ(run.events.size(), 11u) << run.err;
  EXPECT_EQ(run.lines.front(), 4);
}

}  // namespace
}  // namespace timeline::ingest
