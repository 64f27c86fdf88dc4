// DecideGazetteerMerge: a gazetteer row merges into the one existing place that fits, never into
// one of several, never into one too far away.
#include "normalize/gazetteer_merge.h"

#include <gtest/gtest.h>

namespace timeline::normalize {
namespace {

MergeCandidate Located(int64_t id, double km, bool by_name = true) {
  return {id, "p" + std::to_string(id), by_name, km, std::nullopt};
}

MergeCandidate InDivision(int64_t id, std::optional<double> division_km, bool by_name = true) {
  return {id, "p" + std::to_string(id), by_name, std::nullopt, division_km};
}

TEST(GazetteerMergeTest, TheOnlyPlaceOfTheNameNearbyIsMergedInto) {
  const MergeDecision d = DecideGazetteerMerge({Located(7, 12.5)}, "settlement");
  ASSERT_TRUE(d.merge_into.has_value());
  EXPECT_EQ(d.merge_into->id, 7);
  EXPECT_TRUE(d.ambiguous.empty());
}

TEST(GazetteerMergeTest, APlaceBeyondTheRadiusIsAnotherPlace) {
  EXPECT_FALSE(DecideGazetteerMerge({Located(7, 30.5)}, "settlement").merge_into);
  // A region's point may lie farther from another source's.
  EXPECT_TRUE(DecideGazetteerMerge({Located(7, 140)}, "admin_region").merge_into);
  EXPECT_FALSE(DecideGazetteerMerge({Located(7, 140)}, "admin_district").merge_into);
}

TEST(GazetteerMergeTest, TwoFittingPlacesAreAmbiguous) {
  const MergeDecision d = DecideGazetteerMerge({Located(7, 4), Located(8, 9)}, "settlement");
  EXPECT_FALSE(d.merge_into);
  ASSERT_EQ(d.ambiguous.size(), 2u);
}

TEST(GazetteerMergeTest, TheRowsOwnNameComesBeforeItsAlternateNames) {
  // "Mogadishu" created by events, and "Muqdisho" (an alternate name of the row) too.
  const MergeDecision d =
      DecideGazetteerMerge({Located(7, 6, /*by_name=*/true), Located(8, 3, false)}, "settlement");
  ASSERT_TRUE(d.merge_into.has_value());
  EXPECT_EQ(d.merge_into->id, 7);
  // Only alternate names match: the one that fits.
  EXPECT_EQ(DecideGazetteerMerge({Located(8, 3, false), Located(9, 80, false)}, "settlement")
                .merge_into->id,
            8);
}

TEST(GazetteerMergeTest, APlaceWithoutCoordinatesFitsByItsDivision) {
  EXPECT_EQ(DecideGazetteerMerge({InDivision(7, 20)}, "settlement").merge_into->id, 7);
  EXPECT_FALSE(DecideGazetteerMerge({InDivision(7, 75)}, "settlement").merge_into);
  // Known only to be in its country: too vague to merge.
  EXPECT_FALSE(DecideGazetteerMerge({InDivision(7, std::nullopt)}, "settlement").merge_into);
}

TEST(GazetteerMergeTest, NoCandidateNoMerge) {
  const MergeDecision d = DecideGazetteerMerge({}, "settlement");
  EXPECT_FALSE(d.merge_into);
  EXPECT_TRUE(d.ambiguous.empty());
}

}  // namespace
}  // namespace timeline::normalize
