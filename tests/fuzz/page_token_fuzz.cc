// Fuzzes page tokens (domain/page_token.h) with a fixed secret, three ways chosen by byte 0:
//   0: the rest is a token as a caller sends it (almost always refused at the signature);
//   1: the rest is a payload, signed as the service signs, so the decoder past the signature
//      (the split of version|fingerprint|k-or-n|sort_key|last_id|offset) sees any bytes;
//   2: the rest makes a cursor, which must decode back to itself after Encode.
// A refused token is INVALID_ARGUMENT; an accepted one carries the expected fingerprint.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "domain/page_token.h"
#include "fuzz_check.h"
#include "fuzzer/FuzzedDataProvider.h"

namespace {

using timeline::domain::PageCursor;
using timeline::domain::PageTokenCodec;

constexpr char kSecret[] = "fuzz-secret";
constexpr char kFingerprint[] = "0123456789abcdef0123456789abcdef";

// The token the service would issue for `payload` (page_token.cc: payload + 16 bytes of
// HMAC-SHA256, web-safe base64).
std::string SignedToken(const std::string& payload) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), kSecret, sizeof(kSecret) - 1,
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac, &mac_len);
  return absl::WebSafeBase64Escape(
      absl::StrCat(payload, absl::string_view(reinterpret_cast<const char*>(mac), 16)));
}

void CheckDecoded(const absl::StatusOr<PageCursor>& cursor, const std::string& fingerprint) {
  if (!cursor.ok()) {
    FUZZ_CHECK(cursor.status().code() == absl::StatusCode::kInvalidArgument);
    return;
  }
  FUZZ_CHECK(cursor->fingerprint == fingerprint);
}

// A fingerprint as RequestFingerprint() makes them: lower-case hex.
std::string HexFingerprint(FuzzedDataProvider& in) {
  std::string out;
  const size_t length = in.ConsumeIntegralInRange<size_t>(0, 40);
  for (size_t i = 0; i < length; ++i) out += "0123456789abcdef"[in.ConsumeIntegral<uint8_t>() % 16];
  return out;
}

void RoundTrip(const PageTokenCodec& codec, FuzzedDataProvider& in) {
  PageCursor cursor;
  cursor.fingerprint = HexFingerprint(in);
  cursor.last_id = in.ConsumeIntegral<int64_t>();
  cursor.offset = in.ConsumeIntegral<int64_t>();
  if (in.ConsumeBool()) cursor.sort_key = in.ConsumeRemainingBytesAsString();
  absl::StatusOr<PageCursor> back = codec.Decode(codec.Encode(cursor), cursor.fingerprint);
  FUZZ_CHECK(back.ok());
  FUZZ_CHECK(back->fingerprint == cursor.fingerprint);
  FUZZ_CHECK(back->sort_key == cursor.sort_key);
  FUZZ_CHECK(back->last_id == cursor.last_id);
  FUZZ_CHECK(back->offset == cursor.offset);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const PageTokenCodec* codec = new PageTokenCodec(kSecret);
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0:
      CheckDecoded(codec->Decode(rest, kFingerprint), kFingerprint);
      break;
    case 1:
      CheckDecoded(codec->Decode(SignedToken(rest), kFingerprint), kFingerprint);
      break;
    default: {
      FuzzedDataProvider in(data + 1, size - 1);
      RoundTrip(*codec, in);
    }
  }
  return 0;
}
