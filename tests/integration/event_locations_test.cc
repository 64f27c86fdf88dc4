// An event keeps its own location: an ACLED export of the pre-2019 layout written for this test
// (tests/data/acled-2014-2016-north-east-africa.csv: 225 events in eight towns of Libya,
// Somalia, Egypt and DR Congo, most of them settlements named like their admin divisions —
// "Tripoli" in Tripoli/Tripoli — spread up to ~18 km around the town, spelled several ways, some
// coordinates and names with no-break spaces, Arabic and curly quotes in the notes) is imported as
// the ingest job reads it, and every area query is compared with the rows of the file whose own
// point lies in the area: the service must count each event where the file says it happened, not at
// the point of whatever place its name resolved to.
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

constexpr char kAcledFile[] = "acled-2014-2016-north-east-africa.csv";

struct Area {
  std::string name;
  double latitude = 0, longitude = 0;
  double radius_meters = 0;  // a circle, or (0) a box reaching half_side degrees each way
  double half_side = 0;
};

class EventLocationsTest : public IntegrationSuite<EventLocationsTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

  static void PrepareSuite() {
    rows_ = new FixtureTable(ReadFixtureTable(kAcledFile, ',', true));
    const std::vector<v1::IngestRecord> records = AcledFixtureRecords(kAcledFile);
    IngestOutcome out = IngestEvents(env_->ingest(), records);
    if (!out.status.ok()) throw std::runtime_error(out.status.error_message());
    events_ = new std::map<std::string, std::string>();
    for (const v1::IngestResult& r : out.response.results()) {
      if (r.outcome() != v1::IngestResult::CREATED) {
        throw std::runtime_error("not created: " + r.DebugString());
      }
      (*events_)[records[r.index()].external_id().id()] = r.event();
    }
    conn_ = new pqxx::connection(env_->database_url());
  }

  static void ReleaseSuite() {
    delete rows_;
    delete events_;
    delete conn_;
  }

 protected:
  static v1::ListEventsRequest EventsIn(const Area& area, bool imprecise) {
    v1::ListEventsRequest r;
    if (area.radius_meters > 0) {
      r.mutable_near()->set_latitude(area.latitude);
      r.mutable_near()->set_longitude(area.longitude);
      r.mutable_near()->set_radius_meters(area.radius_meters);
    } else {
      r.mutable_bounding_box()->mutable_low()->set_latitude(area.latitude - area.half_side);
      r.mutable_bounding_box()->mutable_low()->set_longitude(area.longitude - area.half_side);
      r.mutable_bounding_box()->mutable_high()->set_latitude(area.latitude + area.half_side);
      r.mutable_bounding_box()->mutable_high()->set_longitude(area.longitude + area.half_side);
    }
    r.set_include_imprecise_locations(imprecise);
    r.set_page_size(100);
    return r;
  }

  // The events of the file's rows whose own point lies in the area: geodesic distances computed
  // by PostGIS from the file's coordinates alone (no table of the service), or plain coordinate
  // comparisons for a box. GEO_PRECISION 3 (a region's centroid) counts only with `imprecise`.
  static std::set<std::string> Truth(const Area& area, bool imprecise) {
    std::set<std::string> names;
    pqxx::nontransaction txn(*conn_);
    for (size_t i = 0; i < rows_->rows.size(); ++i) {
      if (!imprecise && rows_->Cell(i, "GEO_PRECISION") == "3") continue;
      const double lat = rows_->Number(i, "LATITUDE"), lon = rows_->Number(i, "LONGITUDE");
      bool inside;
      if (area.radius_meters > 0) {
        inside = txn.exec_params1(
                        "SELECT ST_Distance(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography,"
                        " ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography) <= $5",
                        lon, lat, area.longitude, area.latitude, area.radius_meters)[0]
                     .as<bool>();
      } else {
        inside = lat >= area.latitude - area.half_side && lat <= area.latitude + area.half_side &&
                 lon >= area.longitude - area.half_side && lon <= area.longitude + area.half_side;
      }
      if (inside) names.insert(events_->at(rows_->Cell(i, "EVENT_ID_CNTY")));
    }
    return names;
  }

  static inline FixtureTable* rows_ = nullptr;
  static inline std::map<std::string, std::string>* events_ = nullptr;  // external id -> name
  static inline pqxx::connection* conn_ = nullptr;
};

TEST_F(EventLocationsTest, EveryRowOfTheFileIsAnEvent) {
  EXPECT_EQ(events_->size(), rows_->rows.size());
  EXPECT_GE(rows_->rows.size(), 200u);
}

