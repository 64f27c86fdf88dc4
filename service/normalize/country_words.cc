#include "normalize/country_words.h"

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_split.h"
#include "normalize/match_key.h"
#include "unicode/uloc.h"
#include "unicode/ustring.h"

namespace timeline::normalize {
namespace {

constexpr const char* kLanguages[] = {"en", "fr", "ar", "pt", "es"};

// Names ACLED, UCDP and GDELT use that are not ICU's display names.
constexpr const char* kDatasetSpellings[] = {
    "Ivory Coast",       "Cote d'Ivoire",  "DR Congo",  "Democratic Republic of Congo",
    "Republic of Congo", "eSwatini",       "Swaziland", "Burma",
    "Cape Verde",        "Gambia",         "Palestine", "Western Sahara",
    "East Timor",        "Czech Republic", "Macedonia", "Kosovo",
    "Somaliland",        "Zaire",          "Dahomey",   "Upper Volta",
};

void AddWordsOf(std::string_view name, absl::flat_hash_set<std::string>& words) {
  for (absl::string_view word : absl::StrSplit(MatchKey(name), ' ', absl::SkipEmpty())) {
    words.emplace(word);
  }
}

std::string DisplayCountry(const char* code, const char* language) {
  const std::string locale = std::string("und_") + code;
  UChar buffer[256];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = uloc_getDisplayCountry(locale.c_str(), language, buffer, 256, &status);
  if (U_FAILURE(status) || length <= 0) return "";
  char utf8[1024];
  int32_t utf8_length = 0;
  u_strToUTF8(utf8, sizeof utf8, &utf8_length, buffer, length, &status);
  if (U_FAILURE(status)) return "";
  return std::string(utf8, static_cast<size_t>(utf8_length));
}

absl::flat_hash_set<std::string> BuildCountryWords() {
  absl::flat_hash_set<std::string> words;
  for (const char* const* code = uloc_getISOCountries(); *code != nullptr; ++code) {
    for (const char* language : kLanguages) AddWordsOf(DisplayCountry(*code, language), words);
  }
  for (const char* name : kDatasetSpellings) AddWordsOf(name, words);
  return words;
}

}  // namespace

bool IsCountryNameWord(std::string_view word) {
  static const absl::flat_hash_set<std::string>* const words =
      new absl::flat_hash_set<std::string>(BuildCountryWords());
  return words->contains(absl::string_view(word.data(), word.size()));
}

}  // namespace timeline::normalize
