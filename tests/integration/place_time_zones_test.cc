// Every place has a time zone (storage/pg_place_time_zones.h): places created by an import that
// names no zone take their country's only zone, else the nearest zoned place's within 100 km,
// and the dates of the import's records are read in that zone — so that a daily histogram of
// Somalia in Africa/Mogadishu counts each day-precision event on the day the file gives.
// Places stored without a zone get one from FillMissingTimeZones (run by `timelined migrate`).
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "api_calls.h"
#include "fixture_files.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "stats_calls.h"
#include "storage/pg_place_time_zones.h"

namespace timeline::testing {
namespace {

constexpr char kAcledFile[] = "acled-2014-2016-north-east-africa.csv";

class PlaceTimeZonesTest : public IntegrationSuite<PlaceTimeZonesTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

  static void PrepareSuite() {
    rows_ = new FixtureTable(ReadFixtureTable(kAcledFile, ',', true));
    IngestOutcome out = IngestEvents(env_->ingest(), AcledFixtureRecords(kAcledFile));
    if (!out.status.ok()) throw std::runtime_error(out.status.error_message());
    if (out.response.created_count() != static_cast<int>(rows_->rows.size())) {
      throw std::runtime_error("not every row created: " + out.response.DebugString());
    }
    without_zone_ = new std::set<int>();
    for (const auto& r : out.response.results()) {
      for (const auto& w : r.warnings()) {
        if (w.code() == "NO_TIME_ZONE") without_zone_->insert(r.index());
      }
    }
    conn_ = new pqxx::connection(env_->database_url());
  }
  static void ReleaseSuite() {
    delete without_zone_;
    delete rows_;
    delete conn_;
  }

 protected:
  static std::string ZoneOf(const std::string& resource_id) {
    return SqlColumn(*conn_, "SELECT time_zone FROM places WHERE resource_id = $1", resource_id)
        .at(0);
  }

  static inline FixtureTable* rows_ = nullptr;
  static inline std::set<int>* without_zone_ = nullptr;  // rows warned NO_TIME_ZONE
  static inline pqxx::connection* conn_ = nullptr;
};

// Libya, Somalia and Egypt have one zone each, so every place the import made there —
// countries, divisions, settlements — has its country's. DR Congo has two and no zoned place
// near Kibumba yet: its places have none, and exactly its rows were warned NO_TIME_ZONE.
TEST_F(PlaceTimeZonesTest, EveryPlaceTheImportCreatedHasItsCountrysZone) {
  const std::map<std::string, std::string> zone_of_country = {
      {"SO", "Africa/Mogadishu"}, {"LY", "Africa/Tripoli"}, {"EG", "Africa/Cairo"}, {"CD", ""}};
  pqxx::nontransaction txn(*conn_);
  int places = 0;
  for (const pqxx::row& r : txn.exec("SELECT country_code, time_zone, kind FROM places")) {
    ++places;
    EXPECT_EQ(r[1].as<std::string>(), zone_of_country.at(r[0].as<std::string>()))
        << r[2].as<std::string>();
  }
  EXPECT_GE(places, 4 + 8 * 2);  // the countries, at least a division and a town for each town
  std::set<int> congolese_rows;
  for (size_t i = 0; i < rows_->rows.size(); ++i) {
    if (rows_->Cell(i, "COUNTRY") == "Democratic Republic of Congo") congolese_rows.insert(i);
  }
  EXPECT_EQ(*without_zone_, congolese_rows);
}

// CountEvents in local days of Somalia, day-precision events only (OMIT), equals the rows of the
// file counted by their EVENT_DATE; the week- and month-precision rows are the imprecise ones.
TEST_F(PlaceTimeZonesTest, SomaliasDailyHistogramInLocalDaysEqualsTheFile) {
  std::map<std::string, int64_t> truth;  // "2015-03-07" -> events
  int64_t imprecise_truth = 0;
  for (size_t i = 0; i < rows_->rows.size(); ++i) {
    if (rows_->Cell(i, "COUNTRY") != "Somalia") continue;
    if (rows_->Cell(i, "TIME_PRECISION") != "1") {
      ++imprecise_truth;
      continue;
    }
    const std::string d = rows_->Cell(i, "EVENT_DATE");  // dd/mm/yyyy
    ++truth[absl::StrCat(d.substr(6, 4), "-", d.substr(3, 2), "-", d.substr(0, 2))];
  }
  ASSERT_GE(truth.size(), 30u);

  v1::CountEventsRequest request;
  request.add_places("places/so");
  request.set_interval(v1::CountEventsRequest::DAY);
  request.set_time_zone("Africa/Mogadishu");
  request.set_imprecise_events(v1::CountEventsRequest::OMIT);
  *request.mutable_time_range() = Range("2013-12-31T21:00:00Z", "2016-12-31T21:00:00Z");
  v1::CountEventsResponse response;
  ASSERT_TRUE(Count(env_->events(), request, &response).ok());

  absl::TimeZone mogadishu;
  ASSERT_TRUE(absl::LoadTimeZone("Africa/Mogadishu", &mogadishu));
  std::map<std::string, int64_t> counted;
  for (const v1::HistogramBucket& b : response.buckets()) {
    EXPECT_EQ(b.imprecise_count(), 0);
    if (b.event_count() == 0) continue;
    const absl::Time start = absl::FromUnixSeconds(b.start_time().seconds());
    counted[absl::FormatTime("%Y-%m-%d", start, mogadishu)] = b.event_count();
  }
  EXPECT_EQ(counted, truth);
  EXPECT_EQ(response.imprecise_count(), imprecise_truth);
}

// A country with several zones gives none: the nearest zoned place within 100 km does, else
// there is none and the record's date is read in UTC with a warning.
TEST_F(PlaceTimeZonesTest, InACountryOfSeveralZonesTheNearestZonedPlaceDecides) {
  v1::IngestPlace goma = FromJson<v1::IngestPlace>(R"({"name": "Goma", "countryCode": "CD",
      "geonamesId": 216281, "timeZone": "Africa/Lubumbashi", "locationPrecision":
      "SETTLEMENT_CENTROID", "location": {"latitude": -1.67917, "longitude": 29.22278}})");
  ASSERT_EQ(IngestPlaces(env_->ingest(), {goma}).results(0).outcome(), v1::IngestResult::CREATED);
  auto record = [](const std::string& id, const std::string& place) {
    return FromJson<v1::IngestRecord>(absl::StrCat(
        R"({"externalId": {"system": "zone-test", "id": ")", id,
        R"("}, "title": "Clash", "eventType": "armed_clash", "date": {"text": "2015-06-01"},
            "places": [)",
        place, "]}"));
  };
  IngestOutcome out = IngestEvents(
      env_->ingest(),
      {record("rugari", R"({"name": "Rugari", "countryCode": "CD", "adminNames": ["Nord-Kivu"],
                           "location": {"latitude": -1.4249, "longitude": 29.3858}})"),
       record("bumba", R"({"name": "Bumba", "countryCode": "CD", "adminNames": ["Mongala"],
                          "location": {"latitude": 2.1842, "longitude": 22.4712}})")});
  ASSERT_TRUE(out.status.ok());
  ASSERT_EQ(out.response.created_count(), 2) << out.response.DebugString();
  const std::string rugari = out.response.results(0).places(0).substr(strlen("places/"));
  const std::string bumba = out.response.results(1).places(0).substr(strlen("places/"));
  EXPECT_EQ(ZoneOf(rugari), "Africa/Lubumbashi");  // Goma is 33 km away
  EXPECT_EQ(ZoneOf(bumba), "");                    // Goma is 930 km away
  const v1::Event at_rugari = Got(env_->events(), out.response.results(0).event());
  EXPECT_EQ(at_rugari.time().time_zone(), "Africa/Lubumbashi");
  EXPECT_EQ(Str(at_rugari.time().start_time()), "2015-05-31T22:00:00Z");
  std::vector<std::string> codes;
  for (const auto& w : out.response.results(1).warnings()) codes.push_back(w.code());
  EXPECT_THAT(codes, ::testing::Contains("NO_TIME_ZONE"));
}

