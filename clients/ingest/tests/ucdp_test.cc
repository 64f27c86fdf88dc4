// The UCDP GED reader, on a sample file.
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

TEST(UcdpGedTest, SampleFile) {
  const std::vector<ReadItem> items = ReadFile(Format::kUcdpGed, "ucdp-ged.csv");
  EXPECT_EQ(Lines(items, Kind::kEvent), (std::vector<int64_t>{2, 3, 4, 8}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{5, 6, 7}));

  EXPECT_TRUE(SameMessage(
      FromText<v1::IngestRecord>(R"pb(
        external_id { system: "ucdp-ged" id: "530001" }
        title: "Government of Mali - CSP-DPA in Tinzaouaten village"
        event_type: "armed_clash"
        time {
          start_time { seconds: 1721865600 }  # 2024-07-25T00:00:00Z
          end_time { seconds: 1722124800 }    # 2024-07-28T00:00:00Z
          precision: PRECISION_DAY
          time_zone: "UTC"
          text: "2024-07-25 – 2024-07-27"
        }
        actors { name: "Government of Mali" kind: GOVERNMENT country_code: "ML" role: INITIATOR }
        actors { name: "CSP-DPA" kind: ARMED_GROUP role: TARGET }
        places {
          name: "Tinzaouaten village"
          kind: SETTLEMENT
          country_code: "ML"
          admin_names: [ "Kidal region", "Tessalit cercle" ]
          location { latitude: 19.9571 longitude: 1.9386 }
          location_precision: EXACT
          role: LOCATION
        }
        source {
          url: "https://ucdp.uu.se/event/530001"
          publisher: "Reuters;AFP"
          published_time { seconds: 1722211200 }  # 2024-07-29
          title: "Malian army and Wagner suffer heavy losses near Algerian border;Dozens killed in Tinzaouaten fighting"
          quote: "\"Reuters,2024-07-29,Malian army and Wagner suffer heavy losses near Algerian border\";\"AFP,2024-07-30,Dozens killed in Tinzaouaten fighting\""
          claims: [ "event_type", "time", "actors", "places", "fatalities" ]
        }
        fatalities { low: 56 best: 56 high: 120 }
      )pb"),
      AtLine(items, 2).event));

  // One-sided violence against civilians, one day.
  const v1::IngestRecord& massacre = AtLine(items, 3).event;
  EXPECT_EQ(massacre.event_type(), "violence_against_civilians");
  EXPECT_EQ(massacre.time().text(), "2024-08-24");
  EXPECT_EQ(massacre.time().end_time().seconds() - massacre.time().start_time().seconds(), 86400);
  ASSERT_EQ(massacre.actors_size(), 2);
  EXPECT_EQ(massacre.actors(0).kind(), v1::ARMED_GROUP);
  EXPECT_EQ(massacre.actors(1).name(), "Civilians");
  EXPECT_EQ(massacre.actors(1).kind(), v1::ORGANIZATION);
  EXPECT_EQ(massacre.actors(1).role(), v1::VICTIM);
  EXPECT_EQ(massacre.places(0).country_code(), "BF");
  EXPECT_EQ(massacre.places(0).location_precision(), v1::SETTLEMENT_CENTROID);
  EXPECT_EQ(massacre.source().published_time().seconds(), 1724716800);  // 2024-08-27

  // Month precision; "DR Congo (Zaire)"; a country-level place; publisher defaults to UCDP.
  const v1::IngestRecord& congo = AtLine(items, 4).event;
  EXPECT_EQ(congo.time().precision(), v1::PRECISION_MONTH);
  EXPECT_EQ(congo.time().text(), "2023-06-01 – 2023-06-30");
  EXPECT_EQ(congo.time().end_time().seconds(), 1688169600);  // 2023-07-01
  EXPECT_EQ(congo.places(0).country_code(), "CD");
  EXPECT_EQ(congo.places(0).kind(), v1::COUNTRY);
  EXPECT_EQ(congo.places(0).location_precision(), v1::COUNTRY_CENTROID);
  EXPECT_EQ(congo.source().publisher(), "UCDP");
  EXPECT_FALSE(congo.source().has_published_time());
  EXPECT_EQ(congo.fatalities().low(), 10);

  EXPECT_EQ(AtLine(items, 5).error,
            "date_start: \"2024-02-30\" is not a date (2024-09-17); date_end: \"2024-02-30\" is "
            "not a date (2024-09-17)");
  EXPECT_EQ(AtLine(items, 6).error,
            "type_of_violence: \"9\" is not a whole number from 1 to 3; date_end: is before "
            "date_start");
  EXPECT_EQ(AtLine(items, 7).error, "has 3 fields, the header has 49");

  // "Russia (Soviet Union)"; week precision; an unreadable source date is left out.
  const v1::IngestRecord& kursk = AtLine(items, 8).event;
  EXPECT_EQ(kursk.time().precision(), v1::PRECISION_WEEK);
  EXPECT_EQ(kursk.places(0).country_code(), "RU");
  EXPECT_EQ(kursk.places(0).kind(), v1::ADMIN_REGION);
  EXPECT_EQ(kursk.actors(0).country_code(), "RU");
  EXPECT_EQ(kursk.actors(1).country_code(), "UA");
  EXPECT_EQ(kursk.actors(1).kind(), v1::GOVERNMENT);
  EXPECT_FALSE(kursk.source().has_published_time());
}

}  // namespace
}  // namespace timeline::ingest
