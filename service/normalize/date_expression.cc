// Date expressions to spans (DESIGN.md §5). The text goes through four stages, in file order:
//
//   tokens   words folded with MatchKey (case, diacritics, tashkeel, tatweel, alef forms), digits
//            of any script as ASCII, punctuation kept: "١٧ سبتمبر/أيلول" -> 17 · سبتمبر · / · ايلول
//   atoms    tokens read through the per-language lexicons (phrase tables), and joined into clock
//            times (10:30) and numeric dates (17/09/2024)
//   reading  atoms fill slots (day, month, year, weekday, direction, unit, clock…) in any order,
//            so "17 September 2024", "September 17, 2024" and "١٧ سبتمبر ٢٠٢٤" are one rule. A slot
//            stated twice differently is a conflict: the text is then split at a connector ("-",
//            "to", "au", "إلى"…) into the two ends of a range.
//   span     calendar arithmetic in the zone (date/tz.h; date/islamic.h for Hijri dates).
//
// ISO 8601 has its own small parser that yields the same readings.
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
//  - A time with seconds is an INSTANT ([t, t + 1µs), as domain::EndOfUnit completes it).
//  - A numeric date whose day and month could be swapped (03/04/2024) stays unresolved.
//  - Hijri dates use the tabular calendar, widened by a day on each side (DAY), with a warning.
//  - A weekday that contradicts the stated date is reported in a warning; the date wins.
#include "normalize/date_expression.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "date/date.h"
#include "date/islamic.h"
#include "date/tz.h"
#include "normalize/match_key.h"

namespace timeline::normalize {
namespace {

using date::days;
using date::local_days;
using date::months;
using date::year_month;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using LocalTime = date::local_time<microseconds>;
using Warnings = std::vector<std::string>;

// Longer texts are sentences, not date expressions; reading them would only waste time.
constexpr size_t kMaxTextBytes = 1000;
constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;

absl::Status Unreadable(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

// The text as it can appear in a message: valid UTF-8, at most 60 characters.
std::string Quoted(std::string_view text) {
  constexpr int32_t kMaxChars = 60;
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(std::min(text.size(), kMaxTextBytes))));
  const bool cut = s.countChar32() > kMaxChars;
  if (cut) s.truncate(s.moveIndex32(0, kMaxChars));
  std::string out = "\"";
  s.toUTF8String(out);
  return out + (cut ? "…\"" : "\"");
}

// ---------------------------------------------------------------------------------------------
// Tokens

enum class TokenKind { kWord, kNumber, kPunct };

struct Token {
  TokenKind kind;
  std::string text;     // word: folded by MatchKey; number: ASCII digits; punct: one character
  bool spaced = false;  // whitespace before it
};

std::string ToUtf8(UChar32 c) {
  std::string out;
  icu::UnicodeString(c).toUTF8String(out);
  return out;
}

// Spellings of the same punctuation become one, so the rules below name only ASCII.
std::string PunctuationOf(UChar32 c) {
  switch (c) {
    case 0x060C:  // ، Arabic comma
      return ",";
    case 0x061B:  // ؛ Arabic semicolon
      return ";";
    case 0x2018:
    case 0x2019:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x00AB:
    case 0x00BB:
      return "\"";
    case 0x2212:  // minus sign
      return "-";
    default:
      break;
  }
  if (u_charType(c) == U_DASH_PUNCTUATION) return "-";
  return ToUtf8(c);
}

std::vector<std::string> SplitOnSpaces(const std::string& text) {
  std::vector<std::string> parts;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find(' ', begin);
    if (end == std::string::npos) end = text.size();
    if (end > begin) parts.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return parts;
}

std::vector<Token> Tokenize(std::string_view text) {
  const icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::vector<Token> tokens;
  std::optional<Token> current;
  bool spaced = false;

  auto flush = [&] {
    if (!current) return;
    if (current->kind != TokenKind::kWord) {
      tokens.push_back(std::move(*current));
    } else {
      // Folding can drop a word (marks only) or, rarely, split it.
      bool first = true;
      for (std::string& part : SplitOnSpaces(MatchKey(current->text))) {
        tokens.push_back({TokenKind::kWord, std::move(part), first ? current->spaced : true});
        first = false;
      }
    }
    current.reset();
  };
  auto extend = [&](TokenKind kind, const std::string& piece) {
    if (!current || current->kind != kind) {
      flush();
      current = Token{kind, "", spaced};
      spaced = false;
    }
    current->text += piece;
  };

  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    const UChar32 c = s.char32At(i);
    const int8_t type = u_charType(c);
    if (type == U_DECIMAL_DIGIT_NUMBER) {
      extend(TokenKind::kNumber, std::string(1, static_cast<char>('0' + u_charDigitValue(c))));
    } else if (u_isalpha(c) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) {
      extend(TokenKind::kWord, ToUtf8(c));
    } else if (type == U_FORMAT_CHAR) {
      // Bidi marks and joiners are invisible: they neither separate nor belong to a token.
    } else if (u_isUWhiteSpace(c)) {
      flush();
      spaced = true;
    } else {
      flush();
      tokens.push_back({TokenKind::kPunct, PunctuationOf(c), spaced});
      spaced = false;
    }
  }
  flush();
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Lexicons

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
  kNumberWord,   // value
  kAgo,          // postposed: "3 days ago"
  kAgoPrefix,    // preposed: "il y a 3 jours"
  kBeforeOrAgo,  // قبل: "ago" before a duration, "before" before a date
  kSinceOrAgo,   // منذ: "ago" before a duration, "since" before a date
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
  kVague,  // "recently": names no definite time
};

enum Unit { kDayUnit = 1, kWeekUnit, kMonthUnit, kYearUnit };
// The count a plural unit word carries: "days", "أيام" say "several", not how many.
constexpr int kPlural = -1;
enum Part { kEarly = 1, kMid, kLate };
enum Season { kSpring = 1, kSummer, kAutumn, kWinter };
enum Meridiem { kAmValue = 0, kPmValue = 1 };

struct LexiconEntry {
  constexpr LexiconEntry(std::string_view p, Sense s, int v = 0, int c = 0)
      : phrases(p), sense(s), value(v), count(c) {}
  // Spellings of one meaning, separated by "|", as written; folded with MatchKey when the
  // lexicon is built, so case, accents, hamza and tashkeel variants need no entry of their own.
  std::string_view phrases;
  Sense sense;
  int value;
  int count;  // kUnit: the number the word carries ("يومين", two days), or kPlural
};

using S = Sense;

constexpr LexiconEntry kEnglish[] = {
    {"january|jan", S::kMonth, 1},
    {"february|feb", S::kMonth, 2},
    {"march|mar", S::kMonth, 3},
    {"april|apr", S::kMonth, 4},
    {"may", S::kMonth, 5},
    {"june|jun", S::kMonth, 6},
    {"july|jul", S::kMonth, 7},
    {"august|aug", S::kMonth, 8},
    {"september|sept|sep", S::kMonth, 9},
    {"october|oct", S::kMonth, 10},
    {"november|nov", S::kMonth, 11},
    {"december|dec", S::kMonth, 12},
    {"muharram", S::kHijriMonth, 1},
    {"safar", S::kHijriMonth, 2},
    {"rabi al-awwal|rabi' al-awwal", S::kHijriMonth, 3},
    {"rabi al-thani|rabi al-akhir", S::kHijriMonth, 4},
    {"jumada al-ula|jumada al-awwal", S::kHijriMonth, 5},
    {"jumada al-akhirah|jumada al-thani", S::kHijriMonth, 6},
    {"rajab", S::kHijriMonth, 7},
    {"shaban|sha'ban", S::kHijriMonth, 8},
    {"ramadan", S::kHijriMonth, 9},
    {"shawwal", S::kHijriMonth, 10},
    {"dhu al-qadah|dhu al-qi'dah", S::kHijriMonth, 11},
    {"dhu al-hijjah|dhul-hijjah", S::kHijriMonth, 12},
    {"sunday|sun", S::kWeekday, 0},
    {"monday|mon", S::kWeekday, 1},
    {"tuesday|tue|tues", S::kWeekday, 2},
    {"wednesday|wed", S::kWeekday, 3},
    {"thursday|thu|thur|thurs", S::kWeekday, 4},
    {"friday|fri", S::kWeekday, 5},
    {"saturday|sat", S::kWeekday, 6},
    {"the day before yesterday|day before yesterday", S::kRelativeDay, -2},
    {"yesterday", S::kRelativeDay, -1},
    {"today|tonight|this morning|this afternoon|this evening", S::kRelativeDay, 0},
    {"tomorrow", S::kRelativeDay, 1},
    {"the day after tomorrow|day after tomorrow", S::kRelativeDay, 2},
    {"last night", S::kLastNight},
    {"last|previous", S::kLast},
    {"before last", S::kBeforeLast},
    {"next|coming", S::kNext},
    {"this|current", S::kThis},
    {"day", S::kUnit, kDayUnit},
    {"week", S::kUnit, kWeekUnit},
    {"month", S::kUnit, kMonthUnit},
    {"year", S::kUnit, kYearUnit},
    {"days", S::kUnit, kDayUnit, kPlural},
    {"weeks", S::kUnit, kWeekUnit, kPlural},
    {"months", S::kUnit, kMonthUnit, kPlural},
    {"years", S::kUnit, kYearUnit, kPlural},
    {"spring", S::kSeason, kSpring},
    {"summer", S::kSeason, kSummer},
    {"autumn|fall", S::kSeason, kAutumn},
    {"winter", S::kSeason, kWinter},
    {"early|beginning of|the beginning of|start of|the start of", S::kPart, kEarly},
    {"mid|middle of|the middle of", S::kPart, kMid},
    {"late|end of|the end of", S::kPart, kLate},
    {"am|a.m.|in the morning", S::kAm},
    {"pm|p.m.|in the afternoon|in the evening|at night", S::kPm},
    {"morning", S::kPartOfDay, kAmValue},
    {"afternoon|evening", S::kPartOfDay, kPmValue},
    {"ad|a.d.|c.e.", S::kCommonEra},
    {"ah|a.h.", S::kHijriEra},
    {"st|nd|rd|th", S::kOrdinalSuffix},
    {"o'clock", S::kHourMark},
    {"at", S::kTimeMarker},
    {"utc|gmt", S::kUtc},
    {"a|an|one", S::kNumberWord, 1},
    {"two", S::kNumberWord, 2},
    {"three", S::kNumberWord, 3},
    {"four", S::kNumberWord, 4},
    {"five", S::kNumberWord, 5},
    {"six", S::kNumberWord, 6},
    {"seven", S::kNumberWord, 7},
    {"eight", S::kNumberWord, 8},
    {"nine", S::kNumberWord, 9},
    {"ten", S::kNumberWord, 10},
    {"ago", S::kAgo},
    {"before", S::kBefore},
    {"after", S::kAfter},
    {"since", S::kSince},
    {"from", S::kFrom},
    {"until|till", S::kUntil},
    {"to|through", S::kTo},
    {"and", S::kAnd},
    {"earlier", S::kEarlier},
    {"later", S::kLater},
    {"around|about|approximately|circa", S::kApproximate},
    {"recently|lately|currently|now|soon|nowadays|these days|in recent years|recent years|"
     "in the past|some time ago|the other day|few|a few|several|some",
     S::kVague},
    {"on|in|of|the|between|during", S::kFiller},
};

