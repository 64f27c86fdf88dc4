#include "storage/connection_pool.h"

#include <poll.h>

#include <algorithm>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "pqxx/except"
#include "pqxx/nontransaction"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

// An idle connection has nothing to read: anything readable is the server's goodbye — a FATAL
// message, or the end of the stream — after it shut down, crashed, was terminated or lost its
// role in a failover. Such a connection would fail the next call, so it is closed instead, and a
// new one (which a multi-host URL sends to the current primary) takes its place.
bool ServerHungUp(const pqxx::connection& conn) {
  const int fd = conn.sock();
  if (fd < 0) return true;
  pollfd readable{.fd = fd, .events = POLLIN, .revents = 0};
  return ::poll(&readable, 1, 0) != 0;
}

}  // namespace

ConnectionPool::ConnectionPool(std::string url, PoolOptions options, OnConnect on_connect)
    : url_(std::move(url)),
      size_(std::max(1, options.size)),
      on_connect_(std::move(on_connect)),
      default_statement_time_(std::min(options.default_statement_time, options.max_statement_time)),
      max_statement_time_(options.max_statement_time),
      read_only_(options.read_only),
      report_wal_position_(options.report_wal_position),
      metrics_(options.metrics != nullptr ? *options.metrics : observability::NoMetrics()),
      admission_({.capacity = size_,
                  .reserve = options.cheap_reserve,
                  .queue_limit = options.queue_limit}) {}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Release(std::move(conn_));
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire(
    absl::Time deadline, CallCost cost, const std::function<bool()>& cancelled) {
  const absl::Time asked = absl::Now();
  absl::StatusOr<AdmissionQueue::Ticket> ticket = admission_.Admit(cost, deadline, cancelled);
  metrics_.LeaseWaited(absl::Now() - asked);
  if (!ticket.ok()) return ticket.status();
  return LeaseConnection(*std::move(ticket));
}

// The admission queue hands out at most size_ tickets, so an idle connection or room for a new
// one is always there.
absl::StatusOr<ConnectionPool::Lease> ConnectionPool::LeaseConnection(
    AdmissionQueue::Ticket ticket) {
  {
    std::lock_guard lock(mu_);
    ++leased_;
    if (std::unique_ptr<pqxx::connection> conn = TakeLiveIdle()) {
      return Lease(this, std::move(conn), std::move(ticket));
    }
  }
  try {
    auto conn = std::make_unique<pqxx::connection>(url_);
    if (read_only_) {
      pqxx::nontransaction session(*conn);
      session.exec(sql::kReadOnlySessions);
    }
    if (on_connect_) on_connect_(*conn);
    std::lock_guard lock(mu_);
    ++open_;
    return Lease(this, std::move(conn), std::move(ticket));
  } catch (const std::exception& e) {
    {
      std::lock_guard lock(mu_);
      --leased_;
    }
    // The driver's words name hosts, users and files: the operator's business, not the caller's.
    std::cerr << "database: cannot connect: " << e.what() << "\n";
    return absl::UnavailableError("cannot connect to the database; retry later");
  }
}

absl::Duration ConnectionPool::StatementTime(absl::Time deadline, absl::Time now) const {
  if (deadline == absl::InfiniteFuture()) return default_statement_time_;
  return std::clamp(deadline - now, absl::Milliseconds(1), max_statement_time_);
}

std::unique_ptr<pqxx::connection> ConnectionPool::TakeLiveIdle() {
  while (!idle_.empty()) {
    std::unique_ptr<pqxx::connection> conn = std::move(idle_.back());
    idle_.pop_back();
    if (!ServerHungUp(*conn)) return conn;
    // Under the lock, but quick: closing a socket whose peer is gone does not block.
    conn->disconnect();
    --open_;
  }
  return nullptr;
}

void ConnectionPool::Release(std::unique_ptr<pqxx::connection> conn) {
  std::lock_guard lock(mu_);
  --leased_;
  if (!conn->is_open()) {  // dropped; a later call opens a new one
    --open_;
    return;
  }
  idle_.push_back(std::move(conn));
}

PoolStats ConnectionPool::stats() const {
  PoolStats stats{.size = size_, .waiting = admission_.waiting()};
  std::lock_guard lock(mu_);
  stats.open = open_;
  stats.in_use = leased_;
  return stats;
}

}  // namespace timeline::storage
