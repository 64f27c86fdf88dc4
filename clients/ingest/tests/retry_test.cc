// Which failures are retried, and the backoff schedule.
#include "retry.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "job_testing.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::ingest::testing;  // NOLINT: the job's test helpers
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(Backoff, DoublesFrom200MsUpTo10sWithJitterInTheUpperHalf) {
  const RetryPolicy policy;
  const std::vector<int64_t> full_ms = {200, 400, 800, 1600, 3200, 6400, 10000, 10000};
  for (size_t i = 0; i < full_ms.size(); ++i) {
    const int retry = static_cast<int>(i) + 1;
    EXPECT_EQ(BackoffDelay(policy, retry, 0.0), absl::Milliseconds(full_ms[i]) / 2) << retry;
    EXPECT_EQ(BackoffDelay(policy, retry, 1.0), absl::Milliseconds(full_ms[i])) << retry;
    const absl::Duration mid = BackoffDelay(policy, retry, 0.5);
    EXPECT_GT(mid, absl::Milliseconds(full_ms[i]) / 2);
    EXPECT_LT(mid, absl::Milliseconds(full_ms[i]));
  }
  EXPECT_EQ(BackoffDelay(policy, 1000, 1.0), absl::Seconds(10));
}

TEST(Backoff, RetriesOnlyTransientFailures) {
  EXPECT_TRUE(IsRetryable(absl::StatusCode::kUnavailable));
  EXPECT_TRUE(IsRetryable(absl::StatusCode::kDeadlineExceeded));
  EXPECT_TRUE(IsRetryable(absl::StatusCode::kResourceExhausted));
  EXPECT_TRUE(IsRetryable(absl::StatusCode::kAborted));
  EXPECT_FALSE(IsRetryable(absl::StatusCode::kInvalidArgument));
  EXPECT_FALSE(IsRetryable(absl::StatusCode::kPermissionDenied));
  EXPECT_FALSE(IsRetryable(absl::StatusCode::kInternal));
}

TEST(Retrier, RetriesUpToMaxAttemptsSleepingBetween) {
  std::vector<absl::Duration> pauses;
  Retrier retrier({.max_attempts = 4}, [&](absl::Duration d) { pauses.push_back(d); });
  int calls = 0;
  absl::Status status = retrier.Run(
      [&] {
        ++calls;
        return absl::UnavailableError("down");
      },
      nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(calls, 4);
  ASSERT_THAT(pauses, SizeIs(3));
  EXPECT_GE(pauses[2], absl::Milliseconds(400));
  EXPECT_LT(pauses[2], absl::Milliseconds(800));
}

TEST(Retrier, StopsAtTheFirstFailureThatIsNotTransient) {
  Retrier retrier({}, [](absl::Duration) {});
  int calls = 0;
  absl::Status status = retrier.Run(
      [&] {
        ++calls;
        return calls == 1 ? absl::AbortedError("conflict") : absl::InvalidArgumentError("bad");
      },
      nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace timeline::ingest
