// A bounded pool of PostgreSQL connections behind an admission queue (docs/architecture.md,
// "Concurrency").
//
// libpqxx connections block and must not be shared between threads, so each request leases one
// connection for its lifetime and returns it when the lease ends. Acquire() first takes a slot
// of the admission queue (storage/admission_queue.h: bounded, deadline-aware, a share kept for
// cheap calls), so the pool itself never has to wait. Connections are opened lazily, prepared
// once (see `on_connect`), and a connection that broke or was discarded is dropped instead of
// returned; the next call that needs one opens a new one. An idle connection whose server hung up
// meanwhile (a restart, a failover) is closed when next taken, so no call fails on it.
//
//   ConnectionPool pool(url, {.size = 4}, PrepareStatements);
//   absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire(deadline, CallCost::kCheap);
//   if (!lease.ok()) return lease.status();
//   pqxx::work txn(**lease);
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "observability/metrics.h"
#include "pqxx/connection"
#include "storage/admission_queue.h"
#include "storage/call_cost.h"

namespace timeline::storage {

struct PoolOptions {
  int size = 4;
  int cheap_reserve = 1;  // connections costly calls never take (at most size − 1)
  int queue_limit = 64;   // calls waiting for a connection at once; one more is RESOURCE_EXHAUSTED
  // How long a lease's statements may run (statement_timeout): the call's time left, at most
  // `max_statement_time`; `default_statement_time` for calls without a deadline. A lease is
  // so bounded in time, which is what keeps the admission queue's estimates meaningful.
  absl::Duration default_statement_time = absl::Seconds(30);
  absl::Duration max_statement_time = absl::Seconds(120);
  // A replica's pool: every transaction of its sessions is READ ONLY, so a write sent there by
  // mistake fails loudly even when the URL led to a primary.
  bool read_only = false;
  // A primary with replicas: each committed transaction tells its caller the primary's WAL
  // position after COMMIT, the consistency token (CallContext::on_consistency_token).
  bool report_wal_position = false;
  // Told how long each call waited for a connection; null: NoMetrics().
  observability::Metrics* metrics = nullptr;
};

// The pool at one moment, for the metrics.
struct PoolStats {
  int size = 0;     // connections it may open
  int open = 0;     // connections open now, leased or idle
  int in_use = 0;   // connections leased to calls now
  int waiting = 0;  // calls in the admission queue
};

class ConnectionPool {
 public:
  using OnConnect = std::function<void(pqxx::connection&)>;

  ConnectionPool(std::string url, PoolOptions options, OnConnect on_connect);
  ConnectionPool(std::string url, int size, OnConnect on_connect)
      : ConnectionPool(std::move(url), PoolOptions{.size = size}, std::move(on_connect)) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn,
          AdmissionQueue::Ticket ticket)
        : pool_(pool), conn_(std::move(conn)), ticket_(std::move(ticket)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& operator*() { return *conn_; }
    pqxx::connection* operator->() { return conn_.get(); }
    // Closes the connection rather than returning it: its state is unknown.
    void Discard() { conn_->disconnect(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
    AdmissionQueue::Ticket ticket_;  // released after the connection is back
  };

  // RESOURCE_EXHAUSTED when the queue is full or the deadline falls before the expected start;
  // UNAVAILABLE when no connection frees up before `deadline` or the database cannot be
  // reached; CANCELLED when `cancelled` turns true while waiting.
  absl::StatusOr<Lease> Acquire(absl::Time deadline, CallCost cost = CallCost::kCheap,
                                const std::function<bool()>& cancelled = nullptr);

  // The statement_timeout of a call with `deadline`, from `now`.
  absl::Duration StatementTime(absl::Time deadline, absl::Time now) const;

  int size() const { return size_; }
  bool reports_wal_position() const { return report_wal_position_; }
  const AdmissionQueue& admission() const { return admission_; }
  PoolStats stats() const;

 private:
  // An idle connection whose server has not hung up on it, or null; closes those it has. Called
  // with mu_ held.
  std::unique_ptr<pqxx::connection> TakeLiveIdle();
  void Release(std::unique_ptr<pqxx::connection> conn);
  absl::StatusOr<Lease> LeaseConnection(AdmissionQueue::Ticket ticket);

  const std::string url_;
  const int size_;
  const OnConnect on_connect_;
  const absl::Duration default_statement_time_;
  const absl::Duration max_statement_time_;
  const bool read_only_;
  const bool report_wal_position_;
  observability::Metrics& metrics_;
  AdmissionQueue admission_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;  // idle_ and leased ones
  int leased_ = 0;
};

}  // namespace timeline::storage
