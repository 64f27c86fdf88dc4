#include "storage/pg_stream_order.h"

#include "absl/time/clock.h"
#include "storage/ingest_sql.h"

namespace timeline::storage::pg {
namespace {

bool Committed(pqxx::work& txn, const std::string& method, const std::string& request_id) {
  return !txn.exec_params(sql::kIngestRequestCommitted, method, request_id).empty();
}

// Whether the stream holds its request lock now; if it does, returns once it has let go. The
// shared lock taken to see it is released at once with its subtransaction.
bool RanUntilNow(pqxx::work& txn, const std::string& method, const std::string& request_id) {
  pqxx::subtransaction look(txn, "await_earlier_stream");
  const std::string key = look.quote(method + ":" + request_id);
  const bool running = !look.exec(sql::TryRequestLockShared(key))[0][0].as<bool>();
  if (running) look.exec(sql::AwaitRequestLockShared(key));
  look.abort();
  return running;
}

}  // namespace

bool EarlierStreamBegun(pqxx::work& txn, const std::string& method, const std::string& request_id) {
  const std::string key = txn.quote(method + ":" + request_id);
  return !txn.exec(sql::TryRequestLockShared(key))[0][0].as<bool>() ||
         Committed(txn, method, request_id);
}

EarlierStream AwaitEarlierStream(pqxx::work& txn, const std::string& method,
                                 const std::string& request_id, absl::Duration not_seen_limit) {
  const absl::Time give_up = absl::Now() + not_seen_limit;
  for (;;) {
    if (RanUntilNow(txn, method, request_id)) {
      return Committed(txn, method, request_id) ? EarlierStream::kCommitted : EarlierStream::kEnded;
    }
    // Not running: committed already, or not begun (or failed before it was looked for).
    if (Committed(txn, method, request_id)) return EarlierStream::kCommitted;
    if (absl::Now() >= give_up) return EarlierStream::kNotSeen;
    absl::SleepFor(kEarlierStreamPollInterval);
  }
}

}  // namespace timeline::storage::pg