constexpr LexiconEntry kFrench[] = {
    {"janvier|janv", S::kMonth, 1},
    {"février|févr|fév", S::kMonth, 2},
    {"mars", S::kMonth, 3},
    {"avril|avr", S::kMonth, 4},
    {"mai", S::kMonth, 5},
    {"juin", S::kMonth, 6},
    {"juillet|juil", S::kMonth, 7},
    {"août", S::kMonth, 8},
    {"septembre|sept", S::kMonth, 9},
    {"octobre|oct", S::kMonth, 10},
    {"novembre|nov", S::kMonth, 11},
    {"décembre|déc", S::kMonth, 12},
    {"mouharram", S::kHijriMonth, 1},
    {"ramadan", S::kHijriMonth, 9},
    {"chawwal", S::kHijriMonth, 10},
    {"dimanche", S::kWeekday, 0},
    {"lundi", S::kWeekday, 1},
    {"mardi", S::kWeekday, 2},
    {"mercredi", S::kWeekday, 3},
    {"jeudi", S::kWeekday, 4},
    {"vendredi", S::kWeekday, 5},
    {"samedi", S::kWeekday, 6},
    {"avant-hier", S::kRelativeDay, -2},
    {"hier", S::kRelativeDay, -1},
    {"aujourd'hui|ce matin|ce soir|cet après-midi", S::kRelativeDay, 0},
    {"demain", S::kRelativeDay, 1},
    {"après-demain", S::kRelativeDay, 2},
    {"la nuit dernière", S::kLastNight},
    {"dernier|dernière|passé|passée|précédent|précédente", S::kLast},
    {"prochain|prochaine", S::kNext},
    {"ce|cet|cette|en cours", S::kThis},
    {"jour", S::kUnit, kDayUnit},
    {"semaine", S::kUnit, kWeekUnit},
    {"mois", S::kUnit, kMonthUnit},
    {"an|année", S::kUnit, kYearUnit},
    {"jours", S::kUnit, kDayUnit, kPlural},
    {"semaines", S::kUnit, kWeekUnit, kPlural},
    {"ans", S::kUnit, kYearUnit, kPlural},
    {"années", S::kDecades},
    {"printemps", S::kSeason, kSpring},
    {"été", S::kSeason, kSummer},
    {"automne", S::kSeason, kAutumn},
    {"hiver", S::kSeason, kWinter},
    {"début", S::kPart, kEarly},
    {"mi|milieu", S::kPart, kMid},
    {"fin", S::kPart, kLate},
    {"du matin", S::kAm},
    {"du soir|de l'après-midi", S::kPm},
    {"matin", S::kPartOfDay, kAmValue},
    {"soir|après-midi|nuit", S::kPartOfDay, kPmValue},
    {"er|re|e|ème", S::kOrdinalSuffix},
    {"h|heure|heures", S::kHourMark},
    {"un|une", S::kNumberWord, 1},
    {"deux", S::kNumberWord, 2},
    {"trois", S::kNumberWord, 3},
    {"quatre", S::kNumberWord, 4},
    {"cinq", S::kNumberWord, 5},
    {"six", S::kNumberWord, 6},
    {"sept", S::kNumberWord, 7},  // also September: a number only before a unit
    {"huit", S::kNumberWord, 8},
    {"neuf", S::kNumberWord, 9},
    {"dix", S::kNumberWord, 10},
    {"il y a", S::kAgoPrefix},
    {"avant", S::kBefore},
    {"après", S::kAfter},
    {"depuis|à partir de|à partir du|dès le", S::kSince},
    {"jusqu'au|jusqu'à|jusqu'en", S::kUntil},
    {"au|à", S::kTo},
    {"et", S::kAnd},
    {"plus tôt", S::kEarlier},
    {"plus tard", S::kLater},
    {"vers|environ", S::kApproximate},
    {"récemment|dernièrement|actuellement|maintenant|bientôt|ces dernières années|"
     "ces derniers temps|ces derniers jours|quelques|plusieurs|des jours|des semaines|des mois|"
     "des années",
     S::kVague},
    {"le|la|les|l|de|du|des|d|en|dans|pendant|entre|courant|ci", S::kFiller},
};

// Arabic months as written in Egypt and the Gulf, in the Levant and Iraq, and in the Maghreb.
constexpr LexiconEntry kArabic[] = {
    {"يناير|كانون الثاني|جانفي", S::kMonth, 1},
    {"فبراير|شباط|فيفري", S::kMonth, 2},
    {"مارس|آذار", S::kMonth, 3},
    {"أبريل|ابريل|نيسان|أفريل", S::kMonth, 4},
    {"مايو|أيار|ماي", S::kMonth, 5},
    {"يونيو|يونيه|حزيران|جوان", S::kMonth, 6},
    {"يوليو|يوليه|تموز|جويلية|يوليوز", S::kMonth, 7},
    {"أغسطس|آب|أوت|غشت", S::kMonth, 8},
    {"سبتمبر|أيلول|شتنبر", S::kMonth, 9},
    {"أكتوبر|تشرين الأول", S::kMonth, 10},
    {"نوفمبر|تشرين الثاني|نونبر", S::kMonth, 11},
    {"ديسمبر|كانون الأول|دجنبر", S::kMonth, 12},
    {"محرم|المحرم", S::kHijriMonth, 1},
    {"صفر", S::kHijriMonth, 2},
    {"ربيع الأول|ربيع أول", S::kHijriMonth, 3},
    {"ربيع الآخر|ربيع الثاني|ربيع ثاني", S::kHijriMonth, 4},
    {"جمادى الأولى|جمادى الأول", S::kHijriMonth, 5},
    {"جمادى الآخرة|جمادى الثانية|جمادى الآخر", S::kHijriMonth, 6},
    {"رجب", S::kHijriMonth, 7},
    {"شعبان", S::kHijriMonth, 8},
    {"رمضان", S::kHijriMonth, 9},
    {"شوال", S::kHijriMonth, 10},
    {"ذو القعدة|ذي القعدة", S::kHijriMonth, 11},
    {"ذو الحجة|ذي الحجة", S::kHijriMonth, 12},
    {"الأحد", S::kWeekday, 0},
    {"الاثنين", S::kWeekday, 1},
    {"الثلاثاء", S::kWeekday, 2},
    {"الأربعاء", S::kWeekday, 3},
    {"الخميس", S::kWeekday, 4},
    {"الجمعة", S::kWeekday, 5},
    {"السبت", S::kWeekday, 6},
    {"أول أمس|أول من أمس|أمس الأول", S::kRelativeDay, -2},
    {"أمس|الأمس|البارحة", S::kRelativeDay, -1},
    {"اليوم|الليلة", S::kRelativeDay, 0},
    {"غدا|الغد", S::kRelativeDay, 1},
    {"بعد غد|بعد الغد", S::kRelativeDay, 2},
    {"ليلة أمس|الليلة الماضية", S::kLastNight},
    {"الماضي|الماضية|المنصرم|المنصرمة|الفائت|الفائتة|السابق|السابقة", S::kLast},
    {"قبل الماضي|قبل الماضية", S::kBeforeLast},
    {"المقبل|المقبلة|القادم|القادمة", S::kNext},
    {"هذا|هذه|الحالي|الحالية|الجاري|الجارية", S::kThis},
    {"يوم", S::kUnit, kDayUnit},
    {"يومين|يومان", S::kUnit, kDayUnit, 2},
    {"أيام", S::kUnit, kDayUnit, kPlural},
    {"أسبوع|الأسبوع", S::kUnit, kWeekUnit},
    {"أسبوعين", S::kUnit, kWeekUnit, 2},
    {"أسابيع", S::kUnit, kWeekUnit, kPlural},
    {"شهر|الشهر", S::kUnit, kMonthUnit},
    {"شهرين", S::kUnit, kMonthUnit, 2},
    {"أشهر|شهور", S::kUnit, kMonthUnit, kPlural},
    {"سنة|السنة|عام|العام", S::kUnit, kYearUnit},
    {"سنتين|عامين", S::kUnit, kYearUnit, 2},
    {"سنوات|أعوام", S::kUnit, kYearUnit, kPlural},
    {"ربيع|الربيع", S::kSeason, kSpring},
    {"صيف|الصيف", S::kSeason, kSummer},
    {"خريف|الخريف", S::kSeason, kAutumn},
    {"شتاء|الشتاء", S::kSeason, kWinter},
    {"أوائل|مطلع|بداية|بدايات", S::kPart, kEarly},
    {"منتصف|أواسط", S::kPart, kMid},
    {"أواخر|نهاية", S::kPart, kLate},
    {"ص|صباحا|فجرا", S::kAm},
    {"م", S::kPmOrCommonEra},
    {"ظهرا|عصرا|ليلا", S::kPm},
    {"صباح|فجر", S::kPartOfDay, kAmValue},
    {"مساء|ظهر|عصر", S::kPartOfDay, kPmValue},
    {"هـ|هجري|هجرية|للهجرة", S::kHijriEra},
    {"ميلادي|ميلادية", S::kCommonEra},
    {"الساعة|تمام الساعة|عند|عند الساعة", S::kTimeMarker},
    {"بتوقيت غرينتش|بتوقيت جرينتش|غرينتش", S::kUtc},
    {"واحد|واحدة", S::kNumberWord, 1},
    {"اثنين|اثنان", S::kNumberWord, 2},
    {"ثلاثة|ثلاث", S::kNumberWord, 3},
    {"أربعة|أربع", S::kNumberWord, 4},
    {"خمسة|خمس", S::kNumberWord, 5},
    {"ستة|ست", S::kNumberWord, 6},
    {"سبعة|سبع", S::kNumberWord, 7},
    {"ثمانية|ثماني", S::kNumberWord, 8},
    {"تسعة|تسع", S::kNumberWord, 9},
    {"عشرة|عشر", S::kNumberWord, 10},
    {"قبل", S::kBeforeOrAgo},
    {"منذ", S::kSinceOrAgo},
    {"اعتبارا من|ابتداء من|بدءا من", S::kSince},
    {"بعد", S::kAfter},
    {"حتى|لغاية|إلى غاية", S::kUntil},
    {"إلى", S::kTo},
    {"و", S::kAnd},
    {"الموافق|الموافقة", S::kEquivalent},
    {"في وقت سابق", S::kEarlier},
    {"في وقت لاحق", S::kLater},
    {"حوالي|نحو|قرابة", S::kApproximate},
    {"مؤخرا|في الآونة الأخيرة|الآونة الأخيرة|حاليا|في الوقت الحالي|الآن|قريبا|السنوات الأخيرة|"
     "السنوات الماضية|الأيام الأخيرة|الأيام الماضية|عدة|بضعة|بضع",
     S::kVague},
    // "ال" and "ل" stand alone when written with tatweel: "الـ17", "لـ".
    {"في|من|بين|خلال|تاريخ|ال|ل", S::kFiller},
};

struct Phrase {
  std::vector<std::string> words;  // folded
  Sense sense;
  int value;
  int count;
  int number = 0;  // the same words also read as this number ("sept" = 7); 0 = none
};

struct PhraseMatch {
  const Phrase* phrase;
  size_t tokens;  // how many tokens it covers
};

// Punctuation that may sit inside a phrase: "aujourd'hui", "avant-hier", "a.m.".
bool IsInnerPunctuation(const Token& t) {
  return t.kind == TokenKind::kPunct && (t.text == "'" || t.text == "-" || t.text == ".");
}

bool IsArabicWord(const std::string& word) {
  const auto lead = static_cast<unsigned char>(word.empty() ? 0 : word[0]);
  return lead >= 0xD8 && lead <= 0xDB;  // U+0600..U+06FF
}

