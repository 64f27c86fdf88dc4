#include "api/access_policy.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace timeline::api {
namespace {

constexpr size_t kMinTokenLength = 16;
constexpr absl::string_view kSha256Prefix = "sha256:";

struct Verb {
  absl::string_view prefix;
  Role role;
};

// Read-only verbs, then verbs that add or change, then verbs that remove or rewrite history.
constexpr Verb kVerbs[] = {
    {"Get", Role::kReader},    {"List", Role::kReader},    {"Count", Role::kReader},
    {"Export", Role::kReader}, {"Watch", Role::kReader},   {"Search", Role::kReader},
    {"Parse", Role::kReader},  {"Create", Role::kWriter},  {"Update", Role::kWriter},
    {"Ingest", Role::kWriter}, {"Delete", Role::kAdmin},   {"Merge", Role::kAdmin},
    {"Split", Role::kAdmin},   {"Undelete", Role::kAdmin}, {"Purge", Role::kAdmin},
    {"Curate", Role::kAdmin},
};

// "DeleteEvent" starts with the verb "Delete"; "Getaway" does not start with "Get".
bool StartsWithVerb(absl::string_view name, absl::string_view verb) {
  if (!absl::StartsWith(name, verb)) return false;
  return name.size() == verb.size() || absl::ascii_isupper(name[verb.size()]);
}

bool SameBytes(absl::string_view a, absl::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

absl::Status LineError(int line_number, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line_number, ": ", what));
}

absl::StatusOr<std::string> TokenCredential(absl::string_view value) {
  if (absl::ConsumePrefix(&value, kSha256Prefix)) {
    if (value.size() != 2 * SHA256_DIGEST_LENGTH ||
        !std::all_of(value.begin(), value.end(), absl::ascii_isxdigit)) {
      return absl::InvalidArgumentError("sha256: needs 64 hexadecimal digits");
    }
    return absl::HexStringToBytes(value);
  }
  if (value.size() < kMinTokenLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("a token needs at least ", kMinTokenLength, " characters"));
  }
  return TokenDigest(value);
}

// The next whitespace-separated field of `rest`, which moves past it.
absl::string_view NextField(absl::string_view& rest) {
  rest = absl::StripLeadingAsciiWhitespace(rest);
  size_t end = rest.find_first_of(" \t");
  if (end == absl::string_view::npos) end = rest.size();
  absl::string_view field = rest.substr(0, end);
  rest.remove_prefix(end);
  return field;
}

// One grant line: "<principal> <role> <kind> <credential...>".
absl::StatusOr<Grant> ParseGrant(absl::string_view line) {
  absl::string_view head[4];
  for (int i = 0; i < 3; ++i) head[i] = NextField(line);
  head[3] = absl::StripAsciiWhitespace(line);
  if (head[3].empty()) {
    return absl::InvalidArgumentError("expected \"<principal> <role> <kind> <credential>\"");
  }
  Grant grant;
  grant.identity.principal = std::string(head[0]);
  std::optional<Role> role = RoleFromName(head[1]);
  if (!role) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown role \"", head[1], "\" (reader, writer or admin)"));
  }
  grant.identity.role = *role;
  absl::string_view credential = absl::StripAsciiWhitespace(head[3]);
  if (head[2] == "token") {
    absl::StatusOr<std::string> digest = TokenCredential(credential);
    if (!digest.ok()) return digest.status();
    grant.kind = Grant::Kind::kTokenSha256;
    grant.credential = *std::move(digest);
  } else if (head[2] == "subject") {
    grant.kind = Grant::Kind::kSubject;
    grant.credential = std::string(credential);
  } else if (head[2] == "cn") {
    grant.kind = Grant::Kind::kCommonName;
    grant.credential = std::string(credential);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown kind \"", head[2], "\" (token, subject or cn)"));
  }
  return grant;
}

}  // namespace

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kWriter:
      return "writer";
    case Role::kAdmin:
      return "admin";
  }
  return "admin";
}

std::optional<Role> RoleFromName(absl::string_view name) {
  for (Role role : {Role::kReader, Role::kWriter, Role::kAdmin}) {
    if (name == RoleName(role)) return role;
  }
  return std::nullopt;
}

std::optional<Role> RequiredRole(absl::string_view method_name) {
  for (const Verb& verb : kVerbs) {
    if (StartsWithVerb(method_name, verb.prefix)) return verb.role;
  }
  return std::nullopt;
}

absl::string_view MethodNameOf(absl::string_view path) {
  size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

bool IsOpenMethod(absl::string_view path) {
  return absl::StartsWith(path, "/grpc.health.v1.Health/") ||
         absl::StartsWith(path, "/grpc.reflection.v1.ServerReflection/") ||
         absl::StartsWith(path, "/grpc.reflection.v1alpha.ServerReflection/");
}

Identity AnonymousIdentity() { return {"anonymous", Role::kAdmin}; }

std::string TokenDigest(absl::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

absl::StatusOr<std::vector<Grant>> ParseAccessFile(absl::string_view text) {
  std::vector<Grant> grants;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    absl::StatusOr<Grant> grant = ParseGrant(line);
    if (!grant.ok()) return LineError(line_number, grant.status().message());
    grants.push_back(*std::move(grant));
  }
  if (grants.empty()) return absl::InvalidArgumentError("no grant in the file");
  return grants;
}

absl::StatusOr<std::vector<Grant>> ParseTokenFile(absl::string_view text) {
  std::vector<Grant> grants;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    if (line.size() < kMinTokenLength) {
      return absl::InvalidArgumentError(absl::StrCat(
          "token on line ", line_number, " is shorter than ", kMinTokenLength, " characters"));
    }
    grants.push_back({Grant::Kind::kTokenSha256,
                      TokenDigest(line),
                      {absl::StrCat("token-", line_number), Role::kAdmin}});
  }
  if (grants.empty()) return absl::InvalidArgumentError("no token in the file");
  return grants;
}

std::optional<Identity> AccessPolicy::ForToken(absl::string_view token) const {
  const std::string digest = TokenDigest(token);
  const Grant* found = nullptr;
  for (const Grant& grant : grants_) {
    if (grant.kind != Grant::Kind::kTokenSha256) continue;
    if (SameBytes(digest, grant.credential) && found == nullptr) found = &grant;
  }
  if (found == nullptr) return std::nullopt;
  return found->identity;
}

std::optional<Identity> AccessPolicy::ForCertificate(absl::string_view subject,
                                                     absl::string_view common_name) const {
  for (Grant::Kind kind : {Grant::Kind::kSubject, Grant::Kind::kCommonName}) {
    absl::string_view presented = kind == Grant::Kind::kSubject ? subject : common_name;
    if (presented.empty()) continue;
    for (const Grant& grant : grants_) {
      if (grant.kind == kind && grant.credential == presented) return grant.identity;
    }
  }
  return std::nullopt;
}

}  // namespace timeline::api
