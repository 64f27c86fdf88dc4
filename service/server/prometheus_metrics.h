// The service's Prometheus metrics (docs/metrics.md): the families, what fills them, and the
// /metrics endpoint that serves them (prometheus-cpp's exposer, on a port of its own).
//
// Three kinds of source: the gRPC boundary counts every call (server/rpc_metrics.h); lower
// layers report the events only they see through observability::Metrics; the rest is state
// (pool, queue, watchers, replica lag) that scrape hooks sample just before each scrape, so that
// nothing has to keep a gauge up to date on its hot path.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "api/watch_hub.h"
#include "observability/metrics.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "storage/connection_pool.h"

namespace prometheus {
class Exposer;
}

namespace timeline::server {

// The labels of one gRPC method.
struct RpcLabels {
  std::string service;  // "timeline.v1.EventService"
  std::string method;   // "GetEvent"
  std::string type;     // "unary", "client_stream", "server_stream", "bidi_stream"
};

class PrometheusMetrics final : public observability::Metrics {
 public:
  using ScrapeHook = std::function<void(PrometheusMetrics&)>;

  PrometheusMetrics();
  ~PrometheusMetrics() override;
  PrometheusMetrics(const PrometheusMetrics&) = delete;
  PrometheusMetrics& operator=(const PrometheusMetrics&) = delete;

  // observability::Metrics
  void LeaseWaited(absl::Duration wait) override;
  void RecordsIngested(absl::string_view stream, v1::IngestResult::Outcome outcome,
                       int64_t count) override;
  void ReplicaLagMeasured(absl::Duration lag) override;
  void CountsFolded(absl::string_view outcome, int64_t changes) override;

  // The gRPC boundary: a call began; a call ended with `code` ("OK", "NOT_FOUND") after
  // `seconds`.
  void RpcStarted(const RpcLabels& rpc);
  void RpcHandled(const RpcLabels& rpc, absl::string_view code, double seconds);

  // State, set by scrape hooks.
  void SetPoolStats(const storage::PoolStats& pool);
  void SetWatchStatus(absl::string_view method, const api::WatchFeedStatus& status);

  // Runs `hook` before every scrape until RemoveScrapeHook(the id returned); a hook that reads
  // an object must be removed before the object goes.
  int AddScrapeHook(ScrapeHook hook);
  void RemoveScrapeHook(int id);

  // The text exposition of every metric, hooks run first: what GET /metrics answers.
  std::string Scrape();

  // Serves GET /metrics on `listen` (host:port; port 0 picks a free one) until this goes.
  // Returns the port bound.
  absl::StatusOr<int> Serve(const std::string& listen);

 private:
  class HookedRegistry;

  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<HookedRegistry> hooked_;  // what the exposer collects
  std::unique_ptr<prometheus::Exposer> exposer_;

  prometheus::Family<prometheus::Counter>& rpc_started_;
  prometheus::Family<prometheus::Counter>& rpc_handled_;
  prometheus::Family<prometheus::Histogram>& rpc_seconds_;
  prometheus::Histogram& lease_wait_seconds_;
  prometheus::Family<prometheus::Counter>& ingest_records_;
  prometheus::Gauge& pool_size_;
  prometheus::Gauge& pool_open_;
  prometheus::Gauge& pool_in_use_;
  prometheus::Gauge& queue_length_;
  prometheus::Family<prometheus::Gauge>& watch_streams_;
  prometheus::Family<prometheus::Gauge>& watch_lag_;
  prometheus::Family<prometheus::Gauge>& replica_lag_;
  prometheus::Family<prometheus::Counter>& count_folds_;
  prometheus::Counter& count_changes_folded_;
};

}  // namespace timeline::server
