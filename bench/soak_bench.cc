// A soak on a running timelined (bench/soak starts one, with 20,000 ingested events, and keeps
// an import running): ListEvents held at a fraction (80%) of the measured peak goodput by paced
// callers, health checks, and WatchEvents streams following every change, for a set time (30
// minutes by default). Printed every minute and at the end: calls and non-OK calls by code for
// each kind, changes the watchers received, and the server's resident set and open files, with
// their drift from the start.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "load_clients.h"
#include "resident_set.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50051", "timelined to load");
ABSL_FLAG(int, server_pid, 0, "process id of that timelined, for its resident set; required");
ABSL_FLAG(double, minutes, 30, "how long to hold the load");
ABSL_FLAG(double, fraction, 0.8, "the load as a fraction of the peak goodput");
ABSL_FLAG(double, peak, 0,
          "peak ListEvents goodput in OK calls/s (0: measure it first, with 8 "
          "closed-loop callers for 10 s)");
ABSL_FLAG(int, callers, 16, "paced ListEvents callers sharing the load");
ABSL_FLAG(int, watchers, 4, "WatchEvents streams following every change");
ABSL_FLAG(int, deadline_ms, 2000, "deadline of each ListEvents call");

namespace {

using namespace timeline::bench;  // NOLINT: this program's toolbox

double MeasurePeak(const std::string& address, std::chrono::milliseconds deadline) {
  auto channels = Channels(address, 8);
  std::vector<std::unique_ptr<timeline::v1::EventService::Stub>> events;
  for (auto& c : channels) events.push_back(timeline::v1::EventService::NewStub(c));
  Outcomes warm, timed;
  std::atomic<bool> timing = false;
  Callers callers(8, [&](int i) { ListOnce(*events[i], deadline, timing ? timed : warm); });
  std::this_thread::sleep_for(std::chrono::seconds(2));
  timing = true;
  const auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(10));
  timing = false;
  return timed.ok() / (MsSince(start) / 1000);
}