size_t CodePoints(std::string_view utf8) {
  return static_cast<size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// Arabic writes "and", "in", "for" as prefixes: "وأمس", "بالأمس", "للأسبوع". The forms a word
// may have without them, most likely first.
std::vector<std::string> WithoutArabicPrefixes(const std::string& word) {
  static const std::string kConjunctions[] = {"و", "ف"};
  static const std::string kPrepositions[] = {"ب", "ل", "ك"};
  std::vector<std::string> stems;
  auto add = [&](std::string stem) {
    if (CodePoints(stem) >= 2) stems.push_back(std::move(stem));
  };
  std::vector<std::string> bases = {word};
  for (const std::string& conjunction : kConjunctions) {
    if (word.rfind(conjunction, 0) == 0) {
      bases.push_back(word.substr(conjunction.size()));
      add(bases.back());
    }
  }
  for (const std::string& base : bases) {
    for (const std::string& preposition : kPrepositions) {
      if (base.rfind(preposition, 0) != 0) continue;
      std::string stem = base.substr(preposition.size());
      // ل + ال is written لل: "للأسبوع" is ل + "الأسبوع".
      if (preposition == "ل" && stem.rfind("ل", 0) == 0) add("ا" + stem);
      add(std::move(stem));
    }
  }
  return stems;
}

class Lexicon {
 public:
  static const Lexicon& Get() {
    static const Lexicon* lexicon = new Lexicon();
    return *lexicon;
  }

  // The longest phrase that starts at tokens[i].
  std::optional<PhraseMatch> Find(const std::vector<Token>& tokens, size_t i) const {
    if (auto match = FindWithFirstWord(tokens[i].text, tokens, i)) return match;
    if (!IsArabicWord(tokens[i].text)) return std::nullopt;
    for (const std::string& stem : WithoutArabicPrefixes(tokens[i].text)) {
      if (auto match = FindWithFirstWord(stem, tokens, i)) return match;
    }
    return std::nullopt;
  }

 private:
  Lexicon() {
    // Earlier tables win when two languages' words fold alike.
    for (const LexiconEntry& entry : kEnglish) Add(entry);
    for (const LexiconEntry& entry : kFrench) Add(entry);
    for (const LexiconEntry& entry : kArabic) Add(entry);
    for (auto& [word, phrases] : by_first_word_) {
      std::stable_sort(phrases.begin(), phrases.end(), [](const Phrase& a, const Phrase& b) {
        return a.words.size() > b.words.size();
      });
    }
  }

  void Add(const LexiconEntry& entry) {
    std::string_view rest = entry.phrases;
    while (!rest.empty()) {
      const size_t bar = std::min(rest.find('|'), rest.size());
      AddPhrase(Phrase{SplitOnSpaces(MatchKey(rest.substr(0, bar))), entry.sense, entry.value,
                       entry.count});
      rest.remove_prefix(std::min(bar + 1, rest.size()));
    }
  }

  void AddPhrase(Phrase phrase) {
    if (phrase.words.empty()) return;
    std::vector<Phrase>& same_start = by_first_word_[phrase.words.front()];
    for (Phrase& known : same_start) {
      if (known.words != phrase.words) continue;
      // Two languages' words that fold alike: keep one meaning, and a number word as a number.
      if (phrase.sense == Sense::kNumberWord) {
        known.number = phrase.value;
      } else if (known.sense == Sense::kNumberWord) {
        phrase.number = known.value;
        known = phrase;
      }
      return;
    }
    same_start.push_back(std::move(phrase));
  }

  std::optional<PhraseMatch> FindWithFirstWord(const std::string& first,
                                               const std::vector<Token>& tokens, size_t i) const {
    auto it = by_first_word_.find(first);
    if (it == by_first_word_.end()) return std::nullopt;
    for (const Phrase& phrase : it->second) {
      if (size_t length = MatchLength(phrase, tokens, i)) return PhraseMatch{&phrase, length};
    }
    return std::nullopt;
  }

  // How many tokens the phrase covers at tokens[i] (its first word already matched), or 0.
  static size_t MatchLength(const Phrase& phrase, const std::vector<Token>& tokens, size_t i) {
    size_t j = i + 1;
    for (size_t w = 1; w < phrase.words.size(); ++w) {
      while (j < tokens.size() && IsInnerPunctuation(tokens[j])) ++j;
      if (j >= tokens.size() || tokens[j].kind != TokenKind::kWord ||
          tokens[j].text != phrase.words[w]) {
        return 0;
      }
      ++j;
    }
    return j - i;
  }

  std::map<std::string, std::vector<Phrase>, std::less<>> by_first_word_;
};

// ---------------------------------------------------------------------------------------------
// Atoms: tokens with their meaning

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
};

Atom AtomOf(Sense sense, const Token& token) {
  Atom atom;
  atom.sense = sense;
  atom.spaced = token.spaced;
  atom.text = token.text;
  return atom;
}

Clock HourClock(int hour) {
  Clock clock;
  clock.hour = hour;
  return clock;
}

int NumberValue(const std::string& digits) {
  if (digits.size() > 9) return -1;
  return std::stoi(digits);
}

bool IsPunct(const std::vector<Token>& tokens, size_t i, std::string_view text) {
  return i < tokens.size() && tokens[i].kind == TokenKind::kPunct && tokens[i].text == text &&
         !tokens[i].spaced;
}

bool IsAttachedNumber(const std::vector<Token>& tokens, size_t i, size_t max_digits = 9) {
  return i < tokens.size() && tokens[i].kind == TokenKind::kNumber && !tokens[i].spaced &&
         tokens[i].text.size() <= max_digits;
}

// "10:30", "10:30:15", "10:30:15.250": hours, minutes, seconds, fraction.
std::optional<Atom> ReadClockTokens(const std::vector<Token>& tokens, size_t& i) {
  if (tokens[i].text.size() > 2 || !IsPunct(tokens, i + 1, ":") ||
      !IsAttachedNumber(tokens, i + 2, 2) || tokens[i + 2].text.size() != 2) {
    return std::nullopt;
  }
  Atom atom = AtomOf(Sense::kClock, tokens[i]);
  atom.clock.hour = NumberValue(tokens[i].text);
  atom.clock.minute = NumberValue(tokens[i + 2].text);
  size_t next = i + 3;
  if (IsPunct(tokens, next, ":") && IsAttachedNumber(tokens, next + 1, 2) &&
      tokens[next + 1].text.size() == 2) {
    atom.clock.second = NumberValue(tokens[next + 1].text);
    next += 2;
    if (IsPunct(tokens, next, ".") && IsAttachedNumber(tokens, next + 1)) {
      std::string fraction = tokens[next + 1].text.substr(0, 6);
      fraction.resize(6, '0');
      atom.clock.micros = NumberValue(fraction);
      next += 2;
    }
  }
  atom.text = "clock time";
  i = next;
  return atom;
}

// "17/09/2024", "17.09.2024", "2024/09/17", "09/2024": digits joined by one separator.
std::optional<Atom> ReadNumericDateTokens(const std::vector<Token>& tokens, size_t& i) {
  for (const char* separator : {"/", ".", "-"}) {
    if (!IsPunct(tokens, i + 1, separator) || !IsAttachedNumber(tokens, i + 2)) continue;
    Atom atom = AtomOf(Sense::kNumericDate, tokens[i]);
    atom.text = tokens[i].text + separator + tokens[i + 2].text;
    size_t next = i + 3;
    atom.fields = {{NumberValue(tokens[i].text), tokens[i].text.size()},
                   {NumberValue(tokens[i + 2].text), tokens[i + 2].text.size()}};
    if (IsPunct(tokens, next, separator) && IsAttachedNumber(tokens, next + 1)) {
      atom.fields.push_back({NumberValue(tokens[next + 1].text), tokens[next + 1].text.size()});
      atom.text += separator + tokens[next + 1].text;
      next += 2;
    } else {
      // Two numbers are a month and a year only when one of them has four digits; otherwise
      // "15-17" is a range of days.
      const size_t a = atom.fields[0].digits;
      const size_t b = atom.fields[1].digits;
      if (!((a == 4 && b <= 2) || (a <= 2 && b == 4))) continue;
    }
    i = next;
    return atom;
  }
  return std::nullopt;
}

Atom PunctuationAtom(const Token& token) {
  Atom atom = AtomOf(Sense::kUnknown, token);
  static const std::string_view kFillers[] = {",", ";", ".", "(", ")", "[", "]", "\"", "'"};
  if (std::find(std::begin(kFillers), std::end(kFillers), token.text) != std::end(kFillers)) {
    atom.sense = Sense::kFiller;
  } else if (token.text == "/") {
    atom.sense = Sense::kSlash;
  } else if (token.text == "-") {
    atom.sense = Sense::kTo;
  } else if (token.text == "+") {
    atom.sense = Sense::kPlus;
  }
  return atom;
}

std::vector<Atom> ToAtoms(const std::vector<Token>& tokens) {
  std::vector<Atom> atoms;
  size_t i = 0;
  while (i < tokens.size()) {
    const Token& token = tokens[i];
    if (token.kind == TokenKind::kNumber) {
      if (auto clock = ReadClockTokens(tokens, i)) {
        atoms.push_back(std::move(*clock));
      } else if (auto numeric = ReadNumericDateTokens(tokens, i)) {
        atoms.push_back(std::move(*numeric));
      } else {
        Atom& number = atoms.emplace_back(AtomOf(Sense::kNumber, token));
        number.value = NumberValue(token.text);
        number.digits = token.text.size();
        ++i;
      }
    } else if (token.kind == TokenKind::kPunct) {
      atoms.push_back(PunctuationAtom(token));
      ++i;
    } else if (auto match = Lexicon::Get().Find(tokens, i)) {
      const Phrase& phrase = *match->phrase;
      Atom& word = atoms.emplace_back(AtomOf(phrase.sense, token));
      word.value = phrase.value;
      word.count = phrase.count;
      word.number = phrase.number;
      i += match->tokens;
    } else {
      atoms.push_back(AtomOf(Sense::kUnknown, token));
      ++i;
    }
  }
  return atoms;
}

// ---------------------------------------------------------------------------------------------
// Readings: what one date (one end of a range) states

enum class Calendar { kUnstated, kGregorian, kHijri };

struct Reading {
  std::optional<int> year, month, day, weekday, iso_week, day_of_year, decade;
  std::optional<int> next_year;  // "winter 2023/2024"
  Calendar year_calendar = Calendar::kUnstated;
  Calendar month_calendar = Calendar::kUnstated;
  std::optional<int> relative_day;
  bool last_night = false;
  std::optional<Sense> direction;  // kLast, kNext, kThis
  std::optional<int> unit, count;
  bool ago = false;
  std::optional<int> season, part;
  std::optional<Clock> clock;
  std::optional<Sense> bound;     // kBefore, kAfter, kSince, kUntil
  std::optional<Sense> relation;  // kEarlier, kLater
  bool approximate = false;
  bool vague = false;
  bool month_borrowed = false;  // a range end's month came from the other end ("15-17 Sept")
  bool from = false;            // "from X": since X, unless a range's end follows
  bool plural_unit = false;     // "days", "أيام": several, unless a number says how many
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
};

unsigned FieldsOf(const Reading& r) {
  unsigned f = 0;
  auto mark = [&f](bool present, Field field) {
    if (present) f |= field;
  };
  mark(r.year.has_value(), kYearField);
  mark(r.month.has_value(), kMonthField);
  mark(r.day.has_value(), kDayField);
  mark(r.weekday.has_value(), kWeekdayField);
  mark(r.iso_week.has_value(), kIsoWeekField);
  mark(r.day_of_year.has_value(), kDayOfYearField);
  mark(r.decade.has_value(), kDecadeField);
  mark(r.relative_day.has_value() || r.last_night, kRelativeDayField);
  mark(r.direction.has_value(), kDirectionField);
  // "يوم الخميس", "the day of": a day unit that counts nothing only introduces a date.
  const bool names_a_day = r.month || r.weekday || r.season;
  const bool counting_days =
      r.unit == kDayUnit && (r.count || r.ago || r.relation || (r.direction && !names_a_day));
  mark(r.unit.has_value() && (r.unit != kDayUnit || counting_days), kUnitField);
  mark(r.count.has_value(), kCountField);
  mark(r.ago, kAgoField);
  mark(r.season.has_value(), kSeasonField);
  mark(r.part.has_value(), kPartField);
  mark(r.clock.has_value(), kClockField);
  mark(r.relation.has_value(), kRelationField);
  return f;
}

bool HasDateFields(const Reading& r) { return (FieldsOf(r) & ~(kClockField | kPartField)) != 0; }

bool IsUnitAtom(const Atom* a) { return a != nullptr && a->sense == Sense::kUnit; }

bool IsMeridiemAtom(const Atom* a) {
  return a != nullptr && (a->sense == Sense::kAm || a->sense == Sense::kPm ||
                          a->sense == Sense::kPmOrCommonEra || a->sense == Sense::kPartOfDay);
}

int MeridiemOf(const Atom& a) {
  if (a.sense == Sense::kAm) return kAmValue;
  if (a.sense == Sense::kPartOfDay) return a.value;
  return kPmValue;
}

// Fills a Reading from atoms[begin, end).
class ReadingBuilder {
 public:
  ReadingBuilder(const std::vector<Atom>& atoms, size_t begin, size_t end)
      : atoms_(atoms), i_(begin), end_(end) {}

  Reading Build() {
    while (i_ < end_ && r_.error.empty()) {
      const bool marker = atoms_[i_].sense == Sense::kTimeMarker;
      ReadAtom();
      if (!marker) expect_hour_ = false;
    }
    if (r_.next_year && r_.season != kWinter) Conflict("year");
    return std::move(r_);
  }

