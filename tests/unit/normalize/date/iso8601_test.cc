// ISO 8601 read into readings: which slots each form fills, and what is not ISO 8601.
#include "normalize/date/iso8601.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace timeline::normalize::date_internal {
namespace {

// The one reading of `text`; fails the test when there is none or more.
Reading One(const char* text) {
  const std::optional<std::vector<Reading>> readings = ReadIso8601(text);
  EXPECT_TRUE(readings.has_value()) << text;
  if (!readings || readings->size() != 1) {
    ADD_FAILURE() << text << " is not one ISO 8601 date";
    return Reading{};
  }
  return readings->front();
}

TEST(DateIso8601Test, CalendarWeekAndOrdinalDates) {
  const Reading day = One("2024-09-17");
  EXPECT_EQ(day.year, 2024);
  EXPECT_EQ(day.month, 9);
  EXPECT_EQ(day.day, 17);
  EXPECT_EQ(day.year_calendar, Calendar::kGregorian);
  EXPECT_EQ(One("20240917").day, 17);
  const Reading week = One("2024-W38-7");
  EXPECT_EQ(week.iso_week, 38);
  EXPECT_EQ(week.weekday, 0);  // ISO 7 is Sunday
  EXPECT_EQ(One("2024-261").day_of_year, 261);
  const Reading month = One("2024-09");
  EXPECT_EQ(month.month, 9);
  EXPECT_FALSE(month.day.has_value());
}

TEST(DateIso8601Test, TimesWithOffsets) {
  const Reading r = One("2024-09-17T10:30:15.25+02:00");
  ASSERT_TRUE(r.clock.has_value());
  EXPECT_EQ(r.clock->hour, 10);
  EXPECT_EQ(r.clock->minute, 30);
  EXPECT_EQ(r.clock->second, 15);
  EXPECT_EQ(r.clock->micros, 250000);
  EXPECT_EQ(r.clock->offset_minutes, 120);
  EXPECT_EQ(One("2024-09-17 10:30Z").clock->offset_minutes, 0);
  EXPECT_FALSE(One("2024-09-17T10:30").clock->offset_minutes.has_value());
}

TEST(DateIso8601Test, DigitsOfAnyScriptAndIntervals) {
  EXPECT_EQ(One("٢٠٢٤-٠٩-١٧").day, 17);
  const std::optional<std::vector<Reading>> interval = ReadIso8601("2024-09-15/2024-09-17");
  ASSERT_TRUE(interval.has_value());
  ASSERT_EQ(interval->size(), 2u);
  EXPECT_EQ((*interval)[0].day, 15);
  EXPECT_EQ((*interval)[1].day, 17);
}

TEST(DateIso8601Test, SpacesAroundAreSetAside) {
  EXPECT_EQ(One(" \t2024-09-17\r\n").day, 17);
  EXPECT_EQ(One("\n٢٠٢٤-٠٩-١٧ ").day, 17);
}

TEST(DateIso8601Test, OtherTextIsNotIso8601) {
  for (const char* text :
       {"17 September 2024", "17/09/2024", "2024-09-17x", "24-09-17", "", "2024-09-17T10:30+25:00",
        "سبتمبر 2024", " \t ", "\u00a02024-09-17", "2024-09-17\u00a0", "2024-09-1\xff",
        "\xd9\xa2"
        "2024",
        "x2024"}) {
    EXPECT_FALSE(ReadIso8601(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace timeline::normalize::date_internal
