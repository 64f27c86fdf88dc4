// How the database spells the API's enum values.
#include "storage/db_enums.h"

#include <gtest/gtest.h>

#include "timeline/v1/actor.pb.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/place.pb.h"

namespace timeline::storage {
namespace {

TEST(EnumDbTest, RoundTrip) {
  EXPECT_EQ(EnumToDb(v1::ActorRole_descriptor(), v1::INITIATOR), "initiator");
  EXPECT_EQ(EnumToDb(v1::PlaceRole_descriptor(), v1::TARGET_SITE), "target_site");
  EXPECT_EQ(EnumToDb(v1::ActorKind_descriptor(), v1::ARMED_GROUP), "armed_group");
  EXPECT_EQ(EnumToDb(v1::ActorRole_descriptor(), 99), "");
  EXPECT_EQ(EnumFromDb(v1::PlaceKind_descriptor(), "admin_region"), v1::ADMIN_REGION);
  EXPECT_EQ(EnumFromDb(v1::ActorRole_descriptor(), "nobody"), 0);
  for (const auto* d :
       {v1::ActorRole_descriptor(), v1::PlaceRole_descriptor(), v1::ActorKind_descriptor(),
        v1::PlaceKind_descriptor(), v1::LocationPrecision_descriptor()}) {
    for (int i = 0; i < d->value_count(); ++i) {
      int number = d->value(i)->number();
      EXPECT_EQ(EnumFromDb(d, EnumToDb(d, number)), number) << d->full_name() << " " << number;
    }
  }
}

TEST(PrecisionDbTest, NamesAreLowerCaseWithoutPrefix) {
  EXPECT_EQ(PrecisionToDb(v1::PRECISION_INSTANT), "instant");
  EXPECT_EQ(PrecisionToDb(v1::PRECISION_DAY), "day");
  EXPECT_EQ(PrecisionToDb(v1::PRECISION_WEEK), "week");
  EXPECT_EQ(PrecisionToDb(v1::PRECISION_UNKNOWN), "unknown");
  EXPECT_EQ(PrecisionFromDb("month"), v1::PRECISION_MONTH);
  EXPECT_EQ(PrecisionFromDb("Year"), v1::PRECISION_YEAR);
  EXPECT_EQ(PrecisionFromDb("fortnight"), v1::PRECISION_UNKNOWN);
  EXPECT_EQ(PrecisionFromDb(""), v1::PRECISION_UNKNOWN);
}

TEST(PrecisionDbTest, EveryValueRoundTrips) {
  const auto* descriptor = v1::Precision_descriptor();
  ASSERT_EQ(descriptor->value_count(), 9);
  for (int i = 0; i < descriptor->value_count(); ++i) {
    auto p = static_cast<v1::Precision>(descriptor->value(i)->number());
    std::string text = PrecisionToDb(p);
    EXPECT_FALSE(text.empty()) << p;
    EXPECT_EQ(text.find("precision"), std::string::npos) << text;
    EXPECT_EQ(PrecisionFromDb(text), p) << text;
  }
}

}  // namespace
}  // namespace timeline::storage
