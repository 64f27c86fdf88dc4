#include "server/health_listener.h"

#include "absl/strings/str_cat.h"
#include "api/health_service.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/resource_quota.h"
#include "timeline/v1/actor.grpc.pb.h"
#include "timeline/v1/date.grpc.pb.h"
#include "timeline/v1/event.grpc.pb.h"
#include "timeline/v1/ingest.grpc.pb.h"
#include "timeline/v1/place.grpc.pb.h"
#include "timeline/v1/source.grpc.pb.h"

namespace timeline::server {
namespace {

// Probes come every few seconds; a health watcher holds a thread (api/health_service.h).
constexpr int kHealthThreads = api::HealthService::kMaxWatchers + 4;

class GrpcHealthListener final : public HealthListener {
 public:
  explicit GrpcHealthListener(storage::Repository& repo)
      : health_(repo, {std::string(v1::EventService::service_full_name()),
                       std::string(v1::ActorService::service_full_name()),
                       std::string(v1::PlaceService::service_full_name()),
                       std::string(v1::SourceService::service_full_name()),
                       std::string(v1::IngestService::service_full_name()),
                       std::string(v1::DateService::service_full_name())}) {}

  absl::Status Start(const std::string& listen) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port_);
    grpc::ResourceQuota quota("timelined-health");
    quota.SetMaxThreads(kHealthThreads);
    builder.SetResourceQuota(quota);
    builder.RegisterService(&health_);
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      return absl::UnavailableError(absl::StrCat("--health_listen: cannot listen on ", listen));
    }
    return absl::OkStatus();
  }

  int port() const override { return port_; }

  void Shutdown(absl::Duration grace) override {
    health_.SetShuttingDown();
    server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    server_->Wait();
  }

 private:
  api::HealthService health_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<HealthListener>> HealthListener::Start(storage::Repository& repo,
                                                                      const std::string& listen) {
  auto listener = std::make_unique<GrpcHealthListener>(repo);
  if (absl::Status s = listener->Start(listen); !s.ok()) return s;
  return listener;
}

}  // namespace timeline::server
