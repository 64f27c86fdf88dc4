#include "storage/connection_pool.h"

#include "absl/strings/str_cat.h"
#include "pqxx/except"

namespace timeline::storage {

ConnectionPool::ConnectionPool(std::string url, int size, OnConnect on_connect)
    : url_(std::move(url)), size_(size), on_connect_(std::move(on_connect)) {}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Release(std::move(conn_));
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire(absl::Time deadline) {
  std::unique_lock lock(mu_);
  auto available = [&] { return !idle_.empty() || open_ < size_; };
  if (deadline == absl::InfiniteFuture()) {
    freed_.wait(lock, available);
  } else if (!freed_.wait_until(lock, absl::ToChronoTime(deadline), available)) {
    return absl::UnavailableError(
        absl::StrCat("all ", size_, " database connections are busy; retry later"));
  }
  if (!idle_.empty()) {
    std::unique_ptr<pqxx::connection> conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  try {
    auto conn = std::make_unique<pqxx::connection>(url_);
    if (on_connect_) on_connect_(*conn);
    return Lease(this, std::move(conn));
  } catch (const std::exception& e) {
    lock.lock();
    --open_;
    freed_.notify_one();
    return absl::UnavailableError(absl::StrCat("cannot connect to the database: ", e.what()));
  }
}

void ConnectionPool::Release(std::unique_ptr<pqxx::connection> conn) {
  std::lock_guard lock(mu_);
  if (conn->is_open()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  freed_.notify_one();
}

}  // namespace timeline::storage
