// Patterns ParseDateExpression used to read confidently wrong, in Arabic, English and French:
// a Hijri month with a Gregorian year, a range whose end is relative, "X after next", and a
// headline's relative word beside a stated date. The answer is now right, wider with a warning,
// or unresolved; never a narrower wrong span.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "date_case_table.h"
#include "normalize/date/date_expression.h"

namespace timeline::normalize {
namespace {

using date_cases::ParseInstant;
using date_cases::PrecisionName;

constexpr char kErem[] = "2024-10-12T11:16:00Z";   // a Saturday; ISO week from Monday 7 October
constexpr char kJan10[] = "2025-01-10T09:00:00Z";  // a Friday just after a year's turn
constexpr char kNone[] = "";

struct Row {
  std::string text;
  std::string reference;
  std::string start;  // a UTC date (the zone is Africa/Bamako, UTC all year); empty: unresolved
  std::string end;
  std::string precision;
  std::string warning;  // a part of a warning the answer must carry; empty: none required
};

void PrintTo(const Row& r, std::ostream* os) { *os << "\"" << r.text << "\""; }

DateParse Parse(const Row& r) {
  DateContext context;
  context.time_zone = "Africa/Bamako";
  if (!r.reference.empty()) context.reference = ParseInstant(r.reference);
  return ParseDateExpression(r.text, context);
}

bool AnyWarningContains(const DateParse& parse, const std::string& needle) {
  for (const std::string& w : parse.warnings) {
    if (w.find(needle) != std::string::npos) return true;
  }
  return false;
}

class RegressionTest : public testing::TestWithParam<Row> {};

TEST_P(RegressionTest, ReadsTheStatedSpanOrNone) {
  const Row& r = GetParam();
  const DateParse parse = Parse(r);
  std::string warnings;
  for (const std::string& w : parse.warnings) warnings += "\n  warning: " + w;
  if (r.start.empty()) {
    EXPECT_FALSE(parse.span.resolved()) << warnings;
    EXPECT_FALSE(parse.warnings.empty());
    return;
  }
  ASSERT_TRUE(parse.span.resolved()) << warnings;
  EXPECT_EQ(parse.span.start, ParseInstant(r.start + "T00:00:00Z")) << warnings;
  EXPECT_EQ(parse.span.end, ParseInstant(r.end + "T00:00:00Z")) << warnings;
  EXPECT_EQ(PrecisionName(parse.span.precision), r.precision);
  if (!r.warning.empty()) {
    EXPECT_TRUE(AnyWarningContains(parse, r.warning)) << warnings;
  }
}

// Umm al-Qura months as Saudi Arabia publishes them, widened by a day (as every Hijri span outside
// Saudi Arabia): Ramadan 1445 is 11 March - 9 April 2024, Ramadan 1437 6 June - 5 July 2016,
// Muharram 1422 26 March - 24 April 2001; Muharram 1429 starts on 10 January 2008 and Muharram 1430
// on 29 December 2008 (to 26 January 2009); Ramadan 1420 runs 9 December 1999 - 7 January 2000 and
// Ramadan 1421 27 November - 26 December 2000.
INSTANTIATE_TEST_SUITE_P(
    HijriMonthInAGregorianYear, RegressionTest,
    testing::Values(
        Row{"رمضان 2024", kNone, "2024-03-10", "2024-04-11", "DAY", "Umm al-Qura"},
        Row{"رمضان 2024م", kNone, "2024-03-10", "2024-04-11", "DAY", "Umm al-Qura"},
        Row{"Ramadan 2016", kNone, "2016-06-05", "2016-07-07", "DAY", "Umm al-Qura"},
        Row{"ramadan 2016", kNone, "2016-06-05", "2016-07-07", "DAY", "Umm al-Qura"},
        Row{"محرم 2001", kNone, "2001-03-25", "2001-04-26", "DAY", "Umm al-Qura"},
        Row{"Muharram 2001", kNone, "2001-03-25", "2001-04-26", "DAY", "Umm al-Qura"},
        Row{"mouharram 2001", kNone, "2001-03-25", "2001-04-26", "DAY", "Umm al-Qura"},
        // Twice in one Gregorian year, or across its turn: every occurrence, with a warning.
        Row{"محرم 2008", kNone, "2008-01-09", "2009-01-28", "DAY", "more than once"},
        Row{"Muharram 2008", kNone, "2008-01-09", "2009-01-28", "DAY", "more than once"},
        Row{"mouharram 2008", kNone, "2008-01-09", "2009-01-28", "DAY", "more than once"},
        Row{"Ramadan 2000", kNone, "1999-12-08", "2000-12-28", "DAY", "more than once"},
        // A Hijri year stays Hijri; a year that could be either stays unresolved.
        Row{"رمضان 1445", kNone, "2024-03-10", "2024-04-11", "DAY", ""},
        Row{"رمضان 1550", kNone, "", "", "", ""}));

INSTANTIATE_TEST_SUITE_P(
    RangeWithARelativeEnd, RegressionTest,
    testing::Values(
        Row{"from 2019-aug-1 to today", kErem, "2019-08-01", "2024-10-13", "DAY", ""},
        Row{"from 1 August 2019 to today", kErem, "2019-08-01", "2024-10-13", "DAY", ""},
        Row{"between 22 January and today", kErem, "2024-01-22", "2024-10-13", "DAY", ""},
        Row{"from today to 15 November", kErem, "2024-10-12", "2024-11-16", "DAY", ""},
        Row{"du 1er août 2019 à aujourd'hui", kErem, "2019-08-01", "2024-10-13", "DAY", ""},
        Row{"entre aujourd'hui et le 15 novembre", kErem, "2024-10-12", "2024-11-16", "DAY", ""},
        Row{"entre le 22 janvier et aujourd'hui", kErem, "2024-01-22", "2024-10-13", "DAY", ""},
        Row{"اليوم حتى 22 أكتوبر", kErem, "2024-10-12", "2024-10-23", "DAY", ""},
        Row{"من 1 أغسطس 2019 حتى اليوم", kErem, "2019-08-01", "2024-10-13", "DAY", ""},
        Row{"بين 22 يناير واليوم", kErem, "2024-01-22", "2024-10-13", "DAY", ""},
        // Without a reference the relative end is unknown: no span at all, not half of one.
        Row{"between 22 January and today", kNone, "", "", "", "no reference"},
        Row{"du 1er août 2019 à aujourd'hui", kNone, "", "", "", "no reference"},
        Row{"اليوم حتى 22 أكتوبر", kNone, "", "", "", "no reference"}));

INSTANTIATE_TEST_SUITE_P(
    AfterNext, RegressionTest,
    testing::Values(
        Row{"the week after next", kErem, "2024-10-21", "2024-10-28", "WEEK", ""},
        Row{"the day after next", kErem, "2024-10-14", "2024-10-15", "DAY", ""},
        Row{"the month after next", kErem, "2024-12-01", "2025-01-01", "MONTH", ""},
        Row{"le mois après le prochain", kErem, "2024-12-01", "2025-01-01", "MONTH", ""},
        Row{"la semaine après la prochaine", kErem, "2024-10-21", "2024-10-28", "WEEK", ""},
        Row{"الاسبوع بعد القادم", kErem, "2024-10-21", "2024-10-28", "WEEK", ""},
        Row{"الشهر بعد المقبل", kErem, "2024-12-01", "2025-01-01", "MONTH", ""},
        Row{"the week after next", kNone, "", "", "", "no reference"},
        Row{"الاسبوع بعد القادم", kNone, "", "", "", "no reference"}));

INSTANTIATE_TEST_SUITE_P(
    HeadlineDateBesideARelativeWord, RegressionTest,
    testing::Values(
        // The stated date wins; a disagreement with the reference day is reported.
        Row{"اليوم 6 مايو", kErem, "2024-05-06", "2024-05-07", "DAY", "2024-10-12"},
        Row{"Today, May 6", kErem, "2024-05-06", "2024-05-07", "DAY", "2024-10-12"},
        Row{"aujourd'hui 6 mai", kErem, "2024-05-06", "2024-05-07", "DAY", "2024-10-12"},
        Row{"اليوم 12 أكتوبر", kErem, "2024-10-12", "2024-10-13", "DAY", ""},
        Row{"أمس 11 أكتوبر", kErem, "2024-10-11", "2024-10-12", "DAY", ""},
        // Across a year's turn the stated date is taken in the year nearest the relative day.
        Row{"اليوم 30 ديسمبر", kJan10, "2024-12-30", "2024-12-31", "DAY", "2025-01-10"},
        Row{"yesterday, 30 December", kJan10, "2024-12-30", "2024-12-31", "DAY", "2025-01-09"},
        // Too little to replace the relative day, and disagreeing with it: unresolved.
        Row{"اليوم 6", kErem, "", "", "", "2024-10-12"},
        Row{"hier jeudi", kErem, "", "", "", "2024-10-11"},
        Row{"اليوم 6 مايو", kNone, "", "", "", "no reference"}));

// A headline whose date agrees with the reference carries no warning at all.
TEST(HeadlineDateTest, AgreeingDateHasNoWarning) {
  const DateParse parse = Parse(Row{"اليوم 12 أكتوبر 2024", kErem, "", "", "", ""});
  EXPECT_TRUE(parse.span.resolved());
  EXPECT_TRUE(parse.warnings.empty());
}

}  // namespace
}  // namespace timeline::normalize
