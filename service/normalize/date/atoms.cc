#include "normalize/date/atoms.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>

#include "normalize/date/lexicon.h"

namespace timeline::normalize::date_internal {
namespace {

Atom AtomOf(Sense sense, const Token& token) {
  Atom atom;
  atom.sense = sense;
  atom.spaced = token.spaced;
  atom.text = token.text;
  return atom;
}

int NumberValue(const std::string& digits) {
  if (digits.size() > 9) return -1;
  return std::stoi(digits);
}

bool IsPunct(const std::vector<Token>& tokens, size_t i, std::string_view text) {
  return i < tokens.size() && tokens[i].kind == TokenKind::kPunct && tokens[i].text == text &&
         !tokens[i].spaced;
}

bool IsAttachedNumber(const std::vector<Token>& tokens, size_t i, size_t max_digits = 9) {
  return i < tokens.size() && tokens[i].kind == TokenKind::kNumber && !tokens[i].spaced &&
         tokens[i].text.size() <= max_digits;
}

// "10:30", "10:30:15", "10:30:15.250": hours, minutes, seconds, fraction.
std::optional<Atom> ReadClockTokens(const std::vector<Token>& tokens, size_t& i) {
  if (tokens[i].text.size() > 2 || !IsPunct(tokens, i + 1, ":") ||
      !IsAttachedNumber(tokens, i + 2, 2) || tokens[i + 2].text.size() != 2) {
    return std::nullopt;
  }
  Atom atom = AtomOf(Sense::kClock, tokens[i]);
  atom.clock.hour = NumberValue(tokens[i].text);
  atom.clock.minute = NumberValue(tokens[i + 2].text);
  size_t next = i + 3;
  if (IsPunct(tokens, next, ":") && IsAttachedNumber(tokens, next + 1, 2) &&
      tokens[next + 1].text.size() == 2) {
    atom.clock.second = NumberValue(tokens[next + 1].text);
    next += 2;
    if (IsPunct(tokens, next, ".") && IsAttachedNumber(tokens, next + 1)) {
      std::string fraction = tokens[next + 1].text.substr(0, 6);
      fraction.resize(6, '0');
      atom.clock.micros = NumberValue(fraction);
      next += 2;
    }
  }
  atom.text = "clock time";
  i = next;
  return atom;
}

// A separator between the numbers of a numeric date; "/" may stand between spaces ("2016 / 11").
bool IsSeparator(const std::vector<Token>& tokens, size_t i, std::string_view separator,
                 bool spaced) {
  return i < tokens.size() && tokens[i].kind == TokenKind::kPunct && tokens[i].text == separator &&
         (spaced || !tokens[i].spaced);
}

bool IsNumberAfterSeparator(const std::vector<Token>& tokens, size_t i, bool spaced) {
  return i < tokens.size() && tokens[i].kind == TokenKind::kNumber &&
         (spaced || !tokens[i].spaced) && tokens[i].text.size() <= 9;
}

// Two numbers are a month and a year when one has four digits; a day and a month when joined by
// "/" ("22/04"); otherwise "15-17" is a range of days.
bool IsTwoFieldDate(const std::vector<NumberField>& f, std::string_view separator, bool spaced) {
  const size_t a = f[0].digits;
  const size_t b = f[1].digits;
  if ((a == 4 && b <= 2) || (a <= 2 && b == 4)) return true;
  return separator == "/" && !spaced && a <= 2 && b <= 2;
}

std::optional<Atom> ReadNumericDateWith(const std::vector<Token>& tokens, size_t i0,
                                        std::string_view separator, bool spaced) {
  if (!IsSeparator(tokens, i0 + 1, separator, spaced) ||
      !IsNumberAfterSeparator(tokens, i0 + 2, spaced)) {
    return std::nullopt;
  }
  Atom atom = AtomOf(Sense::kNumericDate, tokens[i0]);
  atom.text = tokens[i0].text + std::string(separator) + tokens[i0 + 2].text;
  size_t next = i0 + 3;
  atom.fields = {{NumberValue(tokens[i0].text), tokens[i0].text.size()},
                 {NumberValue(tokens[i0 + 2].text), tokens[i0 + 2].text.size()}};
  if (IsSeparator(tokens, next, separator, spaced) &&
      IsNumberAfterSeparator(tokens, next + 1, spaced)) {
    atom.fields.push_back({NumberValue(tokens[next + 1].text), tokens[next + 1].text.size()});
    atom.text += std::string(separator) + tokens[next + 1].text;
    next += 2;
  } else if (!IsTwoFieldDate(atom.fields, separator, spaced)) {
    return std::nullopt;
  }
  const bool has_year = std::any_of(atom.fields.begin(), atom.fields.end(),
                                    [](const NumberField& f) { return f.digits == 4; });
  if (spaced && !has_year) return std::nullopt;
  atom.end_token = next;
  return atom;
}

// "17/09/2024", "17.09.2024", "2024/09/17", "09/2024", "22/04", "2016 / 11": digits joined by
// one separator. Spaced, only "/" between numbers that include a four-digit year.
std::optional<Atom> ReadNumericDateTokens(const std::vector<Token>& tokens, size_t& i) {
  for (const char* separator : {"/", ".", "-"}) {
    for (const bool spaced : {false, true}) {
      if (spaced && std::string_view(separator) != "/") continue;
      if (auto atom = ReadNumericDateWith(tokens, i, separator, spaced)) {
        i = atom->end_token;
        return atom;
      }
    }
  }
  return std::nullopt;
}

Atom PunctuationAtom(const Token& token) {
  Atom atom = AtomOf(Sense::kUnknown, token);
  static const std::string_view kFillers[] = {",", ";", ".", "(", ")", "[", "]", "\"", "'", ":"};
  if (std::find(std::begin(kFillers), std::end(kFillers), token.text) != std::end(kFillers)) {
    atom.sense = Sense::kFiller;
  } else if (token.text == "/") {
    atom.sense = Sense::kSlash;
  } else if (token.text == "-") {
    atom.sense = Sense::kTo;
  } else if (token.text == "+") {
    atom.sense = Sense::kPlus;
  }
  return atom;
}

}  // namespace

std::vector<Atom> ToAtoms(const std::vector<Token>& tokens) {
  std::vector<Atom> atoms;
  atoms.reserve(tokens.size());  // about one atom per token
  size_t i = 0;
  while (i < tokens.size()) {
    const Token& token = tokens[i];
    if (token.kind == TokenKind::kNumber) {
      if (auto clock = ReadClockTokens(tokens, i)) {
        atoms.push_back(std::move(*clock));
      } else if (auto numeric = ReadNumericDateTokens(tokens, i)) {
        atoms.push_back(std::move(*numeric));
      } else {
        Atom& number = atoms.emplace_back(AtomOf(Sense::kNumber, token));
        number.value = NumberValue(token.text);
        number.digits = token.text.size();
        ++i;
      }
    } else if (token.kind == TokenKind::kPunct) {
      atoms.push_back(PunctuationAtom(token));
      ++i;
    } else if (auto match = FindPhrase(tokens, i)) {
      const Phrase& phrase = *match->phrase;
      if (match->after_and) {
        Atom& conjunction = atoms.emplace_back(AtomOf(Sense::kAnd, token));
        conjunction.text = "و";
      }
      Atom& word = atoms.emplace_back(AtomOf(phrase.sense, token));
      word.value = phrase.value;
      word.count = phrase.count;
      word.number = phrase.number;
      i += match->tokens;
    } else {
      atoms.push_back(AtomOf(Sense::kUnknown, token));
      ++i;
    }
  }
  return atoms;
}

}  // namespace timeline::normalize::date_internal
