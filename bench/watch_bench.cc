// WatchEvents fan-out on a running timelined (bench/watch starts one with the seed data): for
// each number of watchers, how long from the commit of one change until every watcher has it,
// and what the watchers cost the server in resident memory. The figure that matters is the ratio
// to one watcher, measured in the same run.
//
// The watchers are client-side callback reactors on gRPC's own threads, so that a thousand of
// them do not need a thousand client threads. Each watch starts at the next change; a warm-up
// change that every watcher must receive shows they are all following before timing begins.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpcpp/grpcpp.h"
#include "resident_set.h"
#include "timeline/v1/event.grpc.pb.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50051", "timelined to watch");
ABSL_FLAG(int, server_pid, 0, "process id of that timelined, for its resident set; required");
ABSL_FLAG(std::string, watchers, "1,100,1000", "numbers of watchers to measure, in turn");
ABSL_FLAG(int, changes, 20, "timed changes per number of watchers");

namespace {

using Clock = std::chrono::steady_clock;

using timeline::bench::ResidentBytes;

// How many watchers have received each change, over all watchers.
class Arrivals {
 public:
  void Received(const std::string& name) {
    std::lock_guard lock(mu_);
    ++counts_[name];
    changed_.notify_all();
  }
  // Waits until `n` watchers have the change `name`; false after `timeout`.
  bool WaitFor(const std::string& name, int n,
               std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return counts_[name] >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, int> counts_;
};

class WatchReader final : public grpc::ClientReadReactor<timeline::v1::WatchEventsResponse> {
 public:
  WatchReader(timeline::v1::EventService::Stub& stub, Arrivals& arrivals) : arrivals_(arrivals) {
    timeline::v1::WatchEventsRequest request;
    request.add_actors("actors/mali");
    stub.async()->WatchEvents(&ctx_, &request, this);
    StartRead(&message_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    arrivals_.Received(message_.event().name());
    StartRead(&message_);
  }
  void OnDone(const grpc::Status& /*status*/) override {
    std::lock_guard lock(mu_);
    done_ = true;
    ended_.notify_all();
  }
  void Stop() {
    ctx_.TryCancel();
    std::unique_lock lock(mu_);
    ended_.wait(lock, [&] { return done_; });
  }

 private:
  Arrivals& arrivals_;
  grpc::ClientContext ctx_;
  timeline::v1::WatchEventsResponse message_;
  std::mutex mu_;
  std::condition_variable ended_;
  bool done_ = false;
};

std::string CreateEvent(timeline::v1::EventService::Stub& stub, int n) {
  timeline::v1::CreateEventRequest request;
  timeline::v1::Event* e = request.mutable_event();
  e->set_title(absl::StrCat("Watch bench event ", n));
  e->set_event_type("statement");
  e->mutable_time()->set_precision(timeline::v1::PRECISION_DAY);
  e->mutable_time()->mutable_start_time()->set_seconds(1726531200);
  e->mutable_time()->mutable_end_time()->set_seconds(1726617600);
  timeline::v1::EventActor* a = e->add_actors();
  a->set_actor("actors/mali");
  a->set_role(timeline::v1::SPEAKER);
  grpc::ClientContext ctx;
  timeline::v1::Event created;
  grpc::Status status = stub.CreateEvent(&ctx, request, &created);
  if (!status.ok()) {
    std::fprintf(stderr, "CreateEvent: %s\n", status.error_message().c_str());
    std::exit(1);
  }
  return created.name();
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * (v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("WatchEvents fan-out latency and memory; see bench/README.md");
  absl::ParseCommandLine(argc, argv);
  const int pid = absl::GetFlag(FLAGS_server_pid);
  if (pid <= 0) {
    std::fprintf(stderr, "watch_bench: --server_pid is required\n");
    return 2;
  }
  auto channel =
      grpc::CreateChannel(absl::GetFlag(FLAGS_address), grpc::InsecureChannelCredentials());
  auto stub = timeline::v1::EventService::NewStub(channel);
  int serial = 0;
  double baseline_median = 0;
  std::printf("%8s  %12s %12s %12s  %10s  %14s\n", "watchers", "median ms", "p90 ms", "max ms",
              "vs 1", "server KB each");
  for (absl::string_view text : absl::StrSplit(absl::GetFlag(FLAGS_watchers), ',')) {
    int n = 0;
    if (!absl::SimpleAtoi(text, &n) || n <= 0) {
      std::fprintf(stderr, "watch_bench: bad --watchers value %s\n", std::string(text).c_str());
      return 2;
    }
    const int64_t rss_before = ResidentBytes(pid);
    Arrivals arrivals;
    std::vector<std::unique_ptr<WatchReader>> readers;
    for (int i = 0; i < n; ++i) readers.push_back(std::make_unique<WatchReader>(*stub, arrivals));
    // Warm up until every watcher follows: a change made before a watch found its starting
    // point is not sent to it, so repeat until one reaches them all. A warm-up change waits
    // one second at most: most of them are expected to miss someone.
    bool following = false;
    for (int attempt = 0; attempt < 60 && !following; ++attempt) {
      following = arrivals.WaitFor(CreateEvent(*stub, ++serial), n, std::chrono::seconds(1));
    }
    if (!following) {
      std::fprintf(stderr, "watch_bench: %d watchers never all followed\n", n);
      return 1;
    }
    const int64_t rss_with = ResidentBytes(pid);
    std::vector<double> ms;
    for (int c = 0; c < absl::GetFlag(FLAGS_changes); ++c) {
      // From before the write to the last watcher: what a client that writes and waits for
      // everyone to know would see (the commit, the notification, one query per watcher).
      Clock::time_point start = Clock::now();
      if (!arrivals.WaitFor(CreateEvent(*stub, ++serial), n)) {
        std::fprintf(stderr, "watch_bench: a change did not reach all %d watchers\n", n);
        return 1;
      }
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    for (auto& r : readers) r->Stop();
    const double median = Percentile(ms, 0.5);
    if (baseline_median == 0) baseline_median = median;
    std::printf("%8d  %12.2f %12.2f %12.2f  %10.2f  %14.1f\n", n, median, Percentile(ms, 0.9),
                Percentile(ms, 1.0), median / baseline_median,
                static_cast<double>(rss_with - rss_before) / 1024 / n);
  }
  return 0;
}
