// CompareAdminPaths and KindsConflict: the rules of normalize/place_hierarchy.h.
#include "normalize/place_hierarchy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace timeline::normalize {
namespace {

Division Region(std::vector<std::string> keys) { return {"admin_region", std::move(keys)}; }
Division District(std::vector<std::string> keys) { return {"admin_district", std::move(keys)}; }

TEST(CompareAdminPathsTest, TheSamePathMatchesEveryLevel) {
  const AdminComparison c = CompareAdminPaths({"oromia", "east hararghe"},
                                              {Region({"oromia"}), District({"east hararghe"})});
  EXPECT_FALSE(c.conflicts);
  EXPECT_EQ(c.matches, 2);
  EXPECT_TRUE(c.same_path);
}

TEST(CompareAdminPathsTest, AnotherRegionOrDistrictContradicts) {
  EXPECT_TRUE(CompareAdminPaths({"amhara", "south wollo"},
                                {Region({"oromia"}), District({"east hararghe"})})
                  .conflicts);
  // Kersa of Jimma is not Kersa of East Hararghe, in the same region.
  const AdminComparison c =
      CompareAdminPaths({"oromia", "jimma"}, {Region({"oromia"}), District({"east hararghe"})});
  EXPECT_TRUE(c.conflicts);
  EXPECT_FALSE(c.same_path);
}

TEST(CompareAdminPathsTest, AnyNameOfADivisionMatches) {
  EXPECT_FALSE(
      CompareAdminPaths({"طرابلس"}, {Region({"tripoli", "طرابلس", "tarabulus"})}).conflicts);
}

TEST(CompareAdminPathsTest, ALevelOnlyOneSideGivesContradictsNothing) {
  // A place created without its path.
  AdminComparison c = CompareAdminPaths({"nord kivu", "lubero"}, {});
  EXPECT_FALSE(c.conflicts);
  EXPECT_EQ(c.matches, 0);
  EXPECT_FALSE(c.same_path);
  // A record that gives only the region.
  c = CompareAdminPaths({"nord kivu"}, {Region({"nord kivu"}), District({"lubero"})});
  EXPECT_FALSE(c.conflicts);
  EXPECT_EQ(c.matches, 1);
  EXPECT_FALSE(c.same_path);
  // A record without divisions and a place without them have the same (empty) path.
  EXPECT_TRUE(CompareAdminPaths({}, {}).same_path);
  EXPECT_FALSE(CompareAdminPaths({}, {Region({"oromia"})}).same_path);
}

TEST(CompareAdminPathsTest, DistrictsCompareInOrder) {
  const std::vector<Division> place = {Region({"r"}), District({"a"}), District({"b"})};
  EXPECT_TRUE(CompareAdminPaths({"r", "a", "b"}, place).same_path);
  EXPECT_TRUE(CompareAdminPaths({"r", "b", "a"}, place).conflicts);
  EXPECT_EQ(CompareAdminPaths({"r", "a"}, place).matches, 2);
}

TEST(KindsConflictTest, DivisionsAndOtherPlacesNeverMeetWhenTheKindIsStated) {
  EXPECT_TRUE(KindsConflict("settlement", "admin_region", false));
  EXPECT_TRUE(KindsConflict("admin_district", "settlement", false));
  EXPECT_TRUE(KindsConflict("site", "country", false));
  EXPECT_FALSE(KindsConflict("admin_region", "admin_district", false));
  EXPECT_FALSE(KindsConflict("settlement", "site", false));
  // Without a stated kind, either.
  EXPECT_FALSE(KindsConflict("", "admin_region", false));
  EXPECT_FALSE(KindsConflict("", "settlement", false));
}

TEST(KindsConflictTest, ADivisionNamedLikeTheRecordsOwnDivisionIsItsContainer) {
  EXPECT_TRUE(KindsConflict("", "admin_region", true));
  EXPECT_TRUE(KindsConflict("admin_district", "admin_region", true));
  // A settlement of that name is what the record means.
  EXPECT_FALSE(KindsConflict("", "settlement", true));
}

}  // namespace
}  // namespace timeline::normalize
