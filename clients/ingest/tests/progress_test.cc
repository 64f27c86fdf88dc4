// Progress lines and the summary, and a note's field within its record.
#include "progress.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc_sender.h"
#include "gtest/gtest.h"
#include "job_testing.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::ingest::testing;  // NOLINT: the job's test helpers
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

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

}  // namespace
}  // namespace timeline::ingest
