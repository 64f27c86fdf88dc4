// Whether the database answers, kept fresh by a background probe on a connection of its own
// (docs/architecture.md, "Concurrency"), so that health checks answer at once from memory and
// never wait behind the connection pool: a pool that is busy with costly calls is not a database
// that is down.
//
//   HealthProbe probe(url);                   // starts probing once a second
//   absl::Status s = probe.Status(deadline);  // the last probe's outcome (waits only for the
//   first)
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "pqxx/connection"

namespace timeline::storage {

class HealthProbe {
 public:
  explicit HealthProbe(std::string url, absl::Duration interval = absl::Seconds(1));
  ~HealthProbe();
  HealthProbe(const HealthProbe&) = delete;
  HealthProbe& operator=(const HealthProbe&) = delete;

  // OK when the last probe reached the database; UNAVAILABLE when it did not, or when no probe
  // finished lately (a probe stuck on an unresponsive network). Before the first probe finishes
  // it waits for it until `deadline`.
  absl::Status Status(absl::Time deadline);

 private:
  void Run();
  absl::Status ProbeOnce();

  const std::string url_;
  const absl::Duration interval_;
  std::unique_ptr<pqxx::connection> conn_;  // the probe thread's only
  std::mutex mu_;
  std::condition_variable changed_;
  std::optional<absl::Status> last_;
  absl::Time last_time_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace timeline::storage