 private:
  const Atom* Peek(size_t k) const { return k < end_ ? &atoms_[k] : nullptr; }

  void Cannot(const Atom& a) { r_.error = "cannot read \"" + a.text + "\" as part of a date"; }
  void Conflict(const std::string& what) {
    if (r_.conflict.empty()) r_.conflict = what;
  }
  void Set(std::optional<int>& slot, int value, const std::string& what) {
    r_.empty = false;
    if (slot && *slot != value) Conflict(what);
    slot = value;
  }
  void SetMonth(int month, Calendar calendar) {
    if (r_.month && r_.month_calendar != calendar) Conflict("month");
    Set(r_.month, month, "month");
    r_.month_calendar = calendar;
  }
  void SetYear(int year, Calendar calendar) {
    r_.empty = false;
    if (r_.year && *r_.year + 1 == year && !r_.next_year) {
      r_.next_year = year;  // a winter across two years, checked in Build()
      return;
    }
    if (calendar != Calendar::kUnstated) {
      if (r_.year_calendar != Calendar::kUnstated && r_.year_calendar != calendar) {
        Conflict("calendar");
      }
      r_.year_calendar = calendar;
    }
    Set(r_.year, year, "year");
  }
  void SetClock(const Clock& clock) {
    r_.empty = false;
    if (r_.clock && !(*r_.clock == clock)) Conflict("time of day");
    r_.clock = clock;
  }
  void SetSense(std::optional<Sense>& slot, Sense sense, const std::string& what) {
    r_.empty = false;
    if (slot && *slot != sense) Conflict(what);
    slot = sense;
  }

  // An atom that is a number before a unit counts it: "3 days", "sept jours", "a week".
  std::optional<int> CountBeforeUnit(size_t k) const {
    const Atom* a = Peek(k);
    if (a == nullptr || !IsUnitAtom(Peek(k + 1))) return std::nullopt;
    if (a->sense == Sense::kNumber && a->value > 0 && a->value <= 10000) return a->value;
    if (a->sense == Sense::kNumberWord) return a->value;
    if (a->number > 0) return a->number;
    return std::nullopt;
  }

  // After قبل/منذ: "قبل 3 أيام", "منذ أسبوع" are durations; "قبل عام 2020" is a year.
  bool DurationFollows() const {
    if (CountBeforeUnit(i_ + 1)) return true;
    const Atom* after_unit = Peek(i_ + 2);
    return IsUnitAtom(Peek(i_ + 1)) &&
           !(after_unit && after_unit->sense == Sense::kNumber && after_unit->digits >= 3);
  }

  void ReadAtom() {
    const Atom& a = atoms_[i_];
    if (auto count = CountBeforeUnit(i_)) {
      Set(r_.count, *count, "count");
      ++i_;
      return;
    }
    switch (a.sense) {
      case Sense::kNumber:
        return ReadNumber();
      case Sense::kClock:
        ++i_;
        return ReadClockSuffixes(a.clock);
      case Sense::kNumericDate:
        ++i_;
        return ReadNumericDate(a);
      case Sense::kMonth:
        SetMonth(a.value, Calendar::kGregorian);
        break;
      case Sense::kHijriMonth:
        SetMonth(a.value, Calendar::kHijri);
        break;
      case Sense::kWeekday:
        Set(r_.weekday, a.value, "weekday");
        break;
      case Sense::kRelativeDay:
        Set(r_.relative_day, a.value, "day");
        break;
      case Sense::kLastNight:
        r_.last_night = true;
        r_.empty = false;
        break;
      case Sense::kLast:
      case Sense::kBeforeLast:
      case Sense::kNext:
      case Sense::kThis:
        SetSense(r_.direction, a.sense, "direction");
        break;
      case Sense::kUnit:
        return ReadUnit(a);
      case Sense::kDecades:
        return ReadDecade(a);
      case Sense::kSeason:
        Set(r_.season, a.value, "season");
        break;
      case Sense::kPart:
        Set(r_.part, a.value, "part of the month");
        break;
      case Sense::kTimeMarker:
        expect_hour_ = true;
        break;
      case Sense::kAgo:
      case Sense::kAgoPrefix:
        r_.ago = true;
        r_.empty = false;
        break;
      case Sense::kBeforeOrAgo:
      case Sense::kSinceOrAgo:
        if (DurationFollows()) {
          r_.ago = true;
          r_.empty = false;
        } else {
          SetSense(r_.bound, a.sense == Sense::kBeforeOrAgo ? Sense::kBefore : Sense::kSince,
                   "bound");
        }
        break;
      case Sense::kBefore:
      case Sense::kAfter:
      case Sense::kSince:
      case Sense::kUntil:
        SetSense(r_.bound, a.sense, "bound");
        break;
      case Sense::kFrom:
        r_.from = true;
        break;
      case Sense::kEarlier:
      case Sense::kLater:
        SetSense(r_.relation, a.sense, "relation");
        break;
      case Sense::kApproximate:
        r_.approximate = true;
        break;
      case Sense::kVague:
        r_.vague = true;
        r_.empty = false;
        break;
      case Sense::kPartOfDay:  // "صباح اليوم", "hier soir": the day, not narrowed
      case Sense::kTo:
      case Sense::kAnd:
      case Sense::kEquivalent:
      case Sense::kSlash:
      case Sense::kFiller:
        break;
      default:  // a.m., era, ordinal suffix, "h" or "+" with no number before them; unknown
        return Cannot(a);
    }
    ++i_;
  }

  void ReadNumber() {
    const Atom& a = atoms_[i_];
    const Atom* next = Peek(i_ + 1);
    const int n = a.value;
    if (n < 0) return Cannot(a);
    if (next && next->sense == Sense::kOrdinalSuffix && !next->spaced && a.digits <= 2) {
      Set(r_.day, n, "day");
      i_ += 2;
      return;
    }
    if (next && next->sense == Sense::kHourMark && a.digits <= 2) return ReadHourMark(n);
    if (next && IsYearEra(*next, a)) {
      SetYear(n, next->sense == Sense::kHijriEra ? Calendar::kHijri : Calendar::kGregorian);
      i_ += 2;
      return;
    }
    if (IsMeridiemAtom(next) && a.digits <= 2) {
      ++i_;
      return ReadClockSuffixes(HourClock(n));
    }
    if (next && next->text == "s" && !next->spaced && a.digits == 4 && n % 10 == 0) {
      Set(r_.decade, n, "decade");  // "1990s"
      i_ += 2;
      return;
    }
    if (expect_hour_ && a.digits <= 2) {
      ++i_;
      return ReadClockSuffixes(HourClock(n));
    }
    ++i_;
    if (a.digits >= 3 && a.digits <= 4) return SetYear(n, Calendar::kUnstated);
    if (a.digits <= 2 && n >= 1 && n <= 31) return Set(r_.day, n, "day");
    Cannot(a);
  }

  // "1446 هـ", "2024 AD", "2024م" (after a year, م is the Gregorian era, not p.m.).
  static bool IsYearEra(const Atom& era, const Atom& number) {
    return era.sense == Sense::kHijriEra || era.sense == Sense::kCommonEra ||
           (era.sense == Sense::kPmOrCommonEra && number.digits >= 3);
  }

  // "10h", "10h30", "10 heures", "10 o'clock".
  void ReadHourMark(int hour) {
    Clock clock = HourClock(hour);
    const bool french_h = atoms_[i_ + 1].text == "h";
    i_ += 2;
    const Atom* minutes = Peek(i_);
    if (french_h && minutes && minutes->sense == Sense::kNumber && minutes->digits == 2) {
      clock.minute = minutes->value;
      ++i_;
    }
    ReadClockSuffixes(clock);
  }

  // The period that ends an abbreviation ("p.m. GMT") does not separate a time from its suffixes.
  void SkipPeriod() {
    if (const Atom* a = Peek(i_); a && a->sense == Sense::kFiller && a->text == ".") ++i_;
  }

  // What may follow a time: a.m./p.m., then a UTC designator with an offset.
  void ReadClockSuffixes(Clock clock) {
    if (const Atom* a = Peek(i_); IsMeridiemAtom(a)) {
      clock.meridiem = MeridiemOf(*a);
      ++i_;
      SkipPeriod();
    }
    if (const Atom* a = Peek(i_); a && a->sense == Sense::kUtc) {
      clock.offset_minutes = 0;
      ++i_;
      ReadOffset(clock);
    }
    SetClock(clock);
  }

  // "GMT+3", "UTC-05:30".
  void ReadOffset(Clock& clock) {
    const Atom* sign = Peek(i_);
    const Atom* amount = Peek(i_ + 1);
    if (!sign || !amount || (sign->sense != Sense::kPlus && sign->text != "-")) return;
    int offset = 0;
    if (amount->sense == Sense::kNumber && amount->digits <= 2) {
      offset = amount->value * 60;
    } else if (amount->sense == Sense::kClock && amount->clock.second < 0) {
      offset = amount->clock.hour * 60 + amount->clock.minute;
    } else {
      return;
    }
    clock.offset_minutes = sign->sense == Sense::kPlus ? offset : -offset;
    i_ += 2;
  }

  void ReadNumericDate(const Atom& a) {
    const std::vector<NumberField>& f = a.fields;
    auto ambiguous = [&] {
      r_.error = "the order of day and month in \"" + a.text + "\" is ambiguous";
    };
    if (f.size() == 2) {  // 2024-09, 09/2024
      const NumberField& year = f[0].digits == 4 ? f[0] : f[1];
      const NumberField& month = f[0].digits == 4 ? f[1] : f[0];
      SetYear(year.value, Calendar::kGregorian);
      return SetMonth(month.value, Calendar::kGregorian);
    }
    if (f[0].digits == 4) {  // 2024/09/17
      SetYear(f[0].value, Calendar::kGregorian);
      SetMonth(f[1].value, Calendar::kGregorian);
      return Set(r_.day, f[2].value, "day");
    }
    if (f[2].digits != 4) {
      r_.error = "the year in \"" + a.text + "\" is not written with four digits";
      return;
    }
    int day = f[0].value;
    int month = f[1].value;
    if (day <= 12 && month <= 12 && day != month) return ambiguous();
    if (month > 12) std::swap(day, month);  // 09/17/2024
    SetYear(f[2].value, Calendar::kGregorian);
    SetMonth(month, Calendar::kGregorian);
    Set(r_.day, day, "day");
  }

  void ReadUnit(const Atom& a) {
    const Atom* next = Peek(i_ + 1);
    // "عام 2024", "l'année 2024": the unit names the year that follows.
    if (a.value == kYearUnit && next && next->sense == Sense::kNumber && next->digits >= 3 &&
        next->digits <= 4) {
      ++i_;
      return ReadNumber();
    }
    // "week 38", "الأسبوع 38": an ISO week.
    if (a.value == kWeekUnit && next && next->sense == Sense::kNumber && next->digits <= 2 &&
        !r_.direction) {
      Set(r_.iso_week, next->value, "week");
      i_ += 2;
      return;
    }
    Set(r_.unit, a.value, "unit");
    if (a.count > 0) Set(r_.count, a.count, "count");
    if (a.count == kPlural) r_.plural_unit = true;
    ++i_;
  }

  // "années 1990".
  void ReadDecade(const Atom& a) {
    const Atom* next = Peek(i_ + 1);
    if (!next || next->sense != Sense::kNumber || next->digits != 4 || next->value % 10 != 0) {
      return Cannot(a);
    }
    Set(r_.decade, next->value, "decade");
    i_ += 2;
  }

  const std::vector<Atom>& atoms_;
  size_t i_;
  size_t end_;
  bool expect_hour_ = false;  // after "at", "الساعة": a bare number is an hour
  Reading r_;
};

Reading ReadAtoms(const std::vector<Atom>& atoms, size_t begin, size_t end) {
  return ReadingBuilder(atoms, begin, end).Build();
}

// ---------------------------------------------------------------------------------------------
// ISO 8601

class IsoParser {
 public:
  explicit IsoParser(std::string_view text) : s_(text) {}

