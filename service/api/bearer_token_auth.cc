#include "api/bearer_token_auth.h"

#include <openssl/crypto.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace timeline::api {
namespace {

constexpr size_t kMinTokenLength = 16;

absl::string_view ToView(grpc::string_ref ref) { return {ref.data(), ref.size()}; }

bool SameToken(absl::string_view a, absl::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseTokenFile(absl::string_view text) {
  std::vector<std::string> tokens;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    if (line.size() < kMinTokenLength) {
      return absl::InvalidArgumentError(absl::StrCat(
          "token on line ", line_number, " is shorter than ", kMinTokenLength, " characters"));
    }
    tokens.emplace_back(line);
  }
  if (tokens.empty()) return absl::InvalidArgumentError("no token in the file");
  return tokens;
}

bool BearerTokenAuth::IsOpen(absl::string_view path) {
  return absl::StartsWith(path, "/grpc.health.v1.Health/") ||
         absl::StartsWith(path, "/grpc.reflection.v1.ServerReflection/") ||
         absl::StartsWith(path, "/grpc.reflection.v1alpha.ServerReflection/");
}

bool BearerTokenAuth::Accepts(absl::string_view authorization) const {
  absl::string_view token = absl::StripAsciiWhitespace(authorization);
  if (token.size() < 7 || !absl::EqualsIgnoreCase(token.substr(0, 7), "bearer ")) return false;
  token = absl::StripLeadingAsciiWhitespace(token.substr(7));
  bool accepted = false;
  // Every token is compared, so the time taken does not tell which one nearly matched.
  for (const std::string& known : tokens_) accepted |= SameToken(token, known);
  return accepted;
}

grpc::Status BearerTokenAuth::Process(const InputMetadata& auth_metadata, grpc::AuthContext*,
                                      OutputMetadata* consumed_auth_metadata, OutputMetadata*) {
  auto path = auth_metadata.find(":path");
  if (path != auth_metadata.end() && IsOpen(ToView(path->second))) return grpc::Status::OK;
  auto authorization = auth_metadata.find("authorization");
  if (authorization == auth_metadata.end()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "authorization: missing; send \"authorization: Bearer <token>\"");
  }
  if (!Accepts(ToView(authorization->second))) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "authorization: not a valid bearer token");
  }
  consumed_auth_metadata->insert({"authorization", std::string(ToView(authorization->second))});
  return grpc::Status::OK;
}

}  // namespace timeline::api
