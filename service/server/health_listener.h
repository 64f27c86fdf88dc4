// A second, plaintext listener that serves only grpc.health.v1, for probes that cannot speak TLS
// (Kubernetes' native gRPC probes connect without it), while the API listens with TLS. It tells
// nothing but SERVING / NOT_SERVING, the same answer as the health service of the main server
// (storage::Repository::DatabaseHealth), so it may listen on an address other machines reach.
//
//   timelined serve --listen=0.0.0.0:50051 --tls_cert_file=... --health_listen=0.0.0.0:50052
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/repository.h"

namespace timeline::server {

class HealthListener {
 public:
  // Listens on `listen` (host:port; port 0 picks a free one) until Shutdown.
  static absl::StatusOr<std::unique_ptr<HealthListener>> Start(storage::Repository& repo,
                                                               const std::string& listen);
  virtual ~HealthListener() = default;

  // The port actually bound.
  virtual int port() const = 0;
  // Answers NOT_SERVING from now on, then stops within `grace`: first thing on SIGTERM, so that
  // probes see the pod going before its API stops.
  virtual void Shutdown(absl::Duration grace) = 0;
};

}  // namespace timeline::server
