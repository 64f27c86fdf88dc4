#include "domain/page_token.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <memory>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/validation.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace timeline::domain {
namespace {

constexpr absl::string_view kVersion = "t1";
constexpr size_t kMacBytes = 16;

absl::Status BadToken(absl::string_view why) {
  return InvalidField("page_token", std::string(why));
}

}  // namespace

std::string RequestFingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const auto* descriptor = copy->GetDescriptor();
  const auto* reflection = copy->GetReflection();
  for (absl::string_view name : {"page_token", "page_size"}) {
    if (const auto* field = descriptor->FindFieldByName(std::string(name))) {
      reflection->ClearField(copy.get(), field);
    }
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream raw(&bytes);
    google::protobuf::io::CodedOutputStream out(&raw);
    out.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&out);
  }
  std::string full = absl::StrCat(descriptor->full_name(), ":", bytes);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(full.data()), full.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), kMacBytes));
}

PageTokenCodec::PageTokenCodec(std::string secret) : secret_(std::move(secret)) {}

std::string PageTokenCodec::Sign(absl::string_view payload) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac, &mac_len);
  return std::string(reinterpret_cast<const char*>(mac), kMacBytes);
}

std::string PageTokenCodec::Encode(const PageCursor& cursor) const {
  std::string payload =
      absl::StrCat(kVersion, "|", cursor.fingerprint, "|", cursor.sort_key ? "k" : "n", "|",
                   cursor.sort_key.value_or(""), "|", cursor.last_id, "|", cursor.offset);
  return absl::WebSafeBase64Escape(absl::StrCat(payload, Sign(payload)));
}

absl::StatusOr<PageCursor> PageTokenCodec::Decode(absl::string_view token,
                                                  absl::string_view expected_fingerprint) const {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() <= kMacBytes) {
    return BadToken("is not a token this service issued");
  }
  absl::string_view payload(raw.data(), raw.size() - kMacBytes);
  absl::string_view mac(raw.data() + payload.size(), kMacBytes);
  // Constant-time compare: a forged token learns nothing from timing.
  if (CRYPTO_memcmp(mac.data(), Sign(payload).data(), kMacBytes) != 0) {
    return BadToken("is not a token this service issued (or was issued with another secret)");
  }
  // version|fingerprint|k-or-n|sort_key|last_id|offset. The sort key is free text and may hold
  // '|' itself, so it is everything between the third separator and the second-to-last one.
  std::vector<absl::string_view> parts = absl::StrSplit(payload, absl::MaxSplits('|', 3));
  if (parts.size() == 4) {
    absl::string_view rest = parts[3];
    size_t offset_at = rest.rfind('|');
    size_t id_at = offset_at == absl::string_view::npos || offset_at == 0
                       ? absl::string_view::npos
                       : rest.rfind('|', offset_at - 1);
    if (id_at == absl::string_view::npos) return BadToken("is malformed");
    parts.pop_back();
    parts.push_back(rest.substr(0, id_at));
    parts.push_back(rest.substr(id_at + 1, offset_at - id_at - 1));
    parts.push_back(rest.substr(offset_at + 1));
  }
  PageCursor cursor;
  if (parts.size() != 6 || parts[0] != kVersion || (parts[2] != "k" && parts[2] != "n") ||
      !absl::SimpleAtoi(parts[4], &cursor.last_id) || !absl::SimpleAtoi(parts[5], &cursor.offset)) {
    return BadToken("is malformed");
  }
  cursor.fingerprint = std::string(parts[1]);
  if (parts[2] == "k") cursor.sort_key = std::string(parts[3]);
  if (cursor.fingerprint != expected_fingerprint) {
    return BadToken(
        "was issued for a request with other parameters; keep every field but page_token and "
        "page_size the same between pages");
  }
  return cursor;
}

}  // namespace timeline::domain
