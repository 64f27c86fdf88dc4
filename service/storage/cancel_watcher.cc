#include "storage/cancel_watcher.h"

namespace timeline::storage {

CancelWatcher::CancelWatcher(absl::Duration poll_interval)
    : poll_interval_(poll_interval), thread_([this] { Run(); }) {}

CancelWatcher::~CancelWatcher() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

CancelWatcher::Registration::~Registration() {
  if (watcher_ == nullptr) return;
  std::lock_guard lock(watcher_->mu_);
  watcher_->entries_.erase(it_);
}

CancelWatcher::Registration CancelWatcher::Watch(pqxx::connection_base& conn,
                                                 std::function<bool()> cancelled) {
  std::lock_guard lock(mu_);
  entries_.push_front({&conn, std::move(cancelled)});
  wake_.notify_all();
  return Registration(this, entries_.begin());
}

void CancelWatcher::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (entries_.empty()) {
      wake_.wait(lock, [&] { return stopping_ || !entries_.empty(); });
      continue;
    }
    // Holding the lock while cancelling keeps a registration from ending (and its connection
    // from going back to the pool) in the middle of a cancel request.
    for (Entry& e : entries_) {
      if (!e.cancel_sent && e.cancelled()) {
        e.cancel_sent = true;
        try {
          e.conn->cancel_query();
        } catch (const std::exception&) {
          // The statement ends by statement_timeout instead.
        }
      }
    }
    wake_.wait_for(lock, absl::ToChronoNanoseconds(poll_interval_));
  }
}

}  // namespace timeline::storage
