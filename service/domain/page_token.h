// Opaque page tokens (AIP-158).
//
// A token carries where the previous page stopped (a keyset: the last row's sort key and id, or
// an offset for ranked name searches) and a fingerprint of the request it belongs to. It is
// signed with HMAC-SHA256, so a token that was edited, truncated or made for another request is
// rejected with INVALID_ARGUMENT on `page_token` instead of reaching SQL.
//
//   PageTokenCodec codec(secret);
//   std::string fp = RequestFingerprint(request);       // page_token and page_size ignored
//   std::string token = codec.Encode({.fingerprint = fp, .last_id = 42});
//   absl::StatusOr<PageCursor> cursor = codec.Decode(token, fp);
//
// Replicas that serve one client must share the secret (`--page_token_secret`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace timeline::domain {

struct PageCursor {
  std::string fingerprint;
  // The sort key of the last row returned, as the database printed it; unset for rows whose key
  // is NULL (unresolved times).
  std::optional<std::string> sort_key;
  int64_t last_id = 0;
  int64_t offset = 0;
};

// A hash of every field of `request` except page_token and page_size (which may change between
// pages, AIP-158).
std::string RequestFingerprint(const google::protobuf::Message& request);

class PageTokenCodec {
 public:
  explicit PageTokenCodec(std::string secret);

  std::string Encode(const PageCursor& cursor) const;
  // INVALID_ARGUMENT on `page_token` when the token is malformed, forged, or belongs to a request
  // with other parameters than `expected_fingerprint`.
  absl::StatusOr<PageCursor> Decode(absl::string_view token,
                                    absl::string_view expected_fingerprint) const;

 private:
  std::string Sign(absl::string_view payload) const;
  std::string secret_;
};

}  // namespace timeline::domain
