// How a name in an ingested record becomes an actor or a place: the decision rules, apart from
// the queries that find candidates (storage/pg_ingest.cc).
//
// Candidates come from two lookups: equal match keys (normalize/match_key.h), scored 1.0, and
// pg_trgm similarity() of match keys for the rest. Then:
//   - the best candidate is linked when its score is at least kLinkSimilarity (0.6: "عاصيمي غويتا"
//     and "عاصمي غويتا" score 0.67; "bamaco" and "bamako" 0.4 do not);
//   - a place candidate farther than kMaxLinkDistanceKm from the record's coordinates is never
//     linked (same name, another town);
//   - a similar name is linked only when its words pair up one by one with the name's, each pair
//     equal or one letter apart, and pairs of words under five letters equal: "عاصيمي غويتا" links
//     to "عاصمي غويتا", but "أحمد المختار" stays apart from "محمد المختار", "Issa Zongo" from
//     "Idrissa Zongo", "Sector 4" from "Sector 5" — trigrams barely see those differences,
//     readers do;
//   - qualifiers never differ in a similar name: a word holding a digit or a word of a country's
//     name (normalize/country_words.h) must be equal, so "Protesters (Zambia)" stays apart from
//     "Protesters (Gambia)" and "Brigade 166" from "Brigade 106";
//   - no name, equal or similar, links across countries: a candidate whose country is known and
//     differs from the record's is never linked ("Al Shabaab" of Somalia and of Mozambique, "ADF"
//     of Cameroon and of Congo);
//   - a similar name is linked only to a candidate of the same kind and the same country (when
//     the record gives them), and a similar place only when both have coordinates and lie within
//     kMaxSimilarPlaceDistanceKm: a one-letter difference 41 km away is another village
//     ("Kirumbu" and "Kirumba"), and without coordinates nothing tells "Abala" from "Abalak";
//   - words may also join or split: "al shabaab" and "alshabaab" pair up; and the Arabic
//     article on a word of its own may be there or not, in any of its transliterated forms (al,
//     el, ad, ar, as, ash, at, az, ed, er, es, ez): "yahya sinwar" and "yahya al sinwar",
//     "el sisi" and "al sisi" pair up, as long as what is left pairs up by the rules above;
//   - every link to a similar (not equal) name is flagged so that the caller reports it, with
//     the name linked to and the score — never silent;
//   - a place candidate that normalize/place_hierarchy.h rules out — a division where the record
//     states another kind of place, a division named like one of the record's own divisions, a
//     place under divisions the record contradicts — is never linked;
//   - ties are broken by kind, then country, then the record's division names the candidate
//     shares, then whether its path is exactly the record's, then distance. An actor tie that
//     survives to age links the older actor and is reported as ambiguous; a place tie is not
//     guessed at: no place is linked (a new one is created) and the tie is reported;
//   - with no candidate at the link threshold a new actor or place is created (or the record is
//     rejected in strict mode), and candidates above kReportSimilarity are reported with it.
//     (Ingestion asks the trigram index only for names at kLinkSimilarity or above — a lower
//     threshold makes every look-up return the names sharing a common word — so what it reports
//     are equal or linkable-looking names that a rule above kept apart.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace timeline::normalize {

inline constexpr double kLinkSimilarity = 0.6;
inline constexpr double kReportSimilarity = 0.4;
inline constexpr double kMaxLinkDistanceKm = 100.0;
inline constexpr double kMaxSimilarPlaceDistanceKm = 10.0;
inline constexpr size_t kMinFuzzyWordLength = 5;

struct NameCandidate {
  int64_t id = 0;  // internal id; smaller is older
  std::string resource_id;
  std::string display_name;
  double score = 0;                   // 1.0 for an equal match key, else pg_trgm similarity()
  bool kind_matches = false;          // the record asked for this kind (or asked none)
  bool country_matches = false;       // the record's country (or it named none)
  bool country_conflicts = false;     // both have a country, and they differ
  bool place = false;                 // a place (whose distance counts), not an actor
  std::optional<double> distance_km;  // from the record's coordinates, when both have them
  bool kind_conflicts = false;        // normalize::KindsConflict: never the record's place
  bool admin_conflicts = false;       // its divisions contradict the record's
  int admin_matches = 0;              // the record's division names it shares
  bool same_admin_path = false;       // its divisions are exactly the record's
  std::string not_linked_because;     // set by DecideName on the candidates it did not link
  std::string key;                    // the candidate's matched name key; empty for an equal key
};

struct NameDecision {
  // The candidate to link; unset: create a new actor or place.
  std::optional<NameCandidate> link;
  // Other candidates worth telling the caller about (ties, near misses), best first.
  std::vector<NameCandidate> also;
  // Several candidates were equally good: an actor's link is the oldest of them; a place has no
  // link, and the tied places are first in `also`.
  bool ambiguous = false;
  // The link's name is similar to the record's, not equal to it (its match key differs).
  bool similar = false;
};

// `key`: the match key of the name being resolved.
NameDecision DecideName(std::string_view key, std::vector<NameCandidate> candidates);

// Why DecideName did not link `candidate` for `key`, in a few words for a warning ("in another
// country", "under other divisions", "41 km away"); "equally good as another" for a tie.
std::string ReasonNotLinked(std::string_view key, const NameCandidate& candidate);

// A resource id made from a name: transliterated to ASCII (ICU), lower-case, words joined by "-",
// at most `max_length` characters, starting with a letter ("Assimi Goïta" -> "assimi-goita",
// "عاصمي غويتا" -> "asmy-ghwyta"). `prefix` (e.g. "ml") is put first. Never empty: a name
// without Latin letters after transliteration yields `fallback`.
std::string ResourceIdFromName(std::string_view name, std::string_view prefix,
                               std::string_view fallback, size_t max_length = 50);

}  // namespace timeline::normalize
