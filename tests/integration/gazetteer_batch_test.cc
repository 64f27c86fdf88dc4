// A batch of gazetteer rows is written as a set (storage/pg_gazetteer.cc) but answers as if its
// rows came one after the other: two towns of one name in one country become two places, a
// GeoNames id repeated in a batch is created once and then updated, and two rows that could both
// be one existing place do not both take it. Rows written for this test, in the shape
// timeline-ingest makes of GeoNames lines.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"

namespace timeline::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

v1::IngestPlace Row(int64_t geonames_id, const std::string& name, const std::string& country,
                    double latitude, double longitude, const std::string& zone,
                    std::vector<std::string> aliases = {}) {
  v1::IngestPlace p;
  p.set_geonames_id(geonames_id);
  p.set_name(name);
  p.set_country_code(country);
  p.set_kind(v1::SETTLEMENT);
  p.mutable_location()->set_latitude(latitude);
  p.mutable_location()->set_longitude(longitude);
  p.set_location_precision(v1::SETTLEMENT_CENTROID);
  p.set_time_zone(zone);
  for (std::string& a : aliases) p.add_aliases(std::move(a));
  return p;
}

class GazetteerBatchTest : public IntegrationSuite<GazetteerBatchTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

 protected:
  static v1::Place Get(const std::string& name) {
    auto stub = v1::PlaceService::NewStub(env_->channel());
    grpc::ClientContext ctx;
    v1::GetPlaceRequest request;
    request.set_name(name);
    v1::Place place;
    const grpc::Status s = stub->GetPlace(&ctx, request, &place);
    EXPECT_TRUE(s.ok()) << name << ": " << s.error_message();
    return place;
  }

  static std::vector<std::string> NamesOf(const v1::Place& place) {
    std::vector<std::string> out;
    for (const v1::PlaceName& n : place.names()) out.push_back(n.name());
    return out;
  }
};

TEST_F(GazetteerBatchTest, TwoTownsOfOneNameInOneBatchAreTwoPlaces) {
  // Two Kersas of Ethiopia, in different regions, 300 km apart.
  const v1::IngestPlacesResponse r = IngestPlaces(
      env_->ingest(), {Row(9100001, "Kersa", "ET", 9.4333, 41.8667, "Africa/Addis_Ababa"),
                       Row(9100002, "Kersa", "ET", 7.8167, 36.8667, "Africa/Addis_Ababa")});
  ASSERT_EQ(r.results_size(), 2);
  EXPECT_EQ(r.results(0).outcome(), v1::IngestResult::CREATED);
  EXPECT_EQ(r.results(1).outcome(), v1::IngestResult::CREATED);
  ASSERT_NE(r.results(0).place(), r.results(1).place());
  EXPECT_EQ(Get(r.results(0).place()).geonames_id(), 9100001);
  EXPECT_EQ(Get(r.results(1).place()).geonames_id(), 9100002);
  EXPECT_DOUBLE_EQ(Get(r.results(1).place()).location().latitude(), 7.8167);
}

TEST_F(GazetteerBatchTest, GeoNamesIdRepeatedInOneBatchIsCreatedThenUpdated) {
  const v1::IngestPlacesResponse r = IngestPlaces(
      env_->ingest(),
      {Row(9100010, "Ménaka", "ML", 15.9182, 2.4022, "Africa/Bamako"),
       Row(9100010, "Ménaka", "ML", 15.9182, 2.4022, "Africa/Bamako"),
       Row(9100010, "Ménaka", "ML", 15.9182, 2.4022, "Africa/Bamako", {"ميناكا", "Menaka"})});
  ASSERT_EQ(r.results_size(), 3);
  EXPECT_EQ(r.results(0).outcome(), v1::IngestResult::CREATED);
  EXPECT_EQ(r.results(1).outcome(), v1::IngestResult::UNCHANGED);
  EXPECT_EQ(r.results(2).outcome(), v1::IngestResult::UPDATED);
  EXPECT_EQ(r.results(1).place(), r.results(0).place());
  EXPECT_EQ(r.results(2).place(), r.results(0).place());
  const std::vector<std::string> names = NamesOf(Get(r.results(0).place()));
  EXPECT_THAT(names, Contains("Ménaka"));
  EXPECT_THAT(names, Contains("ميناكا"));
}

