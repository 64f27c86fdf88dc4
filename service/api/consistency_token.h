// Read-your-writes over gRPC metadata (docs/replicas.md): a write answers with the
// "timeline-consistency-token" trailer, and a read that sends it back as request metadata sees
// that write even when a read replica serves it (storage/replica_reads.h). Metadata rather than
// request fields, so every RPC takes it the same way, grpcurl included (-H, and -v shows it).
#pragma once

#include "grpcpp/grpcpp.h"
#include "storage/repository.h"

namespace timeline::api {

inline constexpr char kConsistencyTokenKey[] = "timeline-consistency-token";

// Fills ctx.consistency_token from the call's metadata (the newest, when it has several), and makes
// ctx.on_consistency_token send a committed write's token back in the call's trailing metadata.
void AttachConsistencyToken(grpc::ServerContext& context, storage::CallContext& ctx);

}  // namespace timeline::api
