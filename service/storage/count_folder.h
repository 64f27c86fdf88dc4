// Keeps the per-place event sums of CountEvents folded (migrations/0014_event_scope_counts.sql):
// writers append signed changes, and this moves them into the sums every `interval` on a
// connection of its own, so that a reader adds only the few changes of the last moments. On a
// standby (a replica, or a primary demoted by a failover) it does nothing and connects afresh at
// the next tick (a URL naming several hosts then finds the primary): the primary folds and the
// standby replays. A failed fold is logged and retried at the next tick on a new connection;
// the counts stay exact meanwhile, only the changes a reader adds up grow.
//
//   CountFolder folder(database_url);  // folds until destroyed
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "pqxx/connection"

namespace timeline::storage {

class CountFolder {
 public:
  explicit CountFolder(std::string database_url, absl::Duration interval = absl::Seconds(1));
  ~CountFolder();
  CountFolder(const CountFolder&) = delete;
  CountFolder& operator=(const CountFolder&) = delete;

  // The changes folded so far, by this folder.
  int64_t folded() const;

 private:
  void Run();
  // One fold; the number of changes it moved (0 on a standby or when another folder held the
  // lock).
  int64_t FoldOnce();

  const std::string database_url_;
  const absl::Duration interval_;
  // The thread's only.
  std::unique_ptr<pqxx::connection> conn_;
  bool failing_ = false;  // the last fold failed (logged once until one succeeds)

  mutable std::mutex mu_;
  std::condition_variable stop_;
  bool stopping_ = false;
  int64_t folded_ = 0;
  std::thread thread_;
};

}  // namespace timeline::storage
