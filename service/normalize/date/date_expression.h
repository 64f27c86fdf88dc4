// Date expressions: the words a news article or a dataset uses for when something happened,
// turned into a span of instants with a precision (DateSpan), which the domain layer takes into
// its time model (domain/date_adapter.h; docs/architecture.md).
//
//   "17 September 2024" in Africa/Bamako       -> [2024-09-17T00:00Z, 2024-09-18T00:00Z), DAY
//   "الشهر الماضي" with reference 2024-10-12   -> [2024-09-01, 2024-10-01) in the zone, MONTH
//   "on Thursday" without a reference time    -> unresolved, with a warning
//
// Pure code: no I/O, no clock (relative words count from the reference time only, never from
// "now"). Anything the words do not determine stays unresolved with a warning; nothing is guessed.
//
// The text goes through these stages, each in its own file beside this one:
//
//   tokens.h     words folded with MatchKey (case, diacritics, tashkeel, tatweel, alef forms),
//                digits of any script as ASCII, punctuation kept:
//                "١٧ سبتمبر/أيلول" -> 17 · سبتمبر · / · ايلول
//   lexicon.h    the words of dates per language (lexicon_english.cc, lexicon_french.cc,
//                lexicon_arabic.cc): phrase tables that give each word a sense (sense.h)
//   atoms.h      tokens read through the lexicons, and joined into clock times (10:30) and
//                numeric dates (17/09/2024)
//   reading.h    atoms fill slots (day, month, year, weekday, direction, unit, clock…) in any
//                order, so "17 September 2024", "September 17, 2024" and "١٧ سبتمبر ٢٠٢٤" are one
//                rule. A slot stated twice differently is a conflict: the text is then split at a
//                connector ("-", "to", "au", "إلى"…) into the two ends of a range (ranges.h).
//   rules.h      one rule per kind of statement, in calendar arithmetic in the zone
//                (local_interval.h, calendar_unit.h; date/tz.h): relative_rules.h for what
//                counts from the reference ("last September"), calendar_rules.h for stated dates,
//                hijri.h for Hijri dates (ICU Umm al-Qura); rule_env.h for what they all read in
//   bounds.h     the local interval as instants
//
// ISO 8601 has its own small parser that yields the same readings (iso8601.h).
//
// Rules where the words leave a choice (news reports the past):
//  - A year-less month, day or season is the latest one that starts on or before the reference
//    date; a weekday alone is the latest such day on or before it. Both add a warning.
//  - "last X" is the latest X that ended before the reference's own month (day, for weekdays);
//    "next X" the earliest that starts after it; "this X" the one containing the reference (for
//    a weekday: in the reference's ISO week); "this September" said in October is ambiguous.
//    With a day ("le 5 octobre dernier", "17 سبتمبر الماضي"), the latest such date before the
//    reference date, or the earliest after it.
//  - "last/this/next week|month|year" and "N units ago" are whole calendar units (ISO weeks);
//    "days ago", "قبل أيام" (no number) are vague.
//  - A range runs from the start of its first end to the end of its last ("15-17 Sept" ends
//    with the 17th). An end without a year takes it from the other end: the same month's year
//    for "15-17 Sept", else the latest such date not after the other end ("28 December to 3
//    January 2025" starts in 2024). "from X" with no second end means since X.
//  - Seasons are meteorological, northern hemisphere: spring Mar-May, summer Jun-Aug, autumn
//    Sep-Nov, winter Dec-Feb; "winter 2024" is Dec 2023-Feb 2024 (with a warning), "winter
//    2023/2024" says it outright.
//  - early/mid/late: days 1-10, 11-20 and 21-end of a month (DAY); of a year, Jan-Apr, May-Aug,
//    Sep-Dec (MONTH).
//  - "earlier this month" runs from the month's start to the end of the reference day; "later
//    this month" from the reference day to the month's end (DAY).
//  - A time with seconds is an INSTANT ([t, t + 1µs), as EndOfUnit completes it).
//  - A numeric date whose day and month could be swapped (03/04/2024) stays unresolved.
//  - Hijri dates use the Umm al-Qura calendar (normalize/date/hijri.h).
//    A Hijri month with a year of 1600 or more and no era ("رمضان 2024", "Ramadan 2016") is that
//    month in the Gregorian year; where it falls in it twice or across its turn, the span covers
//    every occurrence, with a warning. A year of 1501-1599 with no era is ambiguous.
//  - "after next" is two units on: "the week after next", "الأسبوع بعد القادم".
//  - A relative day beside a stated date ("اليوم 6 مايو", "Today, May 6"): the stated date wins,
//    in the year nearest the relative day, with a warning when the two differ. A weekday or a
//    bare day number that disagrees with the relative day leaves the span unresolved.
//  - A connector between a relative end and a stated one is a range ("from 1 August 2019 to
//    today", "اليوم حتى 22 أكتوبر"); without a reference time it is unresolved as a whole.
//  - "22/04" is a day and month, read as other year-less dates; "05/05/89" takes the latest year
//    ending in 89 not after the reference year (no reference: unresolved).
//  - Quarters and halves are months (MONTH); without a year, the latest that starts by the
//    reference. Decades "the 70s" are the 1900s from the 30s on ("the 20s" is unresolved);
//    the 21st century is 2001-2100 (YEAR).
//  - "in 3 weeks" is the whole ISO week three weeks on, as "3 weeks ago" is three back;
//    "1 month 21 days ago" is one day.
//  - A weekend is Saturday-Sunday of its ISO week; Arabic "عطلة نهاية الأسبوع" Friday-Sunday
//    (both weekends of the Arab world). Early/mid/late in a week: Mon-Wed, Tue-Thu, Thu-Sun.
//  - "Friday the 22nd": the one such day within 31 days of the reference, else unresolved.
//  - "the first Friday of July": in the year-less month's year; "of the month" is the
//    reference's month. "the first week of May" is unresolved (which week is not said).
//  - A weekday that contradicts the stated date is reported in a warning; the date wins. Beside a
//    Hijri date widened for the sighting, the weekday picks its day.
//  - A dateline's place and agency, set apart by its punctuation, are set aside ("BAMAKO, Oct 12
//    (Reuters) -"), only when the whole text does not read (dateline.h).
//  - A part of a day, or an approximate time ("late Monday", "vers 6h mardi"), is the whole day.
//  - "the" unit with a part or a numbered period ("the start of the year", "the first half of the
//    year") is the reference's; "last quarter" the one before the reference's; a bare weekend the
//    latest that starts on or before the reference.
//  - Unresolved: a window counted from the moment of writing ("the coming days", "les trois
//    derniers jours") and a day counted from another event ("the previous day", "le jour
//    suivant").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "normalize/date/calendar_unit.h"

