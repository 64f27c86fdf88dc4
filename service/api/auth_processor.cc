#include "api/auth_processor.h"

#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "grpc/grpc_security_constants.h"

namespace timeline::api {
namespace {

// Where the processor leaves the identity in the call's AuthContext.
constexpr char kPrincipalProperty[] = "timeline.principal";
constexpr char kRoleProperty[] = "timeline.role";

absl::string_view ToView(grpc::string_ref ref) { return {ref.data(), ref.size()}; }

std::string FirstProperty(const grpc::AuthContext& context, const char* name) {
  std::vector<grpc::string_ref> values = context.FindPropertyValues(name);
  return values.empty() ? std::string() : std::string(ToView(values.front()));
}

std::string MetadataValue(const grpc::AuthMetadataProcessor::InputMetadata& metadata,
                          const char* key) {
  auto found = metadata.find(key);
  return found == metadata.end() ? std::string() : std::string(ToView(found->second));
}

}  // namespace

absl::string_view AuthProcessor::BearerToken(absl::string_view authorization) {
  absl::string_view token = absl::StripAsciiWhitespace(authorization);
  if (token.size() < 7 || !absl::EqualsIgnoreCase(token.substr(0, 7), "bearer ")) return {};
  return absl::StripLeadingAsciiWhitespace(token.substr(7));
}

grpc::Status AuthProcessor::Decide(const InputMetadata& auth_metadata,
                                   const grpc::AuthContext& context, absl::string_view path,
                                   Identity* identity) const {
  auto authorization = auth_metadata.find("authorization");
  if (authorization != auth_metadata.end()) {
    absl::string_view token = BearerToken(ToView(authorization->second));
    std::optional<Identity> known = token.empty() ? std::nullopt : policy_.ForToken(token);
    if (!known) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          "authorization: not a valid bearer token");
    }
    *identity = *std::move(known);
  } else {
    const std::string subject = FirstProperty(context, GRPC_X509_SUBJECT_PROPERTY_NAME);
    const std::string common_name = FirstProperty(context, GRPC_X509_CN_PROPERTY_NAME);
    std::optional<Identity> known = policy_.ForCertificate(subject, common_name);
    if (!known) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                          subject.empty()
                              ? "authorization: missing; send \"authorization: Bearer <token>\""
                              : "authorization: missing, and the client certificate's subject "
                                "is not in the access file");
    }
    *identity = *std::move(known);
  }
  const absl::string_view method = MethodNameOf(path);
  const Role needed = RequiredRole(method).value_or(Role::kAdmin);
  if (identity->role < needed) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        absl::StrCat(method, " needs role ", RoleName(needed), "; principal ",
                                     identity->principal, " has role ", RoleName(identity->role)));
  }
  return grpc::Status::OK;
}

grpc::Status AuthProcessor::Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                                    OutputMetadata* consumed_auth_metadata, OutputMetadata*) {
  const auto start = std::chrono::steady_clock::now();
  const std::string path = MetadataValue(auth_metadata, ":path");
  if (IsOpenMethod(path)) {
    context->AddProperty(kPrincipalProperty, AnonymousIdentity().principal);
    context->AddProperty(kRoleProperty, std::string(RoleName(Role::kReader)));
    return grpc::Status::OK;
  }
  Identity identity{"unknown", Role::kReader};
  grpc::Status status = Decide(auth_metadata, *context, path, &identity);
  if (status.ok()) {
    context->AddProperty(kPrincipalProperty, identity.principal);
    context->AddProperty(kRoleProperty, std::string(RoleName(identity.role)));
    auto authorization = auth_metadata.find("authorization");
    if (authorization != auth_metadata.end()) {
      consumed_auth_metadata->insert({"authorization", std::string(ToView(authorization->second))});
    }
    return status;
  }
  // A refused call never reaches the interceptor; its line is written here.
  AuditRecord record;
  record.method = path;
  record.principal = identity.principal;
  record.role = status.error_code() == grpc::StatusCode::PERMISSION_DENIED
                    ? std::string(RoleName(identity.role))
                    : "";
  record.code = StatusCodeName(status.error_code());
  record.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  auto request_id = auth_metadata.find(kRequestIdHeader);
  record.request_id =
      request_id != auth_metadata.end() && IsValidRequestId(ToView(request_id->second))
          ? std::string(ToView(request_id->second))
          : NewRequestId();
  record.peer = FirstProperty(*context, GRPC_X509_SUBJECT_PROPERTY_NAME);
  audit_->Write(record);
  return status;
}

Identity IdentityOf(const grpc::ServerContextBase& context) {
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return AnonymousIdentity();
  std::string principal = FirstProperty(*auth, kPrincipalProperty);
  if (principal.empty()) return AnonymousIdentity();
  return {principal, RoleFromName(FirstProperty(*auth, kRoleProperty)).value_or(Role::kReader)};
}

}  // namespace timeline::api
