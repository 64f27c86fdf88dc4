// How a text is quoted in the messages of a date that does not resolve: at most 60 characters
// (code points, not bytes), marked when cut, and always valid UTF-8.
#include "normalize/date/rule_env.h"

#include <gtest/gtest.h>

#include <string>

namespace timeline::normalize::date_internal {
namespace {

TEST(QuotedTest, ShortTextIsQuotedWhole) {
  EXPECT_EQ(Quoted(""), "\"\"");
  EXPECT_EQ(Quoted("last Thursday"), "\"last Thursday\"");
  EXPECT_EQ(Quoted("الخميس الماضي"), "\"الخميس الماضي\"");
}

TEST(QuotedTest, LongTextIsCutAfterSixtyCharacters) {
  const std::string sixty(60, 'a');
  EXPECT_EQ(Quoted(sixty), "\"" + sixty + "\"");
  EXPECT_EQ(Quoted(sixty + "b"), "\"" + sixty + "…\"");
  // "é" is two bytes: sixty of them are 120 bytes and are not cut.
  std::string accents;
  for (int i = 0; i < 60; ++i) accents += "é";
  EXPECT_EQ(Quoted(accents), "\"" + accents + "\"");
  EXPECT_EQ(Quoted(accents + "é"), "\"" + accents + "…\"");
}

TEST(QuotedTest, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  EXPECT_EQ(Quoted(std::string("5 oct") + '\xff' + "bre"), "\"5 oct\uFFFDbre\"");
  EXPECT_EQ(Quoted("\xd9"), "\"\uFFFD\"");  // the first byte of a two-byte letter alone
  // Beyond the sixty characters kept, a bad byte is cut away with the rest.
  const std::string sixty(60, 'a');
  EXPECT_EQ(Quoted(sixty + "\xff"), "\"" + sixty + "…\"");
  // Within them, it is replaced and the text still cut at sixty characters.
  EXPECT_EQ(Quoted("\xff" + sixty), "\"\uFFFD" + std::string(59, 'a') + "…\"");
}

TEST(QuotedTest, OnlyTheFirstThousandBytesAreRead) {
  // A cut multi-byte letter at the limit is never reached: the text is cut at 60 characters.
  const std::string text = std::string(kMaxTextBytes - 1, 'a') + "é";
  EXPECT_EQ(Quoted(text), "\"" + std::string(60, 'a') + "…\"");
}

}  // namespace
}  // namespace timeline::normalize::date_internal
