// Counts every gRPC call at the server's boundary for the metrics (server/prometheus_metrics.h):
// started, handled with its final status code, and how long it took — unary calls and streams
// alike, sync and callback handlers alike, because a server interceptor sees them all. Calls
// that the AuthMetadataProcessor refuses never reach an interceptor and are not counted here.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/server_interceptor.h"
#include "server/prometheus_metrics.h"

namespace timeline::server {

// The service and method labels of a full method name ("/timeline.v1.EventService/GetEvent"),
// and the type label of the call's kind.
RpcLabels RpcLabelsOf(absl::string_view full_method, grpc::experimental::ServerRpcInfo::Type type);

// The code label of a status: the code's name in the gRPC specification ("OK", "NOT_FOUND"),
// as the service's errors and docs spell it.
std::string GrpcCodeLabel(grpc::StatusCode code);

// Installs the counting interceptor (ServerBuilder::experimental().SetInterceptorCreators).
// Only the server's own methods get labels of their own; every other path a caller sends is
// counted as method "unknown", so that callers cannot grow the metrics without bound.
class RpcMetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `known_methods`: full method names, "/timeline.v1.EventService/GetEvent".
  RpcMetricsInterceptorFactory(PrometheusMetrics& metrics,
                               const std::vector<std::string>& known_methods);
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  PrometheusMetrics& metrics_;
  // Full method name -> its service and method labels; read-only once built, so no lock.
  absl::flat_hash_map<std::string, RpcLabels> known_;
};

}  // namespace timeline::server
