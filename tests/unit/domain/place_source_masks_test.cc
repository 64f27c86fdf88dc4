// Update masks of places and sources: which fields a patch replaces, and which paths are refused.
#include "domain/place_source_masks.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/domain/domain_testing.h"

namespace timeline::domain {
namespace {

using test_support::Fields;
using Strings = std::vector<std::string>;

google::protobuf::FieldMask Mask(const Strings& paths) {
  google::protobuf::FieldMask mask;
  for (const std::string& p : paths) mask.add_paths(p);
  return mask;
}

v1::Place Stored() {
  v1::Place p;
  p.set_name("places/anefis");
  p.set_display_name("Anefis");
  p.set_kind(v1::SETTLEMENT);
  p.set_parent("places/gao-region");
  p.set_country_code("ML");
  p.mutable_location()->set_latitude(18.05);
  p.mutable_location()->set_longitude(0.6);
  p.set_location_precision(v1::EXACT);
  p.set_time_zone("Africa/Bamako");
  p.add_names()->set_name("Anefis");
  p.add_names()->set_name("Anéfis");
  return p;
}

TEST(ApplyPlaceUpdate, TakesOnlyTheMaskedFields) {
  v1::Place patch;
  patch.set_parent("places/kidal-region");
  patch.set_display_name("not masked");
  absl::StatusOr<v1::Place> merged = ApplyPlaceUpdate(Stored(), patch, Mask({"parent"}));
  ASSERT_TRUE(merged.ok()) << merged.status();
  v1::Place expected = Stored();
  expected.set_parent("places/kidal-region");
  EXPECT_EQ(merged->SerializeAsString(), expected.SerializeAsString());
}

TEST(ApplyPlaceUpdate, AnEmptyMaskTakesEverySetField) {
  v1::Place patch;
  patch.set_display_name("Anefis (Kidal)");
  patch.set_time_zone("Africa/Abidjan");
  absl::StatusOr<v1::Place> merged = ApplyPlaceUpdate(Stored(), patch, Mask({}));
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->display_name(), "Anefis (Kidal)");
  EXPECT_EQ(merged->time_zone(), "Africa/Abidjan");
  EXPECT_EQ(merged->parent(), "places/gao-region");
  EXPECT_EQ(merged->names_size(), 2);
}

TEST(ApplyPlaceUpdate, LocationAndPrecisionTravelTogether) {
  v1::Place patch;  // no location: masking it clears both
  absl::StatusOr<v1::Place> cleared = ApplyPlaceUpdate(Stored(), patch, Mask({"location"}));
  ASSERT_TRUE(cleared.ok());
  EXPECT_FALSE(cleared->has_location());
  EXPECT_EQ(cleared->location_precision(), v1::LOCATION_PRECISION_UNSPECIFIED);

  patch.mutable_location()->set_latitude(20.2);
  patch.mutable_location()->set_longitude(0.98);
  patch.set_location_precision(v1::SETTLEMENT_CENTROID);
  absl::StatusOr<v1::Place> moved = ApplyPlaceUpdate(Stored(), patch, Mask({"location_precision"}));
  ASSERT_TRUE(moved.ok());
  EXPECT_DOUBLE_EQ(moved->location().latitude(), 20.2);
  EXPECT_EQ(moved->location_precision(), v1::SETTLEMENT_CENTROID);
}

TEST(ApplyPlaceUpdate, RepeatedNamesAreReplacedWhole) {
  v1::Place patch;
  patch.add_names()->set_name("Inafiss");
  absl::StatusOr<v1::Place> merged = ApplyPlaceUpdate(Stored(), patch, Mask({"names"}));
  ASSERT_TRUE(merged.ok());
  ASSERT_EQ(merged->names_size(), 1);
  EXPECT_EQ(merged->names(0).name(), "Inafiss");
}

TEST(ApplyPlaceUpdate, StarTakesAllAndOtherPathsAreRefused) {
  v1::Place patch = Stored();
  patch.set_display_name("Anefis");
  patch.clear_time_zone();
  absl::StatusOr<v1::Place> all = ApplyPlaceUpdate(Stored(), patch, Mask({"*"}));
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->time_zone(), "");

  absl::Status refused =
      ApplyPlaceUpdate(Stored(), patch, Mask({"kind", "ancestors", "etag"})).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(refused), (Strings{"update_mask.paths[1]", "update_mask.paths[2]"}));
}

TEST(ApplySourceUpdate, TakesTheMaskedFieldsAndClearsAnUnsetTime) {
  v1::Source stored;
  stored.set_url("https://news.example/a");
  stored.set_publisher("Example News");
  stored.mutable_published_time()->set_seconds(1728731760);
  v1::Source patch;
  patch.set_publisher("Example News (Bamako)");
  patch.set_url("https://ignored.example/");
  absl::StatusOr<v1::Source> merged =
      ApplySourceUpdate(stored, patch, Mask({"publisher", "published_time"}));
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->publisher(), "Example News (Bamako)");
  EXPECT_EQ(merged->url(), "https://news.example/a");
  EXPECT_FALSE(merged->has_published_time());

  EXPECT_EQ(Fields(ApplySourceUpdate(stored, patch, Mask({"create_time"})).status()),
            (Strings{"update_mask.paths[0]"}));
}

}  // namespace
}  // namespace timeline::domain
