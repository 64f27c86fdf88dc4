// Loads the curated data files (data/*.json, timeline.seed.v1.SeedFile in proto JSON) through
// the same validation and Repository calls as the Create* RPCs.
//
// Loading is idempotent: places, actors and sources that already exist are left as they are;
// an event that exists is rewritten only when its file content differs (and so gets a new etag
// and a change record only then); one deleted through the API stays deleted. Files load in name
// order; within a file, places, actors, sources, then events.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "storage/repository.h"

namespace timeline::storage {

struct LoadReport {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
};

absl::StatusOr<LoadReport> LoadSeedDirectory(Repository& repo, const std::string& dir);

}  // namespace timeline::storage
