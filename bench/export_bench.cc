// ExportEvents against its baseline, paging through the same events with ListEvents, on a running
// timelined (bench/export starts one and fills it). For each kind of read it measures the wall
// time of reading every event and the server's resident set while it runs (sampled from
// /proc/PID/status every 10 ms), and prints the ratios export/pages.
//
// Both reads are bounded by design — pages of 1,000, export batches of 500 — so the point of the
// memory figures is that the export's peak does not grow with the result: compare the growth with
// the size of the events as objects, which a server holding the whole selection would need.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "grpcpp/grpcpp.h"
#include "resident_set.h"
#include "timeline/v1/event.grpc.pb.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50051", "timelined to read from");
ABSL_FLAG(int, server_pid, 0, "process id of that timelined, for its resident set; required");
ABSL_FLAG(int, rounds, 3, "rounds; each reads everything once by pages and once by export");

namespace {

using Clock = std::chrono::steady_clock;

using timeline::bench::ResidentBytes;

// The server's peak resident set while `read` runs.
struct Measured {
  double seconds = 0;
  int64_t events = 0;
  int64_t object_bytes = 0;  // the events as C++ objects (SpaceUsedLong)
  int64_t rss_before = 0, rss_peak = 0;
};

template <typename Read>
Measured Measure(int pid, Read read) {
  Measured m;
  m.rss_before = ResidentBytes(pid);
  std::atomic<bool> done = false;
  std::atomic<int64_t> peak = m.rss_before;
  std::thread sampler([&] {
    while (!done) {
      peak = std::max<int64_t>(peak, ResidentBytes(pid));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  Clock::time_point start = Clock::now();
  read(m);
  m.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  done = true;
  sampler.join();
  m.rss_peak = peak;
  return m;
}

void ReadPages(timeline::v1::EventService::Stub& stub, Measured& m) {
  timeline::v1::ListEventsRequest request;
  request.set_page_size(1000);
  while (true) {
    grpc::ClientContext ctx;
    timeline::v1::ListEventsResponse response;
    grpc::Status status = stub.ListEvents(&ctx, request, &response);
    if (!status.ok()) {
      std::fprintf(stderr, "ListEvents: %s\n", status.error_message().c_str());
      std::exit(1);
    }
    for (const auto& e : response.events()) {
      ++m.events;
      m.object_bytes += static_cast<int64_t>(e.SpaceUsedLong());
    }
    if (response.next_page_token().empty()) return;
    request.set_page_token(response.next_page_token());
  }
}

void ReadExport(timeline::v1::EventService::Stub& stub, Measured& m) {
  grpc::ClientContext ctx;
  auto reader = stub.ExportEvents(&ctx, timeline::v1::ExportEventsRequest());
  timeline::v1::ExportEventsResponse message;
  while (reader->Read(&message)) {
    ++m.events;
    m.object_bytes += static_cast<int64_t>(message.event().SpaceUsedLong());
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) {
    std::fprintf(stderr, "ExportEvents: %s\n", status.error_message().c_str());
    std::exit(1);
  }
}

double Mb(int64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("ExportEvents vs paging with ListEvents; see bench/README.md");
  absl::ParseCommandLine(argc, argv);
  const int pid = absl::GetFlag(FLAGS_server_pid);
  if (pid <= 0) {
    std::fprintf(stderr, "export_bench: --server_pid is required\n");
    return 2;
  }
  auto channel =
      grpc::CreateChannel(absl::GetFlag(FLAGS_address), grpc::InsecureChannelCredentials());
  auto stub = timeline::v1::EventService::NewStub(channel);
  std::vector<double> time_ratios, growth_ratios;
  for (int round = 1; round <= absl::GetFlag(FLAGS_rounds); ++round) {
    // Alternate which goes first, so that warm-up and noise hit both alike.
    Measured pages, exported;
    auto run_pages = [&] { pages = Measure(pid, [&](Measured& m) { ReadPages(*stub, m); }); };
    auto run_export = [&] { exported = Measure(pid, [&](Measured& m) { ReadExport(*stub, m); }); };
    if (round % 2 == 1) {
      run_pages();
      run_export();
    } else {
      run_export();
      run_pages();
    }
    if (pages.events != exported.events) {
      std::fprintf(stderr, "export_bench: pages read %ld events, export %ld\n",
                   static_cast<long>(pages.events), static_cast<long>(exported.events));
      return 1;
    }
    const int64_t export_growth = exported.rss_peak - exported.rss_before;
    std::printf(
        "round %d: %ld events (%.1f MB as objects)\n"
        "  pages  %.2f s (%.0f events/s), server RSS %.1f -> peak %.1f MB\n"
        "  export %.2f s (%.0f events/s), server RSS %.1f -> peak %.1f MB (+%.1f MB = %.3f of "
        "the objects)\n"
        "  export/pages: time %.2f\n",
        round, static_cast<long>(exported.events), Mb(exported.object_bytes), pages.seconds,
        pages.events / pages.seconds, Mb(pages.rss_before), Mb(pages.rss_peak), exported.seconds,
        exported.events / exported.seconds, Mb(exported.rss_before), Mb(exported.rss_peak),
        Mb(export_growth), static_cast<double>(export_growth) / exported.object_bytes,
        exported.seconds / pages.seconds);
    time_ratios.push_back(exported.seconds / pages.seconds);
    growth_ratios.push_back(static_cast<double>(export_growth) / exported.object_bytes);
  }
  std::printf("median export/pages time %.2f; median export RSS growth / object bytes %.3f\n",
              Median(time_ratios), Median(growth_ratios));
  return 0;
}
