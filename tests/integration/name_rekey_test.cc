// Stored names keyed by older match-key rules get the current rules' keys from RekeyNames (run by
// `timelined migrate`): a database of version 1, where apostrophes split words ("n djamena"),
// is re-keyed once, after which "Ndjamena" finds what "N'Djamena" named; a second run changes
// nothing. Truth: the keys the rules make of each stored name, computed here.
#include <string>
#include <vector>

#include "api_calls.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "normalize/match_key.h"
#include "storage/pg_name_rekey.h"

namespace timeline::testing {
namespace {

class NameRekeyTest : public IntegrationSuite<NameRekeyTest> {
 protected:
  static int64_t Count(const std::string& sql) { return SqlNumber(env_->database_url(), sql); }

  // The stored names whose key is not the one the current rules make, as "table: name".
  static std::vector<std::string> StaleKeys() {
    std::vector<std::string> stale;
    pqxx::connection conn(env_->database_url());
    pqxx::nontransaction txn(conn);
    for (const char* table :
         {"actor_names", "place_names", "actor_merge_names", "place_merge_names"}) {
      for (const pqxx::row& r : txn.exec(std::string("SELECT name, match_key FROM ") + table)) {
        if (normalize::MatchKey(r[0].as<std::string>()) != r[1].as<std::string>()) {
          stale.push_back(std::string(table) + ": " + r[0].as<std::string>());
        }
      }
    }
    return stale;
  }

  // What a record naming `actor` (an organization of Chad) links to, decided without writing.
  static v1::IngestResult Resolve(const std::string& actor) {
    const v1::IngestRecord record = FromJson<v1::IngestRecord>(
        R"({"externalId": {"system": "rekey", "id": "r1"}, "title": "Youth march",
            "eventType": "protest", "date": {"text": "2021-06-01"},
            "actors": [{"name": ")" +
        actor + R"(", "kind": "ORGANIZATION", "countryCode": "TD"}],
            "places": [{"place": "places/ml"}]})");
    const IngestOutcome out = IngestEvents(env_->ingest(), {record}, {.validate_only = true});
    EXPECT_TRUE(out.status.ok()) << out.status.error_message();
    return out.response.results(0);
  }

  // Whether `result` linked a name by similarity (a SIMILAR_NAME warning) rather than by key.
  static bool LinkedBySimilarity(const v1::IngestResult& result) {
    for (const v1::IngestNote& note : result.warnings()) {
      if (note.code() == "SIMILAR_NAME") return true;
    }
    return false;
  }
};

TEST_F(NameRekeyTest, NamesKeyedByOlderRulesAreReKeyedOnce) {
  v1::CreateActorRequest request;
  request.set_actor_id("ndjamena-youth-union");
  v1::Actor& actor = *request.mutable_actor();
  actor.set_display_name("N'Djamena Youth Union");
  actor.set_kind(v1::ORGANIZATION);
  actor.set_country_code("TD");
  actor.add_names()->set_name("Union des jeunes de N’Djamena");
  const v1::Actor created = CreatedActor(env_->actors(), request);
  ASSERT_EQ(StaleKeys(), std::vector<std::string>{});

  // The database as the version 1 rules left it: apostrophes split words.
  {
    pqxx::connection conn(env_->database_url());
    pqxx::work txn(conn);
    txn.exec(R"sql(
      UPDATE actor_names SET match_key = 'n djamena youth union'
       WHERE name = 'N''Djamena Youth Union';
      UPDATE actor_names SET match_key = 'union des jeunes de n djamena'
       WHERE name = 'Union des jeunes de N’Djamena';
      UPDATE name_key_version SET version = 1)sql");
    txn.commit();
  }
  ASSERT_EQ(StaleKeys().size(), 2u);
  // Stale keys miss their names: the spellings without the apostrophe find the actor only as a
  // similar name (words joined), reported as such.
  for (const char* spelling : {"Ndjamena Youth Union", "Union des Jeunes de Ndjamena"}) {
    const v1::IngestResult before = Resolve(spelling);
    EXPECT_EQ(before.actors(0), created.name()) << spelling;
    EXPECT_TRUE(LinkedBySimilarity(before)) << before.DebugString();
  }

  const int64_t names = Count(
      "SELECT (SELECT count(*) FROM actor_names) + (SELECT count(*) FROM place_names) + "
      "(SELECT count(*) FROM actor_merge_names) + (SELECT count(*) FROM place_merge_names)");
  absl::StatusOr<storage::pg::NameRekey> first = storage::pg::RekeyNames(env_->database_url());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->from_version, 1);
  EXPECT_EQ(first->to_version, normalize::kMatchKeyVersion);
  EXPECT_EQ(first->names, names);
  EXPECT_EQ(first->changed, 2);
  EXPECT_EQ(StaleKeys(), std::vector<std::string>{});
  EXPECT_EQ(Count("SELECT version FROM name_key_version"), normalize::kMatchKeyVersion);
  // Equal keys now.
  for (const char* spelling : {"Ndjamena Youth Union", "Union des Jeunes de Ndjamena"}) {
    const v1::IngestResult after = Resolve(spelling);
    EXPECT_EQ(after.actors(0), created.name()) << spelling;
    EXPECT_FALSE(LinkedBySimilarity(after)) << after.DebugString();
  }

