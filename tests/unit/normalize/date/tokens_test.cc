// The first stage of reading a date: what the text is cut into, and how each piece is spelled.
#include "normalize/date/tokens.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace timeline::normalize::date_internal {
namespace {

// "kind:text", with "_" before a token that follows whitespace.
std::vector<std::string> Show(const std::vector<Token>& tokens) {
  std::vector<std::string> out;
  for (const Token& t : tokens) {
    const char* kind = t.kind == TokenKind::kWord ? "w" : t.kind == TokenKind::kNumber ? "n" : "p";
    out.push_back(std::string(t.spaced ? "_" : "") + kind + ":" + t.text);
  }
  return out;
}

using Shown = std::vector<std::string>;

TEST(DateTokensTest, DigitsOfAnyScriptAreAsciiAndWordsAreFolded) {
  EXPECT_EQ(Show(Tokenize("١٧ سبتمبر/أيلول")), (Shown{"n:17", "_w:سبتمبر", "p:/", "w:ايلول"}));
  EXPECT_EQ(Show(Tokenize("Février ۲۰۲۴")), (Shown{"w:fevrier", "_n:2024"}));
}

TEST(DateTokensTest, PunctuationSpelledSeveralWaysIsOneSign) {
  EXPECT_EQ(Show(Tokenize("12 أكتوبر 2024، 3:16")),
            (Shown{"n:12", "_w:اكتوبر", "_n:2024", "p:,", "_n:3", "p::", "n:16"}));
  EXPECT_EQ(Show(Tokenize("15–17 aujourd’hui")),
            (Shown{"n:15", "p:-", "n:17", "_w:aujourd", "p:'", "w:hui"}));
}

TEST(DateTokensTest, InvisibleMarksNeitherSeparateNorBelong) {
  // U+200F RIGHT-TO-LEFT MARK between a number and a slash.
  EXPECT_EQ(Show(Tokenize("17\u200f/09")), (Shown{"n:17", "p:/", "n:09"}));
}

TEST(DateTokensTest, EachTokenKnowsTheBytesItWasWrittenIn) {
  // Folding changes spellings ("أيلول" -> "ايلول", "١٧" -> "17"); the bytes stay the written ones.
  const std::string text = "في ١٧ سبتمبر/أيلول، Sept.";
  std::vector<std::string> written;
  for (const Token& t : Tokenize(text)) written.push_back(text.substr(t.begin, t.end - t.begin));
  EXPECT_EQ(written, (Shown{"في", "١٧", "سبتمبر", "/", "أيلول", "،", "Sept", "."}));
  // An invalid byte reads as one replacement character and keeps its place.
  const std::vector<Token> tokens = Tokenize("a\xFF b");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].begin, 1u);
  EXPECT_EQ(tokens[1].end, 2u);
  EXPECT_EQ(tokens[2].begin, 3u);
}

TEST(DateTokensTest, NothingToCut) {
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize(" \t ").empty());
}

}  // namespace
}  // namespace timeline::normalize::date_internal
