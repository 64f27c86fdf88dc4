// DecideName (which candidate a name in an ingested record links to) and ResourceIdFromName (the
// id a new actor, place, source or event gets from its name): the rules of
// normalize/name_resolution.h, then properties that hold for any input.
#include "normalize/name_resolution.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "domain/resource_name.h"

namespace timeline::normalize {
namespace {

// A candidate as storage builds them: kind and country matching unless a test says otherwise.
NameCandidate Candidate(int64_t id, double score, std::string key = "",
                        std::optional<double> distance_km = std::nullopt) {
  NameCandidate c;
  c.id = id;
  c.resource_id = "candidate-" + std::to_string(id);
  c.display_name = "Candidate " + std::to_string(id);
  c.score = score;
  c.kind_matches = true;
  c.country_matches = true;
  c.distance_km = distance_km;
  c.place = distance_km.has_value();  // only places have a distance
  c.key = std::move(key);
  return c;
}

std::vector<int64_t> Ids(const std::vector<NameCandidate>& candidates) {
  std::vector<int64_t> out;
  for (const NameCandidate& c : candidates) out.push_back(c.id);
  return out;
}

// The name resolved in tests of ranking; the similar keys below are one letter from it.
constexpr char kQuery[] = "ouagadougou";

std::optional<int64_t> LinkedId(const NameDecision& d) {
  if (!d.link) return std::nullopt;
  return d.link->id;
}

// --- DecideName: thresholds --------------------------------------------------------------------

TEST(DecideNameTest, NoCandidatesCreatesANewOne) {
  const NameDecision d = DecideName("assimi goita", {});
  EXPECT_FALSE(d.link.has_value());
  EXPECT_TRUE(d.also.empty());
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, EqualKeyIsLinked) {
  const NameDecision d = DecideName("assimi goita", {Candidate(7, 1.0)});
  ASSERT_TRUE(d.link.has_value());
  EXPECT_EQ(d.link->id, 7);
  EXPECT_EQ(d.link->resource_id, "candidate-7");
  EXPECT_EQ(d.link->display_name, "Candidate 7");
  EXPECT_TRUE(d.also.empty());
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, SimilarNameAtTheLinkThresholdIsLinked) {
  // "عاصيمي غويتا" and "عاصمي غويتا" score 0.67 in pg_trgm.
  EXPECT_EQ(LinkedId(DecideName("asymy ghwyta", {Candidate(1, 0.67, "asmy ghwyta")})), 1);
  EXPECT_EQ(LinkedId(DecideName("ouagadougou", {Candidate(1, kLinkSimilarity, "ouagadougu")})), 1);
  EXPECT_EQ(LinkedId(DecideName("ouagadougou", {Candidate(1, 0.6, "ouagadugou")})), 1);
}

TEST(DecideNameTest, BelowTheLinkThresholdIsOnlyReported) {
  // "bamaco" and "bamako" score 0.4: reported, not linked.
  const NameDecision d = DecideName("bamaco", {Candidate(3, 0.4, "bamako")});
  EXPECT_FALSE(d.link.has_value());
  EXPECT_EQ(Ids(d.also), std::vector<int64_t>{3});
  EXPECT_FALSE(d.ambiguous);

  const NameDecision just_below = DecideName(kQuery, {Candidate(4, 0.5999, "ouagadougu")});
  EXPECT_FALSE(just_below.link.has_value());
  EXPECT_EQ(Ids(just_below.also), std::vector<int64_t>{4});
}

TEST(DecideNameTest, BelowTheReportThresholdIsDropped) {
  const NameDecision d = DecideName(
      kQuery,
      {Candidate(1, 0.39, "ouagadougu"), Candidate(2, 0.1, "ouagadugou"), Candidate(3, 0.0, "w")});
  EXPECT_FALSE(d.link.has_value());
  EXPECT_TRUE(d.also.empty());
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, AlsoListsCandidatesAtOrAboveTheReportThresholdBestFirst) {
  const NameDecision d = DecideName(
      kQuery, {Candidate(1, 0.45, "a"), Candidate(2, 0.3, "b"), Candidate(3, 0.9, "ouagadougoo"),
               Candidate(4, 0.4, "d"), Candidate(5, 0.55, "e"), Candidate(6, 0.7, "f")});
  EXPECT_EQ(LinkedId(d), 3);
  // The linked one is not repeated; 0.3 is below the report threshold.
  EXPECT_EQ(Ids(d.also), (std::vector<int64_t>{6, 5, 1, 4}));
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, TheSameCandidateFoundTwiceIsNotAlsoReported) {
  // One row found by both lookups (an equal key and a similar alias).
  const NameDecision d = DecideName(kQuery, {Candidate(9, 0.7, "ouagadougu"), Candidate(9, 1.0)});
  EXPECT_EQ(LinkedId(d), 9);
  EXPECT_EQ(d.link->score, 1.0);
  EXPECT_TRUE(d.also.empty());
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, HigherScoreWinsOverKindCountryAndDistance) {
  // An equal name of another kind and country still beats a similar one of the right kind.
  NameCandidate best = Candidate(20, 1.0, "", 90.0);
  best.kind_matches = false;
  best.country_matches = false;
  const NameDecision d = DecideName(kQuery, {Candidate(10, 0.8, "ouagadugou", 1.0), best});
  EXPECT_EQ(LinkedId(d), 20);
  EXPECT_EQ(Ids(d.also), std::vector<int64_t>{10});
  EXPECT_FALSE(d.ambiguous);
}

// --- DecideName: distance ----------------------------------------------------------------------

TEST(DecideNameTest, PlaceFartherThanTheLimitIsNeverLinked) {
  // Same name, another town.
  const NameDecision d = DecideName("tessalit", {Candidate(1, 1.0, "", 250.0)});
  EXPECT_FALSE(d.link.has_value());
  EXPECT_EQ(Ids(d.also), std::vector<int64_t>{1});
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, DistanceLimitIsInclusive) {
  EXPECT_EQ(LinkedId(DecideName(kQuery, {Candidate(1, 1.0, "", kMaxLinkDistanceKm)})), 1);
  EXPECT_FALSE(DecideName(kQuery, {Candidate(1, 1.0, "", 100.001)}).link.has_value());
}

TEST(DecideNameTest, UnknownDistanceDoesNotPreventALink) {
  EXPECT_EQ(LinkedId(DecideName(kQuery, {Candidate(1, 1.0, "", std::nullopt)})), 1);
}

TEST(DecideNameTest, TooFarCandidateIsPassedOverForANearerWorseOne) {
  const NameDecision d =
      DecideName(kQuery, {Candidate(1, 1.0, "", 500.0), Candidate(2, 0.7, "ouagadougu", 8.0)});
  EXPECT_EQ(LinkedId(d), 2);
  // The far one stays worth telling about, and it sorts first.
  EXPECT_EQ(Ids(d.also), std::vector<int64_t>{1});
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, SimilarPlaceFartherThanItsLimitIsNeverLinked) {
  // "Kirumbu" and "Kirumba", 41 km apart: two villages, not one spelled two ways.
  const NameDecision far = DecideName("kirumbu", {Candidate(1, 0.64, "kirumba", 41.0)});
  EXPECT_FALSE(far.link.has_value());
  EXPECT_EQ(Ids(far.also), std::vector<int64_t>{1});
  EXPECT_EQ(
      LinkedId(DecideName("kirumbu", {Candidate(1, 0.64, "kirumba", kMaxSimilarPlaceDistanceKm)})),
      1);
  // An equal name keeps the wider limit.
  EXPECT_EQ(LinkedId(DecideName("kirumba", {Candidate(1, 1.0, "", 41.0)})), 1);
}

TEST(DecideNameTest, SimilarPlaceWithoutCoordinatesIsNeverLinked) {
  // "Abala" and "Abalak": two towns of Niger; without coordinates nothing tells them apart.
  NameCandidate abalak = Candidate(1, 0.67, "abalak");
  abalak.place = true;
  EXPECT_FALSE(DecideName("abala", {abalak}).link.has_value());
  // An equal name needs no coordinates.
  NameCandidate same = Candidate(2, 1.0);
  same.place = true;
  EXPECT_EQ(LinkedId(DecideName("abala", {same})), 2);
}

// --- DecideName: kind, country and the SIMILAR_NAME flag -----------------------------------------

TEST(DecideNameTest, NoNameLinksAcrossKnownCountries) {
  // "Al Shabaab" of Mozambique is not the Somali group; "ADF" of Cameroon not Congo's.
  NameCandidate somali = Candidate(1, 1.0);
  somali.country_matches = false;
  somali.country_conflicts = true;
  const NameDecision d = DecideName("al shabaab", {somali});
  EXPECT_FALSE(d.link.has_value());
  EXPECT_EQ(Ids(d.also), std::vector<int64_t>{1});
  // A candidate without a country does not conflict.
  NameCandidate stateless = Candidate(2, 1.0);
  stateless.country_matches = false;
  EXPECT_EQ(LinkedId(DecideName("al shabaab", {stateless})), 2);
}

TEST(DecideNameTest, SimilarNameLinksOnlyToTheSameKindAndCountry) {
  NameCandidate other_country = Candidate(1, 0.8, "ouagadougu");
  other_country.country_matches = false;
  EXPECT_FALSE(DecideName(kQuery, {other_country}).link.has_value());
  NameCandidate other_kind = Candidate(2, 0.8, "ouagadougu");
  other_kind.kind_matches = false;
  EXPECT_FALSE(DecideName(kQuery, {other_kind}).link.has_value());
  // Reported all the same.
  EXPECT_EQ(Ids(DecideName(kQuery, {other_country, other_kind}).also),
            (std::vector<int64_t>{1, 2}));
}

TEST(DecideNameTest, ALinkToASimilarNameIsFlaggedAndAnEqualOneIsNot) {
  EXPECT_TRUE(DecideName(kQuery, {Candidate(1, 0.8, "ouagadougu")}).similar);
  EXPECT_FALSE(DecideName(kQuery, {Candidate(1, 1.0)}).similar);
  EXPECT_FALSE(DecideName(kQuery, {}).similar);
}

// --- DecideName: words ---------------------------------------------------------------------------

TEST(DecideNameTest, CountryQualifiersNeverDiffer) {
  // ACLED's qualified names: one letter apart, another country.
  EXPECT_FALSE(
      DecideName("protesters zambia", {Candidate(1, 0.72, "protesters gambia")}).link.has_value());
  EXPECT_FALSE(
      DecideName("civilians nigeria", {Candidate(1, 0.7, "civilians nigera")}).link.has_value());
  EXPECT_FALSE(
      DecideName("rioters mauritania", {Candidate(1, 0.7, "rioters mauritanie")}).link.has_value());
  EXPECT_FALSE(
      DecideName("متظاهرون السودان", {Candidate(1, 0.7, "متظاهرون السوادن")}).link.has_value());
  // A spelling variant elsewhere in the name still links when the country is the same word.
  EXPECT_EQ(LinkedId(DecideName("protestors zambia", {Candidate(1, 0.7, "protesters zambia")})), 1);
}

TEST(DecideNameTest, WordsMayJoinOrSplit) {
  EXPECT_EQ(LinkedId(DecideName("al shabaab", {Candidate(1, 0.62, "alshabaab")})), 1);
  EXPECT_EQ(LinkedId(DecideName("tin zaouatene", {Candidate(1, 0.7, "tinzaouatene")})), 1);
  EXPECT_TRUE(DecideName("al shabaab", {Candidate(1, 0.62, "alshabaab")}).similar);
}

TEST(DecideNameTest, TheArabicArticleMayBeThereOrNotInAnyForm) {
  EXPECT_EQ(
      LinkedId(DecideName("abdel fattah el sisi", {Candidate(1, 0.8, "abdel fattah al sisi")})), 1);
  EXPECT_EQ(LinkedId(DecideName("yahya sinwar", {Candidate(1, 0.7, "yahya al sinwar")})), 1);
  EXPECT_EQ(LinkedId(DecideName("ed daein", {Candidate(1, 0.64, "el daein")})), 1);
  EXPECT_EQ(LinkedId(DecideName("fayez al sarraj", {Candidate(1, 0.6, "fayez serraj")})), 1);
  EXPECT_TRUE(DecideName("yahya sinwar", {Candidate(1, 0.7, "yahya al sinwar")}).similar);
  // What is left must still pair up: the article is no name of its own.
  EXPECT_FALSE(DecideName("al qaeda", {Candidate(1, 0.6, "al shabaab")}).link.has_value());
  EXPECT_FALSE(DecideName("al", {Candidate(1, 0.6, "el")}).link.has_value());
  EXPECT_FALSE(
      DecideName("ahmed al hassan", {Candidate(1, 0.7, "mohamed al hassan")}).link.has_value());
  // French and English words that look like it are words.
  EXPECT_FALSE(DecideName("union en marche", {Candidate(1, 0.7, "union marche")}).link.has_value());
}

TEST(DecideNameTest, NumberQualifiersNeverDifferWhateverTheirLength) {
  EXPECT_FALSE(DecideName("brigade 19166", {Candidate(1, 0.8, "brigade 19106")}).link.has_value());
  EXPECT_FALSE(
      DecideName("sector 12b north", {Candidate(1, 0.8, "sector 12c north")}).link.has_value());
}

TEST(DecideNameTest, SimilarNamesLinkOnlyWordByWordOneLetterApart) {
  // The seed articles' two spellings of Goïta: one letter more in the first word.
  EXPECT_EQ(LinkedId(DecideName("عاصيمي غويتا", {Candidate(1, 0.67, "عاصمي غويتا")})), 1);
  // Different people whose names trigrams find similar.
  EXPECT_FALSE(DecideName("احمد المختار", {Candidate(1, 0.7, "محمد المختار")}).link.has_value());
  EXPECT_FALSE(DecideName("idrissa zongo", {Candidate(1, 0.65, "issa zongo")}).link.has_value());
  EXPECT_FALSE(
      DecideName("kamel mansouri", {Candidate(1, 0.7, "djamel mansouri")}).link.has_value());
  EXPECT_FALSE(
      DecideName("mahamadou traore", {Candidate(1, 0.7, "amadou traore")}).link.has_value());
  // Short words must be equal, whatever the score.
  EXPECT_FALSE(DecideName("gao", {Candidate(1, 0.9, "goa")}).link.has_value());
  // They stay worth reporting.
  EXPECT_EQ(Ids(DecideName("issa zongo", {Candidate(4, 0.65, "idrissa zongo")}).also),
            std::vector<int64_t>{4});
}

// --- DecideName: numbers -----------------------------------------------------------------------

TEST(DecideNameTest, SimilarNameWithOtherNumbersIsNeverLinked) {
  const NameDecision d = DecideName("brigade 1", {Candidate(1, 0.9, "brigade 2")});
  EXPECT_FALSE(d.link.has_value());
  EXPECT_EQ(Ids(d.also), std::vector<int64_t>{1});

  EXPECT_FALSE(DecideName("sector 4", {Candidate(1, 0.8, "sector 5")}).link.has_value());
  EXPECT_FALSE(DecideName("1st brigade", {Candidate(1, 0.8, "2nd brigade")}).link.has_value());
  // A number more, a number less, or digits split differently all count as different numbers.
  EXPECT_FALSE(DecideName("brigade", {Candidate(1, 0.8, "brigade 2")}).link.has_value());
  EXPECT_FALSE(DecideName("brigade 2", {Candidate(1, 0.8, "brigade")}).link.has_value());
  EXPECT_FALSE(DecideName("brigade 12", {Candidate(1, 0.8, "brigade 1 2")}).link.has_value());
  EXPECT_FALSE(DecideName("sector 4 5", {Candidate(1, 0.8, "sector 4")}).link.has_value());
}

TEST(DecideNameTest, SimilarNameWithTheSameNumbersIsLinked) {
  // A word more is another name, however similar the trigrams.
  EXPECT_FALSE(DecideName("the brigade 1", {Candidate(1, 0.7, "brigade 1")}).link.has_value());
  EXPECT_EQ(LinkedId(DecideName("brigade 12 sector 4", {Candidate(1, 0.7, "brigad 12 sectr 4")})),
            1);
}

TEST(DecideNameTest, EqualKeyIsLinkedWhateverItsNumbers) {
  // An equal match key has an empty `key`: the numbers are equal by construction.
  EXPECT_EQ(LinkedId(DecideName("brigade 1", {Candidate(1, 1.0, "")})), 1);
}

TEST(DecideNameTest, OtherNumbersArePassedOverForTheSameNumbers) {
  const NameDecision d =
      DecideName("brigade 1", {Candidate(1, 0.9, "brigade 2"), Candidate(2, 0.7, "brigades 1")});
  EXPECT_EQ(LinkedId(d), 2);
  EXPECT_EQ(Ids(d.also), std::vector<int64_t>{1});
  EXPECT_FALSE(d.ambiguous);
}

// --- DecideName: ties --------------------------------------------------------------------------

TEST(DecideNameTest, TieIsBrokenByKind) {
  NameCandidate other_kind = Candidate(1, 1.0);
  other_kind.kind_matches = false;
  const NameDecision d = DecideName(kQuery, {other_kind, Candidate(2, 1.0)});
  EXPECT_EQ(LinkedId(d), 2);
  EXPECT_EQ(Ids(d.also), std::vector<int64_t>{1});
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, TieIsBrokenByCountryAfterKind) {
  NameCandidate other_country = Candidate(1, 1.0);
  other_country.country_matches = false;
  NameCandidate other_kind = Candidate(2, 1.0);
  other_kind.kind_matches = false;
  const NameDecision d = DecideName(kQuery, {other_kind, other_country, Candidate(3, 1.0)});
  EXPECT_EQ(LinkedId(d), 3);
  // Kind counts before country: the right kind in another country is the runner-up.
  EXPECT_EQ(Ids(d.also), (std::vector<int64_t>{1, 2}));
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, TieIsBrokenByDistanceAfterCountry) {
  NameCandidate near_other_country = Candidate(1, 1.0, "", 1.0);
  near_other_country.country_matches = false;
  const NameDecision d = DecideName(
      kQuery, {Candidate(2, 1.0, "", 40.0), near_other_country, Candidate(3, 1.0, "", 5.0)});
  EXPECT_EQ(LinkedId(d), 3);
  EXPECT_EQ(Ids(d.also), (std::vector<int64_t>{2, 1}));
}

TEST(DecideNameTest, TieSurvivingToAgeLinksTheOlderAndIsAmbiguous) {
  const NameDecision d =
      DecideName(kQuery, {Candidate(12, 1.0), Candidate(5, 1.0), Candidate(8, 1.0)});
  EXPECT_EQ(LinkedId(d), 5);
  EXPECT_EQ(Ids(d.also), (std::vector<int64_t>{8, 12}));
  EXPECT_TRUE(d.ambiguous);
}

// Two places equally good: neither is guessed; both are reported, with why.
TEST(DecideNameTest, APlaceTieLinksNothing) {
  const NameDecision d = DecideName(
      kQuery, {Candidate(12, 0.8, "ouagadougu", 3.0), Candidate(5, 0.8, "ouagadougu", 3.0)});
  EXPECT_FALSE(d.link.has_value());
  EXPECT_TRUE(d.ambiguous);
  ASSERT_EQ(d.also.size(), 2u);
  EXPECT_EQ(d.also[0].id, 5);
  EXPECT_EQ(d.also[1].id, 12);
  EXPECT_EQ(d.also[0].not_linked_because, "equally good as another");
}

// Two actors equally good: the older is linked, and the tie reported.
TEST(DecideNameTest, AnActorTieLinksTheOlder) {
  const NameDecision d = DecideName(kQuery, {Candidate(12, 1.0), Candidate(5, 1.0)});
  EXPECT_EQ(LinkedId(d), 5);
  EXPECT_TRUE(d.ambiguous);
}

// The hierarchy rules of normalize/place_hierarchy.h: a conflicting candidate is never linked,
// and the record's divisions rank the others.
TEST(DecideNameTest, PlacesOfAnotherKindOrPathAreNotLinked) {
  NameCandidate division = Candidate(1, 1.0, "", 2.0);
  division.kind_conflicts = true;
  NameCandidate elsewhere = Candidate(2, 1.0, "", 1.0);
  elsewhere.admin_conflicts = true;
  const NameDecision d = DecideName(kQuery, {division, elsewhere});
  EXPECT_FALSE(d.link.has_value());
  ASSERT_EQ(d.also.size(), 2u);
  EXPECT_EQ(d.also[0].not_linked_because, "under other divisions");
  EXPECT_EQ(d.also[1].not_linked_because,
            "another kind of place, or a division the record's place lies in");
}

TEST(DecideNameTest, SharedDivisionsThenTheSamePathBreakTies) {
  NameCandidate near_unplaced = Candidate(1, 1.0, "", 1.0);
  NameCandidate in_region = Candidate(2, 1.0, "", 30.0);
  in_region.admin_matches = 1;
  EXPECT_EQ(LinkedId(DecideName(kQuery, {near_unplaced, in_region})), 2);
  NameCandidate exact = Candidate(3, 1.0, "", 50.0);
  exact.admin_matches = 1;
  exact.same_admin_path = true;
  EXPECT_EQ(LinkedId(DecideName(kQuery, {near_unplaced, in_region, exact})), 3);
}

TEST(DecideNameTest, TieBrokenByKindOrCountryIsNotAmbiguous) {
  NameCandidate other_kind = Candidate(1, 1.0);
  other_kind.kind_matches = false;
  EXPECT_FALSE(DecideName(kQuery, {other_kind, Candidate(2, 1.0)}).ambiguous);
  NameCandidate other_country = Candidate(1, 1.0);
  other_country.country_matches = false;
  EXPECT_FALSE(DecideName(kQuery, {other_country, Candidate(2, 1.0)}).ambiguous);
}

// Distance settles a tie: the nearer place is linked and the choice is not ambiguous.
TEST(DecideNameTest, TieBrokenByDistanceIsNotAmbiguous) {
  const NameDecision d =
      DecideName(kQuery, {Candidate(1, 1.0, "", 80.0), Candidate(2, 1.0, "", 5.0)});
  EXPECT_EQ(LinkedId(d), 2);
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, ScoreDifferenceIsNotATie) {
  const NameDecision d =
      DecideName(kQuery, {Candidate(1, 0.9, "ouagadougu"), Candidate(2, 0.8, "ouagadugou")});
  EXPECT_EQ(LinkedId(d), 1);
  EXPECT_FALSE(d.ambiguous);
}

TEST(DecideNameTest, UnlinkableEqualsDoNotMakeALinkAmbiguous) {
  // The older twin is too far, and another has other numbers: neither could have been linked.
  const NameDecision d = DecideName(
      "brigade 1", {Candidate(1, 0.8, "brigade 1", 300.0), Candidate(2, 0.8, "brigade 1", 10.0),
                    Candidate(3, 0.8, "brigade 3", 10.0)});
  EXPECT_EQ(LinkedId(d), 2);
  EXPECT_FALSE(d.ambiguous);
  EXPECT_EQ(Ids(d.also), (std::vector<int64_t>{3, 1}));
}

TEST(DecideNameTest, NothingLinkableMeansNothingAmbiguous) {
  const NameDecision d =
      DecideName(kQuery, {Candidate(1, 0.5, "ouagadougu"), Candidate(2, 0.5, "ouagadugou")});
  EXPECT_FALSE(d.link.has_value());
  EXPECT_FALSE(d.ambiguous);
  EXPECT_EQ(Ids(d.also), (std::vector<int64_t>{1, 2}));
}

TEST(DecideNameTest, OrderOfTheCandidatesDoesNotMatter) {
  std::vector<NameCandidate> candidates = {
      Candidate(4, 0.7, "a", 20.0), Candidate(2, 1.0, "", 150.0),
      Candidate(3, 0.45, "b"),      Candidate(1, 0.7, "ouagadougoo", 20.0),
      Candidate(6, 0.2, "d"),       Candidate(5, 0.9, "brigade 9")};
  std::sort(candidates.begin(), candidates.end(),
            [](const NameCandidate& a, const NameCandidate& b) { return a.id < b.id; });
  const std::string key = "brigade 1";
  std::optional<NameDecision> first;
  do {
    const NameDecision d = DecideName(key, candidates);
    if (!first) {
      first = d;
      EXPECT_EQ(LinkedId(d), std::nullopt);  // 4 and 1 have no number, 5 another, 2 is too far
      continue;
    }
    EXPECT_EQ(LinkedId(d), LinkedId(*first));
    EXPECT_EQ(Ids(d.also), Ids(first->also));
    EXPECT_EQ(d.ambiguous, first->ambiguous);
  } while (std::next_permutation(
      candidates.begin(), candidates.end(),
      [](const NameCandidate& a, const NameCandidate& b) { return a.id < b.id; }));
  EXPECT_EQ(Ids(first->also), (std::vector<int64_t>{2, 5, 1, 4, 3}));
}

// --- ResourceIdFromName ------------------------------------------------------------------------

TEST(ResourceIdFromNameTest, LatinNamesLoseTheirAccents) {
  EXPECT_EQ(ResourceIdFromName("Assimi Goïta", "", "actor"), "assimi-goita");
  EXPECT_EQ(ResourceIdFromName("Assimi Goita", "", "actor"), "assimi-goita");
  EXPECT_EQ(ResourceIdFromName("Faladié", "", "place"), "faladie");
  EXPECT_EQ(ResourceIdFromName("Ségou", "ml", "place"), "ml-segou");
  EXPECT_EQ(ResourceIdFromName("Straße", "", "place"), "strasse");
}

TEST(ResourceIdFromNameTest, PunctuationAndSpacesBecomeSingleHyphens) {
  EXPECT_EQ(ResourceIdFromName("  Jama'at Nusrat al-Islam wal-Muslimin (JNIM) ", "", "actor"),
            "jama-at-nusrat-al-islam-wal-muslimin-jnim");
  EXPECT_EQ(ResourceIdFromName("Orhan Diliğüz", "", "actor"), "orhan-diliguz");
  EXPECT_EQ(ResourceIdFromName("a -- b", "", "actor"), "a-b");
  EXPECT_EQ(ResourceIdFromName("...Bamako!!!", "", "place"), "bamako");
}

TEST(ResourceIdFromNameTest, ArabicIsTransliteratedToLatinLetters) {
  const std::regex latin("^[a-z][a-z0-9-]*$");
  for (const char* name :
       {"عاصمي غويتا", "عاصيمي غويتا", "تين زواتين", "باماكو", "جماعة نصرة الإسلام والمسلمين"}) {
    const std::string id = ResourceIdFromName(name, "", "actor");
    EXPECT_TRUE(std::regex_match(id, latin)) << name << " -> " << id;
    EXPECT_NE(id, "actor") << name;  // letters, not the fallback
  }
  EXPECT_EQ(ResourceIdFromName("عاصمي غويتا", "", "actor"), "asmy-ghwyta");
  // Two words stay two words.
  EXPECT_NE(ResourceIdFromName("تين زواتين", "", "place").find('-'), std::string::npos);
}

TEST(ResourceIdFromNameTest, OtherScriptsAreTransliteratedToo) {
  EXPECT_EQ(ResourceIdFromName("Сергей Лавров", "", "actor"), "sergej-lavrov");
  const std::regex latin("^[a-z][a-z0-9-]*$");
  for (const char* name : {"Ελλάδα", "東京", "ትግራይ"}) {
    const std::string id = ResourceIdFromName(name, "", "place");
    EXPECT_TRUE(std::regex_match(id, latin)) << name << " -> " << id;
  }
}

TEST(ResourceIdFromNameTest, PrefixComesFirst) {
  EXPECT_EQ(ResourceIdFromName("Bamako", "ml", "place"), "ml-bamako");
  EXPECT_EQ(ResourceIdFromName("Bamako", "ML", "place"), "ml-bamako");
  EXPECT_EQ(ResourceIdFromName("Bamako", "ml-", "place"), "ml-bamako");
  EXPECT_EQ(ResourceIdFromName("Tessalit", "ml-kidal", "place"), "ml-kidal-tessalit");
  EXPECT_EQ(ResourceIdFromName("MLI33187", "acled", "event", 63), "acled-mli33187");
  EXPECT_EQ(ResourceIdFromName("تين زواتين", "ml", "place").substr(0, 3), "ml-");
}

TEST(ResourceIdFromNameTest, NamesWithoutLettersGetTheFallback) {
  EXPECT_EQ(ResourceIdFromName("", "", "actor"), "actor");
  EXPECT_EQ(ResourceIdFromName("!!! ??? ---", "", "actor"), "actor");
  EXPECT_EQ(ResourceIdFromName("   ", "", "source"), "source");
  EXPECT_EQ(ResourceIdFromName("\xF0\x9F\x94\xA5", "", "actor"), "actor");  // an emoji
}

// A name that contributes nothing yields "<prefix>-<fallback>".
TEST(ResourceIdFromNameTest, PrefixedNameWithoutLettersGetsPrefixHyphenFallback) {
  EXPECT_EQ(ResourceIdFromName("!!!", "ml", "place"), "ml-place");
  EXPECT_EQ(ResourceIdFromName("", "ml-kidal", "place"), "ml-kidal-place");
}

TEST(ResourceIdFromNameTest, NamesStartingWithADigitStartWithTheFallback) {
  EXPECT_EQ(ResourceIdFromName("2024 Bamako attacks", "", "event"), "event-2024-bamako-attacks");
  EXPECT_EQ(ResourceIdFromName("1170000000", "", "event", 63), "event-1170000000");
  EXPECT_EQ(ResourceIdFromName("١٢٣", "", "place"), "place-123");  // Arabic-Indic digits
  // A prefix that starts with a letter keeps a name's digits after it.
  EXPECT_EQ(ResourceIdFromName("54321", "ucdp-ged", "event", 63), "ucdp-ged-54321");
  EXPECT_EQ(ResourceIdFromName("123", "ml", "place"), "ml-123");
}

TEST(ResourceIdFromNameTest, LongNamesAreCutToTheMaximumLength) {
  const std::string long_name(200, 'a');
  EXPECT_EQ(ResourceIdFromName(long_name, "", "actor"), std::string(50, 'a'));
  EXPECT_EQ(ResourceIdFromName(long_name, "", "source", 60), std::string(60, 'a'));
  EXPECT_EQ(ResourceIdFromName(long_name, "ml", "place"), "ml-" + std::string(47, 'a'));
  EXPECT_EQ(ResourceIdFromName("abc def", "", "actor", 4), "abc");  // no trailing '-'
  EXPECT_EQ(ResourceIdFromName("abc def", "", "actor", 5), "abc-d");
  EXPECT_EQ(ResourceIdFromName("Assimi Goïta", "", "actor", 7), "assimi");
  // A digit first: the fallback and the digits fit the maximum together.
  const std::string digits(100, '7');
  EXPECT_EQ(ResourceIdFromName(digits, "", "event", 63), "event-" + std::string(57, '7'));
}

// Cutting a digit-first name to the maximum never leaves a trailing hyphen.
TEST(ResourceIdFromNameTest, DigitFirstNameCutToTheMaximumHasNoTrailingHyphen) {
  const std::string name = std::string(43, '1') + " abc";
  const std::string id = ResourceIdFromName(name, "", "event");
  EXPECT_LE(id.size(), 50u);
  EXPECT_NE(id.back(), '-') << id;
  EXPECT_EQ(id, "event-" + std::string(43, '1'));
}

TEST(ResourceIdFromNameTest, SameNameSameId) {
  EXPECT_EQ(ResourceIdFromName("Tinzaouaten", "ml", "place"),
            ResourceIdFromName("Tinzaouaten", "ml", "place"));
  EXPECT_EQ(ResourceIdFromName("TINZAOUATEN", "ml", "place"),
            ResourceIdFromName("tinzaouaten", "ml", "place"));
}

// --- ResourceIdFromName: properties ------------------------------------------------------------

// Appends the UTF-8 encoding of `cp`.
void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Names of every kind: random bytes (often invalid UTF-8), text in many scripts with digits,
// punctuation and spaces, and very long strings.
std::vector<std::string> ManyNames() {
  std::mt19937 gen(20241012);
  std::vector<std::string> out = {"",
                                  "-",
                                  "0",
                                  "٠",
                                  "a",
                                  "Z",
                                  std::string(1, '\0'),
                                  std::string("a\0b", 3),
                                  "\xFF\xFE\xFD",
                                  "\xC3",
                                  "1-",
                                  "1 -",
                                  "-1",
                                  std::string(1000, '-'),
                                  std::string(1000, '9'),
                                  std::string(49, '1') + " a",
                                  std::string(48, '1') + " ab",
                                  std::string(44, '1') + " abcdef",
                                  std::string(10000, 'x'),
                                  "سبتمبر/أيلول الماضي",
                                  "١٢ أكتوبر ٢٠٢٤"};
  // Random bytes.
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 120);
  for (int i = 0; i < 400; ++i) {
    std::string s;
    const int n = length(gen);
    for (int j = 0; j < n; ++j) s.push_back(static_cast<char>(byte(gen)));
    out.push_back(std::move(s));
  }
  // Random code points from many blocks.
  const std::vector<std::pair<char32_t, char32_t>> blocks = {
      {0x20, 0x7E},       // ASCII
      {0xA0, 0x24F},      // Latin-1, Latin Extended
      {0x300, 0x36F},     // combining marks
      {0x370, 0x3FF},     // Greek
      {0x400, 0x4FF},     // Cyrillic
      {0x590, 0x5FF},     // Hebrew
      {0x600, 0x6FF},     // Arabic (with Arabic-Indic digits)
      {0x900, 0x97F},     // Devanagari
      {0x1200, 0x137F},   // Ethiopic
      {0x2000, 0x206F},   // punctuation, zero-width characters
      {0x3040, 0x30FF},   // kana
      {0x4E00, 0x4FFF},   // CJK
      {0xAC00, 0xADFF},   // Hangul
      {0xFF00, 0xFFEF},   // full-width forms
      {0x1F300, 0x1F6FF}  // emoji
  };
  std::uniform_int_distribution<size_t> pick(0, blocks.size() - 1);
  std::uniform_int_distribution<int> words(1, 12);
  for (int i = 0; i < 600; ++i) {
    std::string s;
    const size_t block = pick(gen);
    const int n = words(gen) * 4;
    for (int j = 0; j < n; ++j) {
      const auto [lo, hi] = blocks[gen() % 3 == 0 ? pick(gen) : block];
      AppendUtf8(s, std::uniform_int_distribution<char32_t>(lo, hi)(gen));
      if (gen() % 5 == 0) s.push_back(gen() % 2 ? ' ' : static_cast<char>('0' + gen() % 10));
    }
    out.push_back(std::move(s));
  }
  // Long text: many words, so that the cut falls anywhere.
  for (int i = 0; i < 50; ++i) {
    std::string s;
    while (s.size() < 300) {
      s += std::to_string(gen() % 1000);
      s += gen() % 2 ? " " : "-";
      s += std::string(gen() % 7 + 1, static_cast<char>('a' + gen() % 26));
      s += " ";
    }
    out.push_back(std::move(s));
  }
  return out;
}

struct IdSettings {
  std::string prefix;
  std::string fallback;
  size_t max_length;
};

// The ways storage calls it (pg_ingest.cc), plus short maxima.
std::vector<IdSettings> Settings() {
  return {{"", "actor", 50},         {"", "source", 60},     {"ml", "place", 50},
          {"ml-kidal", "place", 50}, {"acled", "event", 63}, {"", "event", 63},
          {"", "place", 12},         {"ml", "place", 20}};
}

TEST(ResourceIdFromNamePropertyTest, AlwaysAValidResourceId) {
  static const std::regex kId("^[a-z][a-z0-9-]{0,62}$");
  for (const IdSettings& s : Settings()) {
    for (const std::string& name : ManyNames()) {
      const std::string id = ResourceIdFromName(name, s.prefix, s.fallback, s.max_length);
      ASSERT_TRUE(std::regex_match(id, kId))
          << "\"" << name << "\" (" << s.prefix << ", " << s.fallback << ", " << s.max_length
          << ") -> \"" << id << "\"";
      ASSERT_TRUE(domain::IsValidResourceId(id)) << id;
    }
  }
}

TEST(ResourceIdFromNamePropertyTest, NeverLongerThanTheMaximum) {
  for (const IdSettings& s : Settings()) {
    for (const std::string& name : ManyNames()) {
      const std::string id = ResourceIdFromName(name, s.prefix, s.fallback, s.max_length);
      ASSERT_LE(id.size(), s.max_length) << "\"" << name << "\" -> \"" << id << "\"";
    }
  }
}

TEST(ResourceIdFromNamePropertyTest, NeverEmptyAndNoDoubleHyphens) {
  for (const IdSettings& s : Settings()) {
    for (const std::string& name : ManyNames()) {
      const std::string id = ResourceIdFromName(name, s.prefix, s.fallback, s.max_length);
      ASSERT_FALSE(id.empty());
      ASSERT_EQ(id.find("--"), std::string::npos) << "\"" << name << "\" -> \"" << id << "\"";
    }
  }
}

TEST(ResourceIdFromNamePropertyTest, NeverEndsWithAHyphen) {
  for (const IdSettings& s : Settings()) {
    for (const std::string& name : ManyNames()) {
      const std::string id = ResourceIdFromName(name, s.prefix, s.fallback, s.max_length);
      EXPECT_NE(id.back(), '-') << "\"" << name << "\" (" << s.prefix << ", " << s.fallback << ", "
                                << s.max_length << ") -> \"" << id << "\"";
    }
  }
}

TEST(ResourceIdFromNamePropertyTest, Deterministic) {
  for (const std::string& name : ManyNames()) {
    ASSERT_EQ(ResourceIdFromName(name, "ml", "place"), ResourceIdFromName(name, "ml", "place"));
  }
}

}  // namespace
}  // namespace timeline::normalize
