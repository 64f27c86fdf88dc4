// The one place where absl::Status becomes grpc::Status, and where a gRPC call's deadline
// becomes the storage layer's CallContext.
//
// Codes map one to one (absl and gRPC share them). A status carrying field violations
// (domain/validation.h) gets AIP-193 error details: a google.rpc.Status with a
// google.rpc.BadRequest, in the `grpc-status-details-bin` trailer that client libraries decode.
#pragma once

#include "absl/status/status.h"
#include "grpcpp/grpcpp.h"
#include "storage/repository.h"

namespace timeline::api {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The returned context refers to `context`: use it only during the call. It carries the call's
// consistency token, and sends a write's back (api/consistency_token.h).
storage::CallContext ContextFrom(grpc::ServerContext& context);

}  // namespace timeline::api
