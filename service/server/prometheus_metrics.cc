#include "server/prometheus_metrics.h"

#include <exception>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "prometheus/collectable.h"
#include "prometheus/exposer.h"
#include "prometheus/text_serializer.h"

namespace timeline::server {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

// Prometheus' default buckets: the reads answer in milliseconds, ingest streams and exports in
// seconds.
const prometheus::Histogram::BucketBoundaries& RpcBuckets() {
  static const prometheus::Histogram::BucketBoundaries buckets = {
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return buckets;
}

// A free connection is taken in microseconds; a queued call waits up to its deadline.
const prometheus::Histogram::BucketBoundaries& LeaseWaitBuckets() {
  static const prometheus::Histogram::BucketBoundaries buckets = {
      0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  return buckets;
}

prometheus::Labels Labeled(const RpcLabels& rpc) {
  return {{"service", rpc.service}, {"method", rpc.method}, {"type", rpc.type}};
}

// "created" for CREATED: Prometheus label values are lower case by convention.
std::string OutcomeLabel(v1::IngestResult::Outcome outcome) {
  return absl::AsciiStrToLower(v1::IngestResult::Outcome_Name(outcome));
}

}  // namespace

// The registry, with the scrape hooks run before each collection.
class PrometheusMetrics::HookedRegistry final : public prometheus::Collectable {
 public:
  HookedRegistry(PrometheusMetrics& owner, std::shared_ptr<prometheus::Registry> registry)
      : owner_(owner), registry_(std::move(registry)) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    {
      std::lock_guard lock(mu_);
      for (const auto& [id, hook] : hooks_) hook(owner_);
    }
    return registry_->Collect();
  }

  int Add(ScrapeHook hook) {
    std::lock_guard lock(mu_);
    hooks_[next_id_] = std::move(hook);
    return next_id_++;
  }
  void Remove(int id) {
    std::lock_guard lock(mu_);  // also waits for a scrape that is running the hook
    hooks_.erase(id);
  }

 private:
  PrometheusMetrics& owner_;
  std::shared_ptr<prometheus::Registry> registry_;
  mutable std::mutex mu_;
  std::map<int, ScrapeHook> hooks_;
  int next_id_ = 1;
};

PrometheusMetrics::PrometheusMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      hooked_(std::make_shared<HookedRegistry>(*this, registry_)),
      rpc_started_(BuildCounter()
                       .Name("timeline_rpc_started_total")
                       .Help("Calls that reached the server's handlers, by service, method and "
                             "type.")
                       .Register(*registry_)),
      rpc_handled_(BuildCounter()
                       .Name("timeline_rpc_handled_total")
                       .Help("Calls that ended, by service, method, type and status code.")
                       .Register(*registry_)),
      rpc_seconds_(BuildHistogram()
                       .Name("timeline_rpc_duration_seconds")
                       .Help("Time from a call's arrival to its status (a stream's whole life), "
                             "by service, method and type.")
                       .Register(*registry_)),
      lease_wait_seconds_(BuildHistogram()
                              .Name("timeline_db_pool_wait_seconds")
                              .Help("Time calls waited for a database connection (admission "
                                    "queue), whether they got one or not.")
                              .Register(*registry_)
                              .Add({}, LeaseWaitBuckets())),
      ingest_records_(BuildCounter()
                          .Name("timeline_ingest_records_total")
                          .Help("Records of ingest streams that wrote (not validate_only), by "
                                "stream (events, places) and outcome.")
                          .Register(*registry_)),
      pool_size_(BuildGauge()
                     .Name("timeline_db_pool_size")
                     .Help("Database connections the pool may open (--pool_size).")
                     .Register(*registry_)
                     .Add({})),
      pool_open_(BuildGauge()
                     .Name("timeline_db_pool_connections_open")
                     .Help("Database connections open now, leased or idle.")
                     .Register(*registry_)
                     .Add({})),
      pool_in_use_(BuildGauge()
                       .Name("timeline_db_pool_connections_in_use")
                       .Help("Database connections leased to calls now.")
                       .Register(*registry_)
                       .Add({})),
      queue_length_(BuildGauge()
                        .Name("timeline_admission_queue_length")
                        .Help("Calls waiting for a database connection now.")
                        .Register(*registry_)
                        .Add({})),
      watch_streams_(BuildGauge()
                         .Name("timeline_watch_streams")
                         .Help("Watch streams being served, by method.")
                         .Register(*registry_)),
      watch_lag_(BuildGauge()
                     .Name("timeline_watch_feed_lag_changes")
                     .Help("Change-log positions between the newest change this server was "
                           "notified of and the furthest-behind watch stream's cursor, by method.")
                     .Register(*registry_)),
      replica_lag_(BuildGauge()
                       .Name("timeline_replica_lag_seconds")
                       .Help("How far the read replica's replay is behind the primary.")
                       .Register(*registry_)),
      count_folds_(BuildCounter()
                       .Name("timeline_count_folds_total")
                       .Help("Ticks of the folder of CountEvents' place sums, by outcome (folded, "
                             "standby, failed).")
                       .Register(*registry_)),
      count_changes_folded_(BuildCounter()
                                .Name("timeline_count_changes_folded_total")
                                .Help("Changes of CountEvents' place sums folded into them.")
                                .Register(*registry_)
                                .Add({})) {}

PrometheusMetrics::~PrometheusMetrics() = default;

void PrometheusMetrics::LeaseWaited(absl::Duration wait) {
  lease_wait_seconds_.Observe(absl::ToDoubleSeconds(wait));
}

void PrometheusMetrics::RecordsIngested(absl::string_view stream, v1::IngestResult::Outcome outcome,
                                        int64_t count) {
  ingest_records_.Add({{"stream", std::string(stream)}, {"outcome", OutcomeLabel(outcome)}})
      .Increment(static_cast<double>(count));
}

void PrometheusMetrics::RpcStarted(const RpcLabels& rpc) {
  rpc_started_.Add(Labeled(rpc)).Increment();
}

void PrometheusMetrics::RpcHandled(const RpcLabels& rpc, absl::string_view code, double seconds) {
  prometheus::Labels labels = Labeled(rpc);
  rpc_seconds_.Add(labels, RpcBuckets()).Observe(seconds);
  labels.emplace("code", std::string(code));
  rpc_handled_.Add(labels).Increment();
}

void PrometheusMetrics::SetPoolStats(const storage::PoolStats& pool) {
  pool_size_.Set(pool.size);
  pool_open_.Set(pool.open);
  pool_in_use_.Set(pool.in_use);
  queue_length_.Set(pool.waiting);
}

void PrometheusMetrics::SetWatchStatus(absl::string_view method,
                                       const api::WatchFeedStatus& status) {
  const prometheus::Labels labels = {{"method", std::string(method)}};
  watch_streams_.Add(labels).Set(status.streams);
  watch_lag_.Add(labels).Set(static_cast<double>(status.lag_changes));
}

void PrometheusMetrics::ReplicaLagMeasured(absl::Duration lag) {
  replica_lag_.Add({}).Set(absl::ToDoubleSeconds(lag));
}

void PrometheusMetrics::CountsFolded(absl::string_view outcome, int64_t changes) {
  count_folds_.Add({{"outcome", std::string(outcome)}}).Increment();
  count_changes_folded_.Increment(static_cast<double>(changes));
}

int PrometheusMetrics::AddScrapeHook(ScrapeHook hook) { return hooked_->Add(std::move(hook)); }

void PrometheusMetrics::RemoveScrapeHook(int id) { hooked_->Remove(id); }

std::string PrometheusMetrics::Scrape() {
  return prometheus::TextSerializer().Serialize(hooked_->Collect());
}

absl::StatusOr<int> PrometheusMetrics::Serve(const std::string& listen) {
  if (exposer_ != nullptr) return absl::FailedPreconditionError("metrics: already serving");
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(listen, /*num_threads=*/2);
  } catch (const std::exception&) {  // civetweb's words: "null context when constructing"
    return absl::InvalidArgumentError(
        absl::StrCat("metrics: cannot listen on ", listen, " (not a free host:port)"));
  }
  exposer_->RegisterCollectable(hooked_);
  const std::vector<int> ports = exposer_->GetListeningPorts();
  if (ports.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("metrics: no port for ", listen));
  }
  return ports.front();
}

}  // namespace timeline::server
