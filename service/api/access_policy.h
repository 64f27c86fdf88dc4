// Who may call what: the roles (reader, writer, admin), the rule that says which role each RPC
// needs, and the access file that maps bearer tokens and client-certificate subjects to a
// principal (a name for the audit trail) and a role. Pure: no I/O; the gRPC side is
// api/auth_processor.h.
//
// Access file, one grant per line; blank lines and lines starting with '#' are skipped:
//
//   <principal> <role> token sha256:<64 hex digits>   SHA-256 of the bearer token (preferred)
//   <principal> <role> token <the token itself>       at least 16 characters
//   <principal> <role> subject <certificate subject>  RFC 2253, e.g. CN=ingest,O=Example
//   <principal> <role> cn <certificate common name>
//
// The credential is the rest of the line, so subjects may contain spaces.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace timeline::api {

// Each role may do everything the one before it may.
enum class Role { kReader = 0, kWriter = 1, kAdmin = 2 };

absl::string_view RoleName(Role role);
std::optional<Role> RoleFromName(absl::string_view name);

// The role an RPC needs, from its method name ("DeleteEvent") by verb: Get, List, Count,
// Export, Watch, Search → reader; Create, Update, Ingest → writer; Delete, Merge, Split,
// Undelete, Purge, Curate → admin. nullopt for a name that fits no verb; callers treat that as
// admin (closed by default), and a unit test keeps every served RPC classified.
std::optional<Role> RequiredRole(absl::string_view method_name);

// The method name of a ":path" ("/timeline.v1.EventService/DeleteEvent" → "DeleteEvent").
absl::string_view MethodNameOf(absl::string_view path);

// Health checks and server reflection: open to anyone who can reach the port.
bool IsOpenMethod(absl::string_view path);

struct Identity {
  std::string principal;
  Role role = Role::kReader;
};

// The identity of calls made without any access control configured (plaintext on loopback, the
// local default).
Identity AnonymousIdentity();

struct Grant {
  enum class Kind { kTokenSha256, kSubject, kCommonName };
  Kind kind = Kind::kTokenSha256;
  std::string credential;  // kTokenSha256: the 32 raw digest bytes; otherwise the text
  Identity identity;
};

// Parses an access file's text; INVALID_ARGUMENT naming the line of the first bad one, or when
// the file grants nothing.
absl::StatusOr<std::vector<Grant>> ParseAccessFile(absl::string_view text);

// The legacy --auth_tokens_file: one token per line. Each becomes a grant with principal
// "token-<line>" and role admin, which is what any token could do before roles existed.
absl::StatusOr<std::vector<Grant>> ParseTokenFile(absl::string_view text);

// SHA-256 of `token`, raw bytes.
std::string TokenDigest(absl::string_view token);

class AccessPolicy {
 public:
  explicit AccessPolicy(std::vector<Grant> grants) : grants_(std::move(grants)) {}

  bool empty() const { return grants_.empty(); }
  // The identity of a bearer token (the token itself, not the header). Compares with every
  // token grant in constant time, so timing does not tell which one nearly matched.
  std::optional<Identity> ForToken(absl::string_view token) const;
  // The identity of a verified client certificate: by exact subject first, then common name.
  std::optional<Identity> ForCertificate(absl::string_view subject,
                                         absl::string_view common_name) const;

 private:
  std::vector<Grant> grants_;
};

}  // namespace timeline::api
