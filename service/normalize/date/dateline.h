// Datelines: the place and the agency a wire story writes around its date ("BAMAKO, Oct 12
// (Reuters) -", "الخرطوم - 12 أكتوبر 2024", "Paris, le 3 mars 2023 (AFP)", "RFI, 17/09/2024").
// No lexicon knows those words, so the whole text does not read; set apart by the dateline's
// punctuation they say nothing about the date, and the date between them is read alone.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "normalize/date/atoms.h"

namespace timeline::normalize::date_internal {

// The atoms [first, end) between a dateline's place and agency, when `atoms` has that shape:
// one to four unknown words then ",", "-" or ":" before the date, and/or unknown words in
// parentheses after it (then maybe a dash). Nothing else unknown is set aside.
struct DatelineDate {
  size_t first = 0;
  size_t end = 0;
};
std::optional<DatelineDate> FindDatelineDate(const std::vector<Atom>& atoms);

}  // namespace timeline::normalize::date_internal