  // 2024, 2024-09, 2024-09-17, 20240917, 2024-W38, 2024-W38-2, 2024-261, each optionally with a
  // time (T or space; hh, hh:mm, hh:mm:ss[.f]) and an offset (Z, ±hh, ±hh:mm, ±hhmm).
  std::optional<Reading> Parse() {
    Reading r;
    r.empty = false;
    r.year_calendar = Calendar::kGregorian;
    int year = 0;
    if (!Digits(4, &year)) return std::nullopt;
    r.year = year;
    bool has_day = false;
    if (Accept('-')) {
      if (Accept('W') || Accept('w')) {
        if (!ReadWeek(r)) return std::nullopt;
        has_day = r.weekday.has_value();
      } else if (DigitRun() == 3) {
        int ordinal = 0;
        Digits(3, &ordinal);
        r.day_of_year = ordinal;
        has_day = true;
      } else {
        int month = 0;
        if (!Digits(2, &month)) return std::nullopt;
        r.month = month;
        r.month_calendar = Calendar::kGregorian;
        if (Accept('-')) {
          int day = 0;
          if (!Digits(2, &day)) return std::nullopt;
          r.day = day;
          has_day = true;
        }
      }
    } else if (DigitRun() == 4) {
      int month = 0;
      int day = 0;
      Digits(2, &month);
      Digits(2, &day);
      r.month = month;
      r.month_calendar = Calendar::kGregorian;
      r.day = day;
      has_day = true;
    }
    if (has_day && (Accept('T') || Accept('t') || Accept(' '))) {
      if (!ReadTime(r)) return std::nullopt;
    }
    if (p_ != s_.size()) return std::nullopt;
    return r;
  }

