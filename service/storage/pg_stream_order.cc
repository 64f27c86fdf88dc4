#include "storage/pg_stream_order.h"

#include "absl/time/clock.h"
#include "storage/ingest_sql.h"
#include "storage/sql.h"

namespace timeline::storage::pg {
namespace {

bool Committed(pqxx::work& txn, const std::string& method, const std::string& request_id) {
  return !txn.exec_params(sql::kIngestRequestCommitted, method, request_id).empty();
}

// If the stream holds its request lock now, returns once it has let go. The shared lock taken to
// see it is released at once with its subtransaction.
void AwaitEndIfRunning(pqxx::work& txn, const std::string& method, const std::string& request_id) {
  pqxx::subtransaction look(txn, "await_earlier_stream");
  const std::string key = look.quote(sql::RequestLockKey(method, request_id));
  const bool running = !look.exec(sql::TryRequestLockShared(key))[0][0].as<bool>();
  if (running) look.exec(sql::AwaitRequestLockShared(key));
  look.abort();
}

}  // namespace

bool EarlierStreamBegun(pqxx::work& txn, const std::string& method, const std::string& request_id) {
  const std::string key = txn.quote(sql::RequestLockKey(method, request_id));
  return !txn.exec(sql::TryRequestLockShared(key))[0][0].as<bool>() ||
         Committed(txn, method, request_id);
}

absl::StatusOr<bool> PollUntilEarlierStreamBegun(
    const std::function<absl::StatusOr<bool>()>& look_begun, absl::Duration limit) {
  const absl::Time give_up = absl::Now() + limit;
  for (;;) {
    absl::StatusOr<bool> begun = look_begun();
    if (!begun.ok() || *begun) return begun;
    if (absl::Now() >= give_up) return false;
    absl::SleepFor(kEarlierStreamPollInterval);
  }
}

bool AwaitEarlierStreamCommit(pqxx::work& txn, const std::string& method,
                              const std::string& request_id) {
  AwaitEndIfRunning(txn, method, request_id);
  return Committed(txn, method, request_id);
}

}  // namespace timeline::storage::pg
