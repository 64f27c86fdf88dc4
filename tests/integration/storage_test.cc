// The storage layer's bounds, against a real PostgreSQL: a busy pool answers UNAVAILABLE at the
// caller's deadline, a cancelled caller's statement is cancelled in the database, and a deadline
// becomes statement_timeout.
#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "storage/cancel_watcher.h"
#include "storage/connection_pool.h"

namespace timeline::testing {
namespace {

using Clock = std::chrono::steady_clock;

// The tests make pools, watchers and repositories of their own on the environment's migrated,
// empty database; its server stands by unused.
class StorageTest : public IntegrationSuite<StorageTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

 protected:
  static const std::string& url() { return env_->database_url(); }
};

TEST_F(StorageTest, BusyPoolAnswersUnavailableAtTheDeadline) {
  storage::ConnectionPool pool(url(), 1, nullptr);
  absl::StatusOr<storage::ConnectionPool::Lease> held = pool.Acquire(absl::InfiniteFuture());
  ASSERT_TRUE(held.ok()) << held.status();

  const auto start = Clock::now();
  absl::StatusOr<storage::ConnectionPool::Lease> second =
      pool.Acquire(absl::Now() + absl::Milliseconds(200));
  const auto waited = Clock::now() - start;
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_GE(waited, std::chrono::milliseconds(190));
  EXPECT_LT(waited, std::chrono::seconds(2));
}

TEST_F(StorageTest, ReleasedConnectionIsReused) {
  storage::ConnectionPool pool(url(), 1, nullptr);
  int backend_pid = 0;
  {
    auto lease = pool.Acquire(absl::InfiniteFuture());
    ASSERT_TRUE(lease.ok());
    backend_pid = (*lease)->backendpid();
  }
  auto again = pool.Acquire(absl::Now() + absl::Seconds(1));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->backendpid(), backend_pid);
}

TEST_F(StorageTest, UnreachableDatabaseIsUnavailable) {
  storage::ConnectionPool pool("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", 2,
                               nullptr);
  auto lease = pool.Acquire(absl::Now() + absl::Seconds(5));
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(StorageTest, CancelledCallerStopsItsStatement) {
  storage::CancelWatcher watcher(absl::Milliseconds(20));
  pqxx::connection conn(url());
  std::atomic<bool> cancelled = false;
  auto registration = watcher.Watch(conn, [&] { return cancelled.load(); });
  std::thread client_leaves([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancelled = true;
  });
  const auto start = Clock::now();
  std::string sqlstate;
  try {
    pqxx::work txn(conn);
    txn.exec("SELECT pg_sleep(30)");
  } catch (const pqxx::sql_error& e) {
    sqlstate = e.sqlstate();
  }
  client_leaves.join();
  EXPECT_EQ(sqlstate, "57014");  // query_canceled
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST_F(StorageTest, WatchedCallsThatStayAreNotCancelled) {
  storage::CancelWatcher watcher(absl::Milliseconds(10));
  pqxx::connection conn(url());
  auto registration = watcher.Watch(conn, [] { return false; });
  pqxx::work txn(conn);
  EXPECT_NO_THROW(txn.exec("SELECT pg_sleep(0.2)"));
}

TEST_F(StorageTest, DeadlineBecomesStatementTimeout) {
  storage::PgRepository repo(url(), 1);
  // Another session holds the events table, so reading an event has to wait for the lock.
  pqxx::connection blocker(url());
  pqxx::work hold(blocker);
  hold.exec("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");

  storage::CallContext ctx;
  ctx.deadline = absl::Now() + absl::Milliseconds(300);
  const auto start = Clock::now();
  absl::StatusOr<v1::Event> event = repo.GetEvent(ctx, "anything");
  EXPECT_EQ(event.status().code(), absl::StatusCode::kDeadlineExceeded) << event.status();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
}

}  // namespace
}  // namespace timeline::testing
