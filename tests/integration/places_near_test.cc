// Places and events in space (ListPlacesRequest.near / bounding_box, ListEventsRequest.near /
// bounding_box / include_imprecise_locations) through a real server and PostgreSQL.
//
// On the seed data (data/seed.json), with a few places and events this file adds over the API
// (Fiji, across the antimeridian; places without coordinates under Tessalit and the Kidal
// region; an event known only to be in the Kidal region): circles and boxes for places and
// events, how places without coordinates borrow their ancestors' and which places are imprecise,
// combinations with other selectors, validation, exact paging nearest first, and places created
// by ingestion. On 100,000 generated events (generated_events.h): the plans of the exact SQL the
// service runs, and its answers against ground truth computed independently in SQL.
#include <chrono>
#include <cstdio>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "domain/name_query.h"
#include "generated_events.h"
#include "geo_helpers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "service_sql.h"
#include "status_details.h"
#include "storage/place_query_sql.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

using seed_data::kAttacks;
using seed_data::kDroneStrikes;
using seed_data::kDroneSupplies;
using seed_data::kTessalitRetaken;
using seed_data::kVisit;

// Events added by this file.
constexpr char kKidalRegionFighting[] = "events/kidal-region-fighting";
constexpr char kAirstrip[] = "events/tessalit-airstrip-shelling";
constexpr char kHamlet[] = "events/kidal-hamlet-raid";
constexpr char kHarbour[] = "events/suva-harbour-protest";
constexpr char kVanuaBalavu[] = "events/vanua-balavu-landing";

// Mali and a little around it; Algeria's centroid (28.0°N) is outside.
v1::BoundingBox MaliBox() { return Box(10, -12.5, 25, 4.5); }

// --- On the seed data
// -----------------------------------------------------------------------------

class PlacesNearTest : public IntegrationSuite<PlacesNearTest> {
 public:
  // Everything is created over the API, so these places are located by the same triggers as any
  // place CreatePlace writes.
  static void PrepareSuite() {
    // Fiji lies across the antimeridian: Suva at 178.4°E, the Lau islands at 178.9°W.
    CreatePlace("fj", R"({"displayName": "Fiji", "kind": "COUNTRY", "countryCode": "FJ",
        "location": {"latitude": -17.7134, "longitude": 178.065},
        "locationPrecision": "COUNTRY_CENTROID"})");
    CreatePlace("fj-suva", R"({"displayName": "Suva", "kind": "SETTLEMENT", "parent": "places/fj",
        "location": {"latitude": -18.14161, "longitude": 178.44149},
        "locationPrecision": "EXACT"})");
    // Named like Suva but a site of its own, 2.3 km west of the town's point.
    CreatePlace("fj-suva-harbour", R"({"displayName": "Suva Harbour", "kind": "SITE",
        "parent": "places/fj-suva", "location": {"latitude": -18.13, "longitude": 178.42},
        "locationPrecision": "EXACT"})");
    CreatePlace("fj-vanua-balavu", R"({"displayName": "Vanua Balavu", "kind": "SETTLEMENT",
        "parent": "places/fj", "location": {"latitude": -17.23, "longitude": -178.95},
        "locationPrecision": "EXACT"})");
    // Without coordinates: a site in Tessalit (located at Tessalit, precisely enough) and a
    // hamlet known only to be in the Kidal region (located at the region's centroid: imprecise).
    CreatePlace("ml-tessalit-airstrip", R"({"displayName": "Tessalit airstrip", "kind": "SITE",
        "parent": "places/ml-tessalit"})");
    CreatePlace("ml-kidal-hamlet", R"({"displayName": "Unnamed hamlet", "kind": "SETTLEMENT",
        "parent": "places/ml-kidal-region"})");

    CreateEvent("kidal-region-fighting", seed_data::kKidalRegion, "2024-08-10");
    CreateEvent("tessalit-airstrip-shelling", "places/ml-tessalit-airstrip", "2024-08-11");
    CreateEvent("kidal-hamlet-raid", "places/ml-kidal-hamlet", "2024-08-12");
    CreateEvent("suva-harbour-protest", "places/fj-suva-harbour", "2024-08-13");
    CreateEvent("vanua-balavu-landing", "places/fj-vanua-balavu", "2024-08-14");
  }

 protected:
  static void CreatePlace(const std::string& id, const std::string& json) {
    v1::CreatePlaceRequest request;
    *request.mutable_place() = FromJson<v1::Place>(json);
    request.set_place_id(id);
    CreatedPlace(env_->places(), request);
  }

  static void CreateEvent(const std::string& id, const std::string& place, const std::string& day) {
    v1::Event event =
        FromJson<v1::Event>(absl::StrCat(R"({"title": ")", id, R"(", "eventType": "attack",
        "time": {"startTime": ")",
                                         day, R"(T00:00:00Z", "precision": "PRECISION_DAY"}})"));
    AddPlace(event, place, v1::LOCATION);
    CreatedEvent(env_->events(), event, id);
  }

  static std::vector<std::string> Places(const v1::ListPlacesRequest& request) {
    return ListAllPlaceNames(env_->places(), request);
  }
  static std::vector<std::string> Events(const v1::ListEventsRequest& request) {
    return ListAllEventNames(env_->events(), request);
  }
  static v1::ListPlacesRequest PlacesNear(GeoPoint center, double radius) {
    v1::ListPlacesRequest r;
    *r.mutable_near() = Near(center, radius);
    return r;
  }
  static v1::ListEventsRequest EventsNear(GeoPoint center, double radius, bool imprecise = false) {
    v1::ListEventsRequest r;
    *r.mutable_near() = Near(center, radius);
    r.set_include_imprecise_locations(imprecise);
    return r;
  }
};

