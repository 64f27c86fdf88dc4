// How precisely names in imported records link to the actors and places already known, measured
// on tests/data/name_pairs.tsv: pairs of names labelled by hand as the same actor or place, or as
// different ones (qualified ACLED names, transliterations, homonyms, numbered units…).
//
// Each pair goes through the real ingest path, isolated from every other pair: one validate_only
// IngestEvents stream of two records, the first naming A (which the stream creates), the second
// naming B. B linked to A when both records resolved to the same resource. Nothing is written,
// so pairs cannot lean on each other. The test prints precision and recall, per variation too,
// and requires a precision of at least 99.5%: a wrong link is a confident wrong answer.
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "api_calls.h"
#include "gtest/gtest.h"
#include "integration_suite.h"

namespace timeline::testing {
namespace {

struct NamePair {
  int line = 0;
  bool place = false;
  std::string kind;
  std::string country_a, name_a, country_b, name_b;
  bool same = false;
  std::string why;
};

std::vector<NamePair> ReadPairs(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::vector<NamePair> pairs;
  std::string line;
  bool header = true;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    const std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 8) {
      ADD_FAILURE() << path << ":" << number << ": " << f.size() << " fields, not 8";
      continue;
    }
    NamePair p{number, f[0] == "place", f[1], f[2], f[3], f[4], f[5], f[6] == "same", f[7]};
    EXPECT_TRUE(f[0] == "place" || f[0] == "actor") << path << ":" << number;
    EXPECT_TRUE(f[6] == "same" || f[6] == "different") << path << ":" << number;
    pairs.push_back(std::move(p));
  }
  return pairs;
}

v1::IngestRecord RecordNaming(const NamePair& pair, bool first) {
  const std::string& name = first ? pair.name_a : pair.name_b;
  const std::string& country = first ? pair.country_a : pair.country_b;
  v1::IngestRecord record;
  record.mutable_external_id()->set_system("name-pairs");
  record.mutable_external_id()->set_id(absl::StrCat(pair.line, first ? "-a" : "-b"));
  record.set_title(absl::StrCat("Pair ", pair.line));
  record.set_event_type("protest");
  record.mutable_date()->set_text("2016-05-17");
  if (pair.place) {
    v1::IngestPlace* place = record.add_places();
    place->set_name(name);
    place->set_country_code(country);
    v1::PlaceKind kind = v1::PLACE_KIND_UNSPECIFIED;
    EXPECT_TRUE(v1::PlaceKind_Parse(pair.kind, &kind)) << pair.kind;
    place->set_kind(kind);
  } else {
    v1::IngestActor* actor = record.add_actors();
    actor->set_name(name);
    actor->set_country_code(country);
    v1::ActorKind kind = v1::ACTOR_KIND_UNSPECIFIED;
    EXPECT_TRUE(v1::ActorKind_Parse(pair.kind, &kind)) << pair.kind;
    actor->set_kind(kind);
    actor->set_role(v1::INITIATOR);
  }
  return record;
}

// The resource the stream resolved each record's one name to; "" when rejected.
std::string Resolved(const v1::IngestResult& result, bool place) {
  if (place) return result.places_size() == 0 ? "" : result.places(result.places_size() - 1);
  return result.actors_size() == 0 ? "" : result.actors(0);
}

struct Tally {
  int true_links = 0, false_links = 0, missed = 0, kept_apart = 0;
  int total() const { return true_links + false_links + missed + kept_apart; }
  void Add(bool same, bool linked) {
    if (same && linked) ++true_links;
    if (!same && linked) ++false_links;
    if (same && !linked) ++missed;
    if (!same && !linked) ++kept_apart;
  }
  double precision() const {
    const int links = true_links + false_links;
    return links == 0 ? 1.0 : static_cast<double>(true_links) / links;
  }
  double recall() const {
    const int same = true_links + missed;
    return same == 0 ? 1.0 : static_cast<double>(true_links) / same;
  }
};

class NameLinkingTest : public IntegrationSuite<NameLinkingTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }
};

TEST_F(NameLinkingTest, LinksNamesWithAtLeast995PercentPrecision) {
  const std::vector<NamePair> pairs =
      ReadPairs(std::string(TIMELINE_TEST_DATA_DIR) + "/name_pairs.tsv");
  ASSERT_GE(pairs.size(), 500u);
  Tally all, actors, places;
  std::map<std::string, Tally> by_why;
  std::vector<std::string> wrong_links, misses;
  for (const NamePair& pair : pairs) {
    const IngestOutcome outcome =
        IngestEvents(env_->ingest(), {RecordNaming(pair, true), RecordNaming(pair, false)},
                     {.validate_only = true});
    ASSERT_TRUE(outcome.status.ok())
        << "line " << pair.line << ": " << outcome.status.error_message();
    ASSERT_EQ(outcome.response.results_size(), 2);
    const v1::IngestResult& a = outcome.response.results(0);
    const v1::IngestResult& b = outcome.response.results(1);
    // A record refused (a country named with a name that is not its own) links nothing.
    for (const v1::IngestResult* r : {&a, &b}) {
      EXPECT_TRUE(r->outcome() == v1::IngestResult::CREATED ||
                  (r->outcome() == v1::IngestResult::REJECTED && pair.kind == "COUNTRY"))
          << "line " << pair.line << ": " << r->DebugString();
    }
    const bool linked = a.outcome() == v1::IngestResult::CREATED &&
                        b.outcome() == v1::IngestResult::CREATED &&
                        Resolved(a, pair.place) == Resolved(b, pair.place);
    all.Add(pair.same, linked);
    (pair.place ? places : actors).Add(pair.same, linked);
    by_why[pair.why].Add(pair.same, linked);
    const std::string shown =
        absl::StrCat("line ", pair.line, ": \"", pair.name_a, "\" (", pair.country_a, ") / \"",
                     pair.name_b, "\" (", pair.country_b, ") [", pair.why, "]");
    if (linked && !pair.same) wrong_links.push_back(shown);
    if (!linked && pair.same) misses.push_back(shown);
  }
  auto line = [](const std::string& what, const Tally& t) {
    return absl::StrFormat(
        "%-28s %4d pairs: %4d linked right, %3d linked wrong, %4d missed, "
        "%4d kept apart; precision %.4f, recall %.4f\n",
        what, t.total(), t.true_links, t.false_links, t.missed, t.kept_apart, t.precision(),
        t.recall());
  };
  std::string report = "\nName linking on tests/data/name_pairs.tsv\n";
  absl::StrAppend(&report, line("all", all), line("actors", actors), line("places", places));
  for (const auto& [why, tally] : by_why) absl::StrAppend(&report, line("  " + why, tally));
  absl::StrAppend(&report, "Linked wrong:\n");
  for (const std::string& w : wrong_links) absl::StrAppend(&report, "  ", w, "\n");
  absl::StrAppend(&report, "Missed (first 40):\n");
  for (size_t i = 0; i < misses.size() && i < 40; ++i)
    absl::StrAppend(&report, "  ", misses[i], "\n");
  std::cout << report;
  EXPECT_GE(all.precision(), 0.995) << report;
  // Recall is what the rules give up for that precision: 0.256 when this was written (many
  // `same` pairs are exonyms, abbreviations and other scripts that no spelling rule can join —
  // they need aliases). The floor catches a rule change that loses links silently; raise it as
  // recall improves.
  EXPECT_GE(all.recall(), 0.25) << report;
}

}  // namespace
}  // namespace timeline::testing
