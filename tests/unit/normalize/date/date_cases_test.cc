// ParseDateExpression against the case sets: the generated one (tests/data/date_cases.tsv), where a
// resolved answer is never wrong in the patterns that used to be read confidently wrong, and
// rarely elsewhere; and the hand-written news phrasings (tests/data/date_cases_news.tsv), where a
// resolved answer is never wrong at all. The share right per category is a figure, printed by
// bench/date_cases_bench.cc, not asserted here.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "date_case_table.h"

namespace timeline::normalize::date_cases {
namespace {

std::vector<DateCase> LoadCases(const std::string& file = "date_cases.tsv") {
  std::string error;
  std::vector<DateCase> cases =
      ReadDateCases(std::string(TIMELINE_SOURCE_DIR) + "/tests/data/" + file, &error);
  EXPECT_EQ(error, "");
  return cases;
}

std::vector<DateCase> LoadNewsCases() { return LoadCases("date_cases_news.tsv"); }

// At least `total` cases, and `per_language` in each of Arabic, English and French.
void ExpectCoverage(const std::vector<DateCase>& cases, size_t total, size_t per_language) {
  EXPECT_GE(cases.size(), total);
  for (const char* language : {"ar", "en", "fr"}) {
    size_t n = 0;
    for (const DateCase& c : cases) n += c.language == language;
    EXPECT_GE(n, per_language) << language;
  }
}

TEST(DateCasesTest, TableCoversEveryLanguageWithEnoughCases) {
  ExpectCoverage(LoadCases(), 2000, 500);
}

TEST(DateCasesTest, NoResolvedWrongAnswerInTheConfidentWrongPatterns) {
  size_t checked = 0;
  for (const DateCase& c : LoadCases()) {
    if (!ConfidentWrongCategories().contains(c.category)) continue;
    ++checked;
    const DateParse parse = ParseDateExpression(c.text, c.context);
    EXPECT_NE(GradeOf(c, parse), Grade::kResolvedWrong) << Describe(c, parse);
  }
  EXPECT_GT(checked, 400u);
}

TEST(DateCasesTest, ResolvedWrongUnderOnePercentOverall) {
  const std::vector<DateCase> cases = LoadCases();
  size_t wrong = 0;
  std::string examples;
  for (const DateCase& c : cases) {
    const DateParse parse = ParseDateExpression(c.text, c.context);
    if (GradeOf(c, parse) != Grade::kResolvedWrong) continue;
    if (++wrong <= 30) examples += "\n  " + Describe(c, parse);
  }
  ASSERT_FALSE(cases.empty());
  EXPECT_LT(wrong * 100, cases.size())
      << wrong << " resolved-wrong of " << cases.size() << examples;
}

// Unresolved answers say why, like every other answer of the normalizer.
TEST(DateCasesTest, UnresolvedAnswersCarryAWarning) {
  for (const DateCase& c : LoadCases()) {
    const DateParse parse = ParseDateExpression(c.text, c.context);
    if (!parse.span.resolved()) {
      EXPECT_FALSE(parse.warnings.empty()) << Describe(c, parse);
    }
  }
}

TEST(DateCasesTest, NewsTableCoversEveryLanguage) { ExpectCoverage(LoadNewsCases(), 450, 150); }

// The news phrasings were written without the normalizer's rules in mind: whatever it does not
// read must stay unresolved, never become a confident wrong span.
TEST(DateCasesTest, NoResolvedWrongAnswerInTheNewsPhrasings) {
  size_t checked = 0;
  for (const DateCase& c : LoadNewsCases()) {
    ++checked;
    const DateParse parse = ParseDateExpression(c.text, c.context);
    EXPECT_NE(GradeOf(c, parse), Grade::kResolvedWrong) << Describe(c, parse);
  }
  EXPECT_GE(checked, 450u);
}

TEST(DateCasesTest, UnresolvedNewsPhrasingsCarryAWarning) {
  for (const DateCase& c : LoadNewsCases()) {
    const DateParse parse = ParseDateExpression(c.text, c.context);
    if (!parse.span.resolved()) {
      EXPECT_FALSE(parse.warnings.empty()) << Describe(c, parse);
    }
  }
}

}  // namespace
}  // namespace timeline::normalize::date_cases
