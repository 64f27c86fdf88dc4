// Tokens, the first stage of reading a date expression (date_expression.h): words folded with
// MatchKey (case, diacritics, tashkeel, tatweel, alef forms), digits of any script as ASCII, and
// punctuation kept, each spelling of a sign as one ASCII sign:
//   "١٧ سبتمبر/أيلول" -> 17 · سبتمبر · / · ايلول
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace timeline::normalize::date_internal {

enum class TokenKind { kWord, kNumber, kPunct };

struct Token {
  TokenKind kind;
  std::string text;     // word: folded by MatchKey; number: ASCII digits; punct: one character
  bool spaced = false;  // whitespace before it
};

// The words of `text` between single spaces, as MatchKey leaves them.
std::vector<std::string> SplitOnSpaces(const std::string& text);

std::vector<Token> Tokenize(std::string_view text);

}  // namespace timeline::normalize::date_internal
