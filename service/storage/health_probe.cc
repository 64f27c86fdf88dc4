#include "storage/health_probe.h"

#include "absl/strings/str_cat.h"
#include "pqxx/pqxx"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

// A probe slower than this counts as a failure: the statement's bound, and how stale the last
// outcome may be on top of the interval before it no longer says anything.
constexpr absl::Duration kProbeTimeout = absl::Seconds(2);

}  // namespace

HealthProbe::HealthProbe(std::string url, absl::Duration interval)
    : url_(std::move(url)), interval_(interval), thread_([this] { Run(); }) {}

HealthProbe::~HealthProbe() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

absl::Status HealthProbe::ProbeOnce() {
  try {
    if (conn_ == nullptr || !conn_->is_open()) {
      conn_ = std::make_unique<pqxx::connection>(url_);
      pqxx::nontransaction setup(*conn_);
      setup.exec(sql::SetSessionStatementTimeout(absl::ToInt64Milliseconds(kProbeTimeout)));
    }
    pqxx::nontransaction txn(*conn_);
    txn.exec(sql::kPing);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    conn_.reset();  // reconnect at the next probe
    return absl::UnavailableError("the database does not answer");
  }
}

void HealthProbe::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    absl::Status status = ProbeOnce();
    lock.lock();
    last_ = status;
    last_time_ = absl::Now();
    changed_.notify_all();
    changed_.wait_for(lock, absl::ToChronoNanoseconds(interval_), [&] { return stopping_; });
  }
}

absl::Status HealthProbe::Status(absl::Time deadline) {
  std::unique_lock lock(mu_);
  changed_.wait_until(lock, absl::ToChronoTime(deadline), [&] { return last_.has_value(); });
  if (!last_) return absl::UnavailableError("the database has not answered yet");
  const absl::Duration age = absl::Now() - last_time_;
  if (age > interval_ + 2 * kProbeTimeout) {
    return absl::UnavailableError(
        absl::StrCat("the database has not answered for ", absl::ToInt64Seconds(age), " s"));
  }
  return *last_;
}

}  // namespace timeline::storage
