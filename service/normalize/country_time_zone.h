// The time zone of a country that has exactly one, from ICU's zone data: the second rule of
// every place's zone (docs/places.md): a place whose record names no zone takes its country's
// when the country has only one ("SO" -> "Africa/Mogadishu"); a country with several ("CD", "US")
// gives none, and the nearer rules decide.
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace timeline::normalize {

// The only canonical location zone ICU knows for `country_code` (ISO 3166-1 alpha-2, any case)
// that the service can read dates in; none for an unknown code or a country with several zones.
std::optional<std::string> OnlyTimeZoneOfCountry(absl::string_view country_code);

}  // namespace timeline::normalize
