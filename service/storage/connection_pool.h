// A bounded pool of PostgreSQL connections (docs/architecture.md, "Concurrency").
//
// libpqxx connections block and must not be shared between threads, so each request leases one
// connection for its lifetime and returns it when the lease ends. Acquire() waits at most until
// the request's deadline; a pool that cannot hand out a connection in time answers UNAVAILABLE
// rather than queueing forever. Connections are opened lazily, prepared once (see `on_connect`),
// and a connection that broke is dropped instead of returned.
//
//   ConnectionPool pool(url, /*size=*/4, PrepareStatements);
//   absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire(deadline);
//   if (!lease.ok()) return lease.status();
//   pqxx::work txn(**lease);
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pqxx/connection"

namespace timeline::storage {

class ConnectionPool {
 public:
  using OnConnect = std::function<void(pqxx::connection&)>;

  ConnectionPool(std::string url, int size, OnConnect on_connect);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<pqxx::connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    pqxx::connection& operator*() { return *conn_; }
    pqxx::connection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> conn_;
  };

  // UNAVAILABLE when no connection frees up before `deadline` or the database cannot be reached.
  absl::StatusOr<Lease> Acquire(absl::Time deadline);

  int size() const { return size_; }

 private:
  void Release(std::unique_ptr<pqxx::connection> conn);

  const std::string url_;
  const int size_;
  const OnConnect on_connect_;
  std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_ = 0;  // idle + leased
};

}  // namespace timeline::storage
