// What the service tells its metrics about, as it happens: the few things that lower layers
// observe themselves (a wait for a database connection, the outcomes of an ingest stream, how far
// a read replica is behind, the folds of CountEvents' place sums).
// Everything else the metrics show is either counted at the gRPC boundary (server/rpc_metrics.h)
// or sampled when they are scraped (server/prometheus_metrics.h).
//
// An interface without Prometheus, gRPC or libpqxx in it, so that storage/, ingest/ and api/ can
// report without depending on the exporter; NoMetrics() is the default where nothing listens.
#pragma once

#include <cstdint>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::observability {

class Metrics {
 public:
  virtual ~Metrics() = default;

  // A call waited `wait` for a database connection (the admission queue), whether it got one or
  // not.
  virtual void LeaseWaited(absl::Duration wait) = 0;

  // An ingest stream of `stream` ("events", "places") answered `count` records with `outcome`.
  virtual void RecordsIngested(absl::string_view stream, v1::IngestResult::Outcome outcome,
                               int64_t count) = 0;

  // The read replica replays the primary's changes `lag` behind (exported as
  // timeline_replica_lag_seconds, absent until first reported). For the code that watches a
  // replica; nothing calls it when none is configured.
  virtual void ReplicaLagMeasured(absl::Duration lag) = 0;

  // One tick of the folder of CountEvents' place sums (storage/count_folder.h) ended with
  // `outcome` ("folded", "standby": nothing to do on a standby, "failed"), having moved `changes`
  // changes into the sums.
  virtual void CountsFolded(absl::string_view outcome, int64_t changes) = 0;
};

// Metrics that go nowhere.
class NullMetrics final : public Metrics {
 public:
  void LeaseWaited(absl::Duration) override {}
  void RecordsIngested(absl::string_view, v1::IngestResult::Outcome, int64_t) override {}
  void ReplicaLagMeasured(absl::Duration) override {}
  void CountsFolded(absl::string_view, int64_t) override {}
};

inline Metrics& NoMetrics() {
  static NullMetrics none;
  return none;
}

}  // namespace timeline::observability
