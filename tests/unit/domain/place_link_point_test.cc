// PlaceLinkPoint: an event's own point at one of its places, read from API writes and ingest
// records, and written back into EventPlace.
#include "domain/place_link_point.h"

#include <gtest/gtest.h>

#include "domain/event_record.h"
#include "domain/validation.h"
#include "google/protobuf/util/json_util.h"

namespace timeline::domain {
namespace {

template <typename Message>
Message Parse(const std::string& json) {
  Message m;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &m).ok()) << json;
  return m;
}

TEST(PlaceLinkPointTest, ReadsAPointWithItsPrecision) {
  Violations v;
  const auto point =
      ReadPlaceLinkPoint(Parse<v1::EventPlace>(R"({"place": "places/ly-tripoli", "role": "LOCATION",
          "location": {"latitude": 32.9797, "longitude": 13.0895},
          "locationPrecision": "SETTLEMENT_CENTROID"})"),
                         "event.places[0]", v);
  EXPECT_TRUE(v.empty());
  ASSERT_TRUE(point.has_value());
  EXPECT_EQ(*point, (PlaceLinkPoint{32.9797, 13.0895, v1::SETTLEMENT_CENTROID}));
}

TEST(PlaceLinkPointTest, NoLocationNoPoint) {
  Violations v;
  EXPECT_FALSE(ReadPlaceLinkPoint(Parse<v1::EventPlace>(R"({"place": "places/x"})"), "p", v));
  EXPECT_TRUE(v.empty());
}

TEST(PlaceLinkPointTest, EachMistakeNamesItsField) {
  Violations v;
  EXPECT_FALSE(ReadPlaceLinkPoint(
      Parse<v1::EventPlace>(R"({"location": {"latitude": 91, "longitude": -180.5}})"),
      "event.places[2]", v));
  const std::string message(v.ToStatus().message());
  EXPECT_NE(message.find("event.places[2].location.latitude"), std::string::npos) << message;
  EXPECT_NE(message.find("event.places[2].location.longitude"), std::string::npos) << message;
  EXPECT_NE(message.find("event.places[2].location_precision"), std::string::npos) << message;

  Violations alone;
  EXPECT_FALSE(ReadPlaceLinkPoint(Parse<v1::EventPlace>(R"({"locationPrecision": "EXACT"})"),
                                  "event.places[0]", alone));
  EXPECT_NE(std::string(alone.ToStatus().message()).find("must be unset"), std::string::npos);
}

TEST(PlaceLinkPointTest, AnIngestRecordsPointDefaultsToASettlementsPrecision) {
  const auto given = PlaceLinkPointOfRecord(Parse<v1::IngestPlace>(
      R"({"name": "Baidoa", "location": {"latitude": 3.11, "longitude": 43.65},
          "locationPrecision": "REGION_CENTROID"})"));
  ASSERT_TRUE(given.has_value());
  EXPECT_EQ(given->precision, v1::REGION_CENTROID);
  const auto defaulted = PlaceLinkPointOfRecord(Parse<v1::IngestPlace>(
      R"({"name": "Baidoa", "location": {"latitude": 3.11, "longitude": 43.65}})"));
  ASSERT_TRUE(defaulted.has_value());
  EXPECT_EQ(defaulted->precision, v1::SETTLEMENT_CENTROID);
  EXPECT_FALSE(PlaceLinkPointOfRecord(Parse<v1::IngestPlace>(R"({"name": "Baidoa"})")));
}

// An event record keeps a link's point through the proto the service stores and returns.
TEST(PlaceLinkPointTest, TheEventRecordCarriesThePointBothWays) {
  v1::Event event = Parse<v1::Event>(R"({"title": "t", "eventType": "protest",
      "time": {"precision": "PRECISION_UNKNOWN"},
      "places": [{"place": "places/so-mogadishu", "role": "LOCATION",
                  "location": {"latitude": 2.0371, "longitude": 45.3438},
                  "locationPrecision": "EXACT"}]})");
  absl::StatusOr<EventRecord> record = EventRecordFromProto(event, "event");
  ASSERT_TRUE(record.ok()) << record.status();
  ASSERT_TRUE(record->places[0].point.has_value());
  const v1::Event back = EventRecordAsProto(*record);
  EXPECT_EQ(back.places(0).location().latitude(), 2.0371);
  EXPECT_EQ(back.places(0).location_precision(), v1::EXACT);
}

}  // namespace
}  // namespace timeline::domain