TEST_F(GazetteerBatchTest, TwoRowsThatCouldBeOnePlaceDoNotBothTakeIt) {
  // A town the events made (its own name and point, no GeoNames id), then a batch of two rows
  // of its name within a few kilometres: the first is that town, the second a place of its own.
  v1::IngestRecord event = FromJson<v1::IngestRecord>(R"({"externalId": {"system":
      "gazetteer-batch-test", "id": "1"}, "title": "Attack", "eventType": "attack",
      "date": {"text": "2016-02-03"}, "places": [{"name": "Tinzaouaten", "countryCode": "ML",
      "location": {"latitude": 19.95, "longitude": 2.9667}, "locationPrecision": "EXACT"}]})");
  IngestOutcome created = IngestEvents(env_->ingest(), {event});
  ASSERT_TRUE(created.status.ok()) << created.status.error_message();
  ASSERT_EQ(created.response.results(0).places_size(), 1) << created.response.DebugString();
  const std::string town = created.response.results(0).places(0);

  const v1::IngestPlacesResponse r = IngestPlaces(
      env_->ingest(), {Row(9100020, "Tinzaouaten", "ML", 19.9601, 2.9701, "Africa/Bamako"),
                       Row(9100021, "Tinzaouaten", "ML", 19.9802, 2.9902, "Africa/Bamako")});
  ASSERT_EQ(r.results_size(), 2);
  EXPECT_EQ(r.results(0).outcome(), v1::IngestResult::UPDATED) << r.DebugString();
  EXPECT_EQ(r.results(0).place(), town);
  ASSERT_GT(r.results(0).warnings_size(), 0);
  EXPECT_EQ(r.results(0).warnings(0).code(), "MERGED_INTO_EXISTING");
  EXPECT_EQ(r.results(1).outcome(), v1::IngestResult::CREATED) << r.DebugString();
  EXPECT_NE(r.results(1).place(), town);
  EXPECT_EQ(Get(town).geonames_id(), 9100020);
  EXPECT_EQ(Get(r.results(1).place()).geonames_id(), 9100021);
}

// "XX" has the shape of a country code but is no country's: that row alone is refused, naming
// the field, whatever its kind; the rows around it are written.
TEST_F(GazetteerBatchTest, CountryCodeOfNoCountryRefusesOnlyItsRow) {
  v1::IngestPlace country = Row(9100041, "Nowhere", "XX", 10.0, 10.0, "Africa/Lagos");
  country.set_kind(v1::COUNTRY);
  const v1::IngestPlacesResponse r = IngestPlaces(
      env_->ingest(), {Row(9100040, "Kidira", "SN", 14.4578, -12.2205, "Africa/Dakar"),
                       Row(9100042, "Nowhere Town", "XX", 10.0, 10.0, "Africa/Lagos"), country,
                       Row(9100043, "Bakel", "SN", 14.9039, -12.4612, "Africa/Dakar")});
  ASSERT_EQ(r.results_size(), 4);
  EXPECT_EQ(r.results(0).outcome(), v1::IngestResult::CREATED);
  EXPECT_EQ(r.results(3).outcome(), v1::IngestResult::CREATED);
  for (int i : {1, 2}) {
    EXPECT_EQ(r.results(i).outcome(), v1::IngestResult::REJECTED) << r.DebugString();
    ASSERT_EQ(r.results(i).errors_size(), 1);
    EXPECT_EQ(r.results(i).errors(0).field(), absl::StrCat("places[", i, "].country_code"));
    EXPECT_THAT(r.results(i).errors(0).message(), HasSubstr("XX"));
  }
}

TEST_F(GazetteerBatchTest, SameBatchAgainChangesNothing) {
  const std::vector<v1::IngestPlace> rows = {
      Row(9100030, "Aguelhok", "ML", 19.4614, 0.8587, "Africa/Bamako", {"Aguel'hoc", "أغلهوك"}),
      Row(9100031, "Anefis", "ML", 18.0546, 0.6012, "Africa/Bamako")};
  const v1::IngestPlacesResponse first = IngestPlaces(env_->ingest(), rows);
  const v1::IngestPlacesResponse again = IngestPlaces(env_->ingest(), rows);
  ASSERT_EQ(again.results_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(first.results(i).outcome(), v1::IngestResult::CREATED);
    EXPECT_EQ(again.results(i).outcome(), v1::IngestResult::UNCHANGED);
    EXPECT_EQ(again.results(i).place(), first.results(i).place());
  }
  EXPECT_THAT(NamesOf(Get(first.results(0).place())), Contains("أغلهوك"));
}