// WatchEvents streams over every event, counting the changes they receive and how they ended.
class Watchers {
 public:
  Watchers(const std::string& address, int n) {
    for (auto& channel : Channels(address, n)) {
      auto ctx = std::make_unique<grpc::ClientContext>();
      grpc::ClientContext* raw = ctx.get();
      contexts_.push_back(std::move(ctx));
      threads_.emplace_back([this, raw, channel] {
        auto stub = timeline::v1::EventService::NewStub(channel);
        timeline::v1::WatchEventsRequest request;
        auto reader = stub->WatchEvents(raw, request);
        timeline::v1::WatchEventsResponse response;
        while (reader->Read(&response)) received_ += 1;
        grpc::Status s = reader->Finish();
        // Ended by Stop: CANCELLED is how a watch ends, not a failure.
        ended_.Add(stopping_ && s.error_code() == grpc::StatusCode::CANCELLED ? grpc::StatusCode::OK
                                                                              : s.error_code(),
                   0);
      });
    }
  }
  ~Watchers() { Stop(); }
  void Stop() {
    stopping_ = true;
    for (auto& ctx : contexts_) ctx->TryCancel();
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  int64_t received() const { return received_; }
  std::string ended() const { return ended_.NotOk(); }

 private:
  std::atomic<bool> stopping_ = false;
  std::atomic<int64_t> received_ = 0;
  Outcomes ended_;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts_;
  std::vector<std::thread> threads_;
};

void Report(const char* when, double minutes, const Outcomes& lists, const Outcomes& checks,
            const Watchers& watchers, int pid, int64_t rss0, int fds0) {
  const int64_t rss = ResidentBytes(pid);
  const int fds = OpenFiles(pid);
  std::printf(
      "%s %6.1f min | ListEvents %lld OK (p99 %.1f ms), not OK: %s | health %lld OK, not OK: %s "
      "| changes watched %lld | RSS %.1f MB (%+.1f) | files %d (%+d)\n",
      when, minutes, static_cast<long long>(lists.ok()), lists.PercentileMs(0.99),
      lists.NotOk().c_str(), static_cast<long long>(checks.ok()), checks.NotOk().c_str(),
      static_cast<long long>(watchers.received()), rss / 1e6, (rss - rss0) / 1e6, fds, fds - fds0);
  std::fflush(stdout);
}

int Main() {
  const std::string address = absl::GetFlag(FLAGS_address);
  const int pid = absl::GetFlag(FLAGS_server_pid);
  if (pid <= 0) {
    std::fprintf(stderr, "soak_bench: --server_pid is required\n");
    return 2;
  }
  const auto deadline = std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms));
  double peak = absl::GetFlag(FLAGS_peak);
  if (peak <= 0) peak = MeasurePeak(address, deadline);
  const double rate = absl::GetFlag(FLAGS_fraction) * peak;
  const int n = std::max(1, absl::GetFlag(FLAGS_callers));
  // Each caller starts a call every n / rate seconds (or right after the last, when late).
  const auto interval = std::chrono::duration<double>(n / rate);
  std::printf(
      "peak %.1f OK/s; holding %.1f calls/s (%.0f%%) with %d callers, %d watchers, "
      "for %.1f min\n",
      peak, rate, 100 * absl::GetFlag(FLAGS_fraction), n, absl::GetFlag(FLAGS_watchers),
      absl::GetFlag(FLAGS_minutes));

  Watchers watchers(address, absl::GetFlag(FLAGS_watchers));
  auto channels = Channels(address, n + 1);
  std::vector<std::unique_ptr<timeline::v1::EventService::Stub>> events;
  for (int i = 0; i < n; ++i) events.push_back(timeline::v1::EventService::NewStub(channels[i]));
  auto health = grpc::health::v1::Health::NewStub(channels[n]);
  Outcomes lists, checks;
  const auto start = Clock::now();
  Callers listers(n, [&](int i) {
    // Spread the callers' first calls over one interval.
    thread_local auto next = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                interval * (static_cast<double>(i) / n));
    std::this_thread::sleep_until(next);
    next += std::chrono::duration_cast<Clock::duration>(interval);
    if (next < Clock::now()) next = Clock::now();
    ListOnce(*events[i], deadline, lists);
  });
  Callers checker(1, [&](int) {
    HealthOnce(*health, checks);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  });
  // One new event a second, so that the watchers have changes to follow (a re-import of the
  // same records changes nothing).
  auto writer_stub = timeline::v1::EventService::NewStub(channels[n]);
  Outcomes creates;
  Callers writer(1, [&](int) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    timeline::v1::CreateEventRequest request;
    request.mutable_event()->set_title("Soak event");
    request.mutable_event()->set_event_type("protest");
    request.mutable_event()->mutable_time()->set_precision(timeline::v1::PRECISION_DAY);
    request.mutable_event()->mutable_time()->mutable_start_time()->set_seconds(
        1'699'920'000);  // 2023-11-14, a day's start in UTC
    timeline::v1::Event event;
    const auto call_start = Clock::now();
    creates.Add(writer_stub->CreateEvent(&ctx, request, &event).error_code(), MsSince(call_start));
    std::this_thread::sleep_for(std::chrono::seconds(1));
  });
  // The baseline once every client is connected: drift is what the server grows afterwards.
  std::this_thread::sleep_for(std::chrono::seconds(5));
  const int64_t rss0 = ResidentBytes(pid);
  const int fds0 = OpenFiles(pid);
  std::printf("start        | RSS %.1f MB | files %d (clients connected)\n", rss0 / 1e6, fds0);
  const double minutes = absl::GetFlag(FLAGS_minutes);
  double next_report = 1;
  while (true) {
    const double elapsed = MsSince(start) / 60000;
    if (elapsed >= minutes) break;
    if (elapsed >= next_report) {
      Report("during", elapsed, lists, checks, watchers, pid, rss0, fds0);
      next_report += 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  listers.Stop();
  checker.Stop();
  writer.Stop();
  std::printf("CreateEvent %lld OK, not OK: %s\n", static_cast<long long>(creates.ok()),
              creates.NotOk().c_str());
  const double elapsed = MsSince(start) / 60000;
  Report("end   ", elapsed, lists, checks, watchers, pid, rss0, fds0);
  std::printf("ListEvents held %.1f OK/s over %.1f min (target %.1f)\n",
              lists.ok() / (elapsed * 60), elapsed, rate);
  watchers.Stop();
  std::printf("watch streams ended abnormally: %s\n", watchers.ended().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("soak_bench --address=HOST:PORT --server_pid=PID [--minutes=30]");
  absl::ParseCommandLine(argc, argv);
  return Main();
}
