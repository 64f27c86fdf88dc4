// Gazetteer rows carry hundreds of alternate names from many hands (a GeoNames city lists
// wikipedia links, codes and stray bytes among them): an alternate name that is not a name is
// dropped from the row with a warning naming it (ALIAS_SKIPPED), and the rest of the row is
// kept. An alternate name is not a name when it
//   - is longer than kMaxAliasBytes,
//   - is not valid UTF-8 or holds U+FFFD (bytes the sender could not decode),
//   - holds a control character (U+0000..U+001F, U+007F..U+009F),
//   - is a link ("://", "www.", "wikipedia.org"),
//   - has no letter or digit.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest {

inline constexpr size_t kMaxAliasBytes = 500;

// Why `alias` is not a name ("is a link"); empty when it is one.
std::string AliasProblem(absl::string_view alias);

// Drops the aliases of `place` that are not names, and the invalid-UTF-8 markers
// (domain/utf8_repair.h) of those; one warning per dropped alias, under `field`.aliases[i]
// (its index as sent).
std::vector<v1::IngestNote> ScreenAliases(v1::IngestPlace& place, absl::string_view field);

}  // namespace timeline::ingest
