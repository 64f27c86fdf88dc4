#include "storage/pg_transaction.h"

namespace timeline::storage::pg {

absl::Status ToStatus(const pqxx::sql_error& e) {
  const std::string& state = e.sqlstate();
  if (state == "57014") return absl::DeadlineExceededError("the query ran past the deadline");
  if (state == "40001" || state == "40P01") {
    return absl::AbortedError("a concurrent write conflicted; retry");
  }
  if (state.rfind("08", 0) == 0 || state == "53300" || state == "57P01" || state == "57P03") {
    return absl::UnavailableError(absl::StrCat("database unavailable: ", e.what()));
  }
  if (state == "23505") return absl::AlreadyExistsError(e.what());
  // Input the validators let through but the database refuses: still the caller's data.
  if (state.rfind("22", 0) == 0 || state == "23514") {
    return absl::InvalidArgumentError(absl::StrCat("the database refused a value: ", e.what()));
  }
  if (state == "23503") {
    return absl::FailedPreconditionError(absl::StrCat("a referenced row is missing: ", e.what()));
  }
  return absl::InternalError(absl::StrCat("database error ", state, ": ", e.what()));
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