TEST_F(PlaceTimeZonesTest, CreatePlaceWithoutAZoneTakesItsCountrys) {
  v1::CreatePlaceRequest request;
  *request.mutable_place() = FromJson<v1::Place>(R"({"displayName": "Beledweyne",
      "kind": "SETTLEMENT", "countryCode": "SO", "locationPrecision": "SETTLEMENT_CENTROID",
      "location": {"latitude": 4.7358, "longitude": 45.2036}})");
  EXPECT_EQ(CreatedPlace(env_->places(), request).time_zone(), "Africa/Mogadishu");
}

// Places stored without a zone (as every place an import made before these rules) get one;
// a second fill changes nothing.
TEST_F(PlaceTimeZonesTest, FillingMissingZonesIsIdempotent) {
  {
    pqxx::work txn(*conn_);
    txn.exec(R"sql(
      UPDATE places SET time_zone = '' WHERE country_code = 'SO';
      INSERT INTO places (resource_id, display_name, kind, country_code, location,
                          location_precision, time_zone)
      VALUES ('cd-sake', 'Sake', 'settlement', 'CD',
              ST_SetSRID(ST_MakePoint(29.0403, -1.5736), 4326)::geography,
              'settlement_centroid', ''))sql");
    txn.commit();
  }
  const int64_t somali_places =
      SqlNumber(*conn_, "SELECT count(*) FROM places WHERE country_code = 'SO'");
  absl::StatusOr<storage::pg::ZoneFill> first =
      storage::pg::FillMissingTimeZones(env_->database_url());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->by_country, somali_places);
  EXPECT_GE(first->by_nearest, 1);  // Sake, 23 km from Goma
  EXPECT_EQ(SqlNumber(*conn_,
                      "SELECT count(*) FROM places WHERE country_code = 'SO'"
                      " AND time_zone = 'Africa/Mogadishu'"),
            somali_places);
  EXPECT_EQ(ZoneOf("cd-sake"), "Africa/Lubumbashi");

  absl::StatusOr<storage::pg::ZoneFill> second =
      storage::pg::FillMissingTimeZones(env_->database_url());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->by_country + second->by_ancestor + second->by_nearest, 0);
  EXPECT_EQ(second->without, first->without);
}

}  // namespace
}  // namespace timeline::testing
