// Cancels the running query of calls whose client went away (docs/architecture.md, "Concurrency").
//
// The sync gRPC API offers no cancellation callback, only ServerContext::IsCancelled(), so one
// shared thread polls the calls that are inside a transaction and sends PostgreSQL a cancel
// request (libpq's PQcancel, safe from another thread) for each one whose client cancelled. The
// statement then fails with query_canceled and the call ends promptly instead of holding its
// connection until statement_timeout.
//
//   CancelWatcher watcher;
//   {
//     CancelWatcher::Registration r = watcher.Watch(conn, [&] { return ctx.IsCancelled(); });
//     txn.exec(...);  // cancelled within one poll interval of the client leaving
//   }
#pragma once

#include <condition_variable>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "pqxx/connection"

namespace timeline::storage {

class CancelWatcher {
 public:
  explicit CancelWatcher(absl::Duration poll_interval = absl::Milliseconds(50));
  ~CancelWatcher();
  CancelWatcher(const CancelWatcher&) = delete;
  CancelWatcher& operator=(const CancelWatcher&) = delete;

 private:
  struct Entry {
    pqxx::connection_base* conn;
    std::function<bool()> cancelled;
    bool cancel_sent = false;
  };

 public:
  // Unregisters on destruction; after that the watcher no longer touches the connection.
  class Registration {
   public:
    Registration(CancelWatcher* watcher, std::list<Entry>::iterator it)
        : watcher_(watcher), it_(it) {}
    Registration(Registration&& other) noexcept
        : watcher_(std::exchange(other.watcher_, nullptr)), it_(other.it_) {}
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;
    Registration& operator=(Registration&&) = delete;
    ~Registration();

   private:
    CancelWatcher* watcher_;
    std::list<Entry>::iterator it_;
  };

  Registration Watch(pqxx::connection_base& conn, std::function<bool()> cancelled);

 private:
  void Run();

  const absl::Duration poll_interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::list<Entry> entries_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace timeline::storage
