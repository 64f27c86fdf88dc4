// Readings: what one date (one end of a range) states. Atoms (atoms.h) fill slots — day, month,
// year, weekday, direction, unit, clock… — in any order, so "17 September 2024", "September 17,
// 2024" and "١٧ سبتمبر ٢٠٢٤" are one reading. A slot stated twice differently is a conflict: the
// text may then be a range (ranges.h).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "normalize/date/atoms.h"
#include "normalize/date/sense.h"

namespace timeline::normalize::date_internal {

enum class Calendar { kUnstated, kGregorian, kHijri };

struct Reading {
  std::optional<int> year, month, day, weekday, iso_week, day_of_year, decade;
  std::optional<int> next_year;  // "winter 2023/2024"
  std::optional<int> ordinal;    // "third", "الثالث": placed by what it stands beside (Build)
  std::optional<int> period_months, period_index;  // "Q3": 3, 3; "the first half": 6, 1
  std::optional<int> nth;                          // "the second Sunday": 2; the last: -1
  std::optional<int> weekend;  // "this weekend": its first day, in days after Monday
  Calendar year_calendar = Calendar::kUnstated;
  Calendar month_calendar = Calendar::kUnstated;
  std::optional<int> relative_day;
  bool last_night = false;
  std::optional<Sense> direction;  // kLast, kNext, kThis
  std::optional<int> unit, count;
  bool ago = false;
  bool ahead = false;             // "in 3 weeks", "dans 3 semaines", "بعد 3 أسابيع"
  std::optional<int> extra_days;  // "1 month 21 days ago": the days after the months
  bool last_weekday = false;      // "the last Friday (of the month)": "last" before the weekday
  bool century_word = false;      // "century", "siècle", "القرن"
  std::optional<int> century;     // "the 21st century": 21
  std::optional<int> season, part;
  std::optional<Clock> clock;
  std::optional<Sense> bound;     // kBefore, kAfter, kSince, kUntil
  std::optional<Sense> relation;  // kEarlier, kLater
  bool approximate = false;
  bool vague = false;
  bool month_borrowed = false;  // a range end's month came from the other end ("15-17 Sept")
  bool from = false;            // "from X": since X, unless a range's end follows
  bool plural_unit = false;     // "days", "أيام": several, unless a number says how many
  bool two_digit_year = false;  // "05/05/89": the year is within a century not stated
  bool empty = true;            // only fillers
  std::string conflict;         // a slot stated twice differently: the text may be a range
  std::string error;            // words that cannot be read
};

// Which slots a reading fills, so each rule can reject the ones it does not use.
enum Field : unsigned {
  kYearField = 1u << 0,
  kMonthField = 1u << 1,
  kDayField = 1u << 2,
  kWeekdayField = 1u << 3,
  kIsoWeekField = 1u << 4,
  kDayOfYearField = 1u << 5,
  kDecadeField = 1u << 6,
  kRelativeDayField = 1u << 7,
  kDirectionField = 1u << 8,
  kUnitField = 1u << 9,
  kCountField = 1u << 10,
  kAgoField = 1u << 11,
  kSeasonField = 1u << 12,
  kPartField = 1u << 13,
  kClockField = 1u << 14,
  kRelationField = 1u << 15,
  kPeriodField = 1u << 16,
  kNthField = 1u << 17,
  kCenturyField = 1u << 18,
};

unsigned FieldsOf(const Reading& r);
// Whether a reading states a date, not only a time of day or a part of a period.
bool HasDateFields(const Reading& r);

// Reads atoms[begin, end) as one date.
Reading ReadAtoms(const std::vector<Atom>& atoms, size_t begin, size_t end);

}  // namespace timeline::normalize::date_internal
