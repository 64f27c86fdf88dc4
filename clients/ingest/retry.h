// Retries of timeline-ingest: which failures are worth another attempt, and how long to wait.
//
// A batch is retried with the same request_id, so a retry after a response was lost is answered
// from the server's memory of the request (AIP-155) and never writes twice.
#pragma once

#include <functional>
#include <random>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace timeline::ingest {

struct RetryPolicy {
  int max_attempts = 8;
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(10);
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
  // Hears each failure that will be retried: the attempt that failed (from 1), and the pause.
  using OnRetry = std::function<void(int attempt, const absl::Status&, absl::Duration pause)>;

  explicit Retrier(RetryPolicy policy, Sleep sleep = absl::SleepFor);

  // Calls `attempt` until it succeeds, fails with a code that is not retryable, or has been
  // called max_attempts times; returns its last status.
  absl::Status Run(const std::function<absl::Status()>& attempt, const OnRetry& on_retry);

 private:
  RetryPolicy policy_;
  Sleep sleep_;
  std::mt19937_64 random_;
};

}  // namespace timeline::ingest
