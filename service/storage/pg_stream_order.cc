#include "storage/pg_stream_order.h"

#include <iostream>

#include "absl/time/clock.h"
#include "storage/ingest_sql.h"

namespace timeline::storage::pg {
namespace {

// How often a stream not yet running is looked for.
constexpr absl::Duration kPollInterval = absl::Milliseconds(20);

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
    absl::SleepFor(kPollInterval);
  }
}

void StreamOrder::Await() {
  if (awaited_ || request_id_.empty()) return;
  awaited_ = true;
  if (AwaitEarlierStream(txn_, method_, request_id_, kEarlierStreamNotSeenLimit) ==
      EarlierStream::kNotSeen) {
    std::cerr << method_ << ": the stream before this one (after_request_id \"" << request_id_
              << "\") was not seen within " << absl::FormatDuration(kEarlierStreamNotSeenLimit)
              << "; this stream's new names are decided without waiting for it\n";
  }
}

}  // namespace timeline::storage::pg
