// The words of dates in the three languages, looked up as the atoms stage looks them up.
#include "normalize/date/lexicon.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "normalize/date/tokens.h"

namespace timeline::normalize::date_internal {
namespace {

// The phrase the lexicons find at the start of `text`.
std::optional<PhraseMatch> FindAtStart(const std::string& text) {
  const std::vector<Token> tokens = Tokenize(text);
  if (tokens.empty()) return std::nullopt;
  return FindPhrase(tokens, 0);
}

TEST(DateLexiconTest, MonthNamesInEveryLanguage) {
  for (const char* month :
       {"September", "Sept.", "septembre", "سبتمبر", "أيلول", "ايلول", "شتنبر"}) {
    const std::optional<PhraseMatch> match = FindAtStart(month);
    ASSERT_TRUE(match.has_value()) << month;
    EXPECT_EQ(match->phrase->sense, Sense::kMonth) << month;
    EXPECT_EQ(match->phrase->value, 9) << month;
  }
}

TEST(DateLexiconTest, TheLongestPhraseWins) {
  const std::optional<PhraseMatch> match = FindAtStart("the day before yesterday");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->phrase->sense, Sense::kRelativeDay);
  EXPECT_EQ(match->phrase->value, -2);
  EXPECT_EQ(match->tokens, 4u);
  // Inner punctuation belongs to the phrase: "aujourd'hui" is one.
  const std::optional<PhraseMatch> today = FindAtStart("aujourd'hui");
  ASSERT_TRUE(today.has_value());
  EXPECT_EQ(today->phrase->value, 0);
  EXPECT_EQ(today->tokens, 3u);
}

TEST(DateLexiconTest, WordsThatFoldAlikeKeepOneMeaningAndTheirNumber) {
  // English "sept" (September) and French "sept" (seven).
  const std::optional<PhraseMatch> match = FindAtStart("sept");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->phrase->sense, Sense::kMonth);
  EXPECT_EQ(match->phrase->value, 9);
  EXPECT_EQ(match->phrase->number, 7);
}

TEST(DateLexiconTest, ArabicWordsWithTheirPrefixes) {
  const std::optional<PhraseMatch> yesterday = FindAtStart("وأمس");
  ASSERT_TRUE(yesterday.has_value());
  EXPECT_EQ(yesterday->phrase->sense, Sense::kRelativeDay);
  EXPECT_EQ(yesterday->phrase->value, -1);
  // ل + الأسبوع is written للأسبوع.
  const std::optional<PhraseMatch> week = FindAtStart("للأسبوع");
  ASSERT_TRUE(week.has_value());
  EXPECT_EQ(week->phrase->sense, Sense::kUnit);
  EXPECT_EQ(week->phrase->value, kWeekUnit);
}

TEST(DateLexiconTest, WordsOfNoDateAreNotFound) {
  EXPECT_FALSE(FindAtStart("Bamako").has_value());
  EXPECT_FALSE(FindAtStart("أصدقاء").has_value());
}

}  // namespace
}  // namespace timeline::normalize::date_internal
