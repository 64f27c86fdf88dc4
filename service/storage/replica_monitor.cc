#include "storage/replica_monitor.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "pqxx/pqxx"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

// A check slower than this fails: a replica that slow is no place for reads.
constexpr absl::Duration kCheckTimeout = absl::Seconds(2);

// Where the primary's WAL ends.
constexpr const char* kPrimaryPosition = "SELECT pg_current_wal_lsn()::text";
// Whether the replica replays WAL, how far it has, and the age of the last commit it replayed.
// A server that is not in recovery (the URL led to a primary) reports its own position.
constexpr const char* kReplicaState =
    "SELECT pg_is_in_recovery(), "
    "       (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()"
    "             ELSE pg_current_wal_lsn() END)::text, "
    "       CASE WHEN pg_is_in_recovery() "
    "            THEN EXTRACT(epoch FROM now() - pg_last_xact_replay_timestamp()) END";

std::unique_ptr<pqxx::connection> Connect(const std::string& url) {
  auto conn = std::make_unique<pqxx::connection>(url);
  pqxx::nontransaction setup(*conn);
  setup.exec(sql::SetSessionStatementTimeout(absl::ToInt64Milliseconds(kCheckTimeout)));
  return conn;
}

// A position as the database printed it; 0 for NULL or what does not parse.
WalPosition PositionOf(const pqxx::field& field) {
  if (field.is_null()) return 0;
  absl::StatusOr<WalPosition> position = ParseWalPosition(field.as<std::string>(), "position");
  return position.ok() ? *position : 0;
}

bool CaughtUp(const ReplicaLag& lag, WalPosition position) {
  return lag.reachable && (!lag.in_recovery || lag.replayed >= position);
}

}  // namespace

ReplicaMonitor::ReplicaMonitor(std::string primary_url, std::string replica_url,
                               ReplicaMonitorOptions options)
    : primary_url_(std::move(primary_url)),
      replica_url_(std::move(replica_url)),
      options_(options),
      thread_([this] { Run(); }) {}

ReplicaMonitor::~ReplicaMonitor() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

ReplicaLag ReplicaMonitor::Lag() const {
  std::lock_guard lock(mu_);
  return lag_;
}

bool ReplicaMonitor::WaitForReplay(WalPosition position, absl::Time deadline) {
  std::unique_lock lock(mu_);
  if (CaughtUp(lag_, position)) return true;
  if (!lag_.reachable) return false;
  ++waiting_;
  changed_.notify_all();  // the monitor thread checks quickly from now on
  changed_.wait_until(lock, absl::ToChronoTime(deadline),
                      [&] { return stopping_ || !lag_.reachable || CaughtUp(lag_, position); });
  --waiting_;
  return CaughtUp(lag_, position);
}

ReplicaLag ReplicaMonitor::Check(bool with_primary) {
  if (with_primary) {
    try {
      if (primary_ == nullptr || !primary_->is_open()) primary_ = Connect(primary_url_);
      pqxx::nontransaction txn(*primary_);
      primary_position_ = PositionOf(txn.exec(kPrimaryPosition)[0][0]);
    } catch (const std::exception&) {
      primary_.reset();  // reconnect at the next check; the primary's own probe reports it
      primary_position_ = 0;
    }
  }
  ReplicaLag lag;
  lag.checked = absl::Now();
  try {
    if (replica_ == nullptr || !replica_->is_open()) replica_ = Connect(replica_url_);
    pqxx::nontransaction txn(*replica_);
    const pqxx::row row = txn.exec(kReplicaState)[0];
    lag.reachable = true;
    lag.in_recovery = row[0].as<bool>();
    lag.replayed = PositionOf(row[1]);
    if (lag.in_recovery && primary_position_ > lag.replayed) {
      lag.bytes = static_cast<int64_t>(primary_position_ - lag.replayed);
      if (!row[2].is_null()) lag.time = absl::Seconds(row[2].as<double>());
    }
  } catch (const std::exception& e) {
    if (replica_ != nullptr) std::cerr << "replica: check failed: " << e.what() << "\n";
    replica_.reset();
  }
  return lag;
}

void ReplicaMonitor::LogNow(const ReplicaLag& lag, bool reachability_changed) {
  if (reachability_changed && !lag.reachable) {
    std::cerr << "replica: does not answer; reads go to the primary\n";
    return;
  }
  if (!lag.reachable) return;
  if (!reachability_changed && lag.checked - last_log_ < options_.log_interval) return;
  last_log_ = lag.checked;
  std::cerr << "replica: " << (reachability_changed ? "answers; " : "")
            << (lag.in_recovery ? "" : "not a standby (the URL led to a primary); ")
            << "replay lag " << lag.bytes << " bytes, " << absl::FormatDuration(lag.time) << "\n";
}

void ReplicaMonitor::Run() {
  absl::Time last_primary_check = absl::InfinitePast();
  bool first = true;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const bool with_primary = absl::Now() - last_primary_check >= options_.interval;
    lock.unlock();
    if (with_primary) last_primary_check = absl::Now();
    const ReplicaLag lag = Check(with_primary);
    if (options_.metrics != nullptr && lag.reachable)
      options_.metrics->ReplicaLagMeasured(lag.time);
    lock.lock();
    const bool reachability_changed = first || lag.reachable != lag_.reachable;
    first = false;
    lag_ = lag;
    changed_.notify_all();
    LogNow(lag, reachability_changed);
    const int waiting = waiting_;
    changed_.wait_for(
        lock, absl::ToChronoNanoseconds(waiting > 0 ? options_.wait_interval : options_.interval),
        [&] { return stopping_ || waiting_ > waiting; });
  }
}

}  // namespace timeline::storage
