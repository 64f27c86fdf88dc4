// Counts every gRPC call at the server's boundary for the metrics (server/prometheus_metrics.h):
// started, handled with its final status code, and how long it took — unary calls and streams
// alike, sync and callback handlers alike, because a server interceptor sees them all. Calls
// that the AuthMetadataProcessor refuses never reach an interceptor and are not counted here.
#pragma once

#include <string>

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
class RpcMetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcMetricsInterceptorFactory(PrometheusMetrics& metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  PrometheusMetrics& metrics_;
};

}  // namespace timeline::server
