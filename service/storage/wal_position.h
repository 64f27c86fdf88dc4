// Positions in PostgreSQL's write-ahead log (an LSN, printed "16/B374D848"), which is what a
// consistency token carries: a write returns the primary's position after its COMMIT, and a read
// that brings it back is served by a replica only once the replica has replayed that far
// (storage/replica_reads.h, docs/replicas.md).
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace timeline::storage {

using WalPosition = uint64_t;

// PostgreSQL's text form: two hexadecimal numbers, the high and low 32 bits, split by '/'.
std::string FormatWalPosition(WalPosition position);

// INVALID_ARGUMENT (naming `field`, quoting the text) unless `text` is in that form.
absl::StatusOr<WalPosition> ParseWalPosition(absl::string_view text, absl::string_view field);

}  // namespace timeline::storage
