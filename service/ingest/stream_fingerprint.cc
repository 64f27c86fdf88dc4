#include "ingest/stream_fingerprint.h"

#include <openssl/evp.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace timeline::ingest {

struct StreamFingerprint::State {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~State() { EVP_MD_CTX_free(ctx); }
};

StreamFingerprint::StreamFingerprint() : state_(std::make_unique<State>()) {
  EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr);
}

StreamFingerprint::~StreamFingerprint() = default;

void StreamFingerprint::Add(absl::string_view bytes) {
  // Length-prefixed, so that message boundaries count.
  const std::string length = absl::StrCat(bytes.size(), ":");
  EVP_DigestUpdate(state_->ctx, length.data(), length.size());
  EVP_DigestUpdate(state_->ctx, bytes.data(), bytes.size());
}

void StreamFingerprint::Add(const google::protobuf::Message& message) {
  Add(message.SerializeAsString());
}

std::string StreamFingerprint::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(state_->ctx, digest, &size);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), size));
}

}  // namespace timeline::ingest
