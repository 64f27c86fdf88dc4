#include "retry.h"

#include <algorithm>
#include <cmath>

namespace timeline::ingest {

bool IsRetryable(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kAborted:
      return true;
    default:
      return false;
  }
}

absl::Duration BackoffDelay(const RetryPolicy& policy, int retry, double jitter) {
  // Capping the exponent first keeps the doubling from overflowing on long runs of failures.
  const int doublings = std::clamp(retry - 1, 0, 30);
  const absl::Duration full =
      std::min(policy.initial_backoff * std::pow(2.0, doublings), policy.max_backoff);
  return full * (0.5 + 0.5 * std::clamp(jitter, 0.0, 1.0));
}

Retrier::Retrier(RetryPolicy policy, Sleep sleep)
    : policy_(policy), sleep_(std::move(sleep)), random_(std::random_device{}()) {}

absl::Status Retrier::Run(const std::function<absl::Status()>& attempt, const OnRetry& on_retry) {
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  for (int tries = 1;; ++tries) {
    absl::Status status = attempt();
    if (status.ok() || !IsRetryable(status.code()) || tries >= policy_.max_attempts) {
      return status;
    }
    const absl::Duration pause = BackoffDelay(policy_, tries, jitter(random_));
    if (on_retry) on_retry(tries, status, pause);
    sleep_(pause);
  }
}

}  // namespace timeline::ingest