 private:
  bool Accept(char c) {
    if (p_ < s_.size() && s_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  size_t DigitRun() const {
    size_t n = 0;
    while (p_ + n < s_.size() && s_[p_ + n] >= '0' && s_[p_ + n] <= '9') ++n;
    return n;
  }
  bool Digits(size_t n, int* out) {
    if (DigitRun() < n) return false;
    *out = 0;
    for (size_t k = 0; k < n; ++k) *out = *out * 10 + (s_[p_++] - '0');
    return true;
  }

  bool ReadWeek(Reading& r) {
    int week = 0;
    if (!Digits(2, &week)) return false;
    r.iso_week = week;
    if (Accept('-')) {
      int weekday = 0;
      if (!Digits(1, &weekday) || weekday < 1 || weekday > 7) return false;
      r.weekday = weekday % 7;  // ISO 7 = Sunday = 0
    }
    return true;
  }

  bool ReadTime(Reading& r) {
    Clock clock;
    if (!Digits(2, &clock.hour)) return false;
    if (Accept(':')) {
      if (!Digits(2, &clock.minute)) return false;
      if (Accept(':') && !ReadSeconds(clock)) return false;
    } else if (DigitRun() >= 2) {  // basic format: hhmm[ss]
      if (!Digits(2, &clock.minute)) return false;
      if (DigitRun() >= 2 && !ReadSeconds(clock)) return false;
    }
    if (Accept('Z') || Accept('z')) {
      clock.offset_minutes = 0;
    } else if (p_ < s_.size() && (s_[p_] == '+' || s_[p_] == '-')) {
      const int sign = s_[p_++] == '+' ? 1 : -1;
      int h = 0;
      int m = 0;
      if (!Digits(2, &h)) return false;
      Accept(':');
      if (DigitRun() >= 2) Digits(2, &m);
      if (h > 23 || m > 59) return false;
      clock.offset_minutes = sign * (h * 60 + m);
    }
    r.clock = clock;
    return true;
  }

  bool ReadSeconds(Clock& clock) {
    if (!Digits(2, &clock.second)) return false;
    if (Accept('.') || Accept(',')) {
      const size_t run = DigitRun();
      if (run == 0) return false;
      std::string fraction(s_.substr(p_, std::min<size_t>(run, 6)));
      fraction.resize(6, '0');
      clock.micros = std::stoi(fraction);
      p_ += run;
    }
    return true;
  }

  std::string_view s_;
  size_t p_ = 0;
};

// The text as ASCII with digits of any script made ASCII, trimmed; nothing if other characters
// remain (then it is not ISO 8601).
std::optional<std::string> AsciiForm(std::string_view text) {
  const icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::string out;
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    const UChar32 c = s.char32At(i);
    if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
      out.push_back(static_cast<char>('0' + u_charDigitValue(c)));
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else {
      return std::nullopt;
    }
  }
  const size_t first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  return out.substr(first, out.find_last_not_of(" \t\r\n") - first + 1);
}

// One ISO 8601 date or date-time, or an interval "start/end" of two.
std::optional<std::vector<Reading>> ReadIso8601(std::string_view text) {
  std::optional<std::string> ascii = AsciiForm(text);
  if (!ascii) return std::nullopt;
  std::vector<Reading> readings;
  const size_t slash = ascii->find('/');
  const bool interval = slash != std::string::npos;
  for (std::string_view part :
       interval ? std::vector<std::string_view>{std::string_view(*ascii).substr(0, slash),
                                                std::string_view(*ascii).substr(slash + 1)}
                : std::vector<std::string_view>{*ascii}) {
    std::optional<Reading> reading = IsoParser(part).Parse();
    if (!reading) return std::nullopt;
    readings.push_back(std::move(*reading));
  }
  return readings;
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic

enum class Shape { kOther, kOneMonth, kOneYear };

// Local wall-clock bounds in the context zone (or in a stated UTC offset).
struct Interval {
  LocalTime start;
  LocalTime end;
  v1::Precision precision = v1::PRECISION_DAY;
  Shape shape = Shape::kOther;
  local_days first_day;  // before any widening: what the other end of a range counts from
  std::optional<int> utc_offset_minutes;
};

Interval OfDays(local_days first, local_days end, v1::Precision precision,
                Shape shape = Shape::kOther) {
  return Interval{LocalTime{first}, LocalTime{end}, precision, shape, first, std::nullopt};
}

Interval OneDay(local_days day) { return OfDays(day, day + days{1}, v1::PRECISION_DAY); }

Interval OneMonth(year_month ym) {
  return OfDays(local_days{ym / 1}, local_days{(ym + months{1}) / 1}, v1::PRECISION_MONTH,
                Shape::kOneMonth);
}

Interval OneYear(int y) {
  const date::year year{y};
  return OfDays(local_days{year / 1 / 1}, local_days{(year + date::years{1}) / 1 / 1},
                v1::PRECISION_YEAR, Shape::kOneYear);
}

local_days MondayOf(local_days day) { return day - (date::weekday{day} - date::Monday); }

Interval IsoWeekStarting(local_days monday) {
  return OfDays(monday, monday + days{7}, v1::PRECISION_WEEK);
}

bool ValidYear(int y) { return y >= kMinYear && y <= kMaxYear; }

year_month YearMonthOf(local_days day) {
  const date::year_month_day ymd{day};
  return ymd.year() / ymd.month();
}

std::string MonthName(year_month ym) { return date::format("%Y-%m", ym / 1); }
std::string DayName(local_days day) { return date::format("%F", day); }

// What a year-less date counts from: the reference date, or the other end of a range.
struct Anchor {
  local_days day;
  bool forward = false;       // the earliest on or after `day`, instead of the latest on or before
  bool is_reference = false;  // the reference date (then the choice is worth a warning)
};

struct Env {
  const date::time_zone* zone;
  std::optional<LocalTime> reference;
  std::string quoted;  // the whole text, for messages

  local_days ReferenceDay() const { return date::floor<days>(*reference); }
};

absl::Status NoReference(const Env& env, const std::string& what) {
  return absl::FailedPreconditionError("no reference time for the relative date " + env.quoted +
                                       " (" + what + ")");
}

absl::Status CannotCombine(const Env& env) {
  return Unreadable("cannot combine the parts of " + env.quoted + " into one date");
}

absl::Status RequireOnly(const Reading& r, unsigned allowed, const Env& env) {
  if ((FieldsOf(r) & ~allowed) != 0) return CannotCombine(env);
  return absl::OkStatus();
}

// A yearly period (a month, a season), as the start of its occurrence in a given year.
using StartInYear = std::function<year_month(int)>;

enum class Pick {
  kLatestStartingBy,
  kEarliestStartingFrom,
  kLatestEndedBy,
  kEarliestAfter,
  kContaining
};

// The occurrence of a yearly period that `pick` selects around `limit`.
std::optional<year_month> PickOccurrence(const StartInYear& start_in, int length_months,
                                         year_month limit, Pick pick) {
  std::optional<year_month> best;
  const int y0 = static_cast<int>(limit.year());
  for (int y = y0 - 2; y <= y0 + 2; ++y) {
    const year_month start = start_in(y);
    const year_month end = start + months{length_months};
    bool eligible = false;
    bool later_is_better = true;
    switch (pick) {
      case Pick::kLatestStartingBy:
        eligible = start <= limit;
        break;
      case Pick::kEarliestStartingFrom:
        eligible = start >= limit;
        later_is_better = false;
        break;
      case Pick::kLatestEndedBy:
        eligible = end <= limit;
        break;
      case Pick::kEarliestAfter:
        eligible = start > limit;
        later_is_better = false;
        break;
      case Pick::kContaining:
        eligible = start <= limit && limit < end;
        break;
    }
    if (eligible && (!best || (later_is_better ? start > *best : start < *best))) best = start;
  }
  return best;
}

Pick PickFor(Sense direction) {
  switch (direction) {
    case Sense::kLast:
      return Pick::kLatestEndedBy;
    case Sense::kNext:
      return Pick::kEarliestAfter;
    default:
      return Pick::kContaining;
  }
}

year_month SeasonStart(int season, int y) {
  static constexpr unsigned kStartMonth[] = {0, 3, 6, 9, 12};
  return date::year{y} / date::month{kStartMonth[season]};
}

// Splits a month into early/mid/late (days 1-10, 11-20, 21-end) and a year into thirds.
absl::StatusOr<Interval> ApplyPart(const Interval& whole, std::optional<int> part, const Env& env) {
  if (!part) return whole;
  const local_days first = date::floor<days>(whole.start);
  const local_days end = date::floor<days>(whole.end);
  if (whole.shape == Shape::kOneMonth) {
    static constexpr int kFirstDay[] = {0, 0, 10, 20};
    const local_days from = first + days{kFirstDay[*part]};
    const local_days to = *part == kLate ? end : from + days{10};
    Interval out = OfDays(from, to, v1::PRECISION_DAY);
    out.first_day = whole.first_day;
    return out;
  }
  if (whole.shape == Shape::kOneYear) {
    const year_month january = YearMonthOf(first);
    const year_month from = january + months{4 * (*part - 1)};
    return OfDays(local_days{from / 1}, local_days{(from + months{4}) / 1}, v1::PRECISION_MONTH);
  }
  return Unreadable("early, mid or late in " + env.quoted + " applies only to a month or a year");
}

absl::StatusOr<int> Hour24(const Clock& clock, const Env& env) {
  if (!clock.meridiem) {
    if (clock.hour > 23) return Unreadable("no such hour in " + env.quoted);
    return clock.hour;
  }
  if (clock.hour < 1 || clock.hour > 12) {
    return Unreadable("a.m./p.m. with an hour outside 1-12 in " + env.quoted);
  }
  return clock.hour % 12 + (*clock.meridiem == kPmValue ? 12 : 0);
}

absl::StatusOr<Interval> ApplyClock(const Interval& day, const Clock& clock, const Env& env) {
  if (day.precision != v1::PRECISION_DAY || day.end - day.start != days{1}) {
    return Unreadable("a time of day in " + env.quoted + " needs one definite day");
  }
  absl::StatusOr<int> hour = Hour24(clock, env);
  if (!hour.ok()) return hour.status();
  if (clock.minute > 59 || clock.second > 59) {
    return Unreadable("no such time of day in " + env.quoted);
  }
  Interval out = day;
  out.start = day.start + hours{*hour} + minutes{std::max(clock.minute, 0)} +
              seconds{std::max(clock.second, 0)} + microseconds{clock.micros};
  if (clock.second >= 0) {
    out.precision = v1::PRECISION_INSTANT;
    out.end = out.start + microseconds{1};
  } else if (clock.minute >= 0) {
    out.precision = v1::PRECISION_MINUTE;
    out.end = out.start + minutes{1};
  } else {
    out.precision = v1::PRECISION_HOUR;
    out.end = out.start + hours{1};
  }
  out.shape = Shape::kOther;
  out.utc_offset_minutes = clock.offset_minutes;
  return out;
}

// --- Hijri: the tabular calendar of date/islamic.h ---

local_days HijriDay(int y, unsigned m, unsigned d) {
  return local_days{islamic::year_month_day{islamic::year{y}, islamic::month{m}, islamic::day{d}}};
}

bool ValidHijri(int y, unsigned m, unsigned d) {
  return islamic::year_month_day{islamic::year{y}, islamic::month{m}, islamic::day{d}}.ok();
}

struct HijriYmd {
  int year;
  unsigned month;
  unsigned day;
};

HijriYmd HijriOf(local_days day) {
  const islamic::year_month_day ymd{day};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

Interval HijriMonth(int y, unsigned m) {
  const local_days first = HijriDay(y, m, 1);
  const local_days end = m == 12 ? HijriDay(y + 1, 1, 1) : HijriDay(y, m + 1, 1);
  return OfDays(first, end, v1::PRECISION_DAY, Shape::kOneMonth);
}

// The observed calendar (moon sighting, Umm al-Qura) can be a day off the tabular one.
Interval WidenHijri(Interval interval, Warnings* warnings) {
  interval.start -= days{1};
  interval.end += days{1};
  interval.precision = v1::PRECISION_DAY;
  interval.shape = Shape::kOther;
  warnings->push_back(
      "Hijri date converted with the tabular Islamic calendar and widened by one day on each "
      "side: the observed calendar can differ from it by a day");
  return interval;
}

// The Hijri year of a year-less Hijri month (and day), counted from an anchor.
int HijriYearFor(unsigned m, std::optional<unsigned> d, const Anchor& anchor) {
  const HijriYmd a = HijriOf(anchor.day);
  const bool later_in_year = m > a.month || (m == a.month && d && *d > a.day);
  const bool earlier_in_year = m < a.month || (m == a.month && d && *d < a.day);
  if (anchor.forward) return earlier_in_year ? a.year + 1 : a.year;
  return later_in_year ? a.year - 1 : a.year;
}

// --- The rules, one per kind of statement ---

absl::StatusOr<Interval> RelativeDay(const Reading& r, const Env& env, Warnings* warnings) {
  if (!env.reference) return NoReference(env, "yesterday, today, tomorrow");
  if (auto s = RequireOnly(
          r, kRelativeDayField | kWeekdayField | kClockField | kDayField | kMonthField | kYearField,
          env);
      !s.ok()) {
    return s;
  }
  const local_days today = env.ReferenceDay();
  if (r.last_night) return OfDays(today - days{1}, today + days{1}, v1::PRECISION_DAY);
  const local_days day = today + days{*r.relative_day};
  // "أمس الخميس", "yesterday, 10 October": the words say the date twice; say when they differ.
  if (r.weekday && date::weekday{day} != date::weekday{static_cast<unsigned>(*r.weekday)}) {
    warnings->push_back("the weekday in " + env.quoted + " is not that of " + DayName(day));
  }
  const date::year_month_day ymd{day};
  if ((r.day && static_cast<unsigned>(ymd.day()) != static_cast<unsigned>(*r.day)) ||
      (r.month && static_cast<unsigned>(ymd.month()) != static_cast<unsigned>(*r.month)) ||
      (r.year && static_cast<int>(ymd.year()) != *r.year)) {
    warnings->push_back("the date in " + env.quoted + " is not " + DayName(day));
  }
  return OneDay(day);
}

absl::StatusOr<Interval> UnitsAgo(const Reading& r, const Env& env) {
  if (!env.reference) return NoReference(env, "a time ago");
  if (auto s = RequireOnly(r, kAgoField | kCountField | kUnitField, env); !s.ok()) return s;
  if (!r.unit) return Unreadable("\"ago\" in " + env.quoted + " has no unit of time");
  if (r.plural_unit && !r.count) {
    return Unreadable(env.quoted + " is vague: it does not say how long ago");
  }
  const int n = r.count.value_or(1);
  const local_days today = env.ReferenceDay();
  switch (*r.unit) {
    case kDayUnit:
      return OneDay(today - days{n});
    case kWeekUnit:
      return IsoWeekStarting(MondayOf(today) - days{7 * n});
    case kMonthUnit:
      return OneMonth(YearMonthOf(today) - months{n});
    default: {
      const int y = static_cast<int>(YearMonthOf(today).year()) - n;
      if (!ValidYear(y)) return Unreadable("the year of " + env.quoted + " is out of range");
      return OneYear(y);
    }
  }
}

// The week, month or year that contains `day`.
Interval UnitContaining(int unit, local_days day) {
  switch (unit) {
    case kWeekUnit:
      return IsoWeekStarting(MondayOf(day));
    case kMonthUnit:
      return OneMonth(YearMonthOf(day));
    case kYearUnit:
      return OneYear(static_cast<int>(YearMonthOf(day).year()));
    default:
      return OneDay(day);
  }
}

int StepOf(Sense direction) {
  switch (direction) {
    case Sense::kBeforeLast:
      return -2;
    case Sense::kLast:
      return -1;
    case Sense::kNext:
      return 1;
    default:
      return 0;
  }
}

// "last week", "le mois dernier", "العام الماضي", "this year", "Thursday last week".
absl::StatusOr<Interval> RelativeUnit(const Reading& r, const Env& env) {
  if (!env.reference) return NoReference(env, "last, this or next week, month or year");
  const unsigned weekday_allowed = r.unit == kWeekUnit ? kWeekdayField | kClockField : 0;
  if (auto s = RequireOnly(r, kDirectionField | kUnitField | kPartField | weekday_allowed, env);
      !s.ok()) {
    return s;
  }
  const local_days today = env.ReferenceDay();
  const int step = StepOf(*r.direction);
  switch (*r.unit) {
    case kWeekUnit: {
      const local_days monday = MondayOf(today) + days{7 * step};
      if (r.weekday) {
        return OneDay(monday + (date::weekday{static_cast<unsigned>(*r.weekday)} - date::Monday));
      }
      return ApplyPart(IsoWeekStarting(monday), r.part, env);
    }
    case kMonthUnit:
      return ApplyPart(OneMonth(YearMonthOf(today) + months{step}), r.part, env);
    case kYearUnit: {
      const int y = static_cast<int>(YearMonthOf(today).year()) + step;
      if (!ValidYear(y)) return Unreadable("the year of " + env.quoted + " is out of range");
      return ApplyPart(OneYear(y), r.part, env);
    }
    default:
      return ApplyPart(OneDay(today + days{step}), r.part, env);
  }
}

// "earlier this month": from the start of the unit to the end of the reference day.
absl::StatusOr<Interval> EarlierOrLater(const Reading& r, const Env& env) {
  if (!env.reference) return NoReference(env, "earlier or later this week, month or year");
  if (auto s = RequireOnly(r, kRelationField | kDirectionField | kUnitField, env); !s.ok()) {
    return s;
  }
  if (r.direction != Sense::kThis || !r.unit || *r.unit == kDayUnit) {
    return Unreadable(env.quoted +
                      " is vague: \"earlier\" and \"later\" are read only with "
                      "this week, month or year");
  }
  const local_days today = env.ReferenceDay();
  const Interval unit = UnitContaining(*r.unit, today);
  if (r.relation == Sense::kEarlier) {
    return OfDays(date::floor<days>(unit.start), today + days{1}, v1::PRECISION_DAY);
  }
  return OfDays(today, date::floor<days>(unit.end), v1::PRECISION_DAY);
}

local_days WeekdayRelativeTo(local_days day, unsigned weekday, Sense direction) {
  const date::weekday wanted{weekday};
  switch (direction) {
    case Sense::kLast:
      return day - (date::weekday{day} - wanted) -
             ((date::weekday{day} == wanted) ? days{7} : days{0});
    case Sense::kNext:
      return day + (wanted - date::weekday{day}) +
             ((date::weekday{day} == wanted) ? days{7} : days{0});
    default:  // in the ISO week of `day`
      return MondayOf(day) + (wanted - date::Monday);
  }
}

absl::StatusOr<Interval> CalendarDay(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings);
absl::StatusOr<Interval> HijriStatement(const Reading& r, const Env& env,
                                        const std::optional<Anchor>& anchor, Warnings* warnings);

// "17 سبتمبر الماضي", "le 5 octobre dernier", "le 17 octobre prochain": the latest such date
// before the reference date, or the earliest after it ("this": in the reference's month).
absl::StatusOr<Interval> DirectedDay(const Reading& r, const Env& env, Warnings* warnings) {
  const local_days today = env.ReferenceDay();
  Reading dated = r;
  dated.direction.reset();
  if (r.direction == Sense::kThis) {
    const bool hijri = r.month_calendar == Calendar::kHijri;
    const unsigned current =
        hijri ? HijriOf(today).month : static_cast<unsigned>(YearMonthOf(today).month());
    if (static_cast<unsigned>(*r.month) != current) {
      return Unreadable(env.quoted + " is ambiguous: the month named is not the current one");
    }
    dated.year = hijri ? HijriOf(today).year : static_cast<int>(YearMonthOf(today).year());
    dated.year_calendar = hijri ? Calendar::kHijri : Calendar::kGregorian;
  }
  const bool next = r.direction == Sense::kNext;
  const Anchor anchor{next ? today + days{1} : today - days{1}, next, /*is_reference=*/false};
  if (r.month_calendar == Calendar::kHijri) return HijriStatement(dated, env, anchor, warnings);
  return CalendarDay(dated, env, anchor, warnings);
}

// "last September", "سبتمبر الماضي", "l'été prochain", "jeudi dernier", "رمضان المقبل".
absl::StatusOr<Interval> DirectedName(const Reading& r, const Env& env, Warnings* warnings) {
  if (!env.reference) return NoReference(env, "a month, season or weekday counted from now");
  if (auto s = RequireOnly(r,
                           kDirectionField | kMonthField | kDayField | kSeasonField |
                               kWeekdayField | kPartField | kClockField,
                           env);
      !s.ok()) {
    return s;
  }
  const local_days today = env.ReferenceDay();
  if (r.day && r.month) return DirectedDay(r, env, warnings);
  if (r.day) return CannotCombine(env);
  if (r.weekday && !r.month && !r.season) {
    return OneDay(WeekdayRelativeTo(today, static_cast<unsigned>(*r.weekday), *r.direction));
  }
  if (r.weekday || (r.month && r.season)) return CannotCombine(env);
  if (r.month && r.month_calendar == Calendar::kHijri) {
    const HijriYmd now = HijriOf(today);
    const auto m = static_cast<unsigned>(*r.month);
    int y = now.year + StepOf(*r.direction);
    if (*r.direction == Sense::kLast && m < now.month) y = now.year;
    if (*r.direction == Sense::kNext && m > now.month) y = now.year;
    if (*r.direction == Sense::kThis && m != now.month) {
      return Unreadable(env.quoted + " is ambiguous: the month named is not the current one");
    }
    absl::StatusOr<Interval> month = ApplyPart(HijriMonth(y, m), r.part, env);
    if (!month.ok()) return month;
    return WidenHijri(*month, warnings);
  }
  const bool season = r.season.has_value();
  const int length = season ? 3 : 1;
  const StartInYear start_in = [&](int y) {
    return season ? SeasonStart(*r.season, y)
                  : date::year{y} / date::month{static_cast<unsigned>(*r.month)};
  };
  const std::optional<year_month> start =
      PickOccurrence(start_in, length, YearMonthOf(today), PickFor(*r.direction));
  if (!start) {
    return Unreadable(env.quoted + " is ambiguous: \"this\" names a " +
                      (season ? "season" : "month") + " that does not contain the reference date");
  }
  if (!ValidYear(static_cast<int>(start->year()))) {
    return Unreadable("the year of " + env.quoted + " is out of range");
  }
  if (season) {
    if (r.part) return Unreadable("early, mid or late of a season is not read");
    return OfDays(local_days{*start / 1}, local_days{(*start + months{3}) / 1},
                  v1::PRECISION_MONTH);
  }
  return ApplyPart(OneMonth(*start), r.part, env);
}

absl::StatusOr<Interval> IsoWeek(const Reading& r, const Env& env) {
  if (auto s = RequireOnly(r, kYearField | kIsoWeekField | kWeekdayField | kClockField, env);
      !s.ok()) {
    return s;
  }
  if (!r.year) return Unreadable("the week in " + env.quoted + " has no year");
  if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
  // Week 1 is the week with the year's first Thursday, i.e. the one containing 4 January.
  const local_days week1 = MondayOf(local_days{date::year{*r.year} / 1 / 4});
  const local_days monday = week1 + days{7 * (*r.iso_week - 1)};
  const date::year_month_day thursday{monday + days{3}};
  if (*r.iso_week < 1 || static_cast<int>(thursday.year()) != *r.year) {
    return Unreadable("no week " + std::to_string(*r.iso_week) + " in " + std::to_string(*r.year));
  }
  if (!r.weekday) return IsoWeekStarting(monday);
  return OneDay(monday + (date::weekday{static_cast<unsigned>(*r.weekday)} - date::Monday));
}

absl::StatusOr<Interval> OrdinalDay(const Reading& r, const Env& env) {
  if (auto s = RequireOnly(r, kYearField | kDayOfYearField | kClockField, env); !s.ok()) return s;
  if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
  const local_days first{date::year{*r.year} / 1 / 1};
  const local_days day = first + days{*r.day_of_year - 1};
  if (*r.day_of_year < 1 || YearMonthOf(day).year() != date::year{*r.year}) {
    return Unreadable("no such day of the year in " + env.quoted);
  }
  return OneDay(day);
}

// Dates written with a Hijri month or a Hijri era: "15 ربيع الأول 1446", "1446 هـ", "رمضان".
absl::StatusOr<Interval> HijriStatement(const Reading& r, const Env& env,
                                        const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r, kYearField | kMonthField | kDayField | kPartField, env); !s.ok()) {
    return s;
  }
  if ((r.month && r.month_calendar == Calendar::kGregorian) ||
      r.year_calendar == Calendar::kGregorian) {
    return Unreadable(env.quoted + " mixes the Gregorian and Hijri calendars");
  }
  if (!r.month) {
    if (r.day || !r.year) return CannotCombine(env);
    if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
    if (r.part) return Unreadable("early, mid or late of a Hijri year is not read");
    return WidenHijri(
        OfDays(HijriDay(*r.year, 1, 1), HijriDay(*r.year + 1, 1, 1), v1::PRECISION_DAY), warnings);
  }
  const auto m = static_cast<unsigned>(*r.month);
  int y = 0;
  if (r.year) {
    y = *r.year;
  } else {
    if (!anchor) return NoReference(env, "a Hijri month without a year");
    y = HijriYearFor(m, r.day ? std::optional<unsigned>(*r.day) : std::nullopt, *anchor);
    if (anchor->is_reference) {
      warnings->push_back("the Hijri year is not stated in " + env.quoted + ": read as " +
                          std::to_string(y) + ", the latest not after the reference date");
    }
  }
  if (!ValidYear(y) || m < 1 || m > 12) return Unreadable("no such Hijri date in " + env.quoted);
  absl::StatusOr<Interval> date = HijriMonth(y, m);
  if (r.day) {
    if (!ValidHijri(y, m, static_cast<unsigned>(*r.day))) {
      return Unreadable("no such Hijri date in " + env.quoted);
    }
    date = OneDay(HijriDay(y, m, static_cast<unsigned>(*r.day)));
  }
  date = ApplyPart(*date, r.part, env);
  if (!date.ok()) return date;
  Interval widened = WidenHijri(*date, warnings);
  widened.first_day = date->first_day;
  return widened;
}

// The latest (or, forward, the earliest) valid month/day around the anchor: 29 February may
// be years away.
std::optional<local_days> YearlessDay(unsigned m, unsigned d, const Anchor& anchor) {
  const int y0 = static_cast<int>(YearMonthOf(anchor.day).year());
  for (int k = 0; k <= 8; ++k) {
    const int y = anchor.forward ? y0 + k : y0 - k;
    const date::year_month_day ymd = date::year{y} / date::month{m} / date::day{d};
    if (!ymd.ok() || !ValidYear(y)) continue;
    const local_days day{ymd};
    if (anchor.forward ? day >= anchor.day : day <= anchor.day) return day;
  }
  return std::nullopt;
}

void WarnIfWeekdayDiffers(const Reading& r, local_days day, const Env& env, Warnings* warnings) {
  if (r.weekday && date::weekday{day} != date::weekday{static_cast<unsigned>(*r.weekday)}) {
    warnings->push_back("the weekday in " + env.quoted + " is not that of " + DayName(day) +
                        "; the date was kept");
  }
}

// "17 September 2024", "September 17", "الثلاثاء ١٧ سبتمبر ٢٠٢٤".
absl::StatusOr<Interval> CalendarDay(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s =
          RequireOnly(r, kYearField | kMonthField | kDayField | kWeekdayField | kClockField, env);
      !s.ok()) {
    return s;
  }
  const auto m = static_cast<unsigned>(*r.month);
  const auto d = static_cast<unsigned>(*r.day);
  if (m < 1 || m > 12 || d < 1 || d > 31) return Unreadable("no such date in " + env.quoted);
  local_days day;
  if (r.year) {
    const date::year_month_day ymd = date::year{*r.year} / date::month{m} / date::day{d};
    if (!ValidYear(*r.year) || !ymd.ok()) return Unreadable("no such date in " + env.quoted);
    day = local_days{ymd};
  } else {
    if (!anchor) return NoReference(env, "a day and month without a year");
    std::optional<local_days> found = YearlessDay(m, d, *anchor);
    if (!found) return Unreadable("no such date in " + env.quoted);
    day = *found;
    if (anchor->is_reference) {
      warnings->push_back("the year is not stated in " + env.quoted + ": read as " + DayName(day) +
                          ", the latest such day not after the reference date");
    }
  }
  WarnIfWeekdayDiffers(r, day, env, warnings);
  return OneDay(day);
}

