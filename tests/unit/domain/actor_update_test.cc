// UpdateActor's mask: named fields, "*", empty masks, repeated fields replaced whole.
#include "domain/actor_update.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/directory_records.h"
#include "google/protobuf/util/message_differencer.h"
#include "unit/domain/domain_testing.h"

namespace timeline::domain {
namespace {

using google::protobuf::util::MessageDifferencer;
using test_support::Fields;
using Strings = std::vector<std::string>;

v1::Actor Stored() {
  v1::Actor a;
  a.set_name("actors/aqim");
  a.set_display_name("AQIM");
  a.set_kind(v1::ARMED_GROUP);
  a.set_country_code("DZ");
  a.set_description("a group");
  a.add_names()->set_name("AQIM");
  a.add_names()->set_name("Al-Qaida au Maghreb islamique");
  a.mutable_names(1)->set_language("fr");
  a.set_etag("rev-3");
  return a;
}

google::protobuf::FieldMask Mask(Strings paths) {
  google::protobuf::FieldMask m;
  for (const std::string& p : paths) m.add_paths(p);
  return m;
}

TEST(ActorUpdateTest, OnlyMaskedFieldsChange) {
  v1::Actor patch;
  patch.set_display_name("Al Qaeda in the Islamic Maghreb");
  patch.set_description("not in the mask");
  patch.set_kind(v1::ORGANIZATION);
  absl::StatusOr<v1::Actor> updated = ApplyActorUpdate(Stored(), patch, Mask({"display_name"}));
  ASSERT_TRUE(updated.ok()) << updated.status();
  v1::Actor expected = Stored();
  expected.set_display_name("Al Qaeda in the Islamic Maghreb");
  EXPECT_TRUE(MessageDifferencer::Equals(*updated, expected)) << updated->DebugString();
  // The new display name joins the names when the record is made; the old names stay.
  absl::StatusOr<ActorRecord> record = ActorRecordFromProto(*updated, "actor");
  ASSERT_TRUE(record.ok()) << record.status();
  ASSERT_EQ(record->names.size(), 3u);
  EXPECT_EQ(record->names[2].name, "Al Qaeda in the Islamic Maghreb");
}

TEST(ActorUpdateTest, RepeatedFieldsAreReplacedWhole) {
  v1::Actor patch;
  patch.add_names()->set_name("AQMI");
  v1::RoleTerm* role = patch.add_roles();
  role->set_role("affiliate");
  absl::StatusOr<v1::Actor> updated = ApplyActorUpdate(Stored(), patch, Mask({"names", "roles"}));
  ASSERT_TRUE(updated.ok()) << updated.status();
  ASSERT_EQ(updated->names_size(), 1);
  EXPECT_EQ(updated->names(0).name(), "AQMI");
  ASSERT_EQ(updated->roles_size(), 1);
  EXPECT_EQ(updated->display_name(), "AQIM");
}

TEST(ActorUpdateTest, EmptyMaskTakesEveryUpdatableFieldSet) {
  v1::Actor patch;
  patch.set_name("actors/aqim");
  patch.set_etag("rev-3");
  patch.set_wikidata_id("Q216109");
  absl::StatusOr<v1::Actor> updated = ApplyActorUpdate(Stored(), patch, Mask({}));
  ASSERT_TRUE(updated.ok()) << updated.status();
  v1::Actor expected = Stored();
  expected.set_wikidata_id("Q216109");
  EXPECT_TRUE(MessageDifferencer::Equals(*updated, expected)) << updated->DebugString();
}

TEST(ActorUpdateTest, StarTakesEveryUpdatableField) {
  v1::Actor patch;
  patch.set_display_name("AQIM");
  patch.set_kind(v1::ARMED_GROUP);
  absl::StatusOr<v1::Actor> updated = ApplyActorUpdate(Stored(), patch, Mask({"*"}));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->country_code(), "");
  EXPECT_EQ(updated->description(), "");
  EXPECT_EQ(updated->names_size(), 0);
  EXPECT_EQ(updated->name(), "actors/aqim");  // not updatable: kept
}

TEST(ActorUpdateTest, UnknownAndOutputOnlyPathsNameTheirIndex) {
  absl::StatusOr<v1::Actor> updated =
      ApplyActorUpdate(Stored(), v1::Actor(), Mask({"kind", "etag", "create_time", "colour"}));
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(updated.status()),
            (Strings{"update_mask.paths[1]", "update_mask.paths[2]", "update_mask.paths[3]"}));
}

}  // namespace
}  // namespace timeline::domain
