// The gazetteer merges into what exists: the ACLED export of event_locations_test.cc is imported
// first (its places made from the rows' own names, no GeoNames id), then a GeoNames cities file
// written for this test (tests/data/geonames-cities-north-east-africa.txt, tab-separated like
// cities15000.txt, with Arabic and Cyrillic alternate names, a wikipedia link, a 700-byte name
// and one with a control character). Each row must land on the place the events made of its
// town — which then keeps its names and gains the row's, its zone and its point — and a bad
// alternate name must cost only itself.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "fixture_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"

namespace timeline::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

constexpr char kAcledFile[] = "acled-2014-2016-north-east-africa.csv";
constexpr char kGeoNamesFile[] = "geonames-cities-north-east-africa.txt";

class GazetteerMergeTest : public IntegrationSuite<GazetteerMergeTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

  static void PrepareSuite() {
    acled_ = new FixtureTable(ReadFixtureTable(kAcledFile, ',', true));
    geonames_ = new FixtureTable(ReadFixtureTable(kGeoNamesFile, '\t', false));
    std::vector<v1::IngestRecord> records = AcledFixtureRecords(kAcledFile);
    // A town known only by its division, and a located village of that division 22 km away.
    records.push_back(FromJson<v1::IngestRecord>(R"({"externalId": {"system": "merge-test",
        "id": "jowhar"}, "title": "Attack", "eventType": "attack", "date": {"text": "2015-04-02"},
        "places": [{"name": "Jowhar", "countryCode": "SO", "adminNames": ["Middle Shabelle"]}]})"));
    records.push_back(FromJson<v1::IngestRecord>(R"({"externalId": {"system": "merge-test",
        "id": "mahadaay"}, "title": "Attack", "eventType": "attack",
        "date": {"text": "2015-04-03"}, "places": [{"name": "Mahadaay", "countryCode": "SO",
        "adminNames": ["Middle Shabelle"], "location": {"latitude": 2.9722, "longitude": 45.5333},
        "locationPrecision": "EXACT"}]})"));
    IngestOutcome events = IngestEvents(env_->ingest(), records);
    if (!events.status.ok()) throw std::runtime_error(events.status.error_message());
    if (events.response.created_count() != static_cast<int>(records.size())) {
      throw std::runtime_error("not every record created: " + events.response.DebugString());
    }
    event_of_row_ = new std::vector<std::string>();
    place_of_row_ = new std::vector<std::string>();
    for (const v1::IngestResult& r : events.response.results()) {
      event_of_row_->push_back(r.event());
      place_of_row_->push_back(r.places(0));
    }
    gazetteer_ = new v1::IngestPlacesResponse(
        IngestPlaces(env_->ingest(), GeoNamesFixturePlaces(kGeoNamesFile)));
  }

  static void ReleaseSuite() {
    delete acled_;
    delete geonames_;
    delete event_of_row_;
    delete place_of_row_;
    delete gazetteer_;
  }

 protected:
  // The gazetteer result of the GeoNames row named `name`.
  static const v1::IngestPlaceResult& RowResult(const std::string& name) {
    for (size_t i = 0; i < geonames_->rows.size(); ++i) {
      if (geonames_->Cell(i, 1) == name) return gazetteer_->results(static_cast<int>(i));
    }
    throw std::runtime_error("no GeoNames row " + name);
  }

  // The places the events of the ACLED rows whose LOCATION is `location` were linked to.
  static std::set<std::string> PlacesOfRowsAt(const std::string& location) {
    std::set<std::string> places;
    for (size_t i = 0; i < acled_->rows.size(); ++i) {
      if (acled_->Cell(i, "LOCATION") == location) places.insert((*place_of_row_)[i]);
    }
    return places;
  }

  static std::set<std::string> EventsOfRowsAt(const std::string& location) {
    std::set<std::string> events;
    for (size_t i = 0; i < acled_->rows.size(); ++i) {
      if (acled_->Cell(i, "LOCATION") == location) events.insert((*event_of_row_)[i]);
    }
    return events;
  }

  static inline FixtureTable* acled_ = nullptr;
  static inline FixtureTable* geonames_ = nullptr;
  static inline std::vector<std::string>* event_of_row_ = nullptr;  // by record index
  static inline std::vector<std::string>* place_of_row_ = nullptr;
  static inline v1::IngestPlacesResponse* gazetteer_ = nullptr;
};

