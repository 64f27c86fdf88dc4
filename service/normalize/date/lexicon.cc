#include "normalize/date/lexicon.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_replace.h"
#include "normalize/match_key.h"

namespace timeline::normalize::date_internal {
namespace {

// Punctuation that may sit inside a phrase: "aujourd'hui", "avant-hier", "a.m.".
bool IsInnerPunctuation(const Token& t) {
  return t.kind == TokenKind::kPunct && (t.text == "'" || t.text == "-" || t.text == ".");
}

// A phrase with its apostrophes as spaces: match keys join the letters around an apostrophe,
// but a text's tokens end at one ("aujourd", "'", "hui"), and the phrase must split likewise.
std::string ApostrophesApart(std::string_view phrase) {
  return absl::StrReplaceAll(absl::string_view(phrase.data(), phrase.size()),
                             {{"'", " "}, {"\u2018", " "}, {"\u2019", " "}});
}

bool IsArabicWord(const std::string& word) {
  const auto lead = static_cast<unsigned char>(word.empty() ? 0 : word[0]);
  return lead >= 0xD8 && lead <= 0xDB;  // U+0600..U+06FF
}

size_t CodePoints(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Arabic writes "and", "in", "for" as prefixes: "وأمس", "بالأمس", "للأسبوع". The forms a word
// may have without them, most likely first.
std::vector<std::string> WithoutArabicPrefixes(const std::string& word) {
  static const std::string kConjunctions[] = {"و", "ف"};
  static const std::string kPrepositions[] = {"ب", "ل", "ك"};
  std::vector<std::string> stems;
  auto add = [&](std::string stem) {
    if (CodePoints(stem) >= 2) stems.push_back(std::move(stem));
  };
  std::vector<std::string> bases = {word};
  for (const std::string& conjunction : kConjunctions) {
    if (word.rfind(conjunction, 0) == 0) {
      bases.push_back(word.substr(conjunction.size()));
      add(bases.back());
    }
  }
  for (const std::string& base : bases) {
    for (const std::string& preposition : kPrepositions) {
      if (base.rfind(preposition, 0) != 0) continue;
      std::string stem = base.substr(preposition.size());
      // ل + ال is written لل: "للأسبوع" is ل + "الأسبوع".
      if (preposition == "ل" && stem.rfind("ل", 0) == 0) add("ا" + stem);
      add(std::move(stem));
    }
  }
  return stems;
}

class Lexicon {
 public:
  static const Lexicon& Get() {
    static const Lexicon* lexicon = new Lexicon();
    return *lexicon;
  }

  // The longest phrase that starts at tokens[i].
  std::optional<PhraseMatch> Find(const std::vector<Token>& tokens, size_t i) const {
    if (auto match = FindWithFirstWord(tokens[i].text, tokens, i)) return match;
    if (!IsArabicWord(tokens[i].text)) return std::nullopt;
    for (const std::string& stem : WithoutArabicPrefixes(tokens[i].text)) {
      if (auto match = FindWithFirstWord(stem, tokens, i)) {
        // "بين 22 يناير واليوم": the prefixed "and" joins the two ends of a range.
        match->after_and = tokens[i].text.rfind("و", 0) == 0 && stem.rfind("و", 0) != 0;
        return match;
      }
    }
    return std::nullopt;
  }

 private:
  Lexicon() {
    // Earlier tables win when two languages' words fold alike.
    for (const LexiconEntry& entry : EnglishLexicon()) Add(entry);
    for (const LexiconEntry& entry : FrenchLexicon()) Add(entry);
    for (const LexiconEntry& entry : ArabicLexicon()) Add(entry);
    for (auto& [word, phrases] : by_first_word_) {
      std::stable_sort(phrases.begin(), phrases.end(), [](const Phrase& a, const Phrase& b) {
        return a.words.size() > b.words.size();
      });
    }
  }

  void Add(const LexiconEntry& entry) {
    std::string_view rest = entry.phrases;
    while (!rest.empty()) {
      const size_t bar = std::min(rest.find('|'), rest.size());
      AddPhrase(Phrase{SplitOnSpaces(MatchKey(ApostrophesApart(rest.substr(0, bar)))), entry.sense,
                       entry.value, entry.count});
      rest.remove_prefix(std::min(bar + 1, rest.size()));
    }
  }

  void AddPhrase(Phrase phrase) {
    if (phrase.words.empty()) return;
    std::vector<Phrase>& same_start = by_first_word_[phrase.words.front()];
    for (Phrase& known : same_start) {
      if (known.words != phrase.words) continue;
      // Two languages' words that fold alike: keep one meaning, and a number word as a number.
      if (phrase.sense == Sense::kNumberWord) {
        known.number = phrase.value;
      } else if (known.sense == Sense::kNumberWord) {
        phrase.number = known.value;
        known = phrase;
      }
      return;
    }
    same_start.push_back(std::move(phrase));
  }

  std::optional<PhraseMatch> FindWithFirstWord(const std::string& first,
                                               const std::vector<Token>& tokens, size_t i) const {
    auto it = by_first_word_.find(first);
    if (it == by_first_word_.end()) return std::nullopt;
    for (const Phrase& phrase : it->second) {
      if (size_t length = MatchLength(phrase, tokens, i)) return PhraseMatch{&phrase, length};
    }
    return std::nullopt;
  }

  // How many tokens the phrase covers at tokens[i] (its first word already matched), or 0.
  static size_t MatchLength(const Phrase& phrase, const std::vector<Token>& tokens, size_t i) {
    size_t j = i + 1;
    for (size_t w = 1; w < phrase.words.size(); ++w) {
      while (j < tokens.size() && IsInnerPunctuation(tokens[j])) ++j;
      if (j >= tokens.size() || tokens[j].kind != TokenKind::kWord ||
          tokens[j].text != phrase.words[w]) {
        return 0;
      }
      ++j;
    }
    return j - i;
  }

  absl::flat_hash_map<std::string, std::vector<Phrase>> by_first_word_;
};

}  // namespace

std::optional<PhraseMatch> FindPhrase(const std::vector<Token>& tokens, size_t i) {
  return Lexicon::Get().Find(tokens, i);
}

}  // namespace timeline::normalize::date_internal
