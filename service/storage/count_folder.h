// Keeps the per-place event sums of CountEvents folded (migrations/0014_event_scope_counts.sql):
// writers append signed changes, and this moves them into the sums every `interval` on a
// connection of its own, so that a reader adds only the few changes of the last moments. On a
// standby (a replica, or a primary demoted by a failover) it does nothing and connects afresh at
// the next tick (a URL naming several hosts then finds the primary): the primary folds and the
// standby replays. A failed fold is logged and retried at the next tick on a new connection;
// the counts stay exact meanwhile, only the changes a reader adds up grow. Each tick's outcome
// goes to `metrics` (timeline_count_folds_total, timeline_count_changes_folded_total).
//
//   CountFolder folder(database_url, absl::Seconds(1), metrics);  // folds until destroyed
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "observability/metrics.h"
#include "pqxx/connection"

namespace timeline::storage {

class CountFolder {
 public:
  explicit CountFolder(std::string database_url, absl::Duration interval = absl::Seconds(1),
                       observability::Metrics* metrics = nullptr);
  ~CountFolder();
  CountFolder(const CountFolder&) = delete;
  CountFolder& operator=(const CountFolder&) = delete;

  // The changes folded so far, by this folder.
  int64_t folded() const;

 private:
  void Run();
  // What one tick did: its outcome for the metrics, and the changes it moved (0 on a standby,
  // after a failure, or when another folder held the lock).
  struct Tick {
    absl::string_view outcome;
    int64_t moved = 0;
  };
  Tick FoldOnce();

  const std::string database_url_;
  const absl::Duration interval_;
  observability::Metrics& metrics_;
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
