// The one connection that LISTENs for committed changes (channel "timeline_changes", notified by
// the change log's commit trigger, migrations/0003_change_feed.sql) and passes the newest
// position to a callback: however many watchers there are, they cost this one connection.
//
// A background thread waits for notifications; it reconnects with backoff when the connection
// drops, and it reports the newest position after every (re)connection and every few seconds
// without a notification, so that a notification lost in between delays a change instead of
// losing it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "storage/repository.h"

namespace timeline::storage {

class ChangeListener final : public ChangeSubscription {
 public:
  using Callback = std::function<void(int64_t position)>;

  // Starts listening at once. `poll_every`: how long a quiet connection waits before the newest
  // position is read and reported anyway.
  ChangeListener(std::string database_url, Callback on_change,
                 absl::Duration poll_every = absl::Seconds(5));
  ~ChangeListener() override;  // stops the thread

  ChangeListener(const ChangeListener&) = delete;
  ChangeListener& operator=(const ChangeListener&) = delete;

 private:
  void Run();
  // Listens on one connection until it fails or Stop; returns normally only when stopping.
  void ListenOnce();

  const std::string database_url_;
  const Callback on_change_;
  const absl::Duration poll_every_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace timeline::storage
