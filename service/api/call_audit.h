// The audit trail of calls: each call's request id, and one structured line per call (method,
// principal, role, status code, duration, request id, peer) written to a sink — stderr as JSON in
// the server.
//
// The request id is the request's AIP-155 `request_id` when it has one, else the caller's
// `x-request-id` header (1-128 printable ASCII characters, no spaces), else one the server
// makes. The interceptor settles it and leaves it as the call's `x-request-id` metadata, where
// RequestIdOf reads it (for the change log); it goes back to the caller in the response's
// `x-request-id` header.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"

namespace timeline::api {

inline constexpr char kRequestIdHeader[] = "x-request-id";
inline constexpr size_t kMaxRequestIdLength = 128;

struct AuditRecord {
  std::string method;  // the ":path", "/timeline.v1.EventService/DeleteEvent"
  std::string principal;
  std::string role;
  std::string code;  // "OK", "PERMISSION_DENIED", ...
  double duration_ms = 0;
  std::string request_id;
  std::string peer;
};

// Where audit lines go. Write is called from many threads at once.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void Write(const AuditRecord& record) = 0;
};

// One JSON object per line on stderr.
class StderrAuditSink final : public AuditSink {
 public:
  void Write(const AuditRecord& record) override;

 private:
  std::mutex mu_;
};

// The JSON object of one record, on one line, without the newline.
std::string FormatAuditLine(const AuditRecord& record);

// The name of a status code as gRPC spells it ("PERMISSION_DENIED").
std::string StatusCodeName(grpc::StatusCode code);

// Whether a caller's request id is usable as it is.
bool IsValidRequestId(absl::string_view id);

// A fresh random request id (32 hexadecimal digits).
std::string NewRequestId();

// The caller's x-request-id if valid, else a fresh one. For calls the interceptor never sees.
std::string RequestIdFrom(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata);

// The call's request id as the interceptor settled it; empty without the interceptor.
std::string RequestIdOf(const grpc::ServerContext& context);

// Installs the audit interceptor on a server (ServerBuilder::experimental().
// SetInterceptorCreators).
class AuditInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit AuditInterceptorFactory(std::shared_ptr<AuditSink> sink) : sink_(std::move(sink)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  std::shared_ptr<AuditSink> sink_;
};

}  // namespace timeline::api
