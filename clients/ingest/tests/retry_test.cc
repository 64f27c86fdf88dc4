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
      [&](absl::Time) {
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
      [&](absl::Time) {
        ++calls;
        return calls == 1 ? absl::AbortedError("conflict") : absl::InvalidArgumentError("bad");
      },
      nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(calls, 2);
}

// A clock that moves only when the retrier sleeps or an attempt takes time.
struct FakeClock {
  absl::Time now = absl::FromUnixSeconds(1'000'000'000);
  Retrier Make(RetryPolicy policy) {
    return Retrier(
        policy, [this](absl::Duration d) { now += d; }, [this] { return now; });
  }
};

TEST(RetryBudget, ByDefaultTwoMinutesWithoutAnAttemptCap) {
  const RetryPolicy policy;
  EXPECT_EQ(policy.retry_budget, absl::Minutes(2));
  EXPECT_EQ(policy.max_attempts, 0);
}

TEST(RetryBudget, ADownServerIsRetriedUntilTheBudgetIsSpentThenTheJobGivesUp) {
  FakeClock clock;
  Retrier retrier = clock.Make({});
  const absl::Time start = clock.now;
  std::vector<absl::Time> waits;
  std::vector<absl::Duration> budget_left;
  absl::Status status = retrier.Run(
      [&](absl::Time wait_for_server_until) {
        waits.push_back(wait_for_server_until);
        // What wait-for-ready does against a server that never comes: wait to the end, fail.
        clock.now = std::max(clock.now, wait_for_server_until);
        return absl::UnavailableError("connection refused");
      },
      [&](int, const absl::Status&, absl::Duration, absl::Duration left) {
        budget_left.push_back(left);
      });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("still failing after retrying for 2m"));
  EXPECT_EQ(clock.now, start + absl::Minutes(2));
  ASSERT_THAT(waits, SizeIs(2));
  EXPECT_EQ(waits[0], absl::InfinitePast());      // the first attempt fails fast
  EXPECT_EQ(waits[1], start + absl::Minutes(2));  // the retry waits up to the budget's end
  ASSERT_THAT(budget_left, SizeIs(1));
  EXPECT_GT(budget_left[0], absl::Minutes(1));
}

TEST(RetryBudget, FastFailuresArePacedByBackoffAndStopAtTheBudget) {
  FakeClock clock;
  Retrier retrier = clock.Make({.retry_budget = absl::Seconds(30)});
  const absl::Time start = clock.now;
  int calls = 0;
  absl::Time last_call;
  absl::Status status = retrier.Run(
      [&](absl::Time) {
        ++calls;
        last_call = clock.now;
        return absl::ResourceExhaustedError("busy");  // answered at once, every time
      },
      nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(last_call, start + absl::Seconds(30));  // the last pause is cut to the budget's end
  // 0.2 s doubling to 10 s, each scaled into [1/2, 1): at least 6 and at most 11 pauses fit.
  EXPECT_GE(calls, 1 + 6);
  EXPECT_LE(calls, 1 + 11);
}

TEST(RetryBudget, AServerBackWithinTheBudgetGetsTheBatch) {
  FakeClock clock;
  Retrier retrier = clock.Make({});
  const absl::Time back = clock.now + absl::Seconds(30);
  int calls = 0;
  absl::Status status = retrier.Run(
      [&](absl::Time wait_for_server_until) {
        ++calls;
        if (clock.now < back && wait_for_server_until >= back) clock.now = back;  // waited
        return clock.now >= back ? absl::OkStatus() : absl::UnavailableError("restarting");
      },
      nullptr);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(calls, 2);  // one that failed, one that waited for the server
  EXPECT_EQ(clock.now, back);
}

TEST(RetryBudget, CountsFromTheFirstFailureNotFromTheFirstAttempt) {
  FakeClock clock;
  Retrier retrier = clock.Make({.max_attempts = 2});
  std::vector<absl::Time> waits;
  absl::Time failed_at;
  const absl::Status status = retrier.Run(
      [&](absl::Time wait_for_server_until) {
        waits.push_back(wait_for_server_until);
        if (waits.size() == 1) {
          clock.now += absl::Seconds(100);  // a long call, then the connection broke
          failed_at = clock.now;
        }
        return absl::UnavailableError("broken");
      },
      nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  ASSERT_THAT(waits, SizeIs(2));
  EXPECT_EQ(waits[1], failed_at + absl::Minutes(2));
}

TEST(RetryBudget, MaxAttemptsStillCapsWhenSet) {
  FakeClock clock;
  Retrier retrier = clock.Make({.max_attempts = 3});
  int calls = 0;
  const absl::Status status = retrier.Run(
      [&](absl::Time) {
        ++calls;
        return absl::UnavailableError("down");
      },
      nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace timeline::ingest
