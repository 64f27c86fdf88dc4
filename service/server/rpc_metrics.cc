#include "server/rpc_metrics.h"

#include <chrono>
#include <iterator>
#include <string>
#include <utility>

namespace timeline::server {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

const char* TypeLabel(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unknown";
}

class RpcMetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  RpcMetricsInterceptor(RpcLabels labels, PrometheusMetrics& metrics)
      : metrics_(metrics), labels_(std::move(labels)), start_(std::chrono::steady_clock::now()) {
    metrics_.RpcStarted(labels_);
  }

  ~RpcMetricsInterceptor() override {
    // A call whose status was never sent: the caller went away first.
    if (!handled_) Handled(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Handled(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Handled(grpc::StatusCode code) {
    handled_ = true;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    metrics_.RpcHandled(labels_, GrpcCodeLabel(code), seconds);
  }

  PrometheusMetrics& metrics_;
  const RpcLabels labels_;
  const std::chrono::steady_clock::time_point start_;
  bool handled_ = false;
};

}  // namespace

RpcLabels RpcLabelsOf(absl::string_view full_method, ServerRpcInfo::Type type) {
  absl::string_view path = full_method;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  RpcLabels labels;
  labels.type = TypeLabel(type);
  if (size_t slash = path.rfind('/'); slash != absl::string_view::npos) {
    labels.service = std::string(path.substr(0, slash));
    labels.method = std::string(path.substr(slash + 1));
  } else {
    labels.method = std::string(path);
  }
  return labels;
}

std::string GrpcCodeLabel(grpc::StatusCode code) {
  // Indexed by the code's number, which the gRPC specification fixes.
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int number = static_cast<int>(code);
  if (number >= 0 && number < static_cast<int>(std::size(kNames))) return kNames[number];
  return "CODE_" + std::to_string(number);
}

RpcMetricsInterceptorFactory::RpcMetricsInterceptorFactory(
    PrometheusMetrics& metrics, const std::vector<std::string>& known_methods)
    : metrics_(metrics) {
  for (const std::string& name : known_methods) {
    known_.emplace(name, RpcLabelsOf(name, ServerRpcInfo::Type::UNARY));
  }
}

grpc::experimental::Interceptor* RpcMetricsInterceptorFactory::CreateServerInterceptor(
    ServerRpcInfo* info) {
  RpcLabels labels{.service = "", .method = "unknown", .type = ""};
  if (info->method() != nullptr) {
    if (auto it = known_.find(absl::string_view(info->method())); it != known_.end()) {
      labels = it->second;
    }
  }
  labels.type = TypeLabel(info->type());
  return new RpcMetricsInterceptor(std::move(labels), metrics_);
}

}  // namespace timeline::server
