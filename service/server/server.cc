#include "server/server.h"

#include <openssl/rand.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/actor_service.h"
#include "api/auth_processor.h"
#include "api/date_service.h"
#include "api/descriptor_index.h"
#include "api/event_service.h"
#include "api/health_service.h"
#include "api/ingest_service.h"
#include "api/place_service.h"
#include "api/reflection_service.h"
#include "api/source_service.h"
#include "domain/page_token.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/resource_quota.h"
#include "server/rpc_metrics.h"
#include "timeline/v1/served_descriptors.h"

namespace timeline::server {
namespace {

// "/timeline.v1.EventService/GetEvent" for every method of every service the server answers
// (the API, health, reflection): the calls that get labels of their own in the metrics.
std::vector<std::string> ServedMethods(const api::DescriptorIndex& descriptors) {
  std::vector<std::string> methods;
  for (const std::string& name : descriptors.ServiceNames()) {
    const google::protobuf::ServiceDescriptor* service = descriptors.pool().FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
  return methods;
}

std::string RandomSecret() {
  unsigned char bytes[32];
  RAND_bytes(bytes, sizeof bytes);
  return std::string(reinterpret_cast<char*>(bytes), sizeof bytes);
}

// The grants of the access file and, as admins, the legacy token list.
std::vector<api::Grant> AllGrants(const ServerOptions& options) {
  std::vector<api::Grant> grants = options.grants;
  for (size_t i = 0; i < options.auth_tokens.size(); ++i) {
    grants.push_back({api::Grant::Kind::kTokenSha256,
                      api::TokenDigest(options.auth_tokens[i]),
                      {absl::StrCat("token-", i + 1), api::Role::kAdmin}});
  }
  return grants;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerOptions& options, std::shared_ptr<api::AuditSink> audit) {
  const TlsOptions& tls = options.tls;
  if (tls.certificate_chain.empty()) {
    if (!tls.private_key.empty() || !tls.client_ca.empty()) {
      return absl::InvalidArgumentError("TLS: a private key or client CA without a certificate");
    }
    if (!options.auth_tokens.empty() || !options.grants.empty()) {
      return absl::InvalidArgumentError(
          "auth tokens need TLS: a bearer token sent over plaintext is readable on the way");
    }
    return grpc::InsecureServerCredentials();
  }
  if (tls.private_key.empty()) return absl::InvalidArgumentError("TLS: no private key");
  grpc::SslServerCredentialsOptions ssl(
      tls.client_ca.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                            : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = tls.client_ca;
  ssl.pem_key_cert_pairs.push_back({tls.private_key, tls.certificate_chain});
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::SslServerCredentials(ssl);
  if (std::vector<api::Grant> grants = AllGrants(options); !grants.empty()) {
    credentials->SetAuthMetadataProcessor(std::make_shared<api::AuthProcessor>(
        api::AccessPolicy(std::move(grants)), std::move(audit)));
  }
  return credentials;
}

// Half the cores search dates at most, so that they never take every core from the other calls.
api::DateServiceOptions WithDefaultSlots(api::DateServiceOptions options) {
  if (options.slots <= 0) {
    options.slots = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / 2);
  }
  return options;
}

class GrpcTimelineServer final : public TimelineServer {
 public:
  GrpcTimelineServer(storage::Repository& repo, const ServerOptions& options,
                     std::unique_ptr<api::DescriptorIndex> descriptors)
      : descriptors_(std::move(descriptors)),
        reflection_(*descriptors_),
        reflection_v1alpha_(*descriptors_),
        tokens_(options.page_token_secret.empty() ? RandomSecret() : options.page_token_secret),
        events_(repo, tokens_),
        actors_(repo, tokens_),
        places_(repo, tokens_),
        sources_(repo, tokens_),
        health_(repo, {std::string(v1::EventService::service_full_name()),
                       std::string(v1::ActorService::service_full_name()),
                       std::string(v1::PlaceService::service_full_name()),
                       std::string(v1::SourceService::service_full_name()),
                       std::string(v1::IngestService::service_full_name()),
                       std::string(v1::DateService::service_full_name())}),
        ingest_(repo, options.metrics != nullptr ? *options.metrics : observability::NoMetrics()),
        dates_(WithDefaultSlots(options.dates)) {}

  absl::Status Start(const ServerOptions& options) {
    grpc::ServerBuilder builder;
    std::shared_ptr<api::AuditSink> audit = options.audit_sink;
    if (audit == nullptr) audit = std::make_shared<api::StderrAuditSink>();
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        Credentials(options, audit);
    if (!credentials.ok()) return credentials.status();
    builder.AddListeningPort(options.listen, *credentials, &port_);
    grpc::ResourceQuota quota("timelined");
    quota.SetMaxThreads(options.max_threads);
    builder.SetResourceQuota(quota);
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> audit_trail;
    audit_trail.push_back(std::make_unique<api::AuditInterceptorFactory>(audit));
    if (options.metrics != nullptr) {
      audit_trail.push_back(std::make_unique<RpcMetricsInterceptorFactory>(
          *options.metrics, ServedMethods(*descriptors_)));
      SampleWatchersAtScrape(*options.metrics);
    }
    builder.experimental().SetInterceptorCreators(std::move(audit_trail));
    builder.RegisterService(&events_);
    builder.RegisterService(&actors_);
    builder.RegisterService(&places_);
    builder.RegisterService(&sources_);
    builder.RegisterService(&health_);
    builder.RegisterService(&ingest_);
    builder.RegisterService(&dates_);
    builder.RegisterService(&reflection_);
    builder.RegisterService(&reflection_v1alpha_);
    server_ = builder.BuildAndStart();
    if (server_ == nullptr || port_ == 0) {
      return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
    }
    return absl::OkStatus();
  }

  ~GrpcTimelineServer() override {
    if (metrics_ != nullptr) metrics_->RemoveScrapeHook(scrape_hook_);
  }

  int port() const override { return port_; }

  void Shutdown(absl::Duration grace) override {
    health_.SetShuttingDown();
    // Watch streams never end by themselves; the grace is for calls that do.
    events_.EndWatches();
    actors_.EndWatches();
    places_.EndWatches();
    server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  }

  void Wait() override { server_->Wait(); }

 private:
  void SampleWatchersAtScrape(PrometheusMetrics& metrics) {
    metrics_ = &metrics;
    scrape_hook_ = metrics.AddScrapeHook([this](PrometheusMetrics& m) {
      m.SetWatchStatus("WatchEvents", events_.watch_status());
      m.SetWatchStatus("WatchActors", actors_.watch_status());
      m.SetWatchStatus("WatchPlaces", places_.watch_status());
    });
  }

  std::unique_ptr<api::DescriptorIndex> descriptors_;
  api::ReflectionService reflection_;
  api::ReflectionServiceV1Alpha reflection_v1alpha_;
  domain::PageTokenCodec tokens_;
  api::EventService events_;
  api::ActorService actors_;
  api::PlaceService places_;
  api::SourceService sources_;
  api::HealthService health_;
  api::IngestService ingest_;
  api::DateService dates_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  PrometheusMetrics* metrics_ = nullptr;
  int scrape_hook_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<TimelineServer>> TimelineServer::Start(
    storage::Repository& repo, const ServerOptions& options) {
  absl::StatusOr<std::unique_ptr<api::DescriptorIndex>> descriptors =
      api::DescriptorIndex::FromDescriptorSet(
          absl::string_view(v1::ServedDescriptorSet().data(), v1::ServedDescriptorSet().size()));
  if (!descriptors.ok()) return descriptors.status();
  auto server = std::make_unique<GrpcTimelineServer>(repo, options, *std::move(descriptors));
  if (absl::Status s = server->Start(options); !s.ok()) return s;
  return server;
}

}  // namespace timeline::server
