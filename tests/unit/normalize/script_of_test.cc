#include "normalize/script_of.h"

#include <string>

#include "gtest/gtest.h"

namespace timeline::normalize {
namespace {

TEST(ScriptOfTest, NamesTheScriptOfTheFirstLetter) {
  EXPECT_EQ(ScriptOf("Assimi Goïta"), "Latn");
  EXPECT_EQ(ScriptOf("عاصيمي غويتا"), "Arab");
  EXPECT_EQ(ScriptOf("Ассими Гоита"), "Cyrl");
  EXPECT_EQ(ScriptOf("ⵜⴰⵎⴰⵣⵉⵖⵜ"), "Tfng");
}

TEST(ScriptOfTest, SkipsDigitsPunctuationAndSpaces) {
  // A no-break space, digits and a quote before the first letter.
  EXPECT_EQ(ScriptOf("\u00a0«2» كتيبة"), "Arab");
  EXPECT_EQ(ScriptOf("(1er) bataillon"), "Latn");
}

TEST(ScriptOfTest, IsEmptyWithoutLetters) {
  EXPECT_EQ(ScriptOf(""), "");
  EXPECT_EQ(ScriptOf("2024 - 10"), "");
  EXPECT_EQ(ScriptOf(std::string("\xff\xfe", 2)), "");
}

}  // namespace
}  // namespace timeline::normalize