namespace timeline::normalize {

// When something happened, as far as the words say: somewhere in [start, end), in the unit the
// words state, read in time_zone.
struct DateSpan {
  std::optional<Micros> start;  // inclusive; unset = unknown
  std::optional<Micros> end;    // exclusive; unset = unknown
  DatePrecision precision = DatePrecision::kUnknown;
  std::string time_zone = "UTC";
  std::string text;

  bool resolved() const { return start.has_value() || end.has_value(); }
};

struct DateContext {
  // What relative words count from (an article's publication time). Unset: relative words
  // ("yesterday", "on Thursday", "last September") leave the span unresolved.
  std::optional<Micros> reference;
  // The IANA zone the words are read in; local dates and times are converted from it.
  std::string time_zone = "UTC";
};

struct DateParse {
  // Resolved: start and end set ([start, end)), a precision, time_zone, and text = the input.
  // Unresolved: no bounds, kUnknown, text = the input.
  DateSpan span;
  // Why the span is unresolved or what was assumed, for people ("no reference time for the
  // relative date \"أمس\""). Empty when the words determined the span completely.
  std::vector<std::string> warnings;
};

// Reads `text` (English, French or Arabic; ISO 8601; Hijri dates) in `context`.
// Never fails: words it cannot read give an unresolved span and a warning.
DateParse ParseDateExpression(std::string_view text, const DateContext& context);

namespace date_internal {

struct Token;

// ParseDateExpression for a caller that holds the text's tokens already (date_extraction.cc reads
// many windows of one text, each a run of the text's tokens): `tokens` must equal Tokenize(text).
DateParse ParseTokenizedDateExpression(std::string_view text, const std::vector<Token>& tokens,
                                       const DateContext& context);

}  // namespace date_internal

}  // namespace timeline::normalize