// Two GeoNames entries for one town, merged by a curator: importing the gazetteer again leaves the
// merge as it is. The merged row is UNCHANGED with a MERGED warning naming the survivor, the
// tombstone takes no names back, and a record naming the town still links the survivor.
TEST_F(GazetteerBatchTest, ARowOfAMergedPlaceLeavesTheMergeAlone) {
  const std::vector<v1::IngestPlace> rows = {
      Row(9100050, "Ménaka", "ML", 15.9182, 2.4022, "Africa/Bamako", {"Menaka", "ميناكا"}),
      Row(9100051, "Menaka Ville", "ML", 15.9150, 2.4000, "Africa/Bamako")};
  const v1::IngestPlacesResponse first = IngestPlaces(env_->ingest(), rows);
  ASSERT_EQ(first.results_size(), 2);
  const std::string kept = first.results(0).place(), merged = first.results(1).place();
  ASSERT_NE(kept, merged);

  v1::MergePlacesRequest merge;
  merge.set_name(merged);
  merge.set_into(kept);
  merge.set_reason("one town, two GeoNames entries");
  v1::Place survivor;
  grpc::ClientContext ctx;
  grpc::Status status = env_->places().MergePlaces(&ctx, merge, &survivor);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const v1::IngestPlacesResponse again = IngestPlaces(env_->ingest(), rows);
  ASSERT_EQ(again.results_size(), 2);
  EXPECT_EQ(again.results(1).outcome(), v1::IngestResult::UNCHANGED) << again.DebugString();
  EXPECT_EQ(again.results(1).place(), kept);
  ASSERT_EQ(again.results(1).warnings_size(), 1);
  EXPECT_EQ(again.results(1).warnings(0).code(), "MERGED");
  EXPECT_THAT(again.results(1).warnings(0).message(), HasSubstr(kept));
  EXPECT_EQ(SqlNumber(env_->database_url(),
                      "SELECT count(*) FROM place_names n JOIN places p ON p.id = n.place_id"
                      " WHERE p.resource_id = $1",
                      IdOf(merged)),
            0);
  const v1::Place tombstone = Get(merged);
  EXPECT_EQ(tombstone.merged_into(), kept);
  EXPECT_EQ(tombstone.display_name(), "Menaka Ville");

  v1::IngestRecord event;
  event.mutable_external_id()->set_system("gazetteer-merge-test");
  event.mutable_external_id()->set_id("menaka-2024-06-01");
  event.set_title("Market attacked in Menaka Ville");
  event.set_event_type("attack");
  event.mutable_date()->set_text("2024-06-01");
  v1::IngestPlace* at = event.add_places();
  at->set_name("Menaka Ville");
  at->set_country_code("ML");
  at->set_role(v1::LOCATION);
  IngestOutcome linked = IngestEvents(env_->ingest(), {event});
  ASSERT_TRUE(linked.status.ok()) << linked.status.error_message();
  ASSERT_EQ(linked.response.results(0).places_size(), 1) << linked.response.DebugString();
  EXPECT_EQ(linked.response.results(0).places(0), kept);
}