// --- ListPlaces ---

// Bamako and its two sites share Bamako's point; ties are broken by creation order.
TEST_F(PlacesNearTest, PlacesWithinFiftyKilometresOfBamako) {
  EXPECT_THAT(
      Places(PlacesNear(seed_data::kBamakoPoint, 50'000)),
      ElementsAre(seed_data::kBamako, seed_data::kGendarmerieSchool, seed_data::kMilitaryAirport));
}

// From Bamako: Mali's centroid 694 km, the Kidal region's 1,254 km, Tessalit 1,274 km,
// Tinzaouaten 1,423 km (outside 1,300 km).
TEST_F(PlacesNearTest, PlacesComeNearestFirst) {
  EXPECT_THAT(
      Places(PlacesNear(seed_data::kBamakoPoint, 1'300'000)),
      ElementsAre(seed_data::kBamako, seed_data::kGendarmerieSchool, seed_data::kMilitaryAirport,
                  seed_data::kMali, seed_data::kKidalRegion, seed_data::kTessalit));
}

TEST_F(PlacesNearTest, PlacesWithoutCoordinatesOfTheirOwnNeverMatch) {
  // The airstrip is in Tessalit but has no location of its own.
  EXPECT_THAT(Places(PlacesNear(seed_data::kTessalitPoint, 5'000)),
              ElementsAre(seed_data::kTessalit));
  v1::ListPlacesRequest r;
  *r.mutable_bounding_box() = Box(19, 0, 21, 4);
  EXPECT_THAT(Places(r),
              ElementsAre(seed_data::kKidalRegion, seed_data::kTessalit, seed_data::kTinzaouaten));
}

// Without near, a box lists in resource-name order.
TEST_F(PlacesNearTest, PlacesInsideABoxAroundMali) {
  v1::ListPlacesRequest r;
  *r.mutable_bounding_box() = MaliBox();
  EXPECT_THAT(Places(r),
              ElementsAre(seed_data::kMali, seed_data::kBamako, seed_data::kGendarmerieSchool,
                          seed_data::kMilitaryAirport, seed_data::kKidalRegion,
                          seed_data::kTessalit, seed_data::kTinzaouaten));
}

// A box's edges belong to it: a box that is a single point holds what is at that point.
TEST_F(PlacesNearTest, BoxEdgesAreIncluded) {
  v1::ListPlacesRequest r;
  *r.mutable_bounding_box() = BoxAround(seed_data::kBamakoPoint, 0);
  EXPECT_THAT(Places(r), ElementsAre(seed_data::kBamako, seed_data::kGendarmerieSchool,
                                     seed_data::kMilitaryAirport));
  // Tessalit's latitude as the north edge.
  *r.mutable_bounding_box() = Box(19, 0, seed_data::kTessalitPoint.latitude, 4);
  EXPECT_THAT(Places(r),
              ElementsAre(seed_data::kKidalRegion, seed_data::kTessalit, seed_data::kTinzaouaten));
  *r.mutable_bounding_box() = Box(19, 0, 20.2011, 4);
  EXPECT_THAT(Places(r), ElementsAre(seed_data::kKidalRegion, seed_data::kTinzaouaten));
}

TEST_F(PlacesNearTest, NearBoxParentAndQueryCombine) {
  // From the Kidal region's centroid: Tessalit 44 km, Tinzaouaten 197 km, Mali's centroid 592 km.
  v1::ListPlacesRequest r = PlacesNear(seed_data::kKidalRegionCentroid, 600'000);
  EXPECT_THAT(Places(r), ElementsAre(seed_data::kKidalRegion, seed_data::kTessalit,
                                     seed_data::kTinzaouaten, seed_data::kMali));
  // Both areas must hold: Mali's centroid is in the circle but not in this box.
  *r.mutable_bounding_box() = Box(19, 0, 21, 4);
  EXPECT_THAT(Places(r),
              ElementsAre(seed_data::kKidalRegion, seed_data::kTessalit, seed_data::kTinzaouaten));
  r.set_parent(seed_data::kKidalRegion);
  EXPECT_THAT(Places(r), ElementsAre(seed_data::kTessalit, seed_data::kTinzaouaten));
  r.set_query("tinzaouaten");
  EXPECT_THAT(Places(r), ElementsAre(seed_data::kTinzaouaten));
}

// "Suva" matches Suva exactly and Suva Harbour as a part; the name ranks Suva first, but with
// near the results come nearest first: from a point in the harbour, the harbour.
TEST_F(PlacesNearTest, WithANameQueryNearStillOrdersByDistance) {
  v1::ListPlacesRequest r;
  r.set_query("suva");
  EXPECT_THAT(Places(r), ElementsAre("places/fj-suva", "places/fj-suva-harbour"));
  r = PlacesNear({-18.13, 178.42}, 10'000);
  r.set_query("suva");
  EXPECT_THAT(Places(r), ElementsAre("places/fj-suva-harbour", "places/fj-suva"));
  // The name filters: Fiji's centroid is within 70 km (59.5) but is not called Suva.
  r.mutable_near()->set_radius_meters(70'000);
  EXPECT_THAT(Places(r), ElementsAre("places/fj-suva-harbour", "places/fj-suva"));
  r.clear_query();
  EXPECT_THAT(Places(r), ElementsAre("places/fj-suva-harbour", "places/fj-suva", "places/fj"));
}

// 170°E to 170°W holds Fiji on both sides of the antimeridian; a box that does not cross it
// holds only one side.
TEST_F(PlacesNearTest, BoxesAcrossTheAntimeridian) {
  v1::ListPlacesRequest r;
  *r.mutable_bounding_box() = Box(-20, 170, -15, -170);
  EXPECT_THAT(Places(r), ElementsAre("places/fj", "places/fj-suva", "places/fj-suva-harbour",
                                     "places/fj-vanua-balavu"));
  *r.mutable_bounding_box() = Box(-20, -180, -15, -170);
  EXPECT_THAT(Places(r), ElementsAre("places/fj-vanua-balavu"));
  *r.mutable_bounding_box() = Box(-20, 170, -15, 180);
  EXPECT_THAT(Places(r), ElementsAre("places/fj", "places/fj-suva", "places/fj-suva-harbour"));
  // Russia's centroid is at 105°E; Moscow at 37.6°E is outside the crossing box.
  *r.mutable_bounding_box() = Box(50, 100, 70, -170);
  EXPECT_THAT(Places(r), ElementsAre(seed_data::kRussia));
  // A circle on the antimeridian reaches both sides: Vanua Balavu is 116 km east of its centre,
  // Suva 180 km and its harbour 181 km west, Fiji's centroid 207 km.
  EXPECT_THAT(Places(PlacesNear({-17.5, 180}, 150'000)), ElementsAre("places/fj-vanua-balavu"));
  EXPECT_THAT(Places(PlacesNear({-17.5, 180}, 200'000)),
              ElementsAre("places/fj-vanua-balavu", "places/fj-suva", "places/fj-suva-harbour"));

  v1::ListEventsRequest events;
  *events.mutable_bounding_box() = Box(-20, 170, -15, -170);
  EXPECT_THAT(Events(events), ElementsAre(kHarbour, kVanuaBalavu));
  *events.mutable_bounding_box() = Box(-20, -180, -15, -170);
  EXPECT_THAT(Events(events), ElementsAre(kVanuaBalavu));
}

// Every page continues exactly after the last place of the one before, also inside a tie (Bamako
// and its sites are all at distance 0), with any page size; a token does not fit another circle.
TEST_F(PlacesNearTest, PagesNearestFirstAreExact) {
  pqxx::connection conn(env_->database_url());
  for (const GeoPoint& from :
       {seed_data::kBamakoPoint, GeoPoint{-17.5, 180.0}, seed_data::kKidalRegionCentroid}) {
    SCOPED_TRACE(absl::StrCat("from ", from.latitude, ", ", from.longitude));
    const std::vector<std::string> truth = SqlColumn(
        conn,
        "SELECT 'places/' || resource_id FROM places WHERE location IS NOT NULL "
        "ORDER BY ST_Distance(location, ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography), id",
        from.latitude, from.longitude);
    ASSERT_GE(truth.size(), 15u);
    v1::ListPlacesRequest r = PlacesNear(from, 20'000'000);
    for (int page_size : {1, 2, 3, 7}) {
      SCOPED_TRACE(absl::StrCat("pages of ", page_size));
      r.set_page_size(page_size);
      std::vector<std::string> names = Places(r);
      EXPECT_EQ(names, truth);
    }
  }

  v1::ListPlacesRequest r = PlacesNear(seed_data::kBamakoPoint, 20'000'000);
  r.set_page_size(2);
  grpc::ClientContext ctx;
  v1::ListPlacesResponse first;
  ASSERT_TRUE(env_->places().ListPlaces(&ctx, r, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  r.set_page_token(first.next_page_token());
  r.mutable_near()->set_radius_meters(19'000'000);
  grpc::ClientContext ctx2;
  v1::ListPlacesResponse second;
  grpc::Status status = env_->places().ListPlaces(&ctx2, r, &second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));
}

// --- Events ---

// Hand-counted from data/seed.json: the visit (at Bamako, and from Turkey) and the attacks (at
// Bamako and two sites in it). Mali's centroid (the drone supplies) is 694 km away.
TEST_F(PlacesNearTest, EventsWithinFiftyKilometresOfBamako) {
  EXPECT_THAT(Events(EventsNear(seed_data::kBamakoPoint, 50'000)), ElementsAre(kVisit, kAttacks));
  EXPECT_THAT(Events(EventsNear(seed_data::kBamakoPoint, 50'000, /*imprecise=*/true)),
              ElementsAre(kVisit, kAttacks));
  // Each event once, although the attacks are at three places in the circle.
  v1::ListEventsRequest r = EventsNear(seed_data::kBamakoPoint, 50'000);
  r.set_page_size(1);
  EXPECT_THAT(Events(r), ElementsAre(kVisit, kAttacks));
}

// 50 km around the Kidal region's centroid holds Tessalit (44 km) and the centroid itself. An
// event known only to be in the Kidal region is there only with include_imprecise_locations, as
// is one at a hamlet that has no coordinates and so is located at the region's centroid; one at
// Tessalit's airstrip is located at Tessalit.
TEST_F(PlacesNearTest, KidalRegionEventsOnlyWithImpreciseLocations) {
  EXPECT_THAT(Events(EventsNear(seed_data::kKidalRegionCentroid, 50'000)),
              UnorderedElementsAre(kTessalitRetaken, kAirstrip));
  EXPECT_THAT(Events(EventsNear(seed_data::kKidalRegionCentroid, 50'000, /*imprecise=*/true)),
              UnorderedElementsAre(kTessalitRetaken, kAirstrip, kKidalRegionFighting, kHamlet));
  // Tinzaouaten (197 km) is further.
  EXPECT_THAT(Events(EventsNear(seed_data::kKidalRegionCentroid, 200'000)),
              UnorderedElementsAre(kTessalitRetaken, kAirstrip, kDroneStrikes));
}

TEST_F(PlacesNearTest, ABorrowedLocationIsTheNearestLocatedAncestors) {
  // The airstrip is at Tessalit's point: 1 km around it holds both Tessalit events.
  EXPECT_THAT(Events(EventsNear(seed_data::kTessalitPoint, 1'000)),
              UnorderedElementsAre(kTessalitRetaken, kAirstrip));
  // The hamlet is at the region's centroid, as the region is.
  EXPECT_THAT(Events(EventsNear(seed_data::kKidalRegionCentroid, 1'000, /*imprecise=*/true)),
              UnorderedElementsAre(kKidalRegionFighting, kHamlet));
  EXPECT_THAT(Events(EventsNear(seed_data::kKidalRegionCentroid, 1'000)), IsEmpty());
}

// The drone supplies go from Turkey to Mali: both places are countries, known by their centroids.
TEST_F(PlacesNearTest, CountryCentroidsCountOnlyWithImpreciseLocations) {
  EXPECT_THAT(Events(EventsNear(seed_data::kMaliCentroid, 10'000)), IsEmpty());
  EXPECT_THAT(Events(EventsNear(seed_data::kMaliCentroid, 10'000, /*imprecise=*/true)),
              ElementsAre(kDroneSupplies));
  EXPECT_THAT(Events(EventsNear(seed_data::kTurkeyCentroid, 10'000, /*imprecise=*/true)),
              UnorderedElementsAre(kDroneSupplies, kVisit));
}

TEST_F(PlacesNearTest, EventsInsideABoxAroundMali) {
  v1::ListEventsRequest r;
  *r.mutable_bounding_box() = MaliBox();
  EXPECT_THAT(Events(r),
              UnorderedElementsAre(kVisit, kAttacks, kDroneStrikes, kTessalitRetaken, kAirstrip));
  r.set_include_imprecise_locations(true);
  EXPECT_THAT(Events(r),
              UnorderedElementsAre(kVisit, kAttacks, kDroneStrikes, kTessalitRetaken, kAirstrip,
                                   kDroneSupplies, kKidalRegionFighting, kHamlet));
  // With near as well, each must hold.
  *r.mutable_near() = Near(seed_data::kKidalRegionCentroid, 50'000);
  EXPECT_THAT(Events(r),
              UnorderedElementsAre(kTessalitRetaken, kAirstrip, kKidalRegionFighting, kHamlet));
}

TEST_F(PlacesNearTest, RadiusCombinesWithTimeRangeAndActors) {
  v1::ListEventsRequest r = EventsNear(seed_data::kBamakoPoint, 50'000);
  // Only the attacks certainly happened in September 2024; the visit only predates 12 October.
  *r.mutable_time_range() =
      Range("2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z", v1::TimeRange::WITHIN);
  EXPECT_THAT(Events(r), ElementsAre(kAttacks));
  r.mutable_time_range()->set_match(v1::TimeRange::OVERLAPS);
  EXPECT_THAT(Events(r), ElementsAre(kVisit, kAttacks));
  r.add_actors(seed_data::kGoita);
  EXPECT_THAT(Events(r), ElementsAre(kVisit));
  r.clear_actors();
  r.add_actors(seed_data::kMalianArmedForces);
  EXPECT_THAT(Events(r), ElementsAre(kAttacks));
  r.clear_time_range();
  r.add_event_types("visit");
  EXPECT_THAT(Events(r), IsEmpty());

  // Around Kidal in August 2024: the added events only.
  v1::ListEventsRequest kidal =
      EventsNear(seed_data::kKidalRegionCentroid, 50'000, /*imprecise=*/true);
  *kidal.mutable_time_range() =
      Range("2024-08-01T00:00:00Z", "2024-09-01T00:00:00Z", v1::TimeRange::WITHIN);
  EXPECT_THAT(Events(kidal), ElementsAre(kKidalRegionFighting, kAirstrip, kHamlet));
  kidal.add_actors(seed_data::kMalianArmedForces);
  EXPECT_THAT(Events(kidal), IsEmpty());
  kidal.clear_time_range();
  EXPECT_THAT(Events(kidal), ElementsAre(kTessalitRetaken));
}

TEST_F(PlacesNearTest, InvalidAreasNameTheField) {
  auto list_places = [&](const v1::ListPlacesRequest& r) {
    grpc::ClientContext ctx;
    v1::ListPlacesResponse response;
    return env_->places().ListPlaces(&ctx, r, &response);
  };
  auto list_events = [&](const v1::ListEventsRequest& r) {
    grpc::ClientContext ctx;
    v1::ListEventsResponse response;
    return env_->events().ListEvents(&ctx, r, &response);
  };
  grpc::Status s = list_places(PlacesNear(seed_data::kBamakoPoint, 0));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("near.radius_meters"));
  s = list_places(PlacesNear({seed_data::kBamakoPoint.latitude, 181}, 20'000'001));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("near.longitude", "near.radius_meters"));
  v1::ListPlacesRequest box;
  *box.mutable_bounding_box()->mutable_high() = MaliBox().high();
  s = list_places(box);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("bounding_box.low"));

  s = list_events(EventsNear({91, seed_data::kBamakoPoint.longitude},
                             std::numeric_limits<double>::quiet_NaN()));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("near.latitude", "near.radius_meters"));
  v1::ListEventsRequest events;
  *events.mutable_bounding_box() = Box(25, -12.5, 10, 4.5);
  s = list_events(events);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("bounding_box.high.latitude"));
  events.mutable_bounding_box()->mutable_high()->set_latitude(25);
  events.mutable_bounding_box()->mutable_low()->set_longitude(
      -std::numeric_limits<double>::infinity());
  s = list_events(events);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(s), ElementsAre("bounding_box.low.longitude"));
}

// --- Places written by ingestion are located like any other ---

// IngestPlaces (a gazetteer row, created and then moved) and IngestEvents (a new place with
// coordinates, and one without under it) write places through their own statements; the
// triggers of migrations/0005 locate them all. Chad is far from every other place here.
TEST_F(PlacesNearTest, PlacesWrittenByIngestionAreLocated) {
  auto ingest_places = [&](const v1::IngestPlace& place) {
    return IngestPlaces(env_->ingest(), {place});
  };
  auto ingest_events = [&](const std::vector<std::string>& records) {
    std::vector<v1::IngestRecord> messages;
    for (const std::string& json : records) messages.push_back(FromJson<v1::IngestRecord>(json));
    IngestOutcome out = IngestEvents(env_->ingest(), messages);
    EXPECT_TRUE(out.status.ok()) << out.status.error_message();
    return out.response;
  };

  v1::IngestPlace faya = FromJson<v1::IngestPlace>(R"({"name": "Faya-Largeau",
      "countryCode": "TD", "geonamesId": 2434910, "timeZone": "Africa/Ndjamena",
      "location": {"latitude": 17.9257, "longitude": 19.1043}})");
  v1::IngestPlacesResponse placed = ingest_places(faya);
  ASSERT_EQ(placed.results_size(), 1);
  ASSERT_EQ(placed.results(0).outcome(), v1::IngestResult::CREATED) << placed.DebugString();
  const std::string faya_name = placed.results(0).place();
  EXPECT_THAT(Places(PlacesNear({17.9257, 19.1043}, 1'000)), ElementsAre(faya_name));

  const std::string source = R"("source": {"url": "https://example.org/chad-1",
      "publisher": "Example", "publishedTime": "2024-10-01T00:00:00Z"})";
  v1::IngestEventsResponse ingested = ingest_events({
      absl::StrCat(R"({"externalId": {"system": "geo-test", "id": "faya"}, "title": "Faya",
          "eventType": "protest", "date": {"text": "2024-09-20"},
          "places": [{"geonamesId": 2434910}], )",
                   source, "}"),
      absl::StrCat(R"({"externalId": {"system": "geo-test", "id": "abeche"}, "title": "Abeche",
          "eventType": "protest", "date": {"text": "2024-09-21"},
          "places": [{"name": "Abéché", "countryCode": "TD", "locationPrecision": "EXACT",
                      "location": {"latitude": 13.8292, "longitude": 20.8324}}], )",
                   source, "}"),
  });
  ASSERT_EQ(ingested.created_count(), 2) << ingested.DebugString();
  const std::string faya_event = ingested.results(0).event();
  const std::string abeche_event = ingested.results(1).event();
  const std::string abeche = ingested.results(1).places(0);
  EXPECT_THAT(Events(EventsNear({17.9257, 19.1043}, 1'000)), ElementsAre(faya_event));
  EXPECT_THAT(Events(EventsNear({13.8292, 20.8324}, 1'000)), ElementsAre(abeche_event));
  EXPECT_THAT(Places(PlacesNear({13.8292, 20.8324}, 1'000)), ElementsAre(abeche));

  // A place without coordinates ingested under Abéché (as its admin name) is located there.
  ingested = ingest_events({absl::StrCat(
      R"({"externalId": {"system": "geo-test", "id": "abeche-market"}, "title": "Market",
          "eventType": "protest", "date": {"text": "2024-09-22"},
          "places": [{"name": "Grand marché", "kind": "SITE", "countryCode": "TD",
                      "adminNames": ["Abéché"]}], )",
      source, "}")});
  ASSERT_EQ(ingested.created_count(), 1) << ingested.DebugString();
  const std::string market_event = ingested.results(0).event();
  EXPECT_THAT(Events(EventsNear({13.8292, 20.8324}, 1'000)),
              UnorderedElementsAre(abeche_event, market_event));

  // The gazetteer moves Faya-Largeau 50 km north: its event moves with it.
  faya.mutable_location()->set_latitude(18.3757);
  ASSERT_EQ(ingest_places(faya).results(0).outcome(), v1::IngestResult::UPDATED);
  EXPECT_THAT(Events(EventsNear({17.9257, 19.1043}, 1'000)), IsEmpty());
  EXPECT_THAT(Events(EventsNear({18.3757, 19.1043}, 1'000)), ElementsAre(faya_event));
  EXPECT_THAT(Places(PlacesNear({18.3757, 19.1043}, 1'000)), ElementsAre(faya_name));
}

// --- On 100,000 generated events --------------------------------------------------------------

class PlacesNearAtScaleTest : public GeneratedEventsSuite<PlacesNearAtScaleTest> {
 public:
  static void PrepareSuite() {
    GeneratedEventsSuite::PrepareSuite();
    // A settlement in the middle of the grid, as its own point says.
    pqxx::nontransaction txn(*conn_);
    pqxx::row r = txn.exec1(
        "SELECT ST_Y(location::geometry), ST_X(location::geometry) FROM places "
        "WHERE resource_id = 'xa-r08-s10'");
    settlement_ = {r[0].as<double>(), r[1].as<double>()};
    // A third of the events' links carry a point of their own (migrations/0007), up to 0.08°
    // from their place's, one in ten of those only a region's centroid: what imports write.
    txn.exec(R"sql(
      UPDATE event_places ep
         SET location = ST_SetSRID(ST_MakePoint(
                          ST_X(p.location::geometry) + ((ep.event_id % 13) - 6) * 0.013,
                          ST_Y(p.location::geometry) + ((ep.event_id % 11) - 5) * 0.013),
                          4326)::geography,
             location_precision = CASE WHEN ep.event_id % 10 = 0 THEN 'region_centroid'
                                       ELSE 'exact' END
        FROM places p
       WHERE p.id = ep.place_id AND p.location IS NOT NULL AND ep.event_id % 3 = 0)sql");
    txn.exec("ANALYZE event_places");
  }

 protected:
  // An area around the settlement: a circle of `radius` metres, or (radius 0) a box reaching
  // `half_side` degrees each way.
  struct Area {
    double radius = 0;
    double half_side = 0;
  };

  static v1::ListEventsRequest EventsIn(const Area& area, bool imprecise, bool in_2019) {
    v1::ListEventsRequest r;
    if (area.radius > 0) {
      *r.mutable_near() = Near(settlement_, area.radius);
    } else {
      *r.mutable_bounding_box() = BoxAround(settlement_, area.half_side);
    }
    r.set_include_imprecise_locations(imprecise);
    if (in_2019) *r.mutable_time_range() = Range("2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z");
    return r;
  }

  // What ListEvents must return for events in `area`, computed without place_points,
  // place_ancestors or ST_DWithin: each place's chain of parents walked recursively, the nearest
  // located one taken, ST_Distance to (or the coordinates of) every such place, then the events
  // with a link that has its own point in the area (precise unless imprecise ones count) or a
  // link without one to a place in the area. Ranges by explicit bound comparisons.
  static std::vector<std::string> GroundTruth(const Area& area, bool imprecise, bool in_2019) {
    // $1 latitude, $2 longitude, $3 radius or half side, $4 imprecise too.
    auto in_area = [&](const std::string& at) {
      return area.radius > 0
                 ? absl::StrCat("ST_Distance(", at,
                                ", ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography) <= $3")
                 : absl::StrCat("ST_Y(", at, "::geometry) BETWEEN $1::float8 - $3 AND $1::float8",
                                " + $3 AND ST_X(", at,
                                "::geometry) BETWEEN $2::float8 - $3 AND $2::float8 + $3");
    };
    const std::string sql = absl::StrCat(R"sql(
      WITH RECURSIVE chain (place_id, at_id, depth) AS (
        SELECT id, id, 0 FROM places
        UNION ALL
        SELECT c.place_id, p.parent_id, c.depth + 1
          FROM chain c JOIN places p ON p.id = c.at_id WHERE p.parent_id IS NOT NULL
      ), located AS (
        SELECT DISTINCT ON (c.place_id) c.place_id, a.location, a.kind, a.location_precision
          FROM chain c JOIN places a ON a.id = c.at_id
         WHERE a.location IS NOT NULL
         ORDER BY c.place_id, c.depth
      ), in_area AS (
        SELECT l.place_id FROM located l JOIN places p ON p.id = l.place_id
         WHERE )sql",
                                         in_area("l.location"), R"sql(
           AND ($4 OR NOT (p.kind IN ('country', 'admin_region', 'admin_district')
                           OR l.kind IN ('country', 'admin_region', 'admin_district')
                           OR coalesce(l.location_precision IN ('region_centroid',
                                                                'country_centroid'), false)))
      )
      SELECT 'events/' || e.resource_id FROM events e
       WHERE e.delete_time IS NULL
         AND (EXISTS (SELECT 1 FROM event_places ep JOIN in_area r ON r.place_id = ep.place_id
                       WHERE ep.event_id = e.id AND ep.location IS NULL)
              OR EXISTS (SELECT 1 FROM event_places ep
                          WHERE ep.event_id = e.id AND ep.location IS NOT NULL
                            AND ($4 OR ep.location_precision NOT IN ('region_centroid',
                                                                     'country_centroid'))
                            AND )sql",
                                         in_area("ep.location"), R"sql()))sql",
                                         in_2019 ? R"sql(
         AND e.span IS NOT NULL
         AND (lower_inf(e.span) OR lower(e.span) < '2020-01-01T00:00:00Z'::timestamptz)
         AND (upper_inf(e.span) OR upper(e.span) > '2019-01-01T00:00:00Z'::timestamptz))sql"
                                                 : "",
                                         " ORDER BY e.sort_time NULLS LAST, e.id");
    return SqlColumn(*conn_, sql, settlement_.latitude, settlement_.longitude,
                     area.radius > 0 ? area.radius : area.half_side, imprecise);
  }

  // EXPLAIN ANALYZE of each statement ListEvents runs for `request`.
  static void ExpectIndexServed(const std::string& name, const v1::ListEventsRequest& request,
                                const std::vector<std::vector<std::string>>& expect_any_of) {
    ListEventsPlans plans = ExplainListEvents(*conn_, ListEventsStatements(*conn_, request), name);
    for (const auto* plan : {&plans.dated, &plans.unresolved}) {
      if (!*plan) continue;
      EXPECT_TRUE(IsIndexServed(
          **plan, {"events", "event_places", "event_place_scope", "places", "place_points"},
          expect_any_of))
          << name;
    }
  }

  static inline GeoPoint settlement_;
};

TEST_F(PlacesNearAtScaleTest, EventsNearASettlementAreIndexServed) {
  const std::vector<std::string> circle = {"place_points_location_idx"};
  const std::vector<std::string> box = {"place_points_location_box_idx"};
  const std::vector<std::string> event_places = {"event_places_place_idx", "event_places_pkey"};
  // Links with points of their own (migrations/0007).
  const std::vector<std::string> link_circle = {"event_places_location_idx"};
  const std::vector<std::string> link_box = {"event_places_location_box_idx"};
  const Area km50{.radius = 50'000};
  ExpectIndexServed("50 km of a settlement", EventsIn(km50, false, false),
                    {circle, event_places, link_circle});
  ExpectIndexServed("50 km of a settlement + 2019", EventsIn(km50, false, true),
                    {circle, event_places, link_circle});
  ExpectIndexServed("50 km of a settlement, imprecise too", EventsIn(km50, true, false),
                    {circle, event_places, link_circle});
  ExpectIndexServed("50 km of a settlement + 2019, imprecise too", EventsIn(km50, true, true),
                    {circle, event_places, link_circle});
  ExpectIndexServed("box around a settlement + 2019",
                    EventsIn(Area{.half_side = 0.35}, false, true), {box, event_places, link_box});
}

// Every page of each selection, against ground truth. 50 km reach every settlement of the
// region (they lie within 0.3° of each other); 15 km and a box reaching 0.12° each way (off the
// 0.1° grid, so that no settlement lies on its edge) only the nearest ones.
TEST_F(PlacesNearAtScaleTest, EventsNearASettlementEqualGroundTruth) {
  for (const Area& area :
       {Area{.radius = 50'000}, Area{.radius = 15'000}, Area{.half_side = 0.12}}) {
    for (bool imprecise : {false, true}) {
      for (bool in_2019 : {false, true}) {
        const std::string name =
            absl::StrCat(area.radius > 0 ? absl::StrCat(area.radius / 1000, " km")
                                         : absl::StrCat("box of ", 2 * area.half_side, " degrees"),
                         imprecise ? ", imprecise too" : ", precise only", in_2019 ? ", 2019" : "");
        SCOPED_TRACE(name);
        v1::ListEventsRequest r = EventsIn(area, imprecise, in_2019);
        r.set_page_size(500);
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::string> names = ListAllEventNames(env_->events(), r);
        const double seconds = SecondsSince(start);
        std::vector<std::string> truth = GroundTruth(area, imprecise, in_2019);
        std::printf("[ count  ] %s: %zu events (%.0f ms over gRPC, pages of 500)\n", name.c_str(),
                    names.size(), seconds * 1000);
        ASSERT_GE(truth.size(), 50u);
        EXPECT_EQ(names, truth);
        EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
      }
    }
  }
  // The region's centroid is 7.7 km from the settlement: imprecise events add to the precise
  // ones. The smaller areas leave some of the region's settlements out.
  const Area km50{.radius = 50'000}, km15{.radius = 15'000}, box{.half_side = 0.12};
  EXPECT_GT(GroundTruth(km15, true, false).size(), GroundTruth(km15, false, false).size());
  EXPECT_LT(GroundTruth(km15, false, false).size(), GroundTruth(km50, false, false).size());
  EXPECT_LT(GroundTruth(box, false, false).size(), GroundTruth(km50, false, false).size());
}

TEST_F(PlacesNearAtScaleTest, ListPlacesNearIsIndexServed) {
  v1::ListPlacesRequest request;
  *request.mutable_near() = Near(settlement_, 50'000);
  absl::StatusOr<domain::NameQuery> query =
      domain::PlaceQueryFromRequest(request, TestTokenCodec());
  ASSERT_TRUE(query.ok()) << query.status();
  storage::SqlWithParams statement = storage::BuildListPlacesSql(*query, std::nullopt);
  ExplainedPlan plan = Explain(*conn_, statement.sql, statement.params);
  PrintPlan("ListPlaces 50 km of a settlement", plan);
  EXPECT_TRUE(IsIndexServed(plan, {"places"}, {{"places_location_idx"}}));

  *request.mutable_bounding_box() = BoxAround(settlement_, 0.3);
  request.clear_near();
  query = domain::PlaceQueryFromRequest(request, TestTokenCodec());
  ASSERT_TRUE(query.ok()) << query.status();
  statement = storage::BuildListPlacesSql(*query, std::nullopt);
  plan = Explain(*conn_, statement.sql, statement.params);
  PrintPlan("ListPlaces box around a settlement", plan);
  EXPECT_TRUE(IsIndexServed(plan, {"places"}, {{"places_location_box_idx", "places_pkey"}}));
}

}  // namespace
}  // namespace timeline::testing
