// IngestService handlers: read a client stream into checked records (ingest/record_checks.h),
// hand the stream to the ingest use case (ingest/ingest_events.h, ingest/ingest_places.h),
// answer with its per-record results, and count them by outcome for the metrics.
#pragma once

#include "observability/metrics.h"
#include "storage/repository.h"
#include "timeline/v1/ingest.grpc.pb.h"

namespace timeline::api {

// Records (or gazetteer rows) accepted per stream; larger imports are several streams.
inline constexpr int kMaxRecordsPerStream = 10'000;

class IngestService final : public v1::IngestService::Service {
 public:
  explicit IngestService(storage::Repository& repo,
                         observability::Metrics& metrics = observability::NoMetrics())
      : repo_(repo), metrics_(metrics) {}

  grpc::Status IngestEvents(grpc::ServerContext* context,
                            grpc::ServerReader<v1::IngestEventsRequest>* reader,
                            v1::IngestEventsResponse* response) override;
  grpc::Status IngestPlaces(grpc::ServerContext* context,
                            grpc::ServerReader<v1::IngestPlacesRequest>* reader,
                            v1::IngestPlacesResponse* response) override;

 private:
  storage::Repository& repo_;
  observability::Metrics& metrics_;
};

}  // namespace timeline::api
