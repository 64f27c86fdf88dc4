#include "retry.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

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

Retrier::Retrier(RetryPolicy policy, Sleep sleep, Clock now)
    : policy_(policy),
      sleep_(std::move(sleep)),
      now_(std::move(now)),
      random_(std::random_device{}()) {}

double Retrier::Jitter() {
  absl::MutexLock lock(&random_mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
}

absl::Status Retrier::Run(const Attempt& attempt, const OnRetry& on_retry) {
  absl::Time give_up = absl::InfiniteFuture();  // set at the first failure
  absl::Time wait_until = absl::InfinitePast();
  for (int tries = 1;; ++tries) {
    absl::Status status = attempt(wait_until);
    if (status.ok() || !IsRetryable(status.code()) ||
        (policy_.max_attempts > 0 && tries >= policy_.max_attempts)) {
      return status;
    }
    const absl::Time now = now_();
    if (tries == 1) give_up = now + policy_.retry_budget;
    if (now >= give_up) {
      return absl::Status(status.code(),
                          absl::StrCat(status.message(), " (still failing after retrying for ",
                                       absl::FormatDuration(policy_.retry_budget), ")"));
    }
    // Never pause past the budget's end: the last attempt then only waits for the server.
    const absl::Duration pause = std::min(BackoffDelay(policy_, tries, Jitter()), give_up - now);
    if (on_retry) on_retry(tries, status, pause, give_up - now - pause);
    sleep_(pause);
    wait_until = give_up;
  }
}

}  // namespace timeline::ingest
