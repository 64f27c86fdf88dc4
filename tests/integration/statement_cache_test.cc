// storage::StatementCache against a real PostgreSQL: a text is prepared once per connection and
// answers each call with that call's values, one not to be prepared runs unnamed, a connection
// holds at most kMaxPerConnection statements, the ones used last (the least recently used one
// deallocated for a new text; the answers the same), and Reset leaves a connection usable.
#include "storage/statement_cache.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "pqxx/pqxx"

namespace timeline::testing {
namespace {

class StatementCacheTest : public IntegrationSuite<StatementCacheTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

 protected:
  static int PreparedShapes(pqxx::transaction_base& txn) {
    return txn.exec1("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'shape_%'")[0]
        .as<int>();
  }

  static bool IsPrepared(pqxx::transaction_base& txn, const storage::SqlWithParams& statement) {
    return txn.exec_params1("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1",
                            statement.sql)[0]
               .as<int>() == 1;
  }

  // "SELECT $1::int + k": one text per k.
  static storage::SqlWithParams PlusK(int k, int value) {
    return {absl::StrCat("SELECT $1::int + ", k), {absl::StrCat(value)}};
  }
};

TEST_F(StatementCacheTest, ATextIsPreparedOnceAndAnswersEachCallsValues) {
  pqxx::connection conn(env_->database_url());
  storage::StatementCache cache;
  pqxx::work txn(conn);
  EXPECT_EQ(cache.Exec(txn, PlusK(1, 1))[0][0].as<int>(), 2);
  EXPECT_EQ(cache.Exec(txn, PlusK(1, 41))[0][0].as<int>(), 42);
  EXPECT_EQ(cache.Exec(txn, PlusK(1, -1))[0][0].as<int>(), 0);
  EXPECT_EQ(PreparedShapes(txn), 1);
}

TEST_F(StatementCacheTest, AStatementNotToBePreparedRunsUnnamed) {
  pqxx::connection conn(env_->database_url());
  storage::StatementCache cache;
  pqxx::work txn(conn);
  EXPECT_EQ(cache.Exec(txn, PlusK(3, 4), /*prepare=*/false)[0][0].as<int>(), 7);
  EXPECT_EQ(PreparedShapes(txn), 0);
}

TEST_F(StatementCacheTest, AConnectionHoldsAtMostTheCapAndKeepsTheTextsLastUsed) {
  pqxx::connection conn(env_->database_url());
  storage::StatementCache cache;
  pqxx::work txn(conn);
  const int cap = static_cast<int>(storage::StatementCache::kMaxPerConnection);
  const int texts = cap + 6;
  for (int round = 0; round < 2; ++round) {
    for (int k = 0; k < texts; ++k) {
      ASSERT_EQ(cache.Exec(txn, PlusK(k, round))[0][0].as<int>(), k + round) << k;
    }
  }
  EXPECT_EQ(PreparedShapes(txn), cap);
  // The last `cap` texts used: k = 6 … cap + 5.
  EXPECT_FALSE(IsPrepared(txn, PlusK(5, 0)));
  EXPECT_TRUE(IsPrepared(txn, PlusK(6, 0)));
  EXPECT_TRUE(IsPrepared(txn, PlusK(texts - 1, 0)));

  // Another connection has room of its own.
  pqxx::connection other(env_->database_url());
  pqxx::work other_txn(other);
  EXPECT_EQ(cache.Exec(other_txn, PlusK(1000, 1))[0][0].as<int>(), 1001);
  EXPECT_EQ(PreparedShapes(other_txn), 1);
}

// A text first met once the connection is full is prepared all the same, and one in steady use
// stays however many others pass.
TEST_F(StatementCacheTest, ATextInUseStaysPreparedWhileOthersComeAndGo) {
  pqxx::connection conn(env_->database_url());
  storage::StatementCache cache;
  pqxx::work txn(conn);
  const int cap = static_cast<int>(storage::StatementCache::kMaxPerConnection);
  for (int k = 0; k < cap; ++k) ASSERT_EQ(cache.Exec(txn, PlusK(k, 1))[0][0].as<int>(), k + 1);
  for (int k = cap; k < 4 * cap; ++k) {
    ASSERT_EQ(cache.Exec(txn, PlusK(-1, k))[0][0].as<int>(), k - 1);
    ASSERT_EQ(cache.Exec(txn, PlusK(k, 1))[0][0].as<int>(), k + 1);
  }
  EXPECT_TRUE(IsPrepared(txn, PlusK(-1, 0)));
  EXPECT_FALSE(IsPrepared(txn, PlusK(0, 0)));
  EXPECT_EQ(PreparedShapes(txn), cap);
  // What a rolled-back transaction prepared and deallocated stays so (neither is transactional).
  txn.abort();
  pqxx::work after(conn);
  EXPECT_EQ(PreparedShapes(after), cap);
  EXPECT_EQ(cache.Exec(after, PlusK(0, 2))[0][0].as<int>(), 2);
  EXPECT_EQ(cache.Exec(after, PlusK(-1, 2))[0][0].as<int>(), 1);
  EXPECT_EQ(PreparedShapes(after), cap);
}

TEST_F(StatementCacheTest, AResetConnectionStillAnswers) {
  pqxx::connection conn(env_->database_url());
  storage::StatementCache cache;
  {
    pqxx::work txn(conn);
    EXPECT_EQ(cache.Exec(txn, PlusK(7, 1))[0][0].as<int>(), 8);
    txn.commit();
  }
  cache.Reset(conn);
  pqxx::work txn(conn);
  EXPECT_EQ(cache.Exec(txn, PlusK(7, 2))[0][0].as<int>(), 9);
  EXPECT_EQ(PreparedShapes(txn), 1);
}

}  // namespace
}  // namespace timeline::testing
