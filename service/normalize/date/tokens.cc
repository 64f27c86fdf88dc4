#include "normalize/date/tokens.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <optional>
#include <utility>

#include "normalize/match_key.h"

namespace timeline::normalize::date_internal {
namespace {

std::string ToUtf8(UChar32 c) {
  std::string out;
  icu::UnicodeString(c).toUTF8String(out);
  return out;
}

// Spellings of the same punctuation become one, so the rules below name only ASCII.
std::string PunctuationOf(UChar32 c) {
  switch (c) {
    case 0x060C:  // ، Arabic comma
      return ",";
    case 0x061B:  // ؛ Arabic semicolon
      return ";";
    case 0x2018:
    case 0x2019:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x00AB:
    case 0x00BB:
      return "\"";
    case 0x2212:  // minus sign
      return "-";
    default:
      break;
  }
  if (u_charType(c) == U_DASH_PUNCTUATION) return "-";
  return ToUtf8(c);
}

}  // namespace

std::vector<std::string> SplitOnSpaces(const std::string& text) {
  std::vector<std::string> parts;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find(' ', begin);
    if (end == std::string::npos) end = text.size();
    if (end > begin) parts.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return parts;
}

std::vector<Token> Tokenize(std::string_view text) {
  const icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::vector<Token> tokens;
  std::optional<Token> current;
  bool spaced = false;

  auto flush = [&] {
    if (!current) return;
    if (current->kind != TokenKind::kWord) {
      tokens.push_back(std::move(*current));
    } else {
      // Folding can drop a word (marks only) or, rarely, split it.
      bool first = true;
      for (std::string& part : SplitOnSpaces(MatchKey(current->text))) {
        tokens.push_back({TokenKind::kWord, std::move(part), first ? current->spaced : true});
        first = false;
      }
    }
    current.reset();
  };
  auto extend = [&](TokenKind kind, const std::string& piece) {
    if (!current || current->kind != kind) {
      flush();
      current = Token{kind, "", spaced};
      spaced = false;
    }
    current->text += piece;
  };

  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    const UChar32 c = s.char32At(i);
    const int8_t type = u_charType(c);
    if (type == U_DECIMAL_DIGIT_NUMBER) {
      extend(TokenKind::kNumber, std::string(1, static_cast<char>('0' + u_charDigitValue(c))));
    } else if (u_isalpha(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) {
      extend(TokenKind::kWord, ToUtf8(c));
    } else if (type == U_FORMAT_CHAR) {
      // Bidi marks and joiners are invisible: they neither separate nor belong to a token.
    } else if (u_isUWhiteSpace(c)) {
      flush();
      spaced = true;
    } else {
      flush();
      tokens.push_back({TokenKind::kPunct, PunctuationOf(c), spaced});
      spaced = false;
    }
  }
  flush();
  return tokens;
}

}  // namespace timeline::normalize::date_internal
