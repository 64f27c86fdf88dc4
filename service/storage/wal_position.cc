#include "storage/wal_position.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "domain/field_checks.h"
#include "domain/validation.h"

namespace timeline::storage {
namespace {

// One half of a position: 1 to 8 hexadecimal digits (PostgreSQL prints no leading zeros).
bool ParseHalf(absl::string_view digits, uint32_t& half) {
  if (digits.empty() || digits.size() > 8) return false;
  for (char c : digits) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return absl::SimpleHexAtoi(digits, &half);
}

}  // namespace

std::string FormatWalPosition(WalPosition position) {
  return absl::StrFormat("%X/%X", static_cast<uint32_t>(position >> 32),
                         static_cast<uint32_t>(position & 0xffffffffu));
}

absl::StatusOr<WalPosition> ParseWalPosition(absl::string_view text, absl::string_view field) {
  std::vector<absl::string_view> halves = absl::StrSplit(text, '/');
  uint32_t high = 0;
  uint32_t low = 0;
  if (halves.size() != 2 || !ParseHalf(halves[0], high) || !ParseHalf(halves[1], low)) {
    return domain::InvalidField(
        std::string(field),
        absl::StrCat(domain::Quoted(text),
                     " is not a consistency token (use the one a write returned, as it is)"));
  }
  return (static_cast<WalPosition>(high) << 32) | low;
}

}  // namespace timeline::storage
