// ScreenAliases: a gazetteer row's alternate names that are not names are dropped, each with a
// warning naming it; the rest of the row stays.
#include "ingest/alias_screening.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/ingest_notes.h"
#include "ingest/record_checks.h"

namespace timeline::ingest {
namespace {

v1::IngestPlace Cairo(const std::vector<std::string>& aliases) {
  v1::IngestPlace p;
  p.set_name("Cairo");
  p.set_country_code("EG");
  p.set_geonames_id(360630);
  p.mutable_location()->set_latitude(30.06263);
  p.mutable_location()->set_longitude(31.24967);
  for (const std::string& a : aliases) p.add_aliases(a);
  return p;
}

TEST(AliasScreeningTest, NamesInAnyScriptAreKept) {
  for (const std::string name :
       {"القاهرة", "Каир", "開羅", "Al-Qāhira", "Al\u00a0Qahira", "El Cairo"}) {
    EXPECT_EQ(AliasProblem(name), "") << name;
  }
}

TEST(AliasScreeningTest, WhatIsNotANameSaysWhy) {
  EXPECT_EQ(AliasProblem("https://en.wikipedia.org/wiki/Cairo"), "is a link, not a name");
  EXPECT_EQ(AliasProblem("en.wikipedia.org/wiki/Cairo"), "is a link, not a name");
  EXPECT_EQ(AliasProblem("www.cairo.gov.eg"), "is a link, not a name");
  EXPECT_EQ(AliasProblem(std::string(501, 'a')), "is longer than 500 bytes");
  EXPECT_EQ(AliasProblem("Qahira\x01"), "holds a control character");
  EXPECT_EQ(AliasProblem("Qahira\xC2\x85Misr"), "holds a control character");  // U+0085
  EXPECT_EQ(AliasProblem("Qahira\xEF\xBF\xBD"),
            "has bytes that are not text in the file's encoding");
  EXPECT_EQ(AliasProblem("Qahira\xFF"), "has bytes that are not text in the file's encoding");
  EXPECT_EQ(AliasProblem("--"), "has no letters or digits");
}

TEST(AliasScreeningTest, BadAliasesAreDroppedWithAWarningEach) {
  v1::IngestPlace p =
      Cairo({"القاهرة", "https://en.wikipedia.org/wiki/Cairo", "Kairo", std::string(600, 'x')});
  const std::vector<v1::IngestNote> warnings = ScreenAliases(p, "places[3]");
  ASSERT_EQ(p.aliases_size(), 2);
  EXPECT_EQ(p.aliases(0), "القاهرة");
  EXPECT_EQ(p.aliases(1), "Kairo");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].field(), "places[3].aliases[1]");
  EXPECT_EQ(warnings[0].code(), domain::kNoteAliasSkipped);
  EXPECT_NE(warnings[0].message().find("wikipedia"), std::string::npos) << warnings[0].message();
  EXPECT_EQ(warnings[1].field(), "places[3].aliases[3]");
  // The row itself is then acceptable.
  EXPECT_TRUE(CheckGazetteerPlace(p, "places[3]").empty());
}

TEST(AliasScreeningTest, AGoodRowIsUntouched) {
  v1::IngestPlace p = Cairo({"القاهرة", "Kairo"});
  EXPECT_TRUE(ScreenAliases(p, "places[0]").empty());
  EXPECT_EQ(p.aliases_size(), 2);
}

}  // namespace
}  // namespace timeline::ingest
