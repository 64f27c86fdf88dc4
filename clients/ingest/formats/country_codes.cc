#include "formats/country_codes.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>
#include <unicode/uregion.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "formats/fields.h"

namespace timeline::ingest {
namespace {

// Dataset spellings (ACLED, UCDP, GDELT/FIPS names) that ICU's English names do not give.
// Keys are written as people write them; they go through NameKey() like every name.
constexpr std::pair<const char*, const char*> kAliases[] = {
    {"Ivory Coast", "CI"},
    {"Democratic Republic of Congo", "CD"},
    {"Democratic Republic of the Congo", "CD"},
    {"Congo, Democratic Republic of the", "CD"},
    {"DR Congo", "CD"},
    {"DRC", "CD"},
    {"Zaire", "CD"},
    {"Republic of Congo", "CG"},
    {"Republic of the Congo", "CG"},
    {"Congo", "CG"},
    {"Congo, Republic of the", "CG"},
    {"Czech Republic", "CZ"},
    {"Swaziland", "SZ"},
    {"Kingdom of eSwatini", "SZ"},
    {"Burma", "MM"},
    {"Palestine", "PS"},
    {"West Bank", "PS"},
    {"Gaza Strip", "PS"},
    {"Macedonia", "MK"},
    {"Macedonia, FYR", "MK"},
    {"Cabo Verde", "CV"},
    {"East Timor", "TL"},
    {"Vatican", "VA"},
    {"Holy See", "VA"},
    {"Hong Kong", "HK"},
    {"Macau", "MO"},
    {"Macao", "MO"},
    {"Turkiye", "TR"},
    {"United States of America", "US"},
    {"USA", "US"},
    {"Great Britain", "GB"},
    {"Britain", "GB"},
    {"UK", "GB"},
    {"Bosnia-Herzegovina", "BA"},
    {"Bosnia", "BA"},
    {"Saint Vincent and the Grenadines", "VC"},
    {"Surinam", "SR"},
    {"Brunei Darussalam", "BN"},
    {"Russian Federation", "RU"},
    {"Syrian Arab Republic", "SY"},
    {"Iran, Islamic Republic of", "IR"},
    {"Lao PDR", "LA"},
    {"Viet Nam", "VN"},
    {"Korea, North", "KP"},
    {"Korea, South", "KR"},
    {"Micronesia, Federated States of", "FM"},
};

void AppendUtf8(const icu::UnicodeString& in, std::string* out) { in.toUTF8String(*out); }

// Lower case, no diacritics, no apostrophes, "&" as "and", "saint" as "st", other punctuation as
// spaces, single spaces, no leading "the".
std::string NameKey(absl::string_view name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status)) return AsciiLower(Trim(name));
  const icu::UnicodeString decomposed =
      nfkd->normalize(icu::UnicodeString::fromUTF8(
                          icu::StringPiece(name.data(), static_cast<int32_t>(name.size()))),
                      status);
  if (U_FAILURE(status)) return AsciiLower(Trim(name));
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 c = decomposed.char32At(i);
    const int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_FORMAT_CHAR) continue;
    if (c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC) continue;  // apostrophes
    if (c == '&') {
      kept.append(u" and ");
    } else if (u_isalnum(c)) {
      kept.append(u_foldCase(c, U_FOLD_CASE_DEFAULT));
    } else {
      kept.append(u' ');
    }
  }
  std::string folded;
  AppendUtf8(kept, &folded);
  std::vector<std::string> words = absl::StrSplit(folded, ' ', absl::SkipEmpty());
  if (!words.empty() && words.front() == "the") words.erase(words.begin());
  for (std::string& w : words) {
    if (w == "saint") w = "st";
  }
  return absl::StrJoin(words, " ");
}

// Drops a trailing "(…)": "Russia (Soviet Union)" -> "Russia".
absl::string_view WithoutTrailingParenthesis(absl::string_view name) {
  name = Trim(name);
  if (name.empty() || name.back() != ')') return name;
  const size_t open = name.rfind('(');
  if (open == absl::string_view::npos) return name;
  return Trim(name.substr(0, open));
}

struct Tables {
  std::map<std::string, std::string, std::less<>> by_name;    // NameKey -> alpha-2
  std::map<std::string, std::string, std::less<>> by_alpha3;  // "MLI" -> "ML"
};

const Tables& GetTables() {
  static const Tables* tables = [] {
    auto* t = new Tables;
    for (const char* const* c = uloc_getISOCountries(); *c != nullptr; ++c) {
      const icu::Locale locale("", *c);
      icu::UnicodeString display;
      locale.getDisplayCountry(icu::Locale::getEnglish(), display);
      std::string english;
      AppendUtf8(display, &english);
      t->by_name.emplace(NameKey(english), *c);
      // "Myanmar (Burma)" is also "Myanmar".
      t->by_name.emplace(NameKey(WithoutTrailingParenthesis(english)), *c);
      const std::string alpha3 = locale.getISO3Country();
      if (alpha3.size() == 3) t->by_alpha3.emplace(alpha3, *c);
    }
    for (const auto& [alias, code] : kAliases) t->by_name.emplace(NameKey(alias), code);
    return t;
  }();
  return *tables;
}

std::string LookUpName(absl::string_view name) {
  const Tables& t = GetTables();
  const std::string key = NameKey(name);
  if (key.empty()) return "";
  auto it = t.by_name.find(key);
  return it == t.by_name.end() ? "" : it->second;
}

}  // namespace

std::string CountryCodeFromNumeric(int code) {
  if (code <= 0) return "";
  UErrorCode status = U_ZERO_ERROR;
  const URegion* region = uregion_getRegionFromNumericCode(code, &status);
  if (U_FAILURE(status) || region == nullptr || uregion_getType(region) != URGN_TERRITORY) {
    return "";
  }
  const std::string alpha2 = uregion_getRegionCode(region);
  if (alpha2.size() != 2 || alpha2 == "ZZ") return "";
  return alpha2;
}

std::string CountryCodeFromAlpha3(absl::string_view code) {
  const std::string upper = absl::AsciiStrToUpper(Trim(code));
  if (upper.size() != 3) return "";
  const Tables& t = GetTables();
  auto it = t.by_alpha3.find(upper);
  return it == t.by_alpha3.end() ? "" : it->second;
}

std::string CountryCodeFromName(absl::string_view name) {
  std::string code = LookUpName(name);
  if (code.empty()) {
    const absl::string_view stripped = WithoutTrailingParenthesis(name);
    if (stripped.size() != Trim(name).size()) code = LookUpName(stripped);
  }
  return code;
}

std::string CountryCodeOfActorName(absl::string_view name) {
  name = Trim(name);
  // "Civilians (Mali)", "Protesters (Burkina Faso)"
  if (!name.empty() && name.back() == ')') {
    const size_t open = name.rfind('(');
    if (open != absl::string_view::npos) {
      std::string code = LookUpName(name.substr(open + 1, name.size() - open - 2));
      if (!code.empty()) return code;
    }
  }
  // "Military Forces of Mali (2021-)", "Government of Mali"
  absl::string_view base = name;
  for (;;) {
    const absl::string_view stripped = WithoutTrailingParenthesis(base);
    if (stripped.size() == base.size()) break;
    base = stripped;
  }
  const size_t of = base.rfind(" of ");
  if (of == absl::string_view::npos) return "";
  return LookUpName(base.substr(of + 4));
}

}  // namespace timeline::ingest
