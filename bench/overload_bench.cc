// Goodput under overload, on a running timelined (bench/overload starts one with 20,000
// ingested events): for each concurrency, that many clients call ListEvents in a closed loop
// (each its own channel, a 2 s deadline), while two more run health checks. Printed per level:
// OK calls/s (goodput), non-OK calls by code, p50/p99 of the OK calls, health checks/s and their
// p99; then the peak goodput and goodput at the highest concurrency as a ratio of it. The ratio
// is the figure that matters: 1 means extra callers wait in the server's queue without costing
// throughput; rejecting them at a thread cap (as before the admission queue) halved it.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "load_clients.h"
#include "resident_set.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50051", "timelined to load");
ABSL_FLAG(int, server_pid, 0, "process id of that timelined, for its resident set (optional)");
ABSL_FLAG(std::string, concurrency, "1,2,4,8,16,32,64", "numbers of ListEvents callers, in turn");
ABSL_FLAG(int, seconds, 10, "timed seconds per level (after 2 s of warm-up)");
ABSL_FLAG(int, deadline_ms, 2000, "deadline of each ListEvents call");

namespace {

using namespace timeline::bench;  // NOLINT: this program's toolbox

struct Level {
  int callers = 0;
  double goodput = 0;  // OK calls/s
};

Level RunLevel(const std::string& address, int callers, int seconds,
               std::chrono::milliseconds deadline) {
  std::vector<std::shared_ptr<grpc::Channel>> channels = Channels(address, callers + 2);
  std::vector<std::unique_ptr<timeline::v1::EventService::Stub>> events;
  for (int i = 0; i < callers; ++i) {
    events.push_back(timeline::v1::EventService::NewStub(channels[i]));
  }
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> health;
  for (int i = 0; i < 2; ++i)
    health.push_back(grpc::health::v1::Health::NewStub(channels[callers + i]));

  Outcomes warm, lists, checks;
  std::atomic<bool> timing = false;
  Callers listers(callers, [&](int i) { ListOnce(*events[i], deadline, timing ? lists : warm); });
  Callers checkers(2, [&](int i) {
    HealthOnce(*health[i], timing ? checks : warm);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  });
  std::this_thread::sleep_for(std::chrono::seconds(2));
  timing = true;
  const auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const double elapsed = MsSince(start) / 1000;
  timing = false;
  listers.Stop();
  checkers.Stop();

  Level level{callers, lists.ok() / elapsed};
  std::printf("%11d | %8.1f | %8.1f | %8.1f | %-34s | %9.1f | %8.1f | %s\n", callers, level.goodput,
              lists.PercentileMs(0.5), lists.PercentileMs(0.99), lists.NotOk().c_str(),
              checks.ok() / elapsed, checks.PercentileMs(0.99), checks.NotOk().c_str());
  std::fflush(stdout);
  return level;
}

int Main() {
  std::vector<int> levels;
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_concurrency), ',')) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n < 1) {
      std::fprintf(stderr, "overload_bench: bad --concurrency\n");
      return 2;
    }
    levels.push_back(n);
  }
  const std::string address = absl::GetFlag(FLAGS_address);
  const int pid = absl::GetFlag(FLAGS_server_pid);
  std::printf("ListEvents (page of 50, event_type = attack), %d s per level, deadline %d ms\n",
              absl::GetFlag(FLAGS_seconds), absl::GetFlag(FLAGS_deadline_ms));
  std::printf(
      "concurrency |   OK/s   | p50 ms   | p99 ms   | %-34s | health/s  | h p99 ms | health "
      "not OK\n",
      "not OK");
  std::vector<Level> results;
  for (int callers : levels) {
    results.push_back(RunLevel(address, callers, absl::GetFlag(FLAGS_seconds),
                               std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms))));
  }
  Level peak;
  for (const Level& l : results) {
    if (l.goodput > peak.goodput) peak = l;
  }
  const Level& last = results.back();
  std::printf("peak goodput %.1f OK/s at concurrency %d; at %d: %.1f OK/s = %.3f of the peak%s\n",
              peak.goodput, peak.callers, last.callers, last.goodput,
              peak.goodput > 0 ? last.goodput / peak.goodput : 0.0,
              peak.goodput > 0 && last.goodput >= 0.9 * peak.goodput ? " (within 10%)"
                                                                     : " (NOT within 10%)");
  if (pid > 0) {
    std::printf("server: resident set %.1f MB, %d open files\n", ResidentBytes(pid) / 1e6,
                OpenFiles(pid));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("overload_bench --address=HOST:PORT [--concurrency=1,2,...]");
  absl::ParseCommandLine(argc, argv);
  return Main();
}
