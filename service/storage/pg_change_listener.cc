#include "storage/pg_change_listener.h"

#include <algorithm>
#include <cstdio>

#include "absl/time/clock.h"
#include "pqxx/pqxx"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

constexpr const char* kChannel = "timeline_changes";

int64_t LastPosition(pqxx::connection& conn) {
  pqxx::nontransaction txn(conn);
  pqxx::result r = txn.exec(sql::kLastChangePosition);
  return r[0][0].as<int64_t>();
}

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection& conn, const ChangeListener::Callback& on_change)
      : pqxx::notification_receiver(conn, kChannel), on_change_(on_change) {}

  void operator()(const std::string& payload, int /*backend_pid*/) override {
    int64_t position = 0;
    if (std::sscanf(payload.c_str(), "%ld", &position) == 1) on_change_(position);
  }

 private:
  const ChangeListener::Callback& on_change_;
};

}  // namespace

ChangeListener::ChangeListener(std::string database_url, Callback on_change,
                               absl::Duration poll_every)
    : database_url_(std::move(database_url)),
      on_change_(std::move(on_change)),
      poll_every_(poll_every),
      thread_([this] { Run(); }) {}

ChangeListener::~ChangeListener() {
  stopping_ = true;
  thread_.join();
}

void ChangeListener::Run() {
  absl::Duration backoff = absl::Milliseconds(100);
  while (!stopping_) {
    try {
      ListenOnce();
      return;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "change listener: %s; reconnecting in %s\n", e.what(),
                   absl::FormatDuration(backoff).c_str());
    }
    // Sleep in short steps so that stopping is prompt.
    for (absl::Time until = absl::Now() + backoff; !stopping_ && absl::Now() < until;) {
      absl::SleepFor(absl::Milliseconds(50));
    }
    backoff = std::min(backoff * 2, absl::Seconds(5));
  }
}

void ChangeListener::ListenOnce() {
  pqxx::connection conn(database_url_);
  Receiver receiver(conn, on_change_);
  // Changes committed while no one listened (before the first connection, or during a drop).
  on_change_(LastPosition(conn));
  absl::Time last_report = absl::Now();
  while (!stopping_) {
    // Short waits keep shutdown prompt; a quiet connection is still polled every poll_every_.
    if (conn.await_notification(0, 200 * 1000) > 0) {
      last_report = absl::Now();
    } else if (absl::Now() - last_report >= poll_every_) {
      on_change_(LastPosition(conn));
      last_report = absl::Now();
    }
  }
}

}  // namespace timeline::storage
