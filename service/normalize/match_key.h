// Match keys: the form in which different spellings of one name meet in an index.
//
// News, datasets and analysts spell the same name in many ways: with or without diacritics
// ("Goïta" / "Goita"), in any case, with Arabic tashkeel or tatweel, with the hamza forms of alef
// (أحمد / إحمد / احمد), with ة or ه, ى or ي, in Arabic-Indic or ASCII digits. MatchKey() maps all
// of these to one string, so a name can be stored with its key and looked up by equality:
//
//   MatchKey("Assimi  Goïta")  == "assimi goita"
//   MatchKey("ASSIMI GOITA")   == "assimi goita"
//   MatchKey("مُحَمَّد")          == MatchKey("محمد")
//   MatchKey("Tin-Zaouatene")  == "tin zaouatene"
//   MatchKey("N’Djamena")      == "ndjamena"      (apostrophes join, they do not separate)
//
// Guidance:
//  - Keys are for equality lookups only: never show them to users, store the original name too.
//  - Keys do not unify different letters (عاصيمي vs عاصمي keep distinct keys); such variants are
//    found by similarity search (pg_trgm) over keys, not here.
//  - Keys never cross scripts: "Goïta" and "غويتا" get different keys. Cross-script names meet
//    through stored aliases.
//  - Any byte string is accepted. Invalid UTF-8 is read as U+FFFD, which is not a letter and so
//    disappears; an input with no letters or digits yields "".
//  - Changing these rules changes every stored key: raise kMatchKeyVersion when you do, and
//    `timelined migrate` re-keys the stored names (storage/pg_name_rekey.h).

#ifndef TIMELINE_SERVICE_NORMALIZE_MATCH_KEY_H_
#define TIMELINE_SERVICE_NORMALIZE_MATCH_KEY_H_

#include <string>
#include <string_view>

namespace timeline::normalize {

// Returns the search key of a name: the form in which spellings of one name meet in an index.
// The key is UTF-8, case-folded, NFKC, without diacritics, with ASCII digits and with words
// separated by single ASCII spaces. Throws std::runtime_error only if ICU itself fails (missing
// data, out of memory), never because of the input.
std::string MatchKey(std::string_view utf8_name);

// The version of the rules above. 1: apostrophes separated words; 2: they join them.
inline constexpr int kMatchKeyVersion = 2;

}  // namespace timeline::normalize

#endif  // TIMELINE_SERVICE_NORMALIZE_MATCH_KEY_H_
