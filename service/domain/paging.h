// Paging of list calls (AIP-158): page sizes and page tokens, read the same way by every list
// request (events, actors, places, sources, related actors, histograms).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/page_token.h"
#include "domain/validation.h"

namespace timeline::domain {

// Page sizes: 0 means the default, larger values are capped.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// page_size: 0 means kDefaultPageSize, larger than kMaxPageSize means kMaxPageSize; a negative
// one is a violation of "page_size".
int ReadPageSize(int32_t requested, Violations& v);
// page_token: unset when empty; checked against the request's fingerprint (a token issued for
// other parameters is a violation of "page_token").
std::optional<PageCursor> ReadPageToken(const std::string& token, const std::string& fingerprint,
                                        const PageTokenCodec& codec, Violations& v);

}  // namespace timeline::domain
