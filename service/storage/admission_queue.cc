#include "storage/admission_queue.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace timeline::storage {
namespace {

// How often a waiting call looks at whether its caller went away.
constexpr absl::Duration kCancelPoll = absl::Milliseconds(50);
// The weight of the newest hold time in the average: recent enough to follow a change of load,
// smooth enough that one slow call does not refuse everyone.
constexpr double kHoldWeight = 0.1;

}  // namespace

AdmissionQueue::AdmissionQueue(AdmissionOptions options, Clock clock)
    : capacity_(std::max(1, options.capacity)),
      reserve_(std::clamp(options.reserve, 0, capacity_ - 1)),
      queue_limit_(std::max(0, options.queue_limit)),
      slot_name_(std::move(options.slot_name)),
      clock_(std::move(clock)) {}

AdmissionQueue::Ticket::~Ticket() {
  if (queue_ != nullptr) queue_->Release(cost_, queue_->clock_() - start_);
}

bool AdmissionQueue::CanStart(CallCost cost) const {
  if (in_use_ >= capacity_) return false;
  return cost == CallCost::kCheap || costly_in_use_ < capacity_ - reserve_;
}

void AdmissionQueue::Take(CallCost cost) {
  ++in_use_;
  if (cost == CallCost::kCostly) ++costly_in_use_;
}

void AdmissionQueue::Release(CallCost cost, absl::Duration held) {
  std::lock_guard lock(mu_);
  --in_use_;
  if (cost == CallCost::kCostly) --costly_in_use_;
  const double ms = absl::ToDoubleMilliseconds(held);
  average_hold_ms_ =
      average_hold_ms_ == 0 ? ms : (1 - kHoldWeight) * average_hold_ms_ + kHoldWeight * ms;
  GrantWaiters();
}

void AdmissionQueue::GrantWaiters() {
  // Granted waiters leave the list themselves, when they wake.
  for (Waiter& w : waiters_) {
    if (in_use_ >= capacity_) break;
    if (!w.granted && CanStart(w.cost)) {
      Take(w.cost);
      w.granted = true;
      w.granted_changed.notify_one();
    }
  }
}

absl::Duration AdmissionQueue::EstimatedWait(CallCost cost) const {
  const int ahead =
      static_cast<int>(std::count_if(waiters_.begin(), waiters_.end(), [&](const Waiter& w) {
        return !w.granted && (cost == CallCost::kCostly || w.cost == CallCost::kCheap);
      }));
  const int slots = cost == CallCost::kCostly ? capacity_ - reserve_ : capacity_;
  return absl::Milliseconds(average_hold_ms_ * (ahead + 1) / slots);
}

absl::StatusOr<AdmissionQueue::Ticket> AdmissionQueue::Admit(
    CallCost cost, absl::Time deadline, const std::function<bool()>& cancelled) {
  std::unique_lock lock(mu_);
  if (CanStart(cost)) {
    Take(cost);
    return Ticket(this, cost, clock_());
  }
  const int waiting = WaitingLocked();
  if (waiting >= queue_limit_) {
    return absl::ResourceExhaustedError(absl::StrCat("the server is overloaded: ", waiting,
                                                     " calls already wait for a ", slot_name_,
                                                     " (the most it queues); retry "
                                                     "with backoff"));
  }
  const absl::Duration estimate = EstimatedWait(cost);
  const absl::Time now = clock_();
  if (deadline != absl::InfiniteFuture() && now + estimate > deadline) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the call cannot start before its deadline: ", waiting, " calls wait for a ", slot_name_,
        ", an expected wait of about ",
        absl::FormatDuration(absl::Trunc(estimate, absl::Milliseconds(1))), " against ",
        absl::FormatDuration(
            absl::Trunc(std::max(deadline - now, absl::ZeroDuration()), absl::Milliseconds(1))),
        " left; retry later or with a longer deadline"));
  }
  auto me = waiters_.emplace(waiters_.end());
  me->cost = cost;
  while (!me->granted) {
    if (cancelled && cancelled()) break;
    const absl::Duration left = deadline - clock_();
    if (left <= absl::ZeroDuration()) break;
    me->granted_changed.wait_for(lock, absl::ToChronoNanoseconds(std::min(left, kCancelPoll)));
  }
  const bool granted = me->granted;
  waiters_.erase(me);
  if (granted) return Ticket(this, cost, clock_());
  if (cancelled && cancelled()) return absl::CancelledError("the caller cancelled");
  return absl::UnavailableError(absl::StrCat("no ", slot_name_, " freed up before the deadline (",
                                             capacity_, " in all, all busy); retry later"));
}

int AdmissionQueue::WaitingLocked() const {
  return static_cast<int>(
      std::count_if(waiters_.begin(), waiters_.end(), [](const Waiter& w) { return !w.granted; }));
}

int AdmissionQueue::waiting() const {
  std::lock_guard lock(mu_);
  return WaitingLocked();
}

absl::Duration AdmissionQueue::average_hold() const {
  std::lock_guard lock(mu_);
  return absl::Milliseconds(average_hold_ms_);
}

}  // namespace timeline::storage
