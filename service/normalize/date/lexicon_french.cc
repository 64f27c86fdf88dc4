// The French words of dates (lexicon.h).
#include "normalize/date/lexicon.h"

namespace timeline::normalize::date_internal {
namespace {

using S = Sense;

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
    {"après le prochain|après la prochaine|après prochain|après prochaine", S::kAfterNext},
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

}  // namespace

std::span<const LexiconEntry> FrenchLexicon() { return kFrench; }

}  // namespace timeline::normalize::date_internal
