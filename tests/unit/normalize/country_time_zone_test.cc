// OnlyTimeZoneOfCountry: a country's zone when ICU knows exactly one for it.
#include "normalize/country_time_zone.h"

#include <gtest/gtest.h>

namespace timeline::normalize {
namespace {

TEST(CountryTimeZoneTest, ACountryWithOneZoneHasIt) {
  EXPECT_EQ(OnlyTimeZoneOfCountry("SO"), "Africa/Mogadishu");
  EXPECT_EQ(OnlyTimeZoneOfCountry("LY"), "Africa/Tripoli");
  EXPECT_EQ(OnlyTimeZoneOfCountry("EG"), "Africa/Cairo");
  EXPECT_EQ(OnlyTimeZoneOfCountry("ML"), "Africa/Bamako");
  EXPECT_EQ(OnlyTimeZoneOfCountry("ml"), "Africa/Bamako");
}

TEST(CountryTimeZoneTest, ACountryWithSeveralZonesHasNone) {
  EXPECT_EQ(OnlyTimeZoneOfCountry("CD"), std::nullopt);  // Kinshasa and Lubumbashi
  EXPECT_EQ(OnlyTimeZoneOfCountry("US"), std::nullopt);
  EXPECT_EQ(OnlyTimeZoneOfCountry("RU"), std::nullopt);
}

TEST(CountryTimeZoneTest, NoCountryNoZone) {
  EXPECT_EQ(OnlyTimeZoneOfCountry(""), std::nullopt);
  EXPECT_EQ(OnlyTimeZoneOfCountry("XX"), std::nullopt);
  EXPECT_EQ(OnlyTimeZoneOfCountry("SOM"), std::nullopt);
}

}  // namespace
}  // namespace timeline::normalize
