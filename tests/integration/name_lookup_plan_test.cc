// The look-ups of a new name in one statement (storage/ingest_sql.h): an actor's or a place's
// candidates by equal match keys and, only when there are none, by similar names. Checked with
// EXPLAIN ANALYZE over the seed data, in the generic plan ingestion uses and in a custom one: with
// an equal key the trigram index is never read and only the equal candidate comes back; with a
// misspelt name it is read once and the similar candidate comes back.
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "generated_events.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "normalize/match_key.h"
#include "pqxx/pqxx"
#include "storage/ingest_sql.h"

namespace timeline::testing {
namespace {

// The executions of the trigram index scans of `plan` (one per scan node).
std::vector<int64_t> TrigramScanLoops(const ExplainedPlan& plan) {
  std::vector<int64_t> loops;
  for (const PlanNode& node : plan.nodes) {
    if (node.index.find("trgm") != std::string::npos) loops.push_back(node.loops);
  }
  return loops;
}

// The candidates a look-up statement answers: each one's resource id, then "equal" or "similar"
// as `is_equal` reads the row (actor and place rows say it in different columns).
std::vector<std::string> Answers(pqxx::connection& conn, const std::string& sql,
                                 const std::vector<std::string>& params,
                                 const std::function<bool(const pqxx::row&)>& is_equal) {
  pqxx::nontransaction txn(conn);
  std::vector<std::string> out;
  for (const pqxx::row& r : txn.exec_params(sql, pqxx::prepare::make_dynamic_params(params))) {
    out.push_back(absl::StrCat(r[1].as<std::string>(), is_equal(r) ? " equal" : " similar"));
  }
  return out;
}

// Actor rows: the similarity score is column 5, NULL for an equal key.
bool ActorKeyIsEqual(const pqxx::row& r) { return r[5].is_null(); }
// Place rows: the matched key is column 7, empty for an equal key.
bool PlaceKeyIsEqual(const pqxx::row& r) { return r[7].as<std::string>().empty(); }

class NameLookupPlanTest : public IntegrationSuite<NameLookupPlanTest> {
 public:
  static void PrepareSuite() {
    conn_ = new pqxx::connection(env_->database_url());
    // As ingestion sets it (NameResolver::UseLookupSettings).
    pqxx::nontransaction(*conn_).exec("SET pg_trgm.similarity_threshold = 0.6");
  }
  static void ReleaseSuite() {
    delete conn_;
    conn_ = nullptr;
  }

 protected:
  static std::string Mali() {
    pqxx::nontransaction txn(*conn_);
    return txn.exec1("SELECT id FROM places WHERE resource_id = 'ml'")[0].as<std::string>();
  }

  static pqxx::connection* conn_;
};

pqxx::connection* NameLookupPlanTest::conn_ = nullptr;

TEST_F(NameLookupPlanTest, AnActorsSimilarNamesAreReadOnlyWithoutAnEqualKey) {
  const std::string equal = normalize::MatchKey("Assimi Goïta");
  const std::string misspelt = normalize::MatchKey("Assimi Goitta");
  ASSERT_NE(equal, misspelt);
  for (PlanKind kind : {PlanKind::kGeneric, PlanKind::kCustom}) {
    const std::vector<std::string> known = {absl::StrCat("{\"", equal, "\"}"), equal};
    ExplainedPlan plan = Explain(*conn_, storage::sql::kActorsByKeysElseSimilar, known, kind);
    EXPECT_EQ(TrigramScanLoops(plan), std::vector<int64_t>{0}) << plan.context;

    const std::vector<std::string> unknown = {absl::StrCat("{\"", misspelt, "\"}"), misspelt};
    plan = Explain(*conn_, storage::sql::kActorsByKeysElseSimilar, unknown, kind);
    EXPECT_EQ(TrigramScanLoops(plan), std::vector<int64_t>{1}) << plan.context;
  }
  EXPECT_EQ(Answers(*conn_, storage::sql::kActorsByKeysElseSimilar,
                    {absl::StrCat("{\"", equal, "\"}"), equal}, ActorKeyIsEqual),
            std::vector<std::string>{"assimi-goita equal"});
  EXPECT_EQ(Answers(*conn_, storage::sql::kActorsByKeysElseSimilar,
                    {absl::StrCat("{\"", misspelt, "\"}"), misspelt}, ActorKeyIsEqual),
            std::vector<std::string>{"assimi-goita similar"});
}

TEST_F(NameLookupPlanTest, APlacesSimilarNamesAreReadOnlyWithoutAnEqualKey) {
  const std::string equal = normalize::MatchKey("Tinzaouaten");
  const std::string misspelt = normalize::MatchKey("Tinzaouatene");
  const std::string mali = Mali();
  // Near Tinzaouaten, under Mali.
  auto params = [&](const std::string& key) {
    return std::vector<std::string>{absl::StrCat("{\"", key, "\"}"), mali, "19.95", "2.97", key};
  };
  for (PlanKind kind : {PlanKind::kGeneric, PlanKind::kCustom}) {
    ExplainedPlan plan =
        Explain(*conn_, storage::sql::kPlacesByKeysElseSimilar, params(equal), kind);
    EXPECT_EQ(TrigramScanLoops(plan), std::vector<int64_t>{0}) << plan.context;
    plan = Explain(*conn_, storage::sql::kPlacesByKeysElseSimilar, params(misspelt), kind);
    EXPECT_EQ(TrigramScanLoops(plan), std::vector<int64_t>{1}) << plan.context;
  }
  EXPECT_EQ(Answers(*conn_, storage::sql::kPlacesByKeysElseSimilar, params(equal), PlaceKeyIsEqual),
            std::vector<std::string>{"ml-tinzaouaten equal"});
  EXPECT_EQ(
      Answers(*conn_, storage::sql::kPlacesByKeysElseSimilar, params(misspelt), PlaceKeyIsEqual),
      std::vector<std::string>{"ml-tinzaouaten similar"});
}

}  // namespace
}  // namespace timeline::testing
