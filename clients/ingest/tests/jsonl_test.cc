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

// Each line is parsed on its own: the type descriptions the parser keeps between lines never
// carry a value from one record into the next, and a line that is not an object says so.
TEST(JsonLinesTest, LinesAreReadIndependently) {
  const std::vector<ReadItem> items =
      ReadText(Format::kJsonLines,
               "{\"title\":\"one\",\"actors\":[{\"name\":\"Protesters (Niger)\","
               "\"role\":\"INITIATOR\"}],\"fatalities\":{\"low\":3}}\n"
               "  \t{\"title\":\"two\",\"places\":[{\"name\":\"Rafah\"}]}\n"
               "\"a string\"\n"
               "\xc2\xa0{\"title\":\"no-break space first\"}\n"
               "{\"title\":\"three\",\"actors\":[{\"name\":\"Civilians (Guinea)\","
               "\"role\":\"BOSS\"}]}\n"
               "{\"title\":\"four\"}\n");
  EXPECT_EQ(Lines(items, Kind::kEvent), (std::vector<int64_t>{1, 2, 6}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{3, 4, 5}));

  const v1::IngestRecord& one = AtLine(items, 1).event;
  ASSERT_EQ(one.actors_size(), 1);
  EXPECT_EQ(one.actors(0).name(), "Protesters (Niger)");
  EXPECT_EQ(one.actors(0).role(), v1::INITIATOR);
  EXPECT_EQ(one.fatalities().low(), 3);
  const v1::IngestRecord& two = AtLine(items, 2).event;
  EXPECT_EQ(two.title(), "two");
  EXPECT_EQ(two.actors_size(), 0);
  EXPECT_FALSE(two.has_fatalities());
  ASSERT_EQ(two.places_size(), 1);
  EXPECT_EQ(two.places(0).name(), "Rafah");
  const v1::IngestRecord& four = AtLine(items, 6).event;
  EXPECT_EQ(four.title(), "four");
  EXPECT_EQ(four.actors_size(), 0);

  for (int64_t line : {3, 4}) {
    EXPECT_EQ(AtLine(items, line).error,
              "not an IngestRecord in proto JSON: a record is a JSON object, and the line does "
              "not start with {");
  }
  EXPECT_TRUE(absl::StrContains(AtLine(items, 5).error, "BOSS")) << AtLine(items, 5).error;
}

}  // namespace
}  // namespace timeline::ingest
