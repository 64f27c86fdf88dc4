// The GDELT 2.0 events reader, on a sample file.
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

TEST(GdeltTest, CameoEventTypes) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"010", "statement"},
      {"0234", "statement"},
      {"036", "statement"},
      {"040", "meeting"},
      {"042", "visit"},
      {"0431", "visit"},
      {"043", "visit"},
      {"044", "meeting"},
      {"046", "meeting"},
      {"057", "agreement"},
      {"051", "other"},
      {"080", "other"},
      {"141", "protest"},
      {"145", "riot"},
      {"1453", "riot"},
      {"173", "arrest"},
      {"172", "other"},
      {"180", "attack"},
      {"183", "explosion"},
      {"1831", "explosion"},
      {"190", "armed_clash"},
      {"195", "air_drone_strike"},
      {"1951", "air_drone_strike"},
      {"202", "attack"},
  };
  for (const auto& [code, type] : cases) EXPECT_EQ(CameoEventType(code), type) << code;
}

TEST(GdeltTest, SampleFile) {
  const std::vector<ReadItem> items = ReadFile(Format::kGdelt, "gdelt-events.tsv");
  EXPECT_EQ(Lines(items, Kind::kEvent), (std::vector<int64_t>{1, 2, 3, 4, 7}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{5, 6}));

  EXPECT_TRUE(SameMessage(
      FromText<v1::IngestRecord>(R"pb(
        external_id { system: "gdelt" id: "1190000001" }
        title: "MALI hosts a visit of TURKEY"
        summary: "GDELT Goldstein scale 2.8; 6 articles."
        event_type: "visit"
        date { text: "2024-10-11" }
        actors { name: "MALI" kind: GOVERNMENT country_code: "ML" role: INITIATOR }
        actors { name: "TURKEY" kind: GOVERNMENT country_code: "TR" role: TARGET }
        places {
          name: "Bamako"
          kind: SETTLEMENT
          country_code: "ML"
          admin_names: "Bamako"
          location { latitude: 12.65 longitude: -8 }
          location_precision: SETTLEMENT_CENTROID
          role: LOCATION
        }
        source {
          url: "https://www.aa.com.tr/en/africa/malian-leader-receives-turkish-parliamentary-delegation/3357000"
          publisher: "aa.com.tr"
          published_time { seconds: 1728731700 }  # 2024-10-12T11:15:00Z
          claims: [ "event_type", "actors", "places", "time" ]
        }
      )pb"),
      AtLine(items, 1).event));

  const v1::IngestRecord& strike = AtLine(items, 2).event;
  EXPECT_EQ(strike.event_type(), "air_drone_strike");
  EXPECT_EQ(strike.title(), "Air strike by MALI in Tinzaouaten");
  EXPECT_EQ(strike.actors_size(), 1);
  EXPECT_EQ(strike.actors(0).kind(), v1::MILITARY);
  EXPECT_EQ(strike.places(0).admin_names(0), "Kidal");
  EXPECT_EQ(strike.source().publisher(), "news.example.org");

  const v1::IngestRecord& riot = AtLine(items, 3).event;
  EXPECT_EQ(riot.event_type(), "riot");
  EXPECT_EQ(riot.places(0).name(), "Burkina Faso");
  EXPECT_EQ(riot.places(0).kind(), v1::COUNTRY);
  EXPECT_EQ(riot.places(0).country_code(), "BF");  // not FIPS "UV"
  EXPECT_EQ(riot.places(0).location_precision(), v1::COUNTRY_CENTROID);
  EXPECT_EQ(riot.places(0).admin_names_size(), 0);

  const v1::IngestRecord& agreement = AtLine(items, 4).event;
  EXPECT_EQ(agreement.event_type(), "agreement");
  EXPECT_EQ(agreement.title(), "RUSSIA signs an agreement with MALI");
  EXPECT_EQ(agreement.places_size(), 0);  // ActionGeo_Type 0
  EXPECT_EQ(agreement.actors(0).kind(), v1::STATE);
  EXPECT_EQ(agreement.actors(0).country_code(), "RU");

  EXPECT_EQ(AtLine(items, 5).error, "has 59 tab-separated fields, a GDELT 2.0 event row has 61");
  EXPECT_EQ(AtLine(items, 6).error,
            "SQLDATE: \"2024-09-21\" is not a YYYYMMDD date; EventCode: \"abc\" is not a CAMEO "
            "event code");

  const v1::IngestRecord& fight = AtLine(items, 7).event;
  EXPECT_EQ(fight.event_type(), "armed_clash");
  EXPECT_EQ(fight.title(), "MALI fights REBEL");
  EXPECT_EQ(fight.places(0).name(), "Kidal");
  EXPECT_EQ(fight.places(0).kind(), v1::ADMIN_REGION);
  EXPECT_EQ(fight.places(0).country_code(), "ML");
  EXPECT_EQ(fight.actors(1).kind(), v1::ARMED_GROUP);
  EXPECT_EQ(fight.actors(1).country_code(), "");
  EXPECT_EQ(fight.summary(), "GDELT Goldstein scale -10; 3 articles.");
}

TEST(GdeltTest, SummaryHasOnlyTheFiguresGiven) {
  // A minimal 61-column row: id, SQLDATE, EventCode 190, then GoldsteinScale, NumArticles and
  // SOURCEURL as given.
  auto row = [](const std::string& goldstein, const std::string& articles, const std::string& url) {
    std::vector<std::string> f(61);
    f[0] = "1";
    f[1] = "20240921";
    f[26] = "190";
    f[30] = goldstein;
    f[33] = articles;
    f[60] = url;
    std::string line;
    for (size_t i = 0; i < f.size(); ++i) absl::StrAppend(&line, i == 0 ? "" : "\t", f[i]);
    return line + "\n";
  };
  const std::vector<ReadItem> items =
      ReadText(Format::kGdelt, row("1.5", "", "https://example.org/a") + row("", "1", "") +
                                   row("", "", "https://example.org/b"));
  ASSERT_EQ(items.size(), 3u);
  for (const ReadItem& item : items) ASSERT_EQ(item.kind, Kind::kEvent) << item.error;
  EXPECT_EQ(items[0].event.summary(), "GDELT Goldstein scale 1.5.");
  EXPECT_EQ(items[0].event.source().claims_size(), 4);
  EXPECT_EQ(items[1].event.summary(), "GDELT 1 article.");
  EXPECT_FALSE(items[1].event.has_source());  // no SOURCEURL: no source, no claims
  EXPECT_EQ(items[2].event.summary(), "");
}

}  // namespace
}  // namespace timeline::ingest
