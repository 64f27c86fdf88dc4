#include "normalize/match_key.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

namespace timeline::normalize {
namespace {

void CheckIcu(UErrorCode status, const char* what) {
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("MatchKey: ") + what + ": " + u_errorName(status));
  }
}

// Arabic letters that are spelled interchangeably but are distinct code points with no Unicode
// decomposition between them, so no ICU table unifies them. (Hamza forms of alef, waw and yeh
// need no entry: NFKD splits off the hamza/madda as a nonspacing mark, which is dropped.)
UChar32 MapArabicOrthography(UChar32 c) {
  switch (c) {
    case 0x0671:      // ٱ alef wasla
      return 0x0627;  // ا
    case 0x0629:      // ة teh marbuta
      return 0x0647;  // ه
    case 0x0649:      // ى alef maksura
    case 0x06CC:      // ی Farsi yeh
      return 0x064A;  // ي
    case 0x06A9:      // ک keheh (Persian/Urdu kaf)
      return 0x0643;  // ك
    default:
      return c;
  }
}

// Apostrophes and the marks that transliterations write for ayn and hamza: "N'Djamena" and
// "Ndjamena", "Ma’rib" and "Marib", "Sanʿaʾ" and "Sana" are spelled with and without them, so
// they join the letters around them rather than split a word.
bool IsApostrophe(UChar32 c) {
  switch (c) {
    case 0x0027:  // '
    case 0x0060:  // `
    case 0x02B9:  // ʹ modifier letter prime
    case 0x02BB:  // ʻ turned comma
    case 0x02BC:  // ʼ modifier letter apostrophe
    case 0x02BD:  // ʽ reversed comma
    case 0x02BE:  // ʾ right half ring (hamza)
    case 0x02BF:  // ʿ left half ring (ayn)
    case 0x2018:  // ‘
    case 0x2019:  // ’
    case 0x201B:  // ‛
    case 0x2032:  // ′ prime
      return true;
    default:
      return false;
  }
}

// Strips what does not tell spellings apart: nonspacing marks (diacritics, tashkeel, hamza and
// madda once NFKD has split them off), tatweel, apostrophes, and invisible format characters
// (bidi marks, soft hyphen, ZWNJ), which would otherwise split a word. Also unifies digits to
// ASCII.
icu::UnicodeString StripAndMap(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < in.length(); i = in.moveIndex32(i, 1)) {
    const UChar32 c = in.char32At(i);
    const int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_FORMAT_CHAR || c == 0x0640 /* tatweel */ ||
        IsApostrophe(c)) {
      continue;
    }
    if (type == U_DECIMAL_DIGIT_NUMBER) {
      out.append(static_cast<UChar32>(u'0' + u_charDigitValue(c)));
      continue;
    }
    out.append(MapArabicOrthography(c));
  }
  return out;
}

// Turns each run of separators into one space and trims the ends. Spacing combining marks (Mc)
// count as part of a word: in Indic scripts they are vowel signs inside words.
std::string JoinWords(const icu::UnicodeString& in) {
  icu::UnicodeString out;
  bool pending_space = false;
  for (int32_t i = 0; i < in.length(); i = in.moveIndex32(i, 1)) {
    const UChar32 c = in.char32At(i);
    if (u_isalnum(c) || u_charType(c) == U_COMBINING_SPACING_MARK) {
      if (pending_space && !out.isEmpty()) out.append(u' ');
      pending_space = false;
      out.append(c);
    } else {
      pending_space = true;
    }
  }
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace

std::string MatchKey(std::string_view utf8_name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  CheckIcu(status, "NFKD instance");
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  CheckIcu(status, "NFKC instance");

  // fromUTF8 replaces each ill-formed sequence with U+FFFD, which JoinWords treats as a separator.
  // ICU lengths are int32_t; a name beyond 2 GiB is keyed by its first 2 GiB rather than overflow.
  const auto length =
      static_cast<int32_t>(std::min<size_t>(utf8_name.size(), std::numeric_limits<int32_t>::max()));
  const icu::UnicodeString name =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8_name.data(), length));

  icu::UnicodeString text = nfkd->normalize(name, status);
  CheckIcu(status, "NFKD");
  text = StripAndMap(text);
  text.foldCase(U_FOLD_CASE_DEFAULT);
  text = nfkc->normalize(text, status);
  CheckIcu(status, "NFKC");
  return JoinWords(text);
}

}  // namespace timeline::normalize