// "September 2024", "سبتمبر", "early September", "أوائل سبتمبر 2024".
absl::StatusOr<Interval> CalendarMonth(const Reading& r, const Env& env,
                                       const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r, kYearField | kMonthField | kPartField, env); !s.ok()) return s;
  const auto m = static_cast<unsigned>(*r.month);
  if (m < 1 || m > 12) return Unreadable("no month " + std::to_string(m) + " in " + env.quoted);
  year_month ym;
  if (r.year) {
    if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
    ym = date::year{*r.year} / date::month{m};
  } else {
    if (!anchor) return NoReference(env, "a month without a year");
    const StartInYear start_in = [m](int y) { return date::year{y} / date::month{m}; };
    ym = *PickOccurrence(start_in, 1, YearMonthOf(anchor->day),
                         anchor->forward ? Pick::kEarliestStartingFrom : Pick::kLatestStartingBy);
    if (anchor->is_reference) {
      warnings->push_back("the year is not stated in " + env.quoted + ": read as " + MonthName(ym) +
                          ", the latest such month not after the reference date");
    }
  }
  return ApplyPart(OneMonth(ym), r.part, env);
}

// "summer 2024", "صيف 2024", "l'hiver 2023/2024", "l'été" (meteorological seasons).
absl::StatusOr<Interval> SeasonOf(const Reading& r, const Env& env,
                                  const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r, kYearField | kSeasonField, env); !s.ok()) return s;
  const int season = *r.season;
  year_month start;
  if (r.year) {
    if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
    const bool winter = season == kWinter;
    // "winter 2024" is the winter whose January is in 2024; "winter 2023/2024" says so outright.
    start = SeasonStart(season, winter && !r.next_year ? *r.year - 1 : *r.year);
    if (winter && !r.next_year) {
      warnings->push_back("read " + env.quoted + " as the winter from December " +
                          std::to_string(*r.year - 1) + " to February " + std::to_string(*r.year));
    }
  } else {
    if (!anchor) return NoReference(env, "a season without a year");
    start = *PickOccurrence(
        [season](int y) { return SeasonStart(season, y); }, 3, YearMonthOf(anchor->day),
        anchor->forward ? Pick::kEarliestStartingFrom : Pick::kLatestStartingBy);
    if (anchor->is_reference) {
      warnings->push_back("the year is not stated in " + env.quoted + ": read as the season " +
                          "starting " + MonthName(start) + ", the latest not after the reference");
    }
  }
  if (!ValidYear(static_cast<int>(start.year()))) {
    return Unreadable("the year of " + env.quoted + " is out of range");
  }
  return OfDays(local_days{start / 1}, local_days{(start + months{3}) / 1}, v1::PRECISION_MONTH);
}

absl::StatusOr<Interval> YearOrDecade(const Reading& r, const Env& env) {
  if (auto s = RequireOnly(r, kYearField | kDecadeField | kPartField, env); !s.ok()) return s;
  if (r.year && r.decade) return CannotCombine(env);
  if (r.decade) {
    if (r.part || !ValidYear(*r.decade) || !ValidYear(*r.decade + 9)) return CannotCombine(env);
    Interval out = OneYear(*r.decade);
    out.end = OneYear(*r.decade + 9).end;
    out.shape = Shape::kOther;
    return out;
  }
  if (!ValidYear(*r.year)) return Unreadable("the year of " + env.quoted + " is out of range");
  return ApplyPart(OneYear(*r.year), r.part, env);
}

// "Thursday", "الخميس", "jeudi": the latest such day on or before the anchor.
absl::StatusOr<Interval> BareWeekday(const Reading& r, const Env& env,
                                     const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (auto s = RequireOnly(r, kWeekdayField | kClockField, env); !s.ok()) return s;
  if (!anchor) return NoReference(env, "a weekday");
  const date::weekday wanted{static_cast<unsigned>(*r.weekday)};
  const local_days day = anchor->forward ? anchor->day + (wanted - date::weekday{anchor->day})
                                         : anchor->day - (date::weekday{anchor->day} - wanted);
  if (anchor->is_reference) {
    warnings->push_back("read the weekday " + env.quoted + " as " + DayName(day) +
                        ", the latest such day on or before the reference date");
  }
  return OneDay(day);
}

// The date a reading states, before a time of day is applied.
absl::StatusOr<Interval> DateOf(const Reading& r, const Env& env,
                                const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (r.relative_day || r.last_night) return RelativeDay(r, env, warnings);
  if (r.ago) return UnitsAgo(r, env);
  if (r.relation) return EarlierOrLater(r, env);
  if (r.direction && !r.month && !r.season && (!r.weekday || r.unit == kWeekUnit)) {
    if (!r.unit) return CannotCombine(env);
    return RelativeUnit(r, env);
  }
  if (r.direction == Sense::kBeforeLast) return CannotCombine(env);
  if (r.direction) return DirectedName(r, env, warnings);
  if (r.iso_week) return IsoWeek(r, env);
  if (r.day_of_year) return OrdinalDay(r, env);
  if (r.month_calendar == Calendar::kHijri || r.year_calendar == Calendar::kHijri) {
    return HijriStatement(r, env, anchor, warnings);
  }
  if (r.month && r.day) return CalendarDay(r, env, anchor, warnings);
  if (r.month) return CalendarMonth(r, env, anchor, warnings);
  if (r.season) return SeasonOf(r, env, anchor, warnings);
  if (r.year || r.decade) return YearOrDecade(r, env);
  if (r.weekday) return BareWeekday(r, env, anchor, warnings);
  if (r.day) return Unreadable("the day in " + env.quoted + " has no month");
  if (r.clock) return Unreadable("the time of day in " + env.quoted + " has no date");
  if (r.unit) return Unreadable(env.quoted + " names a unit of time, not which one");
  return Unreadable("no date in " + env.quoted);
}

absl::StatusOr<Interval> ResolveReading(const Reading& r, const Env& env,
                                        const std::optional<Anchor>& anchor, Warnings* warnings) {
  if (!r.error.empty()) return Unreadable(r.error + " (in " + env.quoted + ")");
  if (r.vague) return Unreadable(env.quoted + " is vague: it names no definite time");
  if (!r.conflict.empty()) {
    return Unreadable(env.quoted + " states the " + r.conflict + " twice, differently");
  }
  absl::StatusOr<Interval> date = DateOf(r, env, anchor, warnings);
  if (!date.ok() || !r.clock) return date;
  return ApplyClock(*date, *r.clock, env);
}