// Circles and boxes around the towns and inside them, each with and without imprecise points.
TEST_F(EventLocationsTest, AreaQueriesCountEveryEventWhereTheFileSaysItHappened) {
  const std::vector<Area> areas = {
      {"20 km of Tripoli", 32.8872, 13.1913, 20'000},
      {"6 km of eastern Tripoli", 32.85, 13.27, 6'000},
      {"9 km of western Tripoli", 32.92, 13.08, 9'000},
      {"15 km of Benghazi", 32.1167, 20.0667, 15'000},
      {"8 km of Mogadishu", 2.0371, 45.3438, 8'000},
      {"5 km of Baidoa", 3.1138, 43.6498, 5'000},
      {"12 km of Cairo", 30.0444, 31.2357, 12'000},
      {"box of 0.2 degrees around Tripoli", 32.8872, 13.1913, 0, 0.1},
      {"box of 0.1 degrees in Mogadishu", 2.06, 45.32, 0, 0.05},
  };
  size_t compared = 0;
  for (const Area& area : areas) {
    for (bool imprecise : {false, true}) {
      SCOPED_TRACE(absl::StrCat(area.name, imprecise ? ", imprecise too" : ""));
      const std::vector<std::string> listed =
          ListAllEventNames(env_->events(), EventsIn(area, imprecise));
      const std::set<std::string> truth = Truth(area, imprecise);
      EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()), truth);
      EXPECT_EQ(listed.size(), truth.size());
      compared += truth.size();
    }
  }
  // The areas are not empty, and some leave out part of a town.
  EXPECT_GE(compared, 150u);
  EXPECT_LT(Truth(areas[1], false).size(), Truth(areas[0], false).size());
}

// Each event returns the point and precision of its row (ACLED 1 → EXACT, 2 →
// SETTLEMENT_CENTROID, 3 → REGION_CENTROID).
TEST_F(EventLocationsTest, EachEventReturnsItsRowsPoint) {
  const std::map<std::string, v1::LocationPrecision> precision = {
      {"1", v1::EXACT}, {"2", v1::SETTLEMENT_CENTROID}, {"3", v1::REGION_CENTROID}};
  for (size_t i = 0; i < rows_->rows.size(); i += 7) {
    const v1::Event e = Got(env_->events(), events_->at(rows_->Cell(i, "EVENT_ID_CNTY")));
    ASSERT_EQ(e.places_size(), 1) << e.DebugString();
    EXPECT_DOUBLE_EQ(e.places(0).location().latitude(), rows_->Number(i, "LATITUDE"));
    EXPECT_DOUBLE_EQ(e.places(0).location().longitude(), rows_->Number(i, "LONGITUDE"));
    EXPECT_EQ(e.places(0).location_precision(), precision.at(rows_->Cell(i, "GEO_PRECISION")));
  }
}

// CreateEvent and UpdateEvent keep a link's point; an update that does not touch the places
// keeps it too.
TEST_F(EventLocationsTest, ApiWritesKeepALinksPoint) {
  const v1::Event stored = Got(env_->events(), events_->begin()->second);
  v1::Event event;
  event.set_title("Checkpoint clash");
  event.set_event_type("armed_clash");
  *event.mutable_time() = stored.time();
  v1::EventPlace* p = event.add_places();
  p->set_place(stored.places(0).place());
  p->set_role(v1::LOCATION);
  p->mutable_location()->set_latitude(32.8711);
  p->mutable_location()->set_longitude(13.3522);
  p->set_location_precision(v1::EXACT);
  const v1::Event created = CreatedEvent(env_->events(), event);
  ASSERT_EQ(created.places_size(), 1);
  EXPECT_EQ(created.places(0).location().longitude(), 13.3522);

  v1::UpdateEventRequest update;
  *update.mutable_event() = created;
  update.mutable_event()->set_title("Checkpoint clash at the airport road");
  update.mutable_update_mask()->add_paths("title");
  v1::Event updated;
  grpc::ClientContext ctx;
  ASSERT_TRUE(env_->events().UpdateEvent(&ctx, update, &updated).ok());
  EXPECT_EQ(updated.places(0).location().longitude(), 13.3522);
  EXPECT_EQ(updated.places(0).location_precision(), v1::EXACT);
  Area near_it{"1 km of the clash", 32.8711, 13.3522, 1'000};
  EXPECT_THAT(ListAllEventNames(env_->events(), EventsIn(near_it, false)),
              ::testing::Contains(created.name()));

  // A precision without a point, or a point without a precision, is the caller's mistake.
  event.mutable_places(0)->clear_location();
  v1::Event refused;
  grpc::Status status = CreateEvent(env_->events(), event, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("location_precision"));
}

}  // namespace
}  // namespace timeline::testing
