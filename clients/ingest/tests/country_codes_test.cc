// Country names and ISO codes as the datasets write them.
#include "formats/country_codes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "formats/readers.h"
#include "formats/record_reader.h"
#include "formats_testing.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::ingest::testing;  // NOLINT: the readers' test helpers
using Kind = ReadItem::Kind;

TEST(CountryCodesTest, Numeric) {
  EXPECT_EQ(CountryCodeFromNumeric(466), "ML");
  EXPECT_EQ(CountryCodeFromNumeric(854), "BF");
  EXPECT_EQ(CountryCodeFromNumeric(384), "CI");
  EXPECT_EQ(CountryCodeFromNumeric(180), "CD");
  EXPECT_EQ(CountryCodeFromNumeric(0), "");
  EXPECT_EQ(CountryCodeFromNumeric(2), "");    // Africa, a region
  EXPECT_EQ(CountryCodeFromNumeric(891), "");  // Serbia and Montenegro, deprecated
  EXPECT_EQ(CountryCodeFromNumeric(1000), "");
}

TEST(CountryCodesTest, Alpha3) {
  EXPECT_EQ(CountryCodeFromAlpha3("MLI"), "ML");
  EXPECT_EQ(CountryCodeFromAlpha3("tur"), "TR");
  EXPECT_EQ(CountryCodeFromAlpha3("RUS"), "RU");
  EXPECT_EQ(CountryCodeFromAlpha3("AFR"), "");  // CAMEO's Africa
  EXPECT_EQ(CountryCodeFromAlpha3("ML"), "");
}

TEST(CountryCodesTest, Names) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"Mali", "ML"},
      {"MALI", "ML"},
      {"Burkina Faso", "BF"},
      {"Côte d’Ivoire", "CI"},
      {"Cote d'Ivoire", "CI"},
      {"Ivory Coast", "CI"},
      {"Democratic Republic of Congo", "CD"},
      {"DR Congo (Zaire)", "CD"},
      {"Republic of Congo", "CG"},
      {"Russia", "RU"},
      {"Russia (Soviet Union)", "RU"},
      {"Turkey", "TR"},
      {"Türkiye", "TR"},
      {"Bosnia and Herzegovina", "BA"},
      {"Bosnia-Herzegovina", "BA"},
      {"Saint Kitts and Nevis", "KN"},
      {"The Gambia", "GM"},
      {"Myanmar", "MM"},
      {"Myanmar (Burma)", "MM"},
      {"Czech Republic", "CZ"},
      {"eSwatini", "SZ"},
      {"Kingdom of eSwatini (Swaziland)", "SZ"},
      {"Palestine", "PS"},
      {"United States", "US"},
      {"Sao Tome and Principe", "ST"},
      {"Nowhere", ""},
      {"", ""},
      {"Yemen (North Yemen)", "YE"},
  };
  for (const auto& [name, code] : cases) EXPECT_EQ(CountryCodeFromName(name), code) << name;
}

TEST(CountryCodesTest, ActorNames) {
  EXPECT_EQ(CountryCodeOfActorName("Military Forces of Mali (2021-)"), "ML");
  EXPECT_EQ(CountryCodeOfActorName("Civilians (Burkina Faso)"), "BF");
  EXPECT_EQ(CountryCodeOfActorName("Government of Russia (Soviet Union)"), "RU");
  EXPECT_EQ(CountryCodeOfActorName("Police Forces of Ivory Coast (2011-)"), "CI");
  EXPECT_EQ(CountryCodeOfActorName("JNIM: Group for Support of Islam and Muslims"), "");
  EXPECT_EQ(CountryCodeOfActorName("Wagner Group"), "");
  EXPECT_EQ(CountryCodeOfActorName("Islamic State (Sahel)"), "");
}

}  // namespace
}  // namespace timeline::ingest
