// Format detection and names, and every reader on garbage.
#include "formats/record_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "formats/readers.h"
#include "formats_testing.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::ingest::testing;  // NOLINT: the readers' test helpers
using Kind = ReadItem::Kind;

TEST(DetectFormatTest, EverySampleFile) {
  const std::vector<std::pair<std::string, Format>> cases = {
      {"acled-2024.csv", Format::kAcled},         {"acled-2018-uppercase.csv", Format::kAcled},
      {"ucdp-ged.csv", Format::kUcdpGed},         {"gdelt-events.tsv", Format::kGdelt},
      {"geonames-sample.txt", Format::kGeoNames}, {"records.jsonl", Format::kJsonLines},
  };
  for (const auto& [name, want] : cases) {
    absl::StatusOr<Format> got = DetectFormat(DataPath(name), FirstLine(name));
    ASSERT_TRUE(got.ok()) << name << ": " << got.status();
    EXPECT_EQ(*got, want) << name;
  }
}

TEST(DetectFormatTest, ByExtensionAndContent) {
  EXPECT_EQ(DetectFormat("x/records.NDJSON", "whatever").value(), Format::kJsonLines);
  EXPECT_EQ(DetectFormat("x/records.jsonl", "").value(), Format::kJsonLines);
  EXPECT_EQ(DetectFormat("-", "{\"title\":\"x\"}").value(), Format::kJsonLines);
  EXPECT_EQ(DetectFormat("export.csv", "\"EVENT_ID_CNTY\",\"EVENT_DATE\"\r\n").value(),
            Format::kAcled);
  EXPECT_EQ(DetectFormat("ged.csv", "\xEF\xBB\xBFid,side_a,side_b,date_start,date_end").value(),
            Format::kUcdpGed);
  EXPECT_EQ(DetectFormat("20240917.export.CSV", FirstLine("gdelt-events.tsv")).value(),
            Format::kGdelt);
}

TEST(DetectFormatTest, GarbageIsNamedInTheError) {
  absl::StatusOr<Format> got = DetectFormat(DataPath("garbage.txt"), FirstLine("garbage.txt"));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(got.status().message(), "\"this is not a dataset\""))
      << got.status();
  EXPECT_TRUE(absl::StrContains(got.status().message(), "jsonl, acled, ucdp, gdelt, geonames"))
      << got.status();
  // Nineteen tab-separated fields without a numeric id are not GeoNames.
  EXPECT_FALSE(DetectFormat("x.txt", std::string(18, '\t')).ok());
}

TEST(FormatNamesTest, RoundTrip) {
  for (Format f :
       {Format::kJsonLines, Format::kAcled, Format::kUcdpGed, Format::kGdelt, Format::kGeoNames}) {
    EXPECT_EQ(ParseFormatName(FormatName(f)).value(), f);
    EXPECT_EQ(YieldsPlaces(f), f == Format::kGeoNames);
  }
  EXPECT_EQ(ParseFormatName("UCDP-GED").value(), Format::kUcdpGed);
  EXPECT_EQ(ParseFormatName("csv").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GarbageTest, EveryReaderReportsErrorsAndNoRecords) {
  for (Format f :
       {Format::kJsonLines, Format::kAcled, Format::kUcdpGed, Format::kGdelt, Format::kGeoNames}) {
    const std::vector<ReadItem> items = ReadFile(f, "garbage.txt");
    EXPECT_FALSE(items.empty()) << FormatName(f);
    for (const ReadItem& i : items) {
      EXPECT_EQ(i.kind, Kind::kError) << FormatName(f) << " line " << i.line;
      EXPECT_FALSE(i.error.empty());
    }
    if (f == Format::kAcled || f == Format::kUcdpGed) {
      // A CSV table stops at a header it cannot use.
      EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{1})) << FormatName(f);
    } else {
      EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{1, 2, 3})) << FormatName(f);
    }
  }
}

TEST(EmptyInputTest, NoItems) {
  for (Format f :
       {Format::kJsonLines, Format::kAcled, Format::kUcdpGed, Format::kGdelt, Format::kGeoNames}) {
    EXPECT_TRUE(ReadText(f, "").empty()) << FormatName(f);
    EXPECT_TRUE(ReadText(f, "\n\n").empty()) << FormatName(f);
  }
  // A header alone is no record.
  EXPECT_TRUE(ReadText(Format::kAcled, "event_id_cnty,event_date,event_type\n").empty());
}

}  // namespace
}  // namespace timeline::ingest
