// Stored names keyed by the current match-key rules. A name's match_key is made by the server
// (normalize::MatchKey, with ICU), so when the rules change (normalize::kMatchKeyVersion) no SQL
// migration can remake the stored keys: RekeyNames does, run by `timelined migrate` (and
// `serve --migrations_dir`) after the migrations, when the database's name_key_version is older
// than the rules. Servers still running older rules would look names up by older keys: upgrade
// them all together.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace timeline::storage::pg {

struct NameRekey {
  int from_version = 0;  // the database's version before
  int to_version = 0;    // after: the rules' version, or from_version when it was not older
  int64_t names = 0;     // names read (actors', places' and those kept by merges)
  int64_t changed = 0;   // of those, names whose key changed
  int64_t batches = 0;   // batches the names were read and re-keyed in
};

// Names read and re-keyed at a time: a few MB of names and keys.
inline constexpr int64_t kRekeyBatchRows = 10'000;

// Remakes every stored name's key when the database's keys are older than the rules, in one
// transaction that keeps writers of names out meanwhile, reading batch_rows names at a time; does
// nothing otherwise (also when the database is newer than these rules: it is not downgraded).
absl::StatusOr<NameRekey> RekeyNames(const std::string& database_url,
                                     int64_t batch_rows = kRekeyBatchRows);

}  // namespace timeline::storage::pg
