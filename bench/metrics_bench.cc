// metrics_bench: what the Prometheus metrics cost a call.
//
//   metrics_bench [--database_url=URL] [--iterations=2000] [--warmup=200] 2>/dev/null
//
// (stderr has each call's audit line.)
// Creates a throw-away database on the cluster of --database_url (by default it starts one with
// `scripts/pg-cluster start build/bench-pg` and stops it at the end), migrates it, loads data/,
// and starts two real servers in-process on 127.0.0.1:0, each on its own repository (pool of 4):
// the baseline without metrics, and one with PrometheusMetrics (the call-counting interceptor,
// pool wait histogram, scrape hooks) and its /metrics endpoint. One client then calls GetEvent
// for a seed event (found) and for a missing one (NOT_FOUND) on both, interleaved call by call,
// so that noise hits both alike, and prints the median and mean latency of each and their ratio.
// It also times the bookkeeping alone: RpcStarted + RpcHandled per call, from 1 and 2 threads.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpcpp/grpcpp.h"
#include "pqxx/pqxx"
#include "server/prometheus_metrics.h"
#include "server/server.h"
#include "storage/migrator.h"
#include "storage/pg_repository.h"
#include "storage/seed_loader.h"
#include "throwaway_database.h"
#include "timeline/v1/event.grpc.pb.h"

ABSL_FLAG(std::string, database_url, "",
          "URL of a maintenance database on a PostgreSQL 15 cluster (with PostGIS) where a "
          "throw-away database is created; empty: start build/bench-pg with scripts/pg-cluster");
ABSL_FLAG(int, iterations, 2000, "timed calls per server and request");
ABSL_FLAG(int, warmup, 200, "untimed calls per server and request before timing");

namespace timeline::bench {
namespace {

using Clock = std::chrono::steady_clock;

// One server on its own repository, and a stub to it.
struct Served {
  Served(const std::string& url, server::PrometheusMetrics* metrics)
      : repo(url, storage::PoolOptions{.size = 4, .metrics = metrics}) {
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.metrics = metrics;
    server = Check(server::TimelineServer::Start(repo, options), "start server");
    stub = v1::EventService::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", server->port()),
                                                         grpc::InsecureChannelCredentials()));
  }
  ~Served() {
    stub.reset();
    server->Shutdown(absl::Seconds(5));
    server->Wait();
  }

  // Microseconds GetEvent `name` took; throws unless it answered `want`.
  double Time(const std::string& name, grpc::StatusCode want) {
    v1::GetEventRequest request;
    request.set_name(name);
    v1::Event event;
    grpc::ClientContext context;
    const Clock::time_point start = Clock::now();
    const grpc::Status status = stub->GetEvent(&context, request, &event);
    const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    if (status.error_code() != want) {
      throw std::runtime_error(absl::StrCat("GetEvent ", name, ": ", status.error_message()));
    }
    return us;
  }

  storage::PgRepository repo;
  std::unique_ptr<server::TimelineServer> server;
  std::unique_ptr<v1::EventService::Stub> stub;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double Mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// GetEvent `name` on both servers, interleaved, alternating which goes first.
void CompareCalls(Served& plain, Served& counted, const std::string& name, grpc::StatusCode want,
                  int warmup, int iterations) {
  std::vector<double> base, with;
  for (int i = 0; i < warmup + iterations; ++i) {
    const bool plain_first = i % 2 == 0;
    const double a = plain_first ? plain.Time(name, want) : counted.Time(name, want);
    const double b = plain_first ? counted.Time(name, want) : plain.Time(name, want);
    if (i < warmup) continue;
    base.push_back(plain_first ? a : b);
    with.push_back(plain_first ? b : a);
  }
  std::printf("GetEvent %-40s  median %7.1f us -> %7.1f us (x%.3f)   mean %7.1f -> %7.1f (x%.3f)\n",
              name.c_str(), Median(base), Median(with), Median(with) / Median(base), Mean(base),
              Mean(with), Mean(with) / Mean(base));
}

// Nanoseconds per RpcStarted + RpcHandled pair, `threads` at once on the same method.
double BookkeepingNs(int threads, int per_thread) {
  server::PrometheusMetrics metrics;
  const server::RpcLabels labels{"timeline.v1.EventService", "GetEvent", "unary"};
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i) {
        metrics.RpcStarted(labels);
        metrics.RpcHandled(labels, "OK", 0.001);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / per_thread;
}

int Run(const std::string& url, int warmup, int iterations) {
  Check(storage::Migrate(
            url, Check(storage::ReadMigrations(std::string(TIMELINE_SOURCE_DIR) + "/migrations"),
                       "read migrations")),
        "migrate");
  server::PrometheusMetrics metrics;  // outlives the server that reports to it
  Served plain(url, nullptr);
  Served counted(url, &metrics);
  Check(storage::LoadSeedDirectory(plain.repo, std::string(TIMELINE_SOURCE_DIR) + "/data"),
        "load data/");
  Check(metrics.Serve("127.0.0.1:0"), "serve /metrics");
  std::printf("%d timed calls per server and request, %d warm-up; 2 servers, pools of 4\n",
              iterations, warmup);
  CompareCalls(plain, counted, "events/goita-receives-turkish-parliamentary-delegation",
               grpc::StatusCode::OK, warmup, iterations);
  CompareCalls(plain, counted, "events/no-such-event", grpc::StatusCode::NOT_FOUND, warmup,
               iterations);
  for (int threads : {1, 2}) {
    std::printf("bookkeeping alone (RpcStarted + RpcHandled), %d thread(s): %.0f ns per call\n",
                threads, BookkeepingNs(threads, 200000));
  }
  return 0;
}

int Main() {
  const int iterations = absl::GetFlag(FLAGS_iterations);
  const int warmup = absl::GetFlag(FLAGS_warmup);
  if (iterations < 1 || warmup < 0) {
    std::fprintf(stderr, "metrics_bench: needs --iterations >= 1, --warmup >= 0\n");
    return 2;
  }
  return WithThrowawayDatabase(
      "metrics_bench", absl::GetFlag(FLAGS_database_url), TIMELINE_SOURCE_DIR,
      [&](const std::string& url) { return Run(url, warmup, iterations); });
}

}  // namespace
}  // namespace timeline::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "metrics_bench [--database_url=URL] [--iterations=N] [--warmup=W]\n"
      "GetEvent on a server with metrics against one without; see bench/README.md.");
  absl::ParseCommandLine(argc, argv);
  return timeline::bench::Main();
}