TEST_F(GazetteerMergeTest, NoRowIsRejectedForABadAlternateName) {
  ASSERT_EQ(gazetteer_->results_size(), static_cast<int>(geonames_->rows.size()));
  for (const v1::IngestPlaceResult& r : gazetteer_->results()) {
    EXPECT_NE(r.outcome(), v1::IngestResult::REJECTED) << r.DebugString();
  }
  // Cairo's two garbage names are named in a warning each; the link never reaches the service.
  std::vector<std::string> skipped;
  for (const v1::IngestNote& w : RowResult("Cairo").warnings()) {
    if (w.code() == "ALIAS_SKIPPED") skipped.push_back(w.message());
  }
  ASSERT_EQ(skipped.size(), 2u) << RowResult("Cairo").DebugString();
  EXPECT_THAT(skipped[0], HasSubstr("Cairo Governorate Cairo Governorate"));
  EXPECT_THAT(skipped[0], HasSubstr("longer than 500 bytes"));
  EXPECT_THAT(skipped[1], HasSubstr("control character"));
}

// Every town of the export whose GeoNames row has the name the export uses — also those named
// like their own region (Tripoli, Benghazi, Baidoa, Kismayo), which the events linked to a
// settlement under that region, not to the region: the row lands on the one place the events of
// that spelling were linked to.
TEST_F(GazetteerMergeTest, EachRowMergesIntoThePlaceTheEventsCreated) {
  for (const std::string town :
       {"Cairo", "Mogadishu", "Kibumba", "Tripoli", "Benghazi", "Baidoa", "Kismayo"}) {
    SCOPED_TRACE(town);
    const std::set<std::string> places = PlacesOfRowsAt(town);
    ASSERT_EQ(places.size(), 1u);
    const v1::IngestPlaceResult& row = RowResult(town);
    EXPECT_EQ(row.outcome(), v1::IngestResult::UPDATED) << row.DebugString();
    EXPECT_EQ(row.place(), *places.begin());
    std::vector<std::string> codes;
    for (const v1::IngestNote& w : row.warnings()) codes.push_back(w.code());
    EXPECT_THAT(codes, Contains("MERGED_INTO_EXISTING"));
  }
  // No event was at Hargeysa: a new place.
  EXPECT_EQ(RowResult("Hargeysa").outcome(), v1::IngestResult::CREATED);
}

// "القاهرة" and "مقديشو" now find the places, and through them the events the file puts there.
TEST_F(GazetteerMergeTest, ArabicNamesFindThePlacesAndTheirEvents) {
  for (const auto& [arabic, town] :
       std::map<std::string, std::string>{{"القاهرة", "Cairo"}, {"مقديشو", "Mogadishu"}}) {
    SCOPED_TRACE(town);
    v1::ListPlacesRequest by_name;
    by_name.set_query(arabic);
    by_name.set_page_size(50);
    const std::vector<std::string> found = ListAllPlaceNames(env_->places(), by_name);
    const std::string place = *PlacesOfRowsAt(town).begin();
    EXPECT_THAT(found, Contains(place));

    v1::ListEventsRequest at_place;
    at_place.add_places(place);
    at_place.set_page_size(100);
    const std::vector<std::string> events = ListAllEventNames(env_->events(), at_place);
    EXPECT_EQ(std::set<std::string>(events.begin(), events.end()), EventsOfRowsAt(town));
  }
}

// The merged place keeps its own names and display name, and takes the row's names, zone and
// point.
TEST_F(GazetteerMergeTest, AMergedPlaceKeepsItsNamesAndGainsTheRows) {
  const v1::Place kibumba = Got(env_->places(), *PlacesOfRowsAt("Kibumba").begin());
  EXPECT_EQ(kibumba.display_name(), "Kibumba");
  EXPECT_EQ(kibumba.time_zone(), "Africa/Lubumbashi");  // it had none: DR Congo has two
  EXPECT_EQ(kibumba.geonames_id(), 213940);
  EXPECT_DOUBLE_EQ(kibumba.location().latitude(), -1.50672);
  EXPECT_THAT(NameTexts(kibumba.names()), Contains("كيبومبا"));

  const v1::Place mogadishu = Got(env_->places(), *PlacesOfRowsAt("Mogadishu").begin());
  EXPECT_EQ(mogadishu.display_name(), "Mogadishu");
  const std::vector<std::string> names = NameTexts(mogadishu.names());
  EXPECT_THAT(names, Contains("Mogadishu"));
  EXPECT_THAT(names, Contains("Xamar"));
  EXPECT_THAT(names, Contains("مقديشو"));
}

// Jowhar was created with no coordinates, under Middle Shabelle, where Mahadaay lies 22 km from
// the GeoNames point: the row merges into it and gives it a point.
TEST_F(GazetteerMergeTest, APlaceWithoutCoordinatesMergesUnderItsDivision) {
  const std::string jowhar = (*place_of_row_)[acled_->rows.size()];
  EXPECT_EQ(RowResult("Jowhar").place(), jowhar);
  EXPECT_DOUBLE_EQ(Got(env_->places(), jowhar).location().latitude(), 2.78087);
}

}  // namespace
}  // namespace timeline::testing
