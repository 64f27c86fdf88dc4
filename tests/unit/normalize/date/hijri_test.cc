// Hijri dates through ICU's Umm al-Qura calendar (normalize/date/hijri.h), checked against the
// calendar Saudi Arabia publishes (the dates below are from its tables, as the hijridate package
// carries them): exact in Saudi Arabia but for the months it begins by sighting, a day wider
// elsewhere, three days wider outside the years where ICU's table matches the published one.
#include "normalize/date/hijri.h"

#include <gtest/gtest.h>

#include <string>

#include "date_case_table.h"
#include "normalize/date/date_expression.h"

namespace timeline::normalize {
namespace {

using date_cases::ParseInstant;

DateParse Parse(const std::string& text, const std::string& zone) {
  DateContext context;
  context.time_zone = zone;
  return ParseDateExpression(text, context);
}

bool AnyWarningContains(const DateParse& parse, const std::string& needle) {
  for (const std::string& w : parse.warnings) {
    if (w.find(needle) != std::string::npos) return true;
  }
  return false;
}

Micros At(const std::string& instant) { return *ParseInstant(instant); }
Micros Utc(const std::string& day) { return At(day + "T00:00:00Z"); }

TEST(HijriTest, PublishedDaysInSaudiArabiaAreExact) {
  // 1 Rajab 1446 = 1 January 2025; 29 Dhu al-Qadah 1445 = 6 June 2024; midnight in Riyadh is
  // 21:00 UTC the day before.
  const DateParse rajab = Parse("1 رجب 1446", "Asia/Riyadh");
  ASSERT_TRUE(rajab.span.resolved());
  EXPECT_EQ(rajab.span.start, At("2024-12-31T21:00:00Z"));
  EXPECT_EQ(rajab.span.end, At("2025-01-01T21:00:00Z"));
  EXPECT_FALSE(AnyWarningContains(rajab, "widened"));
  const DateParse qadah = Parse("29 Dhu al-Qadah 1445 AH", "Asia/Riyadh");
  ASSERT_TRUE(qadah.span.resolved());
  EXPECT_EQ(qadah.span.start, At("2024-06-05T21:00:00Z"));
  EXPECT_EQ(qadah.span.end, At("2024-06-06T21:00:00Z"));
}

TEST(HijriTest, MonthsBegunBySightingAreWidenedInSaudiArabiaToo) {
  // 1 Shawwal 1445 = 10 April 2024 in the published calendar (Eid al-Fitr).
  const DateParse eid = Parse("1 شوال 1445", "Asia/Riyadh");
  ASSERT_TRUE(eid.span.resolved());
  EXPECT_EQ(eid.span.start, At("2024-04-08T21:00:00Z"));
  EXPECT_EQ(eid.span.end, At("2024-04-10T21:00:00Z") + std::chrono::days{1});
  EXPECT_TRUE(AnyWarningContains(eid, "widened by one day"));
}

TEST(HijriTest, ElsewhereASpanIsADayWiderOnEachSide) {
  const DateParse rajab = Parse("1 رجب 1446", "Africa/Cairo");
  ASSERT_TRUE(rajab.span.resolved());
  // Cairo is UTC+2 in winter.
  EXPECT_EQ(rajab.span.start, At("2024-12-30T22:00:00Z"));
  EXPECT_EQ(rajab.span.end, At("2025-01-02T22:00:00Z"));
  EXPECT_TRUE(AnyWarningContains(rajab, "sighting"));
}

TEST(HijriTest, OutsideTheCheckedYearsTheSpanCoversThePublishedDayAndItsSighting) {
  // Published: 15 Rabi' I 1400 = 2 February 1980, 1 Ramadan 1410 = 27 March 1990,
  // 1 Muharram 1480 = 3 July 2057. ICU's table differs by up to two days in such years.
  struct Case {
    const char* text;
    const char* published;
  };
  for (const Case c : {Case{"15 ربيع الأول 1400", "1980-02-02"}, Case{"1 رمضان 1410", "1990-03-27"},
                       Case{"1 محرم 1480", "2057-07-03"}}) {
    const DateParse parse = Parse(c.text, "Africa/Bamako");
    ASSERT_TRUE(parse.span.resolved()) << c.text;
    const Micros day = Utc(c.published);
    EXPECT_LE(*parse.span.start, day - std::chrono::days{1}) << c.text;
    EXPECT_GE(*parse.span.end, day + std::chrono::days{2}) << c.text;
    EXPECT_EQ(*parse.span.end - *parse.span.start, std::chrono::days{7}) << c.text;
    EXPECT_TRUE(AnyWarningContains(parse, "three days")) << c.text;
  }
}

TEST(HijriTest, DaysAMonthDoesNotHaveAreUnresolved) {
  // In 1446 Muharram has 29 days and Safar 30.
  EXPECT_FALSE(Parse("30 محرم 1446", "Asia/Riyadh").span.resolved());
  EXPECT_TRUE(Parse("30 صفر 1446", "Asia/Riyadh").span.resolved());
  EXPECT_FALSE(Parse("31 صفر 1446", "Asia/Riyadh").span.resolved());
}

// Days convert both ways alike inside the years looked up from a table of ICU's month starts and
// outside them, where ICU is asked each time: every day from 1290 to 1610 AH comes back.
TEST(HijriTest, EveryDayComesBackThroughItsHijriDate) {
  using date_internal::HijriMonth;
  using date_internal::HijriOf;
  using date_internal::HijriYmd;
  const ::date::local_days first = HijriMonth(1290, 1).first_day;
  const ::date::local_days end = HijriMonth(1611, 1).first_day;
  HijriYmd previous = HijriOf(first - ::date::days{1});
  for (::date::local_days day = first; day < end; day += ::date::days{1}) {
    const HijriYmd h = HijriOf(day);
    ASSERT_EQ(HijriMonth(h.year, h.month).first_day + ::date::days{h.day - 1}, day)
        << h.year << "-" << h.month << "-" << h.day;
    // Each day follows the one before: the next day of the month, or the first of the next.
    if (h.day != 1) {
      ASSERT_EQ(h.day, previous.day + 1);
    } else {
      ASSERT_EQ(h.month, previous.month % 12 + 1);
      ASSERT_GE(previous.day, 29u);
    }
    previous = h;
  }
}

}  // namespace
}  // namespace timeline::normalize
