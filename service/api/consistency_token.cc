#include "api/consistency_token.h"

#include <string>

#include "storage/wal_position.h"

namespace timeline::api {
namespace {

// Of several tokens, the newest counts (a client may pass one on and hold its own); a malformed
// one is kept so that the read refuses it.
void KeepNewest(std::string& kept, std::string token) {
  if (kept.empty()) {
    kept = std::move(token);
    return;
  }
  auto kept_position = storage::ParseWalPosition(kept, kConsistencyTokenKey);
  if (!kept_position.ok()) return;
  auto position = storage::ParseWalPosition(token, kConsistencyTokenKey);
  if (!position.ok() || *position > *kept_position) kept = std::move(token);
}

}  // namespace

void AttachConsistencyToken(grpc::ServerContext& context, storage::CallContext& ctx) {
  const auto [first, end] = context.client_metadata().equal_range(kConsistencyTokenKey);
  for (auto it = first; it != end; ++it) {
    KeepNewest(ctx.consistency_token, std::string(it->second.data(), it->second.size()));
  }
  ctx.on_consistency_token = [&context](const std::string& token) {
    context.AddTrailingMetadata(kConsistencyTokenKey, token);
  };
}

}  // namespace timeline::api
