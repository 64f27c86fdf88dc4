// grpc.health.v1.Health, compiled from grpc-proto's health.proto so that reflection can describe
// it. The server is SERVING while the database answers; the overall status ("") and each
// timeline service report the same. Checks answer from the repository's background probe
// (storage/health_probe.h), never waiting behind busy database connections. Unknown service names
// are NOT_FOUND, as the protocol says.
#pragma once

#include <atomic>
#include <set>
#include <string>

#include "grpc/health/v1/health.grpc.pb.h"
#include "storage/repository.h"

namespace timeline::api {

class HealthService final : public grpc::health::v1::Health::Service {
 public:
  HealthService(storage::Repository& repo, std::set<std::string> services)
      : repo_(repo), services_(std::move(services)) {}

  grpc::Status Check(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override;
  // Sends the status, then every change, polling the database once a second. Each watcher holds
  // a server thread, so at most kMaxWatchers run at once.
  grpc::Status Watch(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::ServerWriter<grpc::health::v1::HealthCheckResponse>* writer) override;

  // Makes every check answer NOT_SERVING (during shutdown).
  void SetShuttingDown() { shutting_down_ = true; }

  static constexpr int kMaxWatchers = 4;

 private:
  grpc::health::v1::HealthCheckResponse::ServingStatus Current();

  storage::Repository& repo_;
  const std::set<std::string> services_;
  std::atomic<bool> shutting_down_{false};
  std::atomic<int> watchers_{0};
};

}  // namespace timeline::api
