// Admission to the database connections (docs/architecture.md, "Concurrency"): a bounded FIFO
// queue of calls waiting for one of `capacity` slots, deadline-aware.
//
// - A call starts at once when a slot is free; a costly call (storage/call_cost.h) only while
//   fewer than capacity − reserve costly calls hold one, so cheap calls always find a slot.
// - Otherwise it waits, first come first served (a cheap call passes costly ones that wait for
//   the costly share), at most `queue_limit` calls at a time: one more is RESOURCE_EXHAUSTED.
// - A call whose deadline falls before its estimated start is refused at once with
//   RESOURCE_EXHAUSTED, instead of waiting only to fail. The estimate is (calls of its kind
//   queued ahead + 1) / slots of its kind × the average time a slot was held lately.
// - A waiting call that reaches its deadline is UNAVAILABLE; one whose caller went away is
//   CANCELLED.
//
//   AdmissionQueue queue({.capacity = 4, .reserve = 1, .queue_limit = 64});
//   absl::StatusOr<AdmissionQueue::Ticket> t = queue.Admit(CallCost::kCostly, deadline, {});
//   if (!t.ok()) return t.status();   // the slot is released with the ticket
#pragma once

#include <condition_variable>
#include <functional>
#include <list>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/call_cost.h"

namespace timeline::storage {

struct AdmissionOptions {
  int capacity = 4;      // the pool size
  int reserve = 1;       // slots costly calls never take (clamped to capacity − 1)
  int queue_limit = 64;  // calls waiting at once
  // What a slot is, for messages: "the server is overloaded: 3 calls already wait for a <this>".
  std::string slot_name = "database connection";
};

class AdmissionQueue {
 public:
  using Clock = std::function<absl::Time()>;

  explicit AdmissionQueue(AdmissionOptions options, Clock clock = absl::Now);
  AdmissionQueue(const AdmissionQueue&) = delete;
  AdmissionQueue& operator=(const AdmissionQueue&) = delete;

  // A held slot; released (and its hold time measured) when destroyed.
  class Ticket {
   public:
    Ticket(AdmissionQueue* queue, CallCost cost, absl::Time start)
        : queue_(queue), cost_(cost), start_(start) {}
    Ticket(Ticket&& other) noexcept
        : queue_(std::exchange(other.queue_, nullptr)), cost_(other.cost_), start_(other.start_) {}
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    Ticket& operator=(Ticket&&) = delete;
    ~Ticket();

   private:
    AdmissionQueue* queue_;
    CallCost cost_;
    absl::Time start_;
  };

  // `cancelled` (optional) is polled while waiting.
  absl::StatusOr<Ticket> Admit(CallCost cost, absl::Time deadline,
                               const std::function<bool()>& cancelled);

  // For tests and benches.
  int waiting() const;
  int costly_slots() const { return capacity_ - reserve_; }
  int queue_limit() const { return queue_limit_; }
  absl::Duration average_hold() const;

 private:
  struct Waiter {
    CallCost cost = CallCost::kCheap;
    bool granted = false;
    // Its own, so that a release wakes only the call it grants: with dozens waiting, waking them
    // all for one connection costs the very CPU the calls need.
    std::condition_variable granted_changed;
  };

  bool CanStart(CallCost cost) const;
  void Take(CallCost cost);
  void Release(CallCost cost, absl::Duration held);
  void GrantWaiters();
  absl::Duration EstimatedWait(CallCost cost) const;
  int WaitingLocked() const;

  const int capacity_;
  const int reserve_;
  const int queue_limit_;
  const std::string slot_name_;
  const Clock clock_;
  mutable std::mutex mu_;
  std::list<Waiter> waiters_;  // oldest first; a granted one until it wakes
  int in_use_ = 0;
  int costly_in_use_ = 0;
  double average_hold_ms_ = 0;  // exponentially weighted; 0 until a slot was released
};

}  // namespace timeline::storage