// An import refreshes the statistics the next batches' look-ups are planned with once a name table
// has doubled since the statistics were made, not at every batch (storage/pg_name_creation.cc).
// The refresh names places' columns one by one (storage/ingest_sql.h, kAnalyzeNameTables): a
// column renamed by a migration would fail every large import, and this suite first. A database
// of its own, so that every name in it is one the suite wrote.
class NameStatisticsTest : public IntegrationSuite<NameStatisticsTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

 protected:
  // Zarma-style village names of Tillabéri: compounds of common elements ("Koira Tegui",
  // "Bangou Kouarey"), each with its own GeoNames id from `first_id` on and a point of its own.
  static std::vector<v1::IngestPlace> Villages(const std::vector<std::string>& heads,
                                               const std::vector<std::string>& tails,
                                               int64_t first_id) {
    std::vector<v1::IngestPlace> rows;
    for (size_t h = 0; h < heads.size(); ++h) {
      for (size_t t = 0; t < tails.size(); ++t) {
        const int64_t id = first_id + static_cast<int64_t>(rows.size());
        rows.push_back(Row(id, heads[h] + " " + tails[t], "NE", 13.2 + 0.05 * h,
                           1.0 + 0.05 * t + 0.002 * static_cast<double>(id % 7), "Africa/Niamey"));
      }
    }
    return rows;
  }

  static void ImportNew(const std::vector<v1::IngestPlace>& rows) {
    const v1::IngestPlacesResponse response = IngestPlaces(env_->ingest(), rows);
    ASSERT_EQ(response.results_size(), static_cast<int>(rows.size()));
    for (const v1::IngestPlaceResult& result : response.results()) {
      ASSERT_EQ(result.outcome(), v1::IngestResult::CREATED) << result.DebugString();
    }
  }

  // How many times places and place_names were analyzed, by anyone but autovacuum.
  static int64_t Analyzed() {
    return SqlNumber(url(),
                     "SELECT coalesce(sum(analyze_count), 0) FROM pg_stat_user_tables "
                     "WHERE relname IN ('places', 'place_names')");
  }

  static int64_t Number(const std::string& sql) { return SqlNumber(url(), sql); }
  static const std::string& url() { return env_->database_url(); }
};

TEST_F(NameStatisticsTest, AreRefreshedWhenTheNamesHaveDoubled) {
  const std::vector<std::string> heads = {
      "Koira",    "Bangou", "Tondi",   "Gorou",  "Kouara", "Fandou", "Sorey",  "Dargol",
      "Yatakala", "Tamou",  "Kokorou", "Mehana", "Dessa",  "Sinder", "Ayorou", "Bankilaré"};
  const std::vector<std::string> tails = {
      "Tegui", "Kouarey", "Béri",  "Kaina", "Zeno",   "Gounga", "Haoussa", "Peulh",
      "Bella", "Tondo",   "Gorou", "Fonda", "Banda",  "Koubou", "Sabon",   "Déwa",
      "Kwara", "Tagui",   "Zarma", "Dey",   "Ceytan", "Hondo",  "Tara",    "Kiria",
      "Birni", "Faro",    "Kado",  "Saaji", "Ganda",  "Bene",   "Gourma",  "Fulan"};
  const std::vector<std::string> fewer_tails = {"Kwarey", "Tegi",  "Bangou", "Koukou", "Daji",
                                                "Sabara", "Hari",  "Fondo",  "Kaado",  "Wandou",
                                                "Tondia", "Gorei", "Beeri"};
  const std::vector<std::string> more_heads = {"Torodi",     "Makalondi", "Kirtachi",  "Say",
                                               "Tera",       "Gotheye",   "Diagourou", "Mangaizé",
                                               "Banibangou", "Abala",     "Sanam",     "Ouallam",
                                               "Simiri",     "Tagazar",   "Balleyara", "Filingué"};
  const int64_t analyzed = Analyzed();

  // 512 villages (and Niger, created for them) where there was nothing: places and place_names
  // are analyzed, once each.
  ImportNew(Villages(heads, tails, 9200000));
  EXPECT_EQ(Analyzed(), analyzed + 2);
  EXPECT_EQ(Number("SELECT count(*) FROM pg_stats WHERE tablename = 'place_names' "
                   "AND attname = 'match_key'"),
            1);
  EXPECT_EQ(Number("SELECT count(*) FROM pg_stats WHERE tablename = 'places' "
                   "AND attname IN ('parent_id', 'country_code', 'kind')"),
            3);

  // 208 more, two fifths of what there is: no refresh.
  ImportNew(Villages(heads, fewer_tails, 9201000));
  EXPECT_EQ(Analyzed(), analyzed + 2);

  // 512 more: the names have more than doubled since the statistics were made.
  ImportNew(Villages(more_heads, tails, 9202000));
  EXPECT_EQ(Analyzed(), analyzed + 4);
}

}  // namespace
}  // namespace timeline::testing
