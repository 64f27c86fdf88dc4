#include "api/health_service.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "domain/field_checks.h"

namespace timeline::api {

using grpc::health::v1::HealthCheckResponse;

HealthCheckResponse::ServingStatus HealthService::Current() {
  if (shutting_down_) return HealthCheckResponse::NOT_SERVING;
  return repo_.DatabaseHealth().ok() ? HealthCheckResponse::SERVING
                                     : HealthCheckResponse::NOT_SERVING;
}

grpc::Status HealthService::Check(grpc::ServerContext*,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  HealthCheckResponse* response) {
  if (!request->service().empty() && !services_.contains(request->service())) {
    return grpc::Status(
        grpc::StatusCode::NOT_FOUND,
        absl::StrCat("service: unknown service ", domain::Quoted(request->service())));
  }
  response->set_status(Current());
  return grpc::Status::OK;
}

grpc::Status HealthService::Watch(grpc::ServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::ServerWriter<HealthCheckResponse>* writer) {
  struct Slot {
    std::atomic<int>& count;
    ~Slot() { --count; }
  } slot{watchers_};
  if (++watchers_ > kMaxWatchers) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("at most ", kMaxWatchers, " health watchers at once"));
  }
  HealthCheckResponse response;
  if (!request->service().empty() && !services_.contains(request->service())) {
    response.set_status(HealthCheckResponse::SERVICE_UNKNOWN);
    writer->Write(response);
  }
  std::optional<HealthCheckResponse::ServingStatus> last;
  while (!context->IsCancelled()) {
    if (request->service().empty() || services_.contains(request->service())) {
      HealthCheckResponse::ServingStatus now = Current();
      if (now != last) {
        response.set_status(now);
        if (!writer->Write(response)) break;
        last = now;
      }
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  return grpc::Status::OK;
}

}  // namespace timeline::api
