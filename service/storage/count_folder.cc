#include "storage/count_folder.h"

#include <iostream>
#include <utility>

#include "pqxx/pqxx"

namespace timeline::storage {
namespace {

// pg_is_in_recovery() first: on a standby the function would fail as a write. -1: a standby.
constexpr char kFold[] =
    "SELECT CASE WHEN pg_is_in_recovery() THEN -1 ELSE fold_event_scope_counts() END";

}  // namespace

CountFolder::CountFolder(std::string database_url, absl::Duration interval,
                         observability::Metrics* metrics)
    : database_url_(std::move(database_url)),
      interval_(interval),
      metrics_(metrics != nullptr ? *metrics : observability::NoMetrics()),
      thread_([this] { Run(); }) {}

CountFolder::~CountFolder() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_.notify_all();
  thread_.join();
}

int64_t CountFolder::folded() const {
  std::lock_guard lock(mu_);
  return folded_;
}

CountFolder::Tick CountFolder::FoldOnce() {
  try {
    if (conn_ == nullptr) conn_ = std::make_unique<pqxx::connection>(database_url_);
    pqxx::work txn(*conn_);
    const int64_t moved = txn.exec1(kFold)[0].as<int64_t>();
    txn.commit();
    if (moved < 0) {
      // A URL naming several hosts may have led to a standby, or a failover demoted this one:
      // the next tick connects afresh, to whichever host is the primary then.
      conn_.reset();
      return {"standby"};
    }
    if (failing_) std::cerr << "counts: folding the event sums again\n";
    failing_ = false;
    return {"folded", moved};
  } catch (const std::exception& e) {
    // The database restarted, failed over or is gone for now: the next tick reconnects.
    if (!failing_) {
      std::cerr << "counts: folding the event sums failed, retrying every "
                << absl::FormatDuration(interval_) << ": " << e.what() << "\n";
    }
    failing_ = true;
    conn_.reset();
    return {"failed"};
  }
}

void CountFolder::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    const Tick tick = FoldOnce();
    metrics_.CountsFolded(tick.outcome, tick.moved);
    lock.lock();
    folded_ += tick.moved;
    stop_.wait_for(lock, absl::ToChronoNanoseconds(interval_), [this] { return stopping_; });
  }
}

}  // namespace timeline::storage
