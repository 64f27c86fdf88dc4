// One call's transaction on a pooled connection, and the one place database errors become
// absl::Status: PgRepository runs every call through InTransaction. Internal to storage/.
#pragma once

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "pqxx/pqxx"
#include "storage/call_cost.h"
#include "storage/cancel_watcher.h"
#include "storage/connection_pool.h"
#include "storage/repository.h"
#include "storage/sql.h"

namespace timeline::storage::pg {

// The status of a database error: deadline, conflict, unavailable, already exists, the caller's
// data refused (INVALID_ARGUMENT), a missing referenced row; INTERNAL for anything else.
absl::Status ToStatus(const pqxx::sql_error& e);
// A transaction the database rolled back to settle a conflict with another (a deadlock, a
// serialization failure): ABORTED, worth running again.
absl::Status ToStatus(const pqxx::transaction_rollback& e);
absl::Status DeadlineStatus();

// Whether the error says the connection's server is of no more use to it: it is shutting down or
// crashed (57P01-57P03), the link failed (08xxx), or it now answers as a standby (25006, after a
// failover). Such a lease is discarded, so the next call opens a connection to the current primary.
bool ServerGone(const pqxx::sql_error& e);

// Bounds the transaction's statements by `statement_time` and makes the call's principal and
// request id what the changes it logs record, in one statement.
void StartCall(pqxx::work& txn, absl::Duration statement_time, const CallContext& ctx);

// Makes the connection fit to go back to the pool after a transaction failed: a ROLLBACK that
// ends whatever the failed transaction left open (libpqxx does not send one when COMMIT itself
// failed, and a connection left inside an aborted transaction answers 25P02 to every later
// call). When that fails too, the lease is discarded and the pool opens a new connection later.
void RestoreOrDiscard(ConnectionPool::Lease& lease);

// Hands the caller the primary's WAL position now, after a COMMIT, as its consistency token
// (storage/wal_position.h). The write has landed whatever happens here: a failure costs only
// the token, and is logged.
void ReportConsistencyToken(pqxx::connection& conn, const CallContext& ctx);

// Writes what went wrong for the operator (stderr); callers' messages never carry it.
void LogFailure(absl::string_view what, const std::exception& e);

// Runs `fn` in one transaction on a leased connection, bounded by the call's deadline (and the
// pool's statement times, connection_pool.h). The transaction commits only when `fn` succeeds and
// `commit` is true (false: a dry run whose writes are rolled back, for validate_only). `cost`
// says which share of the pool the call may take (storage/call_cost.h).
template <typename Fn>
auto InTransaction(ConnectionPool& pool, CancelWatcher& watcher, const CallContext& ctx,
                   CallCost cost, Fn&& fn, bool commit = true)
    -> decltype(fn(std::declval<pqxx::work&>())) {
  if (ctx.deadline <= absl::Now()) return DeadlineStatus();
  absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire(ctx.deadline, cost, ctx.cancelled);
  if (!lease.ok()) return lease.status();
  std::optional<CancelWatcher::Registration> watch;
  if (ctx.cancelled) watch.emplace(watcher.Watch(**lease, ctx.cancelled));
  auto cancelled = [&] { return ctx.cancelled && ctx.cancelled(); };
  try {
    decltype(fn(std::declval<pqxx::work&>())) result;
    {
      pqxx::work txn(**lease);
      StartCall(txn, pool.StatementTime(ctx.deadline, absl::Now()), ctx);
      result = fn(txn);
      // No cancel may reach COMMIT: a cancelled COMMIT leaves the connection inside an aborted
      // transaction. Ending the registration waits for a cancel being sent (the watcher holds
      // its lock meanwhile); one that was sent during the last statement and arrives after it
      // finished finds the backend idle, reading the next command, and PostgreSQL ignores a
      // cancel request then. So from here on nothing cancels this connection.
      watch.reset();
      if (result.ok() && commit) txn.commit();
    }
    if (!result.ok() && cancelled()) return absl::CancelledError("the caller cancelled");
    if (result.ok() && commit && pool.reports_wal_position() && ctx.on_consistency_token) {
      ReportConsistencyToken(**lease, ctx);
    }
    return result;
  } catch (const pqxx::in_doubt_error& e) {
    lease->Discard();
    LogFailure("commit in doubt", e);
    return absl::UnavailableError(
        "the connection broke during commit; the write may or may not have landed (retry with "
        "the same request_id)");
  } catch (const pqxx::broken_connection& e) {
    lease->Discard();
    LogFailure("connection broken", e);
    return absl::UnavailableError("the database is unavailable; retry later");
  } catch (const pqxx::sql_error& e) {
    watch.reset();
    if (ServerGone(e)) {
      lease->Discard();
    } else {
      RestoreOrDiscard(*lease);
    }
    if (cancelled()) return absl::CancelledError("the caller cancelled");
    return ToStatus(e);
  } catch (const pqxx::transaction_rollback& e) {
    // libpqxx 6 throws deadlocks and serialization failures as this, not as an sql_error.
    watch.reset();
    RestoreOrDiscard(*lease);
    if (cancelled()) return absl::CancelledError("the caller cancelled");
    return ToStatus(e);
  } catch (const std::exception& e) {
    watch.reset();
    RestoreOrDiscard(*lease);
    if (cancelled()) return absl::CancelledError("the caller cancelled");
    LogFailure("unexpected error", e);
    return absl::InternalError("an unexpected error; the server's log has its details");
  }
}

// A cheap call (storage/call_cost.h).
template <typename Fn>
auto InTransaction(ConnectionPool& pool, CancelWatcher& watcher, const CallContext& ctx, Fn&& fn,
                   bool commit = true) -> decltype(fn(std::declval<pqxx::work&>())) {
  return InTransaction(pool, watcher, ctx, CallCost::kCheap, std::forward<Fn>(fn), commit);
}

}  // namespace timeline::storage::pg
