#include "storage/pg_transaction.h"

#include <iostream>

namespace timeline::storage::pg {

namespace {

// The database's own words stay with the operator: a caller's message never carries them (they
// can quote the caller's values at length, and name tables and constraints).
void LogDatabaseError(const pqxx::sql_error& e) {
  std::cerr << "database error " << e.sqlstate() << ": " << e.what() << "\n";
}

}  // namespace

void ReportConsistencyToken(pqxx::connection& conn, const CallContext& ctx) {
  std::string position;
  try {
    pqxx::nontransaction txn(conn);
    position = txn.exec(sql::kWalInsertPosition)[0][0].as<std::string>();
  } catch (const std::exception& e) {
    LogFailure("no consistency token after a commit", e);
    return;
  }
  ctx.on_consistency_token(position);
}

void LogFailure(absl::string_view what, const std::exception& e) {
  std::cerr << "database: " << what << ": " << e.what() << "\n";
}

bool ServerGone(const pqxx::sql_error& e) {
  const std::string& state = e.sqlstate();
  return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03" ||
         state == "25006";
}

absl::Status ToStatus(const pqxx::sql_error& e) {
  const std::string& state = e.sqlstate();
  if (state == "57014") return absl::DeadlineExceededError("the query ran past the deadline");
  if (state == "40001" || state == "40P01") {
    return absl::AbortedError("a concurrent write conflicted; retry");
  }
  // A unique key already taken is an answer to the caller (the request's own value, or a
  // concurrent stream's, which the ingest runs again for), not a fault to show the operator.
  if (state == "23505") {
    return absl::AlreadyExistsError("a resource with the same id or unique value already exists");
  }
  LogDatabaseError(e);
  // A write on a node that is (now) a standby: during a failover, on a connection opened before.
  if (state == "25006") {
    return absl::UnavailableError("the database accepts no writes at the moment; retry later");
  }
  if (ServerGone(e) || state == "53300") {
    return absl::UnavailableError("the database is unavailable; retry later");
  }
  // Input the validators let through but the database refuses: still the caller's data.
  if (state.rfind("22", 0) == 0 || state == "23514") {
    return absl::InvalidArgumentError("the database refused a value of the request");
  }
  // A value too large for an index or a statement too complex for the database: the caller's
  // request is too large, never a fault of the server.
  if (state.rfind("54", 0) == 0) {
    return absl::InvalidArgumentError("the request exceeds a limit of the database");
  }
  if (state == "23503") {
    return absl::FailedPreconditionError("a resource the request refers to no longer exists");
  }
  return absl::InternalError(absl::StrCat("database error ", state));
}

absl::Status ToStatus(const pqxx::transaction_rollback& e) {
  LogFailure("a transaction was rolled back", e);
  return absl::AbortedError("a concurrent write conflicted; retry");
}

void StartCall(pqxx::work& txn, absl::Duration statement_time, const CallContext& ctx) {
  txn.exec_prepared(sql::kStartCallStatement,
                    absl::StrCat(absl::ToInt64Milliseconds(statement_time)), ctx.principal,
                    ctx.request_id);
}

void RestoreOrDiscard(ConnectionPool::Lease& lease) {
  if (!lease->is_open()) return;
  try {
    // Quiet: after a transaction that did end, ROLLBACK only warns "no transaction in progress".
    pqxx::quiet_errorhandler quiet(*lease);
    pqxx::nontransaction txn(*lease);
    txn.exec(sql::kRollback);
  } catch (const std::exception&) {
    lease.Discard();
  }
}

absl::Status DeadlineStatus() { return absl::DeadlineExceededError("the deadline has passed"); }

}  // namespace timeline::storage::pg
