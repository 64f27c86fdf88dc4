// ISO 3166-1 alpha-2 country codes from what datasets write: ISO numeric codes (ACLED `iso`),
// ISO alpha-3 codes (GDELT/CAMEO actor countries) and English country names in their many
// spellings ("Côte d'Ivoire", "Ivory Coast", "DR Congo (Zaire)"). ICU's region data does the
// work; a small alias table covers the dataset spellings ICU's English names miss.
// Each returns "" when it does not know the country.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace timeline::ingest {

// 466 -> "ML". Only current territories (not 891, Serbia and Montenegro, nor regions like 002).
std::string CountryCodeFromNumeric(int code);

// "MLI" -> "ML" (case-insensitive).
std::string CountryCodeFromAlpha3(absl::string_view code);

// "Mali", "MALI", "Côte d’Ivoire", "Cote d'Ivoire", "Ivory Coast", "Russia (Soviet Union)",
// "Democratic Republic of Congo" -> alpha-2. Compared case- and diacritic-insensitively, ignoring
// punctuation, "&"/"and", "St."/"Saint" and a leading "The"; a trailing parenthesis is dropped
// when the whole name is not known.
std::string CountryCodeFromName(absl::string_view name);

// The country an actor's name states: "Military Forces of Mali (2021-)" -> "ML", "Civilians
// (Burkina Faso)" -> "BF", "Government of Mali" -> "ML"; "" when it names none.
std::string CountryCodeOfActorName(absl::string_view name);

}  // namespace timeline::ingest
