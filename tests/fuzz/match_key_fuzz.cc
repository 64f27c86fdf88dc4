// Fuzzes match keys (normalize/match_key.h): any bytes give a key that is valid UTF-8 (it is
// stored in a text column), with words separated by single ASCII spaces, and that is its own key.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "normalize/match_key.h"
#include "unicode/utf8.h"

namespace {

bool IsValidUtf8(const std::string& s) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string name(reinterpret_cast<const char*>(data), size);
  const std::string key = timeline::normalize::MatchKey(name);
  FUZZ_CHECK(IsValidUtf8(key));
  FUZZ_CHECK(key.empty() || (key.front() != ' ' && key.back() != ' '));
  FUZZ_CHECK(key.find("  ") == std::string::npos);
  FUZZ_CHECK(timeline::normalize::MatchKey(key) == key);
  return 0;
}
