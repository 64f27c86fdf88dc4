// ToStatus: a database error becomes a status with fixed wording; PostgreSQL's text, which can
// quote a caller's values and names tables, never reaches a caller. Errors a caller's data can
// cause are client codes.
#include "storage/pg_transaction.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace timeline::storage::pg {
namespace {

constexpr char kDatabaseText[] =
    "ERROR:  index row requires 13544 bytes, maximum size is 8191 (table actor_names) SECRET";

absl::Status StatusOf(const char* sqlstate) {
  return ToStatus(pqxx::sql_error(kDatabaseText, "INSERT INTO actor_names ...", sqlstate));
}

TEST(PgTransactionTest, NoMessageCarriesTheDatabaseText) {
  for (const char* state : {"08006", "53300", "23505", "22001", "23514", "23503", "54000", "54001",
                            "XX000", "42P01", "57014", "40001", "25006", "57P02"}) {
    absl::Status status = StatusOf(state);
    EXPECT_FALSE(status.ok()) << state;
    EXPECT_EQ(std::string(status.message()).find("SECRET"), std::string::npos) << state;
    EXPECT_EQ(std::string(status.message()).find("actor_names"), std::string::npos) << state;
    EXPECT_LT(status.message().size(), 100u) << state;
  }
}

TEST(PgTransactionTest, DataTheDatabaseRefusesIsTheCallersMistake) {
  EXPECT_EQ(StatusOf("54000").code(), absl::StatusCode::kInvalidArgument);  // index row too big
  EXPECT_EQ(StatusOf("22001").code(), absl::StatusCode::kInvalidArgument);  // value too long
  EXPECT_EQ(StatusOf("23514").code(), absl::StatusCode::kInvalidArgument);  // check violated
  EXPECT_EQ(StatusOf("23505").code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(StatusOf("23503").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(StatusOf("08006").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(StatusOf("XX000").code(), absl::StatusCode::kInternal);
}

// libpqxx 6 throws a deadlock or a serialization failure as a transaction_rollback, which is no
// sql_error: it is a conflict to run again, not an internal error, and its text stays in the log.
TEST(PgTransactionTest, ARolledBackTransactionIsAborted) {
  const pqxx::deadlock_detected deadlock(kDatabaseText);
  const pqxx::serialization_failure serialization(kDatabaseText);
  for (const pqxx::transaction_rollback* e :
       std::vector<const pqxx::transaction_rollback*>{&deadlock, &serialization}) {
    const absl::Status status = ToStatus(*e);
    EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
    EXPECT_EQ(std::string(status.message()).find("SECRET"), std::string::npos);
  }
}

// What a failover looks like to a connection: the node shuts down or crashes under it, or it
// answers as a standby. Each is worth a retry, which a new connection serves.
TEST(PgTransactionTest, AFailoverIsUnavailable) {
  for (const char* state : {"57P01", "57P02", "57P03", "08006", "25006"}) {
    EXPECT_EQ(StatusOf(state).code(), absl::StatusCode::kUnavailable) << state;
  }
}

// Those connections are dropped rather than pooled again: only a new one finds the new primary.
// A refused value or a conflict says nothing against the connection, which is kept.
TEST(PgTransactionTest, OnlyAConnectionWhoseServerIsGoneIsDropped) {
  auto gone = [](const char* state) { return ServerGone(pqxx::sql_error("", "", state)); };
  for (const char* state : {"57P01", "57P02", "57P03", "08006", "08000", "25006"}) {
    EXPECT_TRUE(gone(state)) << state;
  }
  for (const char* state : {"23505", "22001", "40001", "57014", "53300", "XX000", "25P02"}) {
    EXPECT_FALSE(gone(state)) << state;
  }
}

}  // namespace
}  // namespace timeline::storage::pg
