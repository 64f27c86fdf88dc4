// Circles and boxes (domain/geo.h) and how ListPlaces and the event selections read them
// (domain/event_query.h, domain/name_query.h): every bad value rejected with its full field path,
// the valid edges kept.
#include "domain/geo.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/event_query.h"
#include "domain/name_query.h"
#include "domain/page_token.h"
#include "domain/validation.h"
#include "geo_helpers.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/place.pb.h"
#include "unit/domain/domain_testing.h"

namespace timeline::domain {
namespace {

using Strings = std::vector<std::string>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

using test_support::Fields;
using ::timeline::testing::Box;
using ::timeline::testing::Near;

// --- NormalizeNear
// --------------------------------------------------------------------------------

TEST(NormalizeNearTest, KeepsAValidCircle) {
  absl::StatusOr<GeoCircle> c = NormalizeNear(Near(12.65, -8.0, 50'000), "near");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->latitude, 12.65);
  EXPECT_EQ(c->longitude, -8.0);
  EXPECT_EQ(c->radius_meters, 50'000);
}

TEST(NormalizeNearTest, AcceptsTheEdges) {
  for (const v1::Near& n :
       {Near(90, 180, kMaxRadiusMeters), Near(-90, -180, 0.001), Near(0, 0, 20'000'000)}) {
    EXPECT_TRUE(NormalizeNear(n, "near").ok()) << n.ShortDebugString();
  }
}

TEST(NormalizeNearTest, RejectsCoordinatesOutOfRange) {
  EXPECT_EQ(Fields(NormalizeNear(Near(90.0001, 0, 1), "near").status()), Strings{"near.latitude"});
  EXPECT_EQ(Fields(NormalizeNear(Near(-91, 0, 1), "near").status()), Strings{"near.latitude"});
  EXPECT_EQ(Fields(NormalizeNear(Near(0, 180.5, 1), "near").status()), Strings{"near.longitude"});
  EXPECT_EQ(Fields(NormalizeNear(Near(0, -181, 1), "near").status()), Strings{"near.longitude"});
}

TEST(NormalizeNearTest, RadiusMustBePositiveAndAtMostTwentyThousandKilometres) {
  // 0 is also what an unset radius reads as: the radius is required.
  for (double radius : {0.0, -1.0, 20'000'000.5, 1e9}) {
    absl::StatusOr<GeoCircle> c = NormalizeNear(Near(0, 0, radius), "near");
    EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument) << radius;
    EXPECT_EQ(Fields(c.status()), Strings{"near.radius_meters"}) << radius;
  }
}

TEST(NormalizeNearTest, RejectsNaNAndInfinity) {
  EXPECT_EQ(Fields(NormalizeNear(Near(kNaN, kInf, -kInf), "near").status()),
            (Strings{"near.latitude", "near.longitude", "near.radius_meters"}));
  EXPECT_EQ(Fields(NormalizeNear(Near(0, 0, kNaN), "near").status()),
            Strings{"near.radius_meters"});
  EXPECT_EQ(Fields(NormalizeNear(Near(-kInf, kNaN, kInf), "near").status()),
            (Strings{"near.latitude", "near.longitude", "near.radius_meters"}));
}

// --- NormalizeBoundingBox
// -------------------------------------------------------------------------

TEST(NormalizeBoundingBoxTest, KeepsAValidBox) {
  // Mali, roughly.
  absl::StatusOr<GeoBox> b = NormalizeBoundingBox(Box(10, -12.5, 25, 4.5), "bounding_box");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->low_latitude, 10);
  EXPECT_EQ(b->low_longitude, -12.5);
  EXPECT_EQ(b->high_latitude, 25);
  EXPECT_EQ(b->high_longitude, 4.5);
  EXPECT_FALSE(b->CrossesAntimeridian());
}

TEST(NormalizeBoundingBoxTest, AHighLongitudeBelowTheLowOneCrossesTheAntimeridian) {
  // Fiji: 170°E to 178°W.
  absl::StatusOr<GeoBox> b = NormalizeBoundingBox(Box(-21, 170, -12, -178), "bounding_box");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_TRUE(b->CrossesAntimeridian());
}

TEST(NormalizeBoundingBoxTest, APointAndTheWholeWorldAreBoxes) {
  EXPECT_TRUE(NormalizeBoundingBox(Box(12.65, -8, 12.65, -8), "bounding_box").ok());
  EXPECT_TRUE(NormalizeBoundingBox(Box(-90, -180, 90, 180), "bounding_box").ok());
}

TEST(NormalizeBoundingBoxTest, CornersAreRequired) {
  v1::BoundingBox b;
  EXPECT_EQ(Fields(NormalizeBoundingBox(b, "bounding_box").status()),
            (Strings{"bounding_box.low", "bounding_box.high"}));
  b.mutable_low()->set_latitude(1);
  EXPECT_EQ(Fields(NormalizeBoundingBox(b, "bounding_box").status()), Strings{"bounding_box.high"});
}

TEST(NormalizeBoundingBoxTest, LatitudesMustBeOrdered) {
  absl::StatusOr<GeoBox> b = NormalizeBoundingBox(Box(25, -12, 10, 4), "bounding_box");
  EXPECT_EQ(b.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(b.status()), Strings{"bounding_box.high.latitude"});
}

TEST(NormalizeBoundingBoxTest, NamesEveryBadCoordinate) {
  EXPECT_EQ(Fields(NormalizeBoundingBox(Box(-95, 200, kNaN, -kInf), "bounding_box").status()),
            (Strings{"bounding_box.low.latitude", "bounding_box.low.longitude",
                     "bounding_box.high.latitude", "bounding_box.high.longitude"}));
}

// --- How requests read them
// -----------------------------------------------------------------------

TEST(PlaceQueryAreaTest, ReadsNearAndBoundingBox) {
  PageTokenCodec codec("s");
  v1::ListPlacesRequest r;
  r.set_query("bamako");
  r.set_parent("places/ml");
  *r.mutable_near() = Near(12.65, -8, 50'000);
  *r.mutable_bounding_box() = Box(10, -12, 25, 4);
  absl::StatusOr<NameQuery> q = PlaceQueryFromRequest(r, codec);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_TRUE(q->near.has_value());
  EXPECT_EQ(q->near->radius_meters, 50'000);
  ASSERT_TRUE(q->bounding_box.has_value());
  EXPECT_EQ(q->bounding_box->high_longitude, 4);
  EXPECT_EQ(q->parent_id, "ml");
  EXPECT_FALSE(q->match_key.empty());
}

TEST(PlaceQueryAreaTest, WithoutThemNoArea) {
  PageTokenCodec codec("s");
  absl::StatusOr<NameQuery> q = PlaceQueryFromRequest(v1::ListPlacesRequest(), codec);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_FALSE(q->near.has_value());
  EXPECT_FALSE(q->bounding_box.has_value());
}

TEST(PlaceQueryAreaTest, ReportsEveryProblemAtOnce) {
  PageTokenCodec codec("s");
  v1::ListPlacesRequest r;
  r.set_page_size(-1);
  r.set_parent("ml");
  *r.mutable_near() = Near(0, 0, 0);
  *r.mutable_bounding_box() = Box(10, 0, 5, 1);
  EXPECT_EQ(Fields(PlaceQueryFromRequest(r, codec).status()),
            (Strings{"page_size", "parent", "near.radius_meters", "bounding_box.high.latitude"}));
}

TEST(EventSelectionAreaTest, ListEventsReadsNearBoundingBoxAndImprecision) {
  PageTokenCodec codec("s");
  v1::ListEventsRequest r;
  *r.mutable_near() = Near(12.65, -8, 50'000);
  *r.mutable_bounding_box() = Box(-21, 170, -12, -178);
  r.set_include_imprecise_locations(true);
  absl::StatusOr<EventQuery> q = EventQueryFromRequest(r, codec);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_TRUE(q->selection.near.has_value());
  EXPECT_EQ(q->selection.near->latitude, 12.65);
  ASSERT_TRUE(q->selection.bounding_box.has_value());
  EXPECT_TRUE(q->selection.bounding_box->CrossesAntimeridian());
  EXPECT_TRUE(q->selection.include_imprecise_locations);

  absl::StatusOr<EventQuery> plain = EventQueryFromRequest(v1::ListEventsRequest(), codec);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_FALSE(plain->selection.near.has_value());
  EXPECT_FALSE(plain->selection.bounding_box.has_value());
  EXPECT_FALSE(plain->selection.include_imprecise_locations);
}

TEST(EventSelectionAreaTest, ListEventsNamesBadFieldsWithTheOthers) {
  PageTokenCodec codec("s");
  v1::ListEventsRequest r;
  r.add_event_types("massacre");
  *r.mutable_near() = Near(91, 0, kNaN);
  r.mutable_bounding_box()->mutable_low()->set_latitude(1);
  EXPECT_EQ(
      Fields(EventQueryFromRequest(r, codec).status()),
      (Strings{"event_types[0]", "near.latitude", "near.radius_meters", "bounding_box.high"}));
}

// A page token belongs to its circle: another centre or radius is another request.
TEST(EventSelectionAreaTest, AnotherCircleIsAnotherRequest) {
  v1::ListEventsRequest a;
  *a.mutable_near() = Near(12.65, -8, 50'000);
  v1::ListEventsRequest b = a;
  b.mutable_near()->set_radius_meters(50'001);
  v1::ListEventsRequest c = a;
  c.set_include_imprecise_locations(true);
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(c));
}

}  // namespace
}  // namespace timeline::domain
