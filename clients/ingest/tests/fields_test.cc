// Field parsing shared by the readers: dates and numbers as the datasets write them.
#include "formats/fields.h"

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

TEST(FieldsTest, Dates) {
  using date::day;
  using date::month;
  using date::year;
  const date::year_month_day sep17{year{2024}, month{9}, day{17}};
  for (const char* text :
       {"2024-09-17", "2024-9-17", "2024-09-17 00:00:00.000", "2024-09-17T00:00:00Z", "17/09/2024",
        "17 September 2024", "17 SEPTEMBER 2024", "17-Sep-2024", "17 Sept 2024", " 17 Sep 2024 "}) {
    EXPECT_EQ(ParseDate(text), sep17) << text;
  }
  for (const char* text : {"", "2024-13-01", "2024-02-30", "31/02/2012", "09/17/2024x",
                           "17 Septembre 2024", "2024-09-17 noon", "yesterday", "2024/09/17"}) {
    EXPECT_EQ(ParseDate(text), std::nullopt) << text;
  }
  EXPECT_EQ(ParseCompactDate("20240917"), sep17);
  EXPECT_EQ(ParseCompactDate("2024091"), std::nullopt);
  EXPECT_EQ(ParseCompactDate("20240931"), std::nullopt);
  ASSERT_TRUE(ParseCompactDateTime("20241012111600").has_value());
  EXPECT_EQ(ParseCompactDateTime("20241012111600")->seconds(), 1728731760);
  EXPECT_EQ(ParseCompactDateTime("20241012251600"), std::nullopt);

  EXPECT_EQ(IsoDate(sep17), "2024-09-17");
  EXPECT_EQ(IsoWeek(sep17), "2024-W38");
  EXPECT_EQ(IsoWeek(date::year_month_day{year{2024}, month{12}, day{30}}), "2025-W01");
  EXPECT_EQ(IsoWeek(date::year_month_day{year{2021}, month{1}, day{1}}), "2020-W53");
  EXPECT_EQ(IsoYearMonth(sep17), "2024-09");
  EXPECT_EQ(StartOfDayUtc(sep17).seconds(), 1726531200);
}

TEST(FieldsTest, Numbers) {
  EXPECT_EQ(ParseInt(" 42 "), 42);
  EXPECT_EQ(ParseInt("4.2"), std::nullopt);
  EXPECT_EQ(ParseInt("many"), std::nullopt);
  EXPECT_EQ(ParseInt(""), std::nullopt);
  EXPECT_EQ(ParseDouble("-8.0029"), -8.0029);
  EXPECT_EQ(ParseDouble("nan"), std::nullopt);
  EXPECT_EQ(ParseDouble("north"), std::nullopt);
}

TEST(FieldsTest, TrimRemovesUnicodeWhiteSpaceAndZeroWidthCharacters) {
  EXPECT_EQ(Trim("\xC2\xA0"
                 "1.0111"),
            "1.0111");                            // no-break space
  EXPECT_EQ(Trim("Kidal\xE2\x80\xAF"), "Kidal");  // narrow no-break space
  EXPECT_EQ(Trim("\xE3\x80\x80"
                 "Gao\t\r"),
            "Gao");  // ideographic space
  EXPECT_EQ(Trim("\xEF\xBB\xBF"
                 "event_id_cnty"),
            "event_id_cnty");  // a stray BOM
  EXPECT_EQ(Trim("\xE2\x80\x8B"
                 "Mopti\xE2\x80\x8B"),
            "Mopti");  // zero-width space
  EXPECT_EQ(Trim("Bandiagara\xC2\xA0"
                 "Cercle"),
            "Bandiagara\xC2\xA0"
            "Cercle");  // inside stays
  EXPECT_EQ(Trim(" \xC2\xA0 "), "");
  EXPECT_EQ(Trim(" \xFF "), "\xFF");  // not UTF-8: left for the parser to refuse
}

TEST(FieldsTest, NumbersAfterANoBreakSpaceAreRead) {
  EXPECT_EQ(ParseDouble("\xC2\xA0"
                        "1.0111"),
            1.0111);
  EXPECT_EQ(ParseInt("12\xE2\x80\xAF"), 12);
  EXPECT_EQ(ParseDouble("1\xC2\xA0"
                        "000.5"),
            std::nullopt);  // a space inside is not a number
}

TEST(FieldsTest, QuotedShowsWhatAReaderCouldNotSee) {
  EXPECT_EQ(Quoted("1\xC2\xA0"
                   "000.5"),
            "\"1<U+00A0>000.5\"");
  EXPECT_EQ(Quoted("a\tb\xE2\x80\x8B"), "\"a<U+0009>b<U+200B>\"");
  EXPECT_EQ(Quoted("S\xC3\xA9gou \xFF"), "\"S\xC3\xA9gou \\xFF\"");
  const std::string long_value(100, 'x');
  EXPECT_EQ(Quoted(long_value), "\"" + std::string(60, 'x') + "…\"");
}

TEST(FieldsTest, AnAcledRowWithANoBreakSpaceInItsLongitudeIsRead) {
  const std::string text =
      "EVENT_ID_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,INTER1,COUNTRY,ADMIN1,"
      "LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,SOURCE,NOTES,FATALITIES\n"
      "MLI1234,17/09/2013,2013,1,Battle-No change of territory,MNLA: National Movement for the "
      "Liberation of Azawad,2,Mali,Kidal,Tessalit,20.2011,\xC2\xA0"
      "1.0111,1,AFP,Clashes.,3\n";
  const std::vector<ReadItem> items = ReadText(Format::kAcled, text);
  ASSERT_EQ(items.size(), 1u);
  ASSERT_EQ(items[0].kind, Kind::kEvent) << items[0].error;
  ASSERT_EQ(items[0].event.places_size(), 1);
  EXPECT_DOUBLE_EQ(items[0].event.places(0).location().longitude(), 1.0111);
}

}  // namespace
}  // namespace timeline::ingest
