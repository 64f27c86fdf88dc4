// The admission queue without a database: who starts at once, who waits, who is refused, on a
// clock the test moves by hand (nothing here depends on real time).
#include "storage/admission_queue.h"

#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace timeline::storage {
namespace {

using ::testing::HasSubstr;

class ManualClock {
 public:
  absl::Time Now() const { return now_.load(); }
  void Advance(absl::Duration d) { now_ = now_.load() + d; }
  AdmissionQueue::Clock AsClock() {
    return [this] { return Now(); };
  }

 private:
  std::atomic<absl::Time> now_{absl::FromUnixSeconds(1'000'000)};
};

constexpr absl::Time kNoDeadline = absl::InfiniteFuture();

// Waits (on the real clock, with no bound on the result) until `n` calls wait in `queue`.
void AwaitWaiting(const AdmissionQueue& queue, int n) {
  while (queue.waiting() != n) std::this_thread::yield();
}

TEST(AdmissionQueueTest, CostlyCallsLeaveTheReserveToCheapOnes) {
  AdmissionQueue queue({.capacity = 4, .reserve = 1, .queue_limit = 8});
  std::vector<AdmissionQueue::Ticket> held;
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<AdmissionQueue::Ticket> t = queue.Admit(CallCost::kCostly, kNoDeadline, {});
    ASSERT_TRUE(t.ok()) << t.status();
    held.push_back(*std::move(t));
  }
  EXPECT_EQ(queue.costly_slots(), 3);
  // The fourth connection is kept: a cheap call starts at once, without waiting.
  absl::StatusOr<AdmissionQueue::Ticket> cheap = queue.Admit(CallCost::kCheap, kNoDeadline, {});
  ASSERT_TRUE(cheap.ok()) << cheap.status();
  EXPECT_EQ(queue.waiting(), 0);
}

TEST(AdmissionQueueTest, CostlyCallWaitsForTheCostlyShareAndCheapOnesPassIt) {
  AdmissionQueue queue({.capacity = 2, .reserve = 1, .queue_limit = 8});
  std::optional<AdmissionQueue::Ticket> costly(*queue.Admit(CallCost::kCostly, kNoDeadline, {}));

  std::atomic<bool> second_started = false;
  std::thread second([&] {
    absl::StatusOr<AdmissionQueue::Ticket> t = queue.Admit(CallCost::kCostly, kNoDeadline, {});
    EXPECT_TRUE(t.ok()) << t.status();
    second_started = true;
  });
  AwaitWaiting(queue, 1);
  // A cheap call arriving later still starts at once on the reserved connection.
  absl::StatusOr<AdmissionQueue::Ticket> cheap = queue.Admit(CallCost::kCheap, kNoDeadline, {});
  EXPECT_TRUE(cheap.ok()) << cheap.status();
  EXPECT_FALSE(second_started);
  costly.reset();  // the costly share frees up: the waiting costly call goes
  second.join();
  EXPECT_TRUE(second_started);
}

TEST(AdmissionQueueTest, FullQueueIsResourceExhausted) {
  AdmissionQueue queue({.capacity = 1, .reserve = 0, .queue_limit = 2});
  std::optional<AdmissionQueue::Ticket> held(*queue.Admit(CallCost::kCheap, kNoDeadline, {}));
  std::vector<std::thread> waiters;
  std::atomic<int> admitted = 0;
  for (int i = 0; i < 2; ++i) {
    waiters.emplace_back([&] {
      if (queue.Admit(CallCost::kCheap, kNoDeadline, {}).ok()) ++admitted;
    });
  }
  AwaitWaiting(queue, 2);
  absl::StatusOr<AdmissionQueue::Ticket> third = queue.Admit(CallCost::kCheap, kNoDeadline, {});
  EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(third.status().message(), HasSubstr("2 calls already wait"));
  held.reset();
  for (std::thread& t : waiters) t.join();
  EXPECT_EQ(admitted, 2);  // the queued calls all got their turn
}

TEST(AdmissionQueueTest, DeadlineBeforeTheExpectedStartIsRefusedAtOnce) {
  ManualClock clock;
  AdmissionQueue queue({.capacity = 1, .reserve = 0, .queue_limit = 8}, clock.AsClock());
  {
    // One call held its connection for 1 s: the estimate's measure.
    AdmissionQueue::Ticket t = *queue.Admit(CallCost::kCheap, kNoDeadline, {});
    clock.Advance(absl::Seconds(1));
  }
  EXPECT_EQ(queue.average_hold(), absl::Seconds(1));
  std::optional<AdmissionQueue::Ticket> held(*queue.Admit(CallCost::kCheap, kNoDeadline, {}));

  // 100 ms left against an expected wait of 1 s: refused, without waiting.
  absl::StatusOr<AdmissionQueue::Ticket> hurried =
      queue.Admit(CallCost::kCheap, clock.Now() + absl::Milliseconds(100), {});
  EXPECT_EQ(hurried.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(hurried.status().message(), HasSubstr("cannot start before its deadline"));
  EXPECT_EQ(queue.waiting(), 0);

  // With time enough, the call waits for its turn.
  std::thread patient([&] {
    absl::StatusOr<AdmissionQueue::Ticket> t =
        queue.Admit(CallCost::kCheap, clock.Now() + absl::Seconds(5), {});
    EXPECT_TRUE(t.ok()) << t.status();
  });
  AwaitWaiting(queue, 1);
  // One queued ahead: now 2 s are expected, so 1.5 s is not enough.
  EXPECT_EQ(
      queue.Admit(CallCost::kCheap, clock.Now() + absl::Milliseconds(1500), {}).status().code(),
      absl::StatusCode::kResourceExhausted);
  held.reset();
  patient.join();
}

TEST(AdmissionQueueTest, CancelledWaiterLeavesTheQueue) {
  AdmissionQueue queue({.capacity = 1, .reserve = 0, .queue_limit = 8});
  AdmissionQueue::Ticket held = *queue.Admit(CallCost::kCheap, kNoDeadline, {});
  std::atomic<bool> cancelled = false;
  std::thread waiter([&] {
    absl::StatusOr<AdmissionQueue::Ticket> t =
        queue.Admit(CallCost::kCheap, kNoDeadline, [&] { return cancelled.load(); });
    EXPECT_EQ(t.status().code(), absl::StatusCode::kCancelled);
  });
  AwaitWaiting(queue, 1);
  cancelled = true;
  waiter.join();
  EXPECT_EQ(queue.waiting(), 0);
}

}  // namespace
}  // namespace timeline::storage
