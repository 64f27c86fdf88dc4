// The words of country names, as match keys: the qualifiers that tell "Protesters (Zambia)" from
// "Protesters (Gambia)" and "Civilians (Niger)" from "Civilians (Nigeria)".
//
// Name resolution (name_resolution.h) lets two similar names link when their words pair up one
// letter apart at most; a word that names a country is never allowed to differ, because a
// one-letter difference there is another country, not a spelling. The words come from ICU's
// display names of every ISO 3166-1 region in English, French, Arabic, Portuguese and Spanish,
// plus the spellings conflict datasets use that ICU does not ("Ivory Coast", "DR Congo",
// "eSwatini"…).
#pragma once

#include <string_view>

namespace timeline::normalize {

// Whether `word` (one word of a match key, normalize/match_key.h) is a word of some country's
// name. Thread-safe; the set is built once.
bool IsCountryNameWord(std::string_view word);

}  // namespace timeline::normalize
