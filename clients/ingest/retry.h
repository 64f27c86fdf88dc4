// Retries of timeline-ingest: which failures are worth another attempt, how long to pause, and
// how long in all a batch may keep failing before the job gives up.
//
// A batch is retried with the same request_id, so a retry after a response was lost is answered
// from the server's memory of the request (AIP-155) and never writes twice.
//
// After a batch's first transient failure the job has `retry_budget` (2 minutes by default) to get
// it through: it pauses (backoff), then the next attempt first waits for the server to accept a
// connection (gRPC wait-for-ready) until the budget's end, so a server that restarts within the
// budget is waited for instead of being hammered with instant "Connection refused" failures.
#pragma once

#include <functional>
#include <random>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace timeline::ingest {

struct RetryPolicy {
  int max_attempts = 0;  // attempts per batch at most; 0: as many as the budget allows
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(10);
  // From a batch's first failure: the time its retries (pauses and waits for the server) may take.
  absl::Duration retry_budget = absl::Minutes(2);
};

// Transient failures: no server yet or a broken connection (UNAVAILABLE), a slow answer
// (DEADLINE_EXCEEDED), an overloaded server (RESOURCE_EXHAUSTED), a transaction that lost a
// conflict (ABORTED). Anything else would fail the same way again.
bool IsRetryable(absl::StatusCode code);

// The pause before retry number `retry` (1 after the first failure): initial_backoff doubling per
// retry up to max_backoff, then scaled into [1/2, 1) of that by `jitter` in [0, 1), so that jobs
// failing together do not come back together.
absl::Duration BackoffDelay(const RetryPolicy& policy, int retry, double jitter);

class Retrier {
 public:
  using Sleep = std::function<void(absl::Duration)>;
  using Clock = std::function<absl::Time()>;
  // One attempt. `wait_for_server_until` is InfinitePast for a batch's first attempt (it fails
  // fast, like any call) and the end of the retry budget for a retry (it may wait until then for
  // the server to be ready).
  using Attempt = std::function<absl::Status(absl::Time wait_for_server_until)>;
  // Hears each failure that will be retried: the attempt that failed (from 1), the pause, and the
  // time left of the budget after it.
  using OnRetry = std::function<void(int attempt, const absl::Status&, absl::Duration pause,
                                     absl::Duration budget_left)>;

  explicit Retrier(RetryPolicy policy, Sleep sleep = absl::SleepFor, Clock now = absl::Now);

  // Calls `attempt` until it succeeds, fails with a code that is not retryable, the retry budget
  // is spent, or it has been called max_attempts times (when set); returns its last status (with
  // a note when the budget ran out).
  // Safe to call from several threads at once (batches in flight retry independently), as long
  // as `sleep` and `now` are.
  absl::Status Run(const Attempt& attempt, const OnRetry& on_retry);

 private:
  double Jitter();  // in [0, 1)

  RetryPolicy policy_;
  Sleep sleep_;
  Clock now_;
  absl::Mutex random_mutex_;
  std::mt19937_64 random_ ABSL_GUARDED_BY(random_mutex_);
};

}  // namespace timeline::ingest
