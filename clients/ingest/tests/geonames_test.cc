// The GeoNames reader, on a sample file and the subset beside the project; readers stream.
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

bool HasAlias(const v1::IngestPlace& p, const std::string& alias) {
  for (const std::string& a : p.aliases()) {
    if (a == alias) return true;
  }
  return false;
}

TEST(GeoNamesTest, SampleFile) {
  const std::vector<ReadItem> items = ReadFile(Format::kGeoNames, "geonames-sample.txt");
  EXPECT_EQ(Lines(items, Kind::kPlace), (std::vector<int64_t>{1, 2, 3, 5, 6}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{7, 8, 9, 10}));

  EXPECT_TRUE(SameMessage(FromText<v1::IngestPlace>(R"pb(
                            name: "Republic of Mali"
                            aliases: [
                              "Mali",
                              "Malí",
                              "Mali Cumhuriyeti",
                              "République du Mali",
                              "جمهورية مالي",
                              "مالي"
                            ]
                            kind: COUNTRY
                            country_code: "ML"
                            location { latitude: 17 longitude: -4 }
                            location_precision: COUNTRY_CENTROID
                            geonames_id: 2453866
                            time_zone: "Africa/Bamako"
                          )pb"),
                          AtLine(items, 2).place));

  const v1::IngestPlace& bamako = AtLine(items, 1).place;
  EXPECT_EQ(bamako.name(), "Bamako");
  EXPECT_EQ(bamako.geonames_id(), 2460596);
  EXPECT_EQ(bamako.kind(), v1::SETTLEMENT);
  EXPECT_EQ(bamako.location_precision(), v1::SETTLEMENT_CENTROID);
  EXPECT_TRUE(HasAlias(bamako, "باماكو"));
  EXPECT_TRUE(HasAlias(bamako, "Бамако"));
  EXPECT_TRUE(HasAlias(bamako, "Bamakó"));
  EXPECT_FALSE(HasAlias(bamako, "BKO"));
  EXPECT_FALSE(HasAlias(bamako, "Bamako"));  // the name itself

  EXPECT_EQ(AtLine(items, 3).place.kind(), v1::ADMIN_REGION);
  EXPECT_EQ(AtLine(items, 3).place.location_precision(), v1::REGION_CENTROID);
  EXPECT_TRUE(HasAlias(AtLine(items, 3).place, "كيدال"));
  EXPECT_FALSE(HasAlias(AtLine(items, 5).place, "GATS"));
  EXPECT_TRUE(HasAlias(AtLine(items, 5).place, "تساليت"));

  const v1::IngestPlace& airport = AtLine(items, 6).place;
  EXPECT_EQ(airport.kind(), v1::AREA);
  EXPECT_EQ(airport.location_precision(), v1::EXACT);
  EXPECT_EQ(airport.aliases(0), "Bamako-Senou International Airport");  // asciiname
  EXPECT_FALSE(HasAlias(airport, "BKO"));
  EXPECT_FALSE(HasAlias(airport, "GABS"));
  EXPECT_EQ(airport.aliases_size(), 3);

  EXPECT_EQ(AtLine(items, 7).error, "geonameid: \"x2460596\" is not a GeoNames id");
  EXPECT_EQ(AtLine(items, 8).error, "latitude: \"95\" is not a latitude (-90 to 90)");
  EXPECT_EQ(AtLine(items, 9).error, "country code: is empty");
  EXPECT_EQ(AtLine(items, 10).error, "has 4 tab-separated fields, a GeoNames row has 19");
}

TEST(GeoNamesTest, SahelSubsetAllRowsParse) {
  std::ifstream in(TIMELINE_GEONAMES_SAMPLE, std::ios::binary);
  if (!in.is_open()) GTEST_SKIP() << "not found: " << TIMELINE_GEONAMES_SAMPLE;
  std::unique_ptr<RecordReader> reader = OpenReader(Format::kGeoNames, in);
  ReadItem item;
  int places = 0;
  int errors = 0;
  bool bamako_has_arabic = false;
  while (reader->Next(&item)) {
    if (item.kind != Kind::kPlace) {
      ++errors;
      ADD_FAILURE() << "line " << item.line << ": " << item.error;
      continue;
    }
    ++places;
    EXPECT_EQ(item.place.country_code().size(), 2u) << item.line;
    EXPECT_FALSE(item.place.time_zone().empty()) << item.line;
    if (item.place.geonames_id() == 2460596) {
      EXPECT_EQ(item.place.name(), "Bamako");
      bamako_has_arabic = HasAlias(item.place, "باماكو") && HasAlias(item.place, "باماکو");
    }
  }
  EXPECT_EQ(places, 2603);
  EXPECT_EQ(errors, 0);
  EXPECT_TRUE(bamako_has_arabic);
}

// An endless-looking input produced on demand: what a reader pulled is what it holds at most.
class GeneratedInput : public std::streambuf {
 public:
  GeneratedInput(std::string header, std::function<std::string(int64_t)> row, int64_t rows)
      : header_(std::move(header)), row_(std::move(row)), rows_(rows) {}
  int64_t bytes_produced() const { return produced_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    chunk_.clear();
    if (!header_done_) {
      chunk_ = header_;
      header_done_ = true;
    }
    while (chunk_.size() < 4096 && next_ < rows_) chunk_ += row_(next_++);
    if (chunk_.empty()) return traits_type::eof();
    produced_ += static_cast<int64_t>(chunk_.size());
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string header_;
  std::function<std::string(int64_t)> row_;
  int64_t rows_;
  int64_t next_ = 0;
  bool header_done_ = false;
  int64_t produced_ = 0;
  std::string chunk_;
};

TEST(StreamingTest, ReadersPullOneRecordAtATime) {
  constexpr int64_t kRows = 50000;
  struct Case {
    Format format;
    std::string header;
    std::function<std::string(int64_t)> row;
  };
  const std::vector<Case> cases = {
      {Format::kGeoNames, "",
       [](int64_t i) {
         return absl::StrCat(i + 1, "\tPlace ", i, "\tPlace ", i, "\tA,B,مكان",
                             "\t12.5\t-8\tP\tPPL",
                             "\tML\t\t01\t\t\t\t1000\t\t300\tAfrica/Bamako\t2012-01-18\n");
       }},
      {Format::kAcled, "event_id_cnty,event_date,event_type,location,notes\n",
       [](int64_t i) {
         return absl::StrCat("MLI", i, ",2024-09-17,Battles,Gao,\"a note,\nover two lines\"\n");
       }},
      {Format::kJsonLines, "",
       [](int64_t i) {
         return absl::StrCat("{\"title\":\"Event ", i, "\",\"eventType\":\"other\"}\n");
       }},
  };
  for (const Case& c : cases) {
    GeneratedInput buf(c.header, c.row, kRows);
    std::istream in(&buf);
    std::unique_ptr<RecordReader> reader = OpenReader(c.format, in);
    ReadItem item;
    ASSERT_TRUE(reader->Next(&item));
    ASSERT_NE(item.kind, Kind::kError) << item.error;
    EXPECT_LT(buf.bytes_produced(), 16 * 1024) << FormatName(c.format);
    int64_t count = 1;
    while (reader->Next(&item)) {
      ASSERT_NE(item.kind, Kind::kError) << item.error;
      ++count;
    }
    EXPECT_EQ(count, kRows) << FormatName(c.format);
    EXPECT_GT(buf.bytes_produced(), 1'000'000) << FormatName(c.format);
  }
}

}  // namespace
}  // namespace timeline::ingest
