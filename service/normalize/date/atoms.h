// Atoms: tokens (tokens.h) with their meaning. Words are read through the lexicons (lexicon.h);
// numbers joined by ":" become clock times (10:30, 10:30:15.5), numbers joined by one separator
// numeric dates (17/09/2024, 2024.09.17, 09/2024); punctuation becomes fillers, slashes and
// connectors.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "normalize/date/sense.h"
#include "normalize/date/tokens.h"

namespace timeline::normalize::date_internal {

struct Clock {
  int hour = 0;
  int minute = -1;  // -1: not stated (hour precision)
  int second = -1;  // -1: not stated (minute precision)
  int micros = 0;
  std::optional<int> meridiem;        // Meridiem
  std::optional<int> offset_minutes;  // a stated UTC offset

  bool operator==(const Clock&) const = default;
};

struct NumberField {
  int value;
  size_t digits;
};

struct Atom {
  Sense sense = Sense::kUnknown;
  int value = 0;                    // see Sense; the number for kNumber (-1 when too long)
  int count = 0;                    // kUnit
  int number = 0;                   // a word that is also a number word; 0 = none
  size_t digits = 0;                // kNumber
  bool spaced = true;               // whitespace before it
  Clock clock;                      // kClock
  std::vector<NumberField> fields;  // kNumericDate, in written order
  std::string text;                 // the folded token, for messages
  size_t end_token = 0;             // kNumericDate: the token after its last number
};

std::vector<Atom> ToAtoms(const std::vector<Token>& tokens);

}  // namespace timeline::normalize::date_internal