  // Done once: the next run reads nothing and changes nothing.
  absl::StatusOr<storage::pg::NameRekey> second = storage::pg::RekeyNames(env_->database_url());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->from_version, normalize::kMatchKeyVersion);
  EXPECT_EQ(second->to_version, normalize::kMatchKeyVersion);
  EXPECT_EQ(second->names, 0);
  EXPECT_EQ(second->changed, 0);
}

// Names are read a batch at a time (memory stays bounded); every stored key staled here is
// re-keyed exactly once, each table in ceil(rows / batch) batches.
TEST_F(NameRekeyTest, EveryNameIsReKeyedOnceAcrossBatches) {
  constexpr int64_t kBatch = 7;
  int64_t names = 0;
  int64_t batches = 0;
  {
    pqxx::connection conn(env_->database_url());
    pqxx::work txn(conn);
    for (const char* table :
         {"actor_names", "place_names", "actor_merge_names", "place_merge_names"}) {
      const int64_t rows = txn.exec1(std::string("SELECT count(*) FROM ") + table)[0].as<int64_t>();
      names += rows;
      batches += (rows + kBatch - 1) / kBatch;
      txn.exec(std::string("UPDATE ") + table + " SET match_key = match_key || ' stale'");
    }
    txn.exec("UPDATE name_key_version SET version = 1");
    txn.commit();
  }
  ASSERT_GT(names, 3 * kBatch);
  ASSERT_EQ(static_cast<int64_t>(StaleKeys().size()), names);

  absl::StatusOr<storage::pg::NameRekey> rekey =
      storage::pg::RekeyNames(env_->database_url(), kBatch);
  ASSERT_TRUE(rekey.ok()) << rekey.status();
  EXPECT_EQ(rekey->names, names);
  EXPECT_EQ(rekey->changed, names);
  EXPECT_EQ(rekey->batches, batches);
  EXPECT_EQ(StaleKeys(), std::vector<std::string>{});
  EXPECT_EQ(Count("SELECT version FROM name_key_version"), normalize::kMatchKeyVersion);
  EXPECT_FALSE(storage::pg::RekeyNames(env_->database_url(), 0).ok());
}

TEST_F(NameRekeyTest, ADatabaseOfNewerRulesIsLeftAlone) {
  std::string name;
  {
    pqxx::connection conn(env_->database_url());
    pqxx::work txn(conn);
    name = txn.exec1("SELECT name FROM actor_names ORDER BY name LIMIT 1")[0].as<std::string>();
    txn.exec_params("UPDATE actor_names SET match_key = 'kept as it is' WHERE name = $1", name);
    txn.exec_params("UPDATE name_key_version SET version = $1", normalize::kMatchKeyVersion + 1);
    txn.commit();
  }
  absl::StatusOr<storage::pg::NameRekey> rekey = storage::pg::RekeyNames(env_->database_url());
  ASSERT_TRUE(rekey.ok()) << rekey.status();
  EXPECT_EQ(rekey->from_version, normalize::kMatchKeyVersion + 1);
  EXPECT_EQ(rekey->to_version, normalize::kMatchKeyVersion + 1);
  EXPECT_EQ(rekey->changed, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM actor_names WHERE match_key = 'kept as it is'"), 1);
  // Put back for the suites' end checks.
  pqxx::connection conn(env_->database_url());
  pqxx::work txn(conn);
  txn.exec_params("UPDATE actor_names SET match_key = $2 WHERE name = $1", name,
                  normalize::MatchKey(name));
  txn.exec_params("UPDATE name_key_version SET version = $1", normalize::kMatchKeyVersion);
  txn.commit();
}

}  // namespace
}  // namespace timeline::testing
