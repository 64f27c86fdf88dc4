#include "api/status_mapping.h"

#include <iostream>

#include "api/auth_processor.h"
#include "api/call_audit.h"
#include "api/consistency_token.h"
#include "domain/validation.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace timeline::api {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  if (status.code() == absl::StatusCode::kInternal) {
    // Internal errors are bugs; keep a trace of them where operators look.
    std::cerr << "internal error: " << message << "\n";
  }
  auto bad_request = status.GetPayload(domain::kBadRequestTypeUrl);
  if (!bad_request) return grpc::Status(code, message);
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  google::protobuf::Any* any = details.add_details();
  any->set_type_url(std::string(domain::kBadRequestTypeUrl));
  any->set_value(std::string(*bad_request));
  return grpc::Status(code, message, details.SerializeAsString());
}

storage::CallContext ContextFrom(grpc::ServerContext& context) {
  storage::CallContext ctx;
  const auto deadline = context.deadline();
  if (deadline != std::chrono::system_clock::time_point::max()) {
    ctx.deadline = absl::FromChrono(deadline);
  }
  ctx.cancelled = [&context] { return context.IsCancelled(); };
  ctx.principal = IdentityOf(context).principal;
  ctx.request_id = RequestIdOf(context);
  AttachConsistencyToken(context, ctx);
  return ctx;
}

}  // namespace timeline::api
