#include "domain/paging.h"

#include <algorithm>

#include "domain/field_checks.h"

namespace timeline::domain {

int ReadPageSize(int32_t requested, Violations& v) {
  if (requested < 0) {
    v.Add("page_size", "must not be negative");
    return kDefaultPageSize;
  }
  if (requested == 0) return kDefaultPageSize;
  return std::min<int>(requested, kMaxPageSize);
}

std::optional<PageCursor> ReadPageToken(const std::string& token, const std::string& fingerprint,
                                        const PageTokenCodec& codec, Violations& v) {
  if (token.empty()) return std::nullopt;
  absl::StatusOr<PageCursor> cursor = codec.Decode(token, fingerprint);
  if (!cursor.ok()) {
    AddViolationsOf(cursor.status(), v);
    return std::nullopt;
  }
  return *cursor;
}

}  // namespace timeline::domain
