// The words of country names that name resolution never lets differ.
#include "normalize/country_words.h"

#include <gtest/gtest.h>

#include "normalize/match_key.h"

namespace timeline::normalize {
namespace {

TEST(CountryWordsTest, EnglishFrenchAndArabicCountryNamesAreQualifiers) {
  for (const char* word : {"zambia", "gambia", "niger", "nigeria", "guinea", "bissau", "sudan",
                           "south", "mauritania", "mauritius", "congo", "iran", "iraq", "mali"}) {
    EXPECT_TRUE(IsCountryNameWord(word)) << word;
  }
  // French: Guinée, Tchad, Côte d'Ivoire (keys drop diacritics).
  EXPECT_TRUE(IsCountryNameWord(MatchKey("Guinée")));
  EXPECT_TRUE(IsCountryNameWord("tchad"));
  EXPECT_TRUE(IsCountryNameWord("cote"));
  // Arabic: السودان, ليبيا, in their match-key form.
  EXPECT_TRUE(IsCountryNameWord(MatchKey("السودان")));
  EXPECT_TRUE(IsCountryNameWord(MatchKey("ليبيا")));
}

TEST(CountryWordsTest, DatasetSpellingsICUDoesNotUseAreIncluded) {
  EXPECT_TRUE(IsCountryNameWord("ivory"));
  EXPECT_TRUE(IsCountryNameWord("eswatini"));
  EXPECT_TRUE(IsCountryNameWord("dr"));
}

TEST(CountryWordsTest, OrdinaryWordsOfActorAndPlaceNamesAreNot) {
  for (const char* word : {"protesters", "civilians", "rioters", "militia", "forces", "police",
                           "bamako", "gao", "ouagadougou", "shabaab", "brigade", ""}) {
    EXPECT_FALSE(IsCountryNameWord(word)) << word;
  }
}

}  // namespace
}  // namespace timeline::normalize
