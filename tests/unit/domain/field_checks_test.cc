// The shared checks of single values: their verdicts, including on inputs of a megabyte (plain
// code, linear in the input), and quoting values in messages without echoing them whole.
#include "domain/field_checks.h"

#include <gtest/gtest.h>

#include <string>

namespace timeline::domain {
namespace {

const std::string kMegabyte(1'000'000, 'a');

TEST(FieldChecksTest, LanguageTags) {
  for (const char* good : {"fr", "ar", "ara", "ar-Latn", "en-GB", "zh-Hant-TW"}) {
    EXPECT_TRUE(IsLanguageTag(good)) << good;
  }
  for (const char* bad : {"", "f", "fren", "en-", "en--GB", "en-abcdefghi", "e1", "english!"}) {
    EXPECT_FALSE(IsLanguageTag(bad)) << bad;
  }
  EXPECT_FALSE(IsLanguageTag(kMegabyte));
  EXPECT_FALSE(IsLanguageTag("en-" + kMegabyte));
}

TEST(FieldChecksTest, WikidataIds) {
  EXPECT_TRUE(IsWikidataId("Q56276425"));
  EXPECT_TRUE(IsWikidataId("Q1"));
  for (const char* bad : {"", "Q", "Q0", "Q012", "q5", "Q5a", "P31"}) {
    EXPECT_FALSE(IsWikidataId(bad)) << bad;
  }
  EXPECT_FALSE(IsWikidataId("Q" + std::string(100'000, '1') + "x"));
}

TEST(FieldChecksTest, ExternalSystems) {
  for (const char* good : {"acled", "ucdp.ged", "job_1", "a-b", "x"}) {
    EXPECT_TRUE(IsExternalSystem(good)) << good;
  }
  for (const char* bad : {"", "ACLED", "1acled", "_x", "acled!", "a b"}) {
    EXPECT_FALSE(IsExternalSystem(bad)) << bad;
  }
  EXPECT_TRUE(IsExternalSystem("a" + std::string(62, 'b')));
  EXPECT_FALSE(IsExternalSystem("a" + std::string(63, 'b')));
}

TEST(FieldChecksTest, HttpUrls) {
  for (const char* good : {"https://example.org/a", "http://x", "HTTPS://Example.org/?q=1"}) {
    EXPECT_TRUE(IsHttpUrl(good)) << good;
  }
  for (const char* bad : {"", "ftp://example.org", "https://", "https:///path", "https://.x",
                          "https://a b", "example.org"}) {
    EXPECT_FALSE(IsHttpUrl(bad)) << bad;
  }
  EXPECT_FALSE(IsHttpUrl("x" + kMegabyte));
  EXPECT_FALSE(IsHttpUrl("https://" + kMegabyte + " "));
}

TEST(FieldChecksTest, CountryCodes) {
  EXPECT_TRUE(IsCountryCode("ML"));
  for (const char* bad : {"", "M", "ml", "MLI", "M1"}) EXPECT_FALSE(IsCountryCode(bad)) << bad;
}

TEST(FieldChecksTest, QuotedKeepsShortValuesWhole) {
  EXPECT_EQ(Quoted(""), "\"\"");
  EXPECT_EQ(Quoted("Africa/Bamako"), "\"Africa/Bamako\"");
  EXPECT_EQ(Quoted(std::string(100, 'x')), "\"" + std::string(100, 'x') + "\"");
}

TEST(FieldChecksTest, QuotedCutsLongValuesAtACharacterAndSaysTheirLength) {
  EXPECT_EQ(Quoted(kMegabyte), "\"" + std::string(100, 'a') + "…\" (1000000 bytes)");
  // 99 ASCII bytes, then a two-byte letter across the 100th byte: cut before it.
  const std::string arabic = std::string(99, 'x') + "ب" + "تتت";
  EXPECT_EQ(Quoted(arabic),
            "\"" + std::string(99, 'x') + "…\" (" + std::to_string(arabic.size()) + " bytes)");
}

}  // namespace
}  // namespace timeline::domain
