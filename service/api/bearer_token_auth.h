// Bearer-token authentication for calls over TLS: a call must carry `authorization: Bearer
// <token>` with one of the configured tokens, or it fails UNAUTHENTICATED before any handler
// runs. Health checks and server reflection stay open, so probes and `grpcurl list` work without
// a token. Tokens are compared in constant time. gRPC runs such processors only on TLS
// connections, which is also the only place a bearer token is not sent in the clear.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/auth_metadata_processor.h"

namespace timeline::api {

// Reads tokens from a file's text: one per line; blank lines and lines starting with '#' are
// skipped. INVALID_ARGUMENT when there is none or one is shorter than 16 characters.
absl::StatusOr<std::vector<std::string>> ParseTokenFile(absl::string_view text);

class BearerTokenAuth final : public grpc::AuthMetadataProcessor {
 public:
  explicit BearerTokenAuth(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}

  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

  // Whether `authorization` (the header's value) names one of the tokens.
  bool Accepts(absl::string_view authorization) const;
  // Whether the method (":path", "/package.Service/Method") may be called without a token.
  static bool IsOpen(absl::string_view path);

 private:
  const std::vector<std::string> tokens_;
};

}  // namespace timeline::api
