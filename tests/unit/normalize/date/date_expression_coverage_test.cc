// One expression per kind and language that ParseDateExpression reads since the news-style case
// set (tests/data/date_cases.tsv) was written, with spans worked out by hand, so that a kind that
// stops being read fails here by name (the case-set test only bounds wrong answers).
#include <gtest/gtest.h>

#include <string>

#include "date_case_table.h"
#include "normalize/date/date_expression.h"

namespace timeline::normalize {
namespace {

using date_cases::ParseInstant;
using date_cases::PrecisionName;

// Saturday 12 October 2024; its ISO week runs from Monday 7 October. Zone: Africa/Bamako (UTC).
constexpr char kErem[] = "2024-10-12T11:16:00Z";

struct Row {
  std::string text;
  std::string start;  // UTC dates
  std::string end;
  std::string precision;
};

void PrintTo(const Row& r, std::ostream* os) { *os << "\"" << r.text << "\""; }

class CoverageTest : public testing::TestWithParam<Row> {};

TEST_P(CoverageTest, ReadsTheSpan) {
  const Row& r = GetParam();
  DateContext context;
  context.reference = ParseInstant(kErem);
  context.time_zone = "Africa/Bamako";
  const DateParse parse = ParseDateExpression(r.text, context);
  std::string warnings;
  for (const std::string& w : parse.warnings) warnings += "\n  warning: " + w;
  ASSERT_TRUE(parse.span.resolved()) << warnings;
  EXPECT_EQ(parse.span.start, ParseInstant(r.start + "T00:00:00Z")) << warnings;
  EXPECT_EQ(parse.span.end, ParseInstant(r.end + "T00:00:00Z")) << warnings;
  EXPECT_EQ(PrecisionName(parse.span.precision), r.precision);
}

INSTANTIATE_TEST_SUITE_P(
    NewsKinds, CoverageTest,
    testing::Values(
        // Numeric dates: year-less (the latest not after the reference), two-digit year, spaced.
        Row{"22/04", "2024-04-22", "2024-04-23", "DAY"},
        Row{"le 23/10", "2023-10-23", "2023-10-24", "DAY"},
        Row{"٢٢/٤", "2024-04-22", "2024-04-23", "DAY"},
        Row{"05/05/89", "1989-05-05", "1989-05-06", "DAY"},
        Row{"2016 / 11", "2016-11-01", "2016-12-01", "MONTH"},
        // Quarters and halves.
        Row{"Q3 2016", "2016-07-01", "2016-10-01", "MONTH"},
        Row{"le premier semestre 2016", "2016-01-01", "2016-07-01", "MONTH"},
        Row{"الربع الثالث 2016", "2016-07-01", "2016-10-01", "MONTH"},
        Row{"le premier semestre", "2024-01-01", "2024-07-01", "MONTH"},
        // Decades and centuries.
        Row{"the 70s", "1970-01-01", "1980-01-01", "YEAR"},
        Row{"les années 70", "1970-01-01", "1980-01-01", "YEAR"},
        Row{"السبعينيات", "1970-01-01", "1980-01-01", "YEAR"},
        Row{"the 21st century", "2001-01-01", "2101-01-01", "YEAR"},
        // Offsets: whole ISO weeks ahead; months and days back to one day.
        Row{"in 3 weeks", "2024-10-28", "2024-11-04", "WEEK"},
        Row{"dans trois semaines", "2024-10-28", "2024-11-04", "WEEK"},
        Row{"بعد 3 أسابيع", "2024-10-28", "2024-11-04", "WEEK"},
        Row{"1 month 21 days ago", "2024-08-22", "2024-08-23", "DAY"},
        Row{"il y a 1 mois et 21 jours", "2024-08-22", "2024-08-23", "DAY"},
        Row{"منذ شهر و21 يوما", "2024-08-22", "2024-08-23", "DAY"},
        Row{"قبل يوم أمس", "2024-10-10", "2024-10-11", "DAY"},
        Row{"two days after today", "2024-10-14", "2024-10-15", "DAY"},
        // A weekday with a day number: 13 September 2024 was a Friday.
        Row{"Friday the 13th", "2024-09-13", "2024-09-14", "DAY"},
        Row{"vendredi 13", "2024-09-13", "2024-09-14", "DAY"},
        Row{"الجمعة 13", "2024-09-13", "2024-09-14", "DAY"},
        // The Nth weekday of a month.
        Row{"the first Friday of July", "2024-07-05", "2024-07-06", "DAY"},
        Row{"le dernier vendredi de juillet 2024", "2024-07-26", "2024-07-27", "DAY"},
        Row{"الأحد الثاني من الشهر", "2024-10-13", "2024-10-14", "DAY"},
        Row{"the last Friday of the month", "2024-10-25", "2024-10-26", "DAY"},
        // Weekends and parts of a week; the week of a date; week numbers.
        Row{"this weekend", "2024-10-12", "2024-10-14", "DAY"},
        Row{"début de la semaine prochaine", "2024-10-14", "2024-10-17", "DAY"},
        Row{"عطلة نهاية الأسبوع الماضي", "2024-10-04", "2024-10-07", "DAY"},
        Row{"the week of 5 May 2024", "2024-04-29", "2024-05-06", "WEEK"},
        Row{"week 10", "2024-03-04", "2024-03-11", "WEEK"},
        Row{"الأسبوع العاشر", "2024-03-04", "2024-03-11", "WEEK"},
        // Ordinal and spelled-out days and years.
        Row{"May twenty-first, 2024", "2024-05-21", "2024-05-22", "DAY"},
        Row{"premier janvier 2024", "2024-01-01", "2024-01-02", "DAY"},
        Row{"الحادي والعشرين من مايو 2024", "2024-05-21", "2024-05-22", "DAY"},
        Row{"nineteen twenty-eight", "1928-01-01", "1929-01-01", "YEAR"},
        // A day of a relative month, alone or as a range.
        Row{"the 4th to the 22nd of this month", "2024-10-04", "2024-10-23", "DAY"},
        Row{"le 20 du mois prochain", "2024-11-20", "2024-11-21", "DAY"},
        Row{"20 من الشهر المقبل", "2024-11-20", "2024-11-21", "DAY"}));

// What the words do not decide stays unresolved, with the reason.
class UndecidedTest : public testing::TestWithParam<std::string> {};

TEST_P(UndecidedTest, StaysUnresolved) {
  DateContext context;
  context.reference = ParseInstant(kErem);
  const DateParse parse = ParseDateExpression(GetParam(), context);
  EXPECT_FALSE(parse.span.resolved()) << GetParam();
  EXPECT_FALSE(parse.warnings.empty());
}

INSTANTIATE_TEST_SUITE_P(NewsKinds, UndecidedTest,
                         testing::Values("the 20s", "les années vingt", "العشرينيات",
                                         "the first week of May 2024", "03/04",
                                         "Friday the 22nd",  // no such Friday within a month
                                         "Friday of last month", "hier jeudi", "Ramadan 1550",
                                         "in 3 weeks and a bit"));

}  // namespace
}  // namespace timeline::normalize
