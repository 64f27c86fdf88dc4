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

}  // namespace
}  // namespace timeline::storage
