// The streams of one import sent side by side (IngestOptions::after_request_id): before a stream
// decides its first name anew, it waits until the stream it comes after has ended, so that new
// names are linked and created in the import's order whichever stream reaches the server first.
// A stream holds the advisory lock of its request id for its whole transaction (FindResponse)
// and, once committed, has its row in ingest_requests: the wait is for that lock while it is
// held, for the row when it is not. It comes in two steps: before its transaction, a stream
// looks (on a connection leased for each look) until the earlier stream has begun, so that
// streams waiting for one that has not begun never hold the connections it needs; in its
// transaction, it waits for that stream to end, and if it ended without committing, gives the
// transaction up to wait for its next try as for one not begun. Internal to storage/.
#pragma once

#include <exception>
#include <functional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pqxx/pqxx"

namespace timeline::storage::pg {

// How long a stream waits for the stream it comes after when that one is neither running nor
// committed: it may not have reached this server yet, or may have failed before this look.
inline constexpr absl::Duration kEarlierStreamNotSeenLimit = absl::Seconds(10);
// How often it looks.
inline constexpr absl::Duration kEarlierStreamPollInterval = absl::Milliseconds(20);
// How many times a stream waits for the stream it comes after to be tried again after that one
// ended without committing, before it goes on without it.
inline constexpr int kEarlierStreamEndsAwaited = 5;

// Thrown by StreamOrder::Await when the earlier stream ended without committing: the waiting
// stream's transaction is given up and run again once that stream is tried again (or not seen).
class EarlierStreamEnded : public std::exception {
 public:
  const char* what() const noexcept override {
    return "the stream before this one ended without committing";
  }
};

// Whether the stream `request_id` of `method` has begun (holds its request lock) or committed,
// as seen from `txn`; what the look takes is let go when `txn` ends.
bool EarlierStreamBegun(pqxx::work& txn, const std::string& method, const std::string& request_id);

// The first step: calls `look_begun` (EarlierStreamBegun, on a connection leased for the look)
// every kEarlierStreamPollInterval until it says the stream has begun or committed (true) or
// `limit` has passed (false). A look's error ends the wait with it.
absl::StatusOr<bool> PollUntilEarlierStreamBegun(
    const std::function<absl::StatusOr<bool>()>& look_begun, absl::Duration limit);

// The second step, in the waiting stream's transaction: if the stream `request_id` of `method`
// is running, waits for it to end; then says whether it has committed. The running stream's lock
// is only looked at: a rerun of that stream never waits for this one.
bool AwaitEarlierStreamCommit(pqxx::work& txn, const std::string& method,
                              const std::string& request_id);

// AwaitEarlierStreamCommit once per transaction, at the first Await(), for a stream seen begun
// (or committed) before the transaction: throws EarlierStreamEnded unless it has committed.
// Nothing without an earlier stream (empty request id).
class StreamOrder {
 public:
  StreamOrder(pqxx::work& txn, std::string method, std::string request_id)
      : txn_(txn), method_(std::move(method)), request_id_(std::move(request_id)) {}

  void Await() {
    if (awaited_ || request_id_.empty()) return;
    awaited_ = true;
    if (!AwaitEarlierStreamCommit(txn_, method_, request_id_)) throw EarlierStreamEnded();
  }

 private:
  pqxx::work& txn_;
  const std::string method_;
  const std::string request_id_;
  bool awaited_ = false;
};

}  // namespace timeline::storage::pg
