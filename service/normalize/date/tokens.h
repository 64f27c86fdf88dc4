// Tokens, the first stage of reading a date expression (date_expression.h): words folded with
// MatchKey (case, diacritics, tashkeel, tatweel, alef forms), digits of any script as ASCII, and
// punctuation kept, each spelling of a sign as one ASCII sign:
//   "١٧ سبتمبر/أيلول" -> 17 · سبتمبر · / · ايلول
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace timeline::normalize::date_internal {

enum class TokenKind { kWord, kNumber, kPunct };

struct Token {
  TokenKind kind;
  std::string text;     // word: folded by MatchKey; number: ASCII digits; punct: one character
  bool spaced = false;  // whitespace before it
  // Where the token was written: bytes [begin, end) of the input, so a date found in running
  // text can be pointed at (date_extraction.h). A folded word split in two keeps both bounds.
  size_t begin = 0;
  size_t end = 0;
};

// The words of `text` between single spaces, as MatchKey leaves them.
std::vector<std::string> SplitOnSpaces(const std::string& text);

std::vector<Token> Tokenize(std::string_view text);

}  // namespace timeline::normalize::date_internal
