// How far a read replica is behind its primary, kept fresh by a background thread on one
// connection to each, so that routing a read (storage/replica_reads.h) asks memory, not the
// network. It answers three questions: may reads go to the replica at all (it answers), has it
// replayed a write's WAL position yet (read-your-writes, waiting a bounded time and polling
// quickly meanwhile), and how far behind is it (the replica lag gauge, also logged now and then).
//
//   ReplicaMonitor monitor(primary_url, replica_url);
//   if (monitor.WaitForReplay(position, absl::Now() + absl::Milliseconds(500))) ... replica
//   ReplicaLag lag = monitor.Lag();
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "observability/metrics.h"
#include "pqxx/connection"
#include "storage/wal_position.h"

namespace timeline::storage {

struct ReplicaMonitorOptions {
  absl::Duration interval = absl::Seconds(1);            // between checks while nobody waits
  absl::Duration wait_interval = absl::Milliseconds(5);  // between checks while a read waits
  absl::Duration log_interval = absl::Seconds(60);       // between lines of lag on stderr
  // Told the lag after every check the replica answered (timeline_replica_lag_seconds); null:
  // nobody.
  observability::Metrics* metrics = nullptr;
};

// What the last check found.
struct ReplicaLag {
  bool reachable = false;  // the replica answered the last check
  // The replica is a standby replaying WAL; false when the URL led to a primary, which is
  // never behind.
  bool in_recovery = false;
  WalPosition replayed = 0;  // the replica's pg_last_wal_replay_lsn()
  // The primary's WAL position past what the replica has replayed (0 when caught up or when
  // the primary did not answer).
  int64_t bytes = 0;
  // Since the commit the replica replayed last, when it is behind; 0 when caught up.
  absl::Duration time = absl::ZeroDuration();
  absl::Time checked = absl::InfinitePast();  // when
};

class ReplicaMonitor {
 public:
  ReplicaMonitor(std::string primary_url, std::string replica_url,
                 ReplicaMonitorOptions options = {});
  ~ReplicaMonitor();
  ReplicaMonitor(const ReplicaMonitor&) = delete;
  ReplicaMonitor& operator=(const ReplicaMonitor&) = delete;

  ReplicaLag Lag() const;
  bool Reachable() const { return Lag().reachable; }

  // True once the replica has replayed up to `position` (or is a primary itself); false when
  // `deadline` comes first or the replica does not answer.
  bool WaitForReplay(WalPosition position, absl::Time deadline);

 private:
  void Run();
  // One check of the replica, and of the primary too when `with_primary`.
  ReplicaLag Check(bool with_primary);
  void LogNow(const ReplicaLag& lag, bool reachability_changed);

  const std::string primary_url_;
  const std::string replica_url_;
  const ReplicaMonitorOptions options_;
  // The monitor thread's only.
  std::unique_ptr<pqxx::connection> primary_;
  std::unique_ptr<pqxx::connection> replica_;
  WalPosition primary_position_ = 0;  // at the last check of the primary
  absl::Time last_log_ = absl::InfinitePast();

  mutable std::mutex mu_;
  std::condition_variable changed_;
  ReplicaLag lag_;
  int waiting_ = 0;  // reads in WaitForReplay
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace timeline::storage
