// Senses: what a word or a sign means to a date, as the lexicons (lexicon.h) give it, and the
// values some senses carry (a unit of time, a part of a month, a season, a.m. or p.m.). Every
// stage after the tokens speaks in senses: atoms carry them, readings fill slots by them.
#pragma once

namespace timeline::normalize::date_internal {

enum class Sense {
  kUnknown,
  kNumber,       // digits
  kClock,        // 10:30, 10:30:15.5
  kNumericDate,  // 17/09/2024, 2024.09.17, 09/2024
  kFiller,       // words and punctuation that carry no date: "on", "le", "في", ","
  kSlash,
  kPlus,
  kMonth,        // value 1-12
  kHijriMonth,   // value 1-12
  kWeekday,      // value 0 (Sunday) - 6
  kRelativeDay,  // value: days from the reference date
  kLastNight,
  kLast,
  kBeforeLast,  // "the week before last", "الأسبوع قبل الماضي"
  kNext,
  kAfterNext,  // "the week after next", "الأسبوع بعد القادم"
  kThis,
  kUnit,     // value: Unit; count: a number the word carries ("يومين", two days)
  kDecades,  // "années" (1990)
  kSeason,   // value: Season
  kPart,     // value: Part
  kAm,
  kPm,
  kPmOrCommonEra,  // Arabic م: p.m. after a time, "AD" after a year
  kPartOfDay,      // "morning", "مساء": value 0 a.m. / 1 p.m. after a time, else no date
  kHijriEra,
  kCommonEra,
  kOrdinalSuffix,  // 1st, 1er
  kHourMark,       // 10h30, 10 o'clock
  kTimeMarker,     // at, الساعة
  kUtc,
  kNumberWord,  // value
  kOrdinalWord,  // value: "first", "troisième", "الحادي والعشرين"; -1 for "الأخير" (last)
  kPeriodOfYear,  // value: its length in months: quarter 3, half 6
  kCentury,       // "century", "siècle", "القرن"
  kDecadeName,    // value: its first year: "السبعينيات" 1970
  kWeekend,       // value: its first day, in days after Monday (Saturday 5; Arabic: Friday 4)
  kAgo,           // postposed: "3 days ago"
  kAgoPrefix,     // preposed: "il y a 3 jours"
  kBeforeOrAgo,   // قبل: "ago" before a duration, "before" before a date
  kSinceOrAgo,    // منذ: "ago" before a duration, "since" before a date
  kBefore,
  kAfter,
  kSince,
  kUntil,
  kFrom,        // "since" alone, a filler as a range's start: "from 15 September (to …)"
  kTo,          // a range's "to"; a filler inside one end
  kAnd,         // a range's "and" (between … and …)
  kEquivalent,  // الموافق: the same day in another calendar
  kEarlier,
  kLater,
  kApproximate,
  kVague,       // "recently": names no definite time
  kOtherEvent,  // "the previous week", "le jour suivant": counts from an event, not the reference
};

enum Unit { kDayUnit = 1, kWeekUnit, kMonthUnit, kYearUnit };
// The count a plural unit word carries: "days", "أيام" say "several", not how many.
constexpr int kPlural = -1;
enum Part { kEarly = 1, kMid, kLate };
enum Season { kSpring = 1, kSummer, kAutumn, kWinter };
enum Meridiem { kAmValue = 0, kPmValue = 1 };

}  // namespace timeline::normalize::date_internal