// ---------------------------------------------------------------------------------------------
// From local bounds to instants

struct Bounds {
  std::optional<domain::Micros> start;
  std::optional<domain::Micros> end;
  v1::Precision precision = v1::PRECISION_UNKNOWN;
  local_days first_day;  // the local first day, what the other end of a range counts from
};

bool IsClockPrecision(v1::Precision p) {
  return p == v1::PRECISION_INSTANT || p == v1::PRECISION_MINUTE || p == v1::PRECISION_HOUR;
}

absl::StatusOr<Bounds> ToBounds(const Interval& interval, const Env& env, Warnings* warnings) {
  Bounds out;
  out.precision = interval.precision;
  out.first_day = interval.first_day;
  if (interval.utc_offset_minutes) {
    const minutes offset{*interval.utc_offset_minutes};
    out.start = domain::Micros{interval.start.time_since_epoch()} - offset;
    out.end = domain::Micros{interval.end.time_since_epoch()} - offset;
  } else {
    date::choose end_choice = date::choose::earliest;
    if (IsClockPrecision(interval.precision)) {
      const date::local_info info = env.zone->get_info(date::floor<seconds>(interval.start));
      if (info.result == date::local_info::nonexistent) {
        return Unreadable("the time in " + env.quoted + " does not exist in " + env.zone->name() +
                          ": the clocks skip it");
      }
      if (info.result == date::local_info::ambiguous) {
        warnings->push_back("the time in " + env.quoted + " occurs twice in " + env.zone->name() +
                            "; the span covers both");
        end_choice = date::choose::latest;
      }
    }
    // A local midnight that a DST change skips maps to the instant the clocks jump, as in
    // domain::EndOfUnit.
    out.start = env.zone->to_sys(interval.start, date::choose::earliest);
    out.end = env.zone->to_sys(interval.end, end_choice);
  }
  static const domain::Micros kMin{date::sys_days{date::year{1} / 1 / 1}};
  static const domain::Micros kMax{date::sys_days{date::year{10000} / 1 / 1} - microseconds{1}};
  if (*out.start < kMin || *out.end > kMax || *out.end <= *out.start) {
    return Unreadable(env.quoted + " falls outside 0001-01-01..9999-12-31");
  }
  return out;
}

absl::StatusOr<Bounds> ResolveToBounds(const Reading& r, const Env& env,
                                       const std::optional<Anchor>& anchor, Warnings* warnings) {
  absl::StatusOr<Interval> interval = ResolveReading(r, env, anchor, warnings);
  if (!interval.ok()) return interval.status();
  return ToBounds(*interval, env, warnings);
}

std::optional<Anchor> ReferenceAnchor(const Env& env) {
  if (!env.reference) return std::nullopt;
  return Anchor{env.ReferenceDay(), /*forward=*/false, /*is_reference=*/true};
}

// "before X", "since X": only one bound is known, and no unit.
Bounds ApplyBound(Sense bound, const Bounds& known) {
  Bounds b;
  switch (bound) {
    case Sense::kBefore:
      b.end = known.start;
      break;
    case Sense::kAfter:
      b.start = known.end;
      break;
    case Sense::kSince:
      b.start = known.start;
      break;
    default:  // kUntil
      b.end = known.end;
      break;
  }
  return b;
}

absl::StatusOr<Bounds> ResolveSingle(const Reading& r, const Env& env, Warnings* warnings) {
  absl::StatusOr<Bounds> bounds = ResolveToBounds(r, env, ReferenceAnchor(env), warnings);
  if (!bounds.ok()) return bounds;
  if (r.approximate) {
    warnings->push_back(env.quoted + " is stated as approximate; the span is the unit stated");
  }
  if (r.bound) return ApplyBound(*r.bound, *bounds);
  if (r.from) return ApplyBound(Sense::kSince, *bounds);
  return bounds;
}

// --- Ranges ---

// The coarsest unit on whose boundaries both bounds lie.
v1::Precision CommonPrecision(v1::Precision a, v1::Precision b) {
  if (a == b) return a;
  auto both_at_least = [&](v1::Precision p) { return a >= p && b >= p; };
  if (both_at_least(v1::PRECISION_MONTH)) return v1::PRECISION_MONTH;
  if (both_at_least(v1::PRECISION_DAY)) return v1::PRECISION_DAY;
  if (both_at_least(v1::PRECISION_HOUR)) return v1::PRECISION_HOUR;
  if (both_at_least(v1::PRECISION_MINUTE)) return v1::PRECISION_MINUTE;
  return v1::PRECISION_INSTANT;
}

// A year-less date waits for the other end of the range to say which year.
bool NeedsYear(const Reading& r) {
  return !r.year && !r.relative_day && !r.last_night && !r.direction && !r.ago && !r.iso_week &&
         (r.month || r.season || r.weekday || r.day);
}

// "15-17 September": the first end borrows the month; "from 10:00 to 12:00 on 17 September":
// an end with only a time borrows the other's date.
void ShareFields(Reading& left, Reading& right) {
  auto borrow_month = [](Reading& to, const Reading& from) {
    if (to.day && !to.month && !to.relative_day && from.month) {
      to.month = from.month;
      to.month_calendar = from.month_calendar;
      to.month_borrowed = true;
    }
  };
  borrow_month(left, right);
  borrow_month(right, left);
  auto borrow_date = [](Reading& to, const Reading& from) {
    if (!to.clock || HasDateFields(to)) return;
    Clock clock = *to.clock;
    const std::optional<Sense> bound = to.bound;
    to = from;
    to.clock = clock;
    to.bound = bound;
  };
  borrow_date(left, right);
  borrow_date(right, left);
}

// An end that borrowed the other's month is in the same month, hence the same year, as the other.
void ShareYear(Reading& to, const Bounds& other) {
  if (!to.month_borrowed || to.year) return;
  if (to.month_calendar == Calendar::kHijri) {
    to.year = HijriOf(other.first_day).year;
    to.year_calendar = Calendar::kHijri;
  } else {
    to.year = static_cast<int>(YearMonthOf(other.first_day).year());
  }
}

absl::StatusOr<Bounds> ResolveRange(Reading left, Reading right, Sense connector, const Env& env,
                                    Warnings* warnings) {
  if (left.bound || right.bound) return CannotCombine(env);
  if (connector == Sense::kEquivalent) {
    // "15 ربيع الأول 1446 هـ الموافق 18 سبتمبر 2024م": one day in two calendars. The narrower
    // reading wins if the wider one contains it.
    Warnings left_warnings;
    Warnings right_warnings;
    absl::StatusOr<Bounds> a = ResolveToBounds(left, env, ReferenceAnchor(env), &left_warnings);
    absl::StatusOr<Bounds> b = ResolveToBounds(right, env, ReferenceAnchor(env), &right_warnings);
    if (!a.ok()) return a;
    if (!b.ok()) return b;
    auto within = [](const Bounds& x, const Bounds& y) {
      return *x.start >= *y.start && *x.end <= *y.end;
    };
    const bool right_wins = within(*b, *a);
    if (!right_wins && !within(*a, *b)) {
      return Unreadable("the two dates in " + env.quoted + " do not agree");
    }
    const Warnings& kept = right_wins ? right_warnings : left_warnings;
    warnings->insert(warnings->end(), kept.begin(), kept.end());
    return right_wins ? b : a;
  }
  ShareFields(left, right);
  absl::StatusOr<Bounds> first;
  absl::StatusOr<Bounds> last;
  if (NeedsYear(right) && !NeedsYear(left)) {
    first = ResolveToBounds(left, env, ReferenceAnchor(env), warnings);
    if (!first.ok()) return first;
    ShareYear(right, *first);
    last = ResolveToBounds(
        right, env, Anchor{first->first_day, /*forward=*/true, /*is_reference=*/false}, warnings);
  } else {
    last = ResolveToBounds(right, env, ReferenceAnchor(env), warnings);
    if (!last.ok()) return last;
    ShareYear(left, *last);
    first = ResolveToBounds(
        left, env, Anchor{last->first_day, /*forward=*/false, /*is_reference=*/false}, warnings);
  }
  if (!first.ok()) return first;
  if (!last.ok()) return last;
  if (*first->start > *last->start || *first->end > *last->end) {
    return Unreadable("the range " + env.quoted + " ends before it starts");
  }
  if (left.approximate || right.approximate) {
    warnings->push_back(env.quoted + " is stated as approximate; the span is the unit stated");
  }
  Bounds range = *first;
  range.end = last->end;
  range.precision = CommonPrecision(first->precision, last->precision);
  return range;
}

bool IsConnector(Sense s) {
  return s == Sense::kTo || s == Sense::kAnd || s == Sense::kUntil || s == Sense::kEquivalent;
}

absl::StatusOr<Bounds> ResolveAtoms(const std::vector<Atom>& atoms, const Env& env,
                                    Warnings* warnings) {
  Reading whole = ReadAtoms(atoms, 0, atoms.size());
  if (whole.conflict.empty() || !whole.error.empty()) return ResolveSingle(whole, env, warnings);
  // Something is stated twice: read the text as a range, split at its first working connector.
  for (size_t k = 0; k < atoms.size(); ++k) {
    if (!IsConnector(atoms[k].sense)) continue;
    Reading left = ReadAtoms(atoms, 0, k);
    Reading right = ReadAtoms(atoms, k + 1, atoms.size());
    if (left.empty || right.empty || !left.conflict.empty() || !right.conflict.empty() ||
        !left.error.empty() || !right.error.empty()) {
      continue;
    }
    return ResolveRange(std::move(left), std::move(right), atoms[k].sense, env, warnings);
  }
  return ResolveSingle(whole, env, warnings);
}

absl::StatusOr<Bounds> ResolveText(std::string_view text, const Env& env, Warnings* warnings) {
  if (text.size() > kMaxTextBytes) {
    return Unreadable("the text is too long to be a date expression");
  }
  if (std::optional<std::vector<Reading>> iso = ReadIso8601(text)) {
    if (iso->size() == 1) return ResolveSingle(iso->front(), env, warnings);
    return ResolveRange(std::move((*iso)[0]), std::move((*iso)[1]), Sense::kTo, env, warnings);
  }
  const std::vector<Atom> atoms = ToAtoms(Tokenize(text));
  if (atoms.empty()) return Unreadable("no date in " + env.quoted);
  return ResolveAtoms(atoms, env, warnings);
}

const date::time_zone* FindZone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

DateParse ParseDateExpression(std::string_view text, const DateContext& context) {
  DateParse out;
  out.span.text = std::string(text);
  out.span.time_zone = context.time_zone;
  out.span.precision = v1::PRECISION_UNKNOWN;

  Env env{FindZone(context.time_zone), std::nullopt, Quoted(text)};
  if (env.zone == nullptr) {
    out.warnings.push_back("unknown time zone \"" + context.time_zone + "\"");
    return out;
  }
  if (context.reference) {
    // Relative words step a few years at most from the reference; keep that inside 1..9999.
    static const domain::Micros kEarliest{date::sys_days{date::year{11} / 1 / 1}};
    static const domain::Micros kLatest{date::sys_days{date::year{9990} / 1 / 1}};
    if (*context.reference >= kEarliest && *context.reference < kLatest) {
      env.reference = env.zone->to_local(*context.reference);
    } else {
      out.warnings.push_back("the reference time is outside the years 11-9989 and was ignored");
    }
  }

  Warnings warnings;
  absl::StatusOr<Bounds> bounds = ResolveText(text, env, &warnings);
  if (!bounds.ok()) {
    out.warnings.push_back(std::string(bounds.status().message()));
    return out;
  }
  out.span.start = bounds->start;
  out.span.end = bounds->end;
  out.span.precision = bounds->precision;
  for (std::string& warning : warnings) {
    // Both ends of a Hijri range say the same thing; once is enough.
    if (std::find(out.warnings.begin(), out.warnings.end(), warning) == out.warnings.end()) {
      out.warnings.push_back(std::move(warning));
    }
  }
  return out;
}

}  // namespace timeline::normalize
