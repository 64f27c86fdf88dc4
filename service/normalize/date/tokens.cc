#include "normalize/date/tokens.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
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
        tokens.push_back({TokenKind::kWord, std::move(part), first ? current->spaced : true,
                          current->begin, current->end});
        first = false;
      }
    }
    current.reset();
  };
  auto extend = [&](TokenKind kind, const std::string& piece, size_t begin, size_t end) {
    if (!current || current->kind != kind) {
      flush();
      current = Token{kind, "", spaced, begin, end};
      spaced = false;
    }
    current->text += piece;
    current->end = end;
  };

  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const auto begin = static_cast<size_t>(i);
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) c = 0xFFFD;  // ill-formed UTF-8 reads as the replacement character
    const auto end = static_cast<size_t>(i);
    const int8_t type = u_charType(c);
    if (type == U_DECIMAL_DIGIT_NUMBER) {
      extend(TokenKind::kNumber, std::string(1, static_cast<char>('0' + u_charDigitValue(c))),
             begin, end);
    } else if (u_isalpha(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) {
      extend(TokenKind::kWord, ToUtf8(c), begin, end);
    } else if (type == U_FORMAT_CHAR) {
      // Bidi marks and joiners are invisible: they neither separate nor belong to a token.
    } else if (u_isUWhiteSpace(c)) {
      flush();
      spaced = true;
    } else {
      flush();
      tokens.push_back({TokenKind::kPunct, PunctuationOf(c), spaced, begin, end});
      spaced = false;
    }
  }
  flush();
  return tokens;
}

}  // namespace timeline::normalize::date_internal
