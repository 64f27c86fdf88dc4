// Authentication and authorization for calls over TLS, before any handler runs: a call is
// identified by its `authorization: Bearer <token>` header or, without one, by its verified client
// certificate (mutual TLS), through the access policy (api/access_policy.h). An unknown or
// missing credential fails UNAUTHENTICATED; a role that does not allow the method fails
// PERMISSION_DENIED. Health checks and reflection stay open. The identity is attached to the
// call's AuthContext (IdentityOf reads it back), for the audit trail.
//
// gRPC runs such processors only on TLS connections, which is also the only place a bearer token
// is not sent in the clear. Calls it refuses never reach a handler or an interceptor, so it
// writes their audit line itself.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "api/access_policy.h"
#include "api/call_audit.h"
#include "grpcpp/security/auth_metadata_processor.h"
#include "grpcpp/server_context.h"

namespace timeline::api {

class AuthProcessor final : public grpc::AuthMetadataProcessor {
 public:
  AuthProcessor(AccessPolicy policy, std::shared_ptr<AuditSink> audit)
      : policy_(std::move(policy)), audit_(std::move(audit)) {}

  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

  // The token of an `authorization` header's value ("Bearer <token>"); empty if it is not one.
  static absl::string_view BearerToken(absl::string_view authorization);

 private:
  grpc::Status Decide(const InputMetadata& auth_metadata, const grpc::AuthContext& context,
                      absl::string_view path, Identity* identity) const;

  const AccessPolicy policy_;
  const std::shared_ptr<AuditSink> audit_;
};

// The identity AuthProcessor attached to a call; the anonymous admin when there is none (no
// access control configured).
Identity IdentityOf(const grpc::ServerContextBase& context);

}  // namespace timeline::api
