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
#include "storage/cancel_watcher.h"
#include "storage/connection_pool.h"
#include "storage/repository.h"
#include "storage/sql.h"

namespace timeline::storage::pg {

// The status of a database error: deadline, conflict, unavailable, already exists, the caller's
// data refused (INVALID_ARGUMENT), a missing referenced row; INTERNAL for anything else.
absl::Status ToStatus(const pqxx::sql_error& e);
absl::Status DeadlineStatus();

// Makes the call's principal and request id what the changes the transaction logs record.
void SetChangeAuthor(pqxx::work& txn, const CallContext& ctx);

// Runs `fn` in one transaction on a leased connection, bounded by the call's deadline. The
// transaction commits only when `fn` succeeds and `commit` is true (false: a dry run whose
// writes are rolled back, for validate_only).
template <typename Fn>
auto InTransaction(ConnectionPool& pool, CancelWatcher& watcher, const CallContext& ctx, Fn&& fn,
                   bool commit = true) -> decltype(fn(std::declval<pqxx::work&>())) {
  absl::Time now = absl::Now();
  if (ctx.deadline <= now) return DeadlineStatus();
  absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire(ctx.deadline);
  if (!lease.ok()) return lease.status();
  std::optional<CancelWatcher::Registration> watch;
  if (ctx.cancelled) watch.emplace(watcher.Watch(**lease, ctx.cancelled));
  try {
    pqxx::work txn(**lease);
    if (ctx.deadline != absl::InfiniteFuture()) {
      int64_t ms = std::max<int64_t>(1, absl::ToInt64Milliseconds(ctx.deadline - absl::Now()));
      txn.exec(sql::SetStatementTimeout(ms));
    }
    if (!ctx.principal.empty() || !ctx.request_id.empty()) SetChangeAuthor(txn, ctx);
    auto result = fn(txn);
    if (result.ok() && commit) txn.commit();
    return result;
  } catch (const pqxx::in_doubt_error& e) {
    (*lease)->disconnect();
    return absl::UnavailableError(
        absl::StrCat("the connection broke during commit; the write may or may not have landed "
                     "(retry with the same request_id): ",
                     e.what()));
  } catch (const pqxx::broken_connection& e) {
    (*lease)->disconnect();
    return absl::UnavailableError(absl::StrCat("database unavailable: ", e.what()));
  } catch (const pqxx::sql_error& e) {
    if (ctx.cancelled && ctx.cancelled()) return absl::CancelledError("the caller cancelled");
    return ToStatus(e);
  } catch (const std::exception& e) {
    return absl::InternalError(e.what());
  }
}

}  // namespace timeline::storage::pg
