// The JSON Lines reader.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "formats/readers.h"
#include "formats/record_reader.h"
#include "formats_testing.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::ingest::testing;  // NOLINT: the readers' test helpers
using Kind = ReadItem::Kind;

TEST(JsonLinesTest, SampleFile) {
  const std::vector<ReadItem> items = ReadFile(Format::kJsonLines, "records.jsonl");
  EXPECT_EQ(Lines(items, Kind::kEvent), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{4, 5, 6, 7}));

  const v1::IngestRecord& visit = AtLine(items, 1).event;
  EXPECT_EQ(visit.external_id().system(), "erem-news");
  EXPECT_EQ(visit.event_type(), "visit");
  EXPECT_EQ(visit.date().text(), "السبت");
  ASSERT_EQ(visit.actors_size(), 2);
  EXPECT_EQ(visit.actors(0).name(), "عاصيمي غويتا");
  EXPECT_EQ(visit.actors(0).aliases(0), "Assimi Goïta");
  EXPECT_EQ(visit.actors(0).kind(), v1::PERSON);
  EXPECT_EQ(visit.actors(0).role(), v1::HOST);
  EXPECT_EQ(visit.actors(1).role(), v1::VISITOR);
  EXPECT_EQ(visit.places(0).name(), "باماكو");
  EXPECT_EQ(visit.source().published_time().seconds(), 1728731760);

  // snake_case field names are proto JSON too.
  const v1::IngestRecord& attack = AtLine(items, 3).event;
  EXPECT_EQ(attack.time().precision(), v1::PRECISION_DAY);
  EXPECT_EQ(attack.time().start_time().seconds(), 1726531200);
  EXPECT_EQ(attack.fatalities().low(), 71);
  EXPECT_FALSE(attack.fatalities().has_best());

  for (int64_t line : {4, 5, 6, 7}) {
    EXPECT_TRUE(absl::StartsWith(AtLine(items, line).error, "not an IngestRecord in proto JSON: "))
        << AtLine(items, line).error;
  }
  EXPECT_TRUE(absl::StrContains(AtLine(items, 5).error, "titel")) << AtLine(items, 5).error;
  EXPECT_TRUE(absl::StrContains(AtLine(items, 6).error, "BOSS")) << AtLine(items, 6).error;
}

}  // namespace
}  // namespace timeline::ingest
