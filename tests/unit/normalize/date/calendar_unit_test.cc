// The calendar units spans are stated in: which unit contains a wall-clock time, and where a unit
// that starts at an instant ends in a zone, DST changes included.
#include "normalize/date/calendar_unit.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "date/date.h"
#include "date/tz.h"

namespace timeline::normalize {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// A wall-clock time, built without the code under test.
LocalTime Local(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return LocalTime{date::local_days{date::year{y} / date::month{mo} / date::day{d}}} + hours{h} +
         minutes{mi} + seconds{s};
}

// The instant at which UTC clocks show that time.
Micros Utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return Micros{Local(y, mo, d, h, mi).time_since_epoch()};
}

// Wednesday 18 September 2024, 15:16:05.123456.
const LocalTime kWednesday = Local(2024, 9, 18, 15, 16, 5) + microseconds{123456};

void ExpectUnit(DatePrecision precision, LocalTime start, LocalTime end) {
  const LocalUnit unit = LocalUnitContaining(kWednesday, precision);
  EXPECT_EQ(unit.start, start) << static_cast<int>(precision);
  EXPECT_EQ(unit.end, end) << static_cast<int>(precision);
}

TEST(DateCalendarUnitTest, UnitContainingATimeOfDay) {
  ExpectUnit(DatePrecision::kMinute, Local(2024, 9, 18, 15, 16), Local(2024, 9, 18, 15, 17));
  ExpectUnit(DatePrecision::kHour, Local(2024, 9, 18, 15), Local(2024, 9, 18, 16));
  ExpectUnit(DatePrecision::kDay, Local(2024, 9, 18), Local(2024, 9, 19));
  ExpectUnit(DatePrecision::kMonth, Local(2024, 9, 1), Local(2024, 10, 1));
  ExpectUnit(DatePrecision::kYear, Local(2024, 1, 1), Local(2025, 1, 1));
}

TEST(DateCalendarUnitTest, WeeksAreIsoWeeksFromMonday) {
  ExpectUnit(DatePrecision::kWeek, Local(2024, 9, 16), Local(2024, 9, 23));
  // A Sunday ends its ISO week; the week can straddle two years.
  const LocalUnit sunday = LocalUnitContaining(Local(2024, 12, 29, 23), DatePrecision::kWeek);
  EXPECT_EQ(sunday.start, Local(2024, 12, 23));
  EXPECT_EQ(sunday.end, Local(2024, 12, 30));
  const LocalUnit new_year = LocalUnitContaining(Local(2025, 1, 1), DatePrecision::kWeek);
  EXPECT_EQ(new_year.start, Local(2024, 12, 30));
}

TEST(DateCalendarUnitTest, InstantAndUnknownAreOneMicrosecond) {
  ExpectUnit(DatePrecision::kInstant, kWednesday, kWednesday + microseconds{1});
  ExpectUnit(DatePrecision::kUnknown, kWednesday, kWednesday + microseconds{1});
}

TEST(DateCalendarUnitTest, EndOfAMonthInTheZone) {
  // September 2024 in Paris (UTC+2): 2024-08-31T22:00Z to 2024-09-30T22:00Z.
  const date::time_zone& paris = *date::locate_zone("Europe/Paris");
  EXPECT_EQ(EndOfUnit(Utc(2024, 8, 31, 22), DatePrecision::kMonth, paris), Utc(2024, 9, 30, 22));
  // October ends in winter time (UTC+1): 31 days and one hour later.
  EXPECT_EQ(EndOfUnit(Utc(2024, 9, 30, 22), DatePrecision::kMonth, paris), Utc(2024, 10, 31, 23));
}

TEST(DateCalendarUnitTest, NothingWhenTheStartIsNotAUnitsStart) {
  const date::time_zone& utc = *date::locate_zone("UTC");
  EXPECT_EQ(EndOfUnit(Utc(2024, 9, 17, 12), DatePrecision::kDay, utc), std::nullopt);
  EXPECT_EQ(EndOfUnit(Utc(2024, 9, 2), DatePrecision::kMonth, utc), std::nullopt);
  // 17 September 2024 is a Tuesday; ISO weeks start on Monday.
  EXPECT_EQ(EndOfUnit(Utc(2024, 9, 17), DatePrecision::kWeek, utc), std::nullopt);
  EXPECT_EQ(EndOfUnit(Utc(2024, 9, 16), DatePrecision::kWeek, utc), Utc(2024, 9, 23));
  EXPECT_EQ(EndOfUnit(Utc(2024, 9, 17, 10, 30), DatePrecision::kMinute, utc),
            Utc(2024, 9, 17, 10, 31));
}

TEST(DateCalendarUnitTest, DaysAroundAMidnightThatDstSkips) {
  // In America/Santiago clocks jumped from 2024-09-08 00:00 (UTC-4) to 01:00 (UTC-3), at
  // 2024-09-08T04:00Z: 7 September ends there, and 8 September starts there.
  const date::time_zone& santiago = *date::locate_zone("America/Santiago");
  EXPECT_EQ(EndOfUnit(Utc(2024, 9, 7, 4), DatePrecision::kDay, santiago), Utc(2024, 9, 8, 4));
  EXPECT_EQ(EndOfUnit(Utc(2024, 9, 8, 4), DatePrecision::kDay, santiago), Utc(2024, 9, 9, 3));
}

}  // namespace
}  // namespace timeline::normalize
