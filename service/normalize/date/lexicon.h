// Lexicons: the words and phrases of dates in English, French and Arabic, and what each means
// (sense.h). This is where "septembre", "أيلول" and "Sept." become the month 9, "dernier" and
// "الماضي" the direction "last", "il y a" and "ago" a time ago. One table per language:
// lexicon_english.cc, lexicon_french.cc, lexicon_arabic.cc. FindPhrase() looks tokens up in all
// of them at once.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/date/sense.h"
#include "normalize/date/tokens.h"

namespace timeline::normalize::date_internal {

struct LexiconEntry {
  constexpr LexiconEntry(std::string_view p, Sense s, int v = 0, int c = 0)
      : phrases(p), sense(s), value(v), count(c) {}
  // Spellings of one meaning, separated by "|", as written; folded with MatchKey when the
  // lexicon is built, so case, accents, hamza and tashkeel variants need no entry of their own.
  std::string_view phrases;
  Sense sense;
  int value;
  int count;  // kUnit: the number the word carries ("يومين", two days), or kPlural
};

// The tables as written. Where two languages' words fold alike, the earlier table in this order
// wins.
std::span<const LexiconEntry> EnglishLexicon();
std::span<const LexiconEntry> FrenchLexicon();
std::span<const LexiconEntry> ArabicLexicon();

struct Phrase {
  std::vector<std::string> words;  // folded
  Sense sense;
  int value;
  int count;
  int number = 0;  // the same words also read as this number ("sept" = 7); 0 = none
};

struct PhraseMatch {
  const Phrase* phrase;
  size_t tokens;           // how many tokens it covers
  bool after_and = false;  // the first word carries the Arabic prefix "و" (and)
};

// The longest phrase of the lexicons that starts at tokens[i]; for an Arabic word, also without
// the conjunction or preposition written as its prefix ("وأمس", "بالأمس").
std::optional<PhraseMatch> FindPhrase(const std::vector<Token>& tokens, size_t i);

}  // namespace timeline::normalize::date_internal
