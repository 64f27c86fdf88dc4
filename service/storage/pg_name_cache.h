// What resolving a name answers (Ref, Warning, NameResult), and NameCache, the process-wide cache
// of what committed ingest batches resolved. NameResolver (pg_name_resolver.h) reads it and says
// what to add; PgRepository owns the one instance. Internal to storage/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "domain/time_span.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::storage::pg {

struct Ref {
  int64_t id = 0;
  std::string resource_id;
};

struct Warning {
  absl::string_view code;
  std::string message;
};

struct NameResult {
  std::optional<Ref> ref;               // unset: rejected, or not created on a dry pass
  std::optional<v1::IngestNote> error;  // field relative to the name ("name", "place")
  std::vector<Warning> warnings;
  std::string time_zone;                         // places: own or nearest ancestor's zone
  std::optional<domain::Micros> published_time;  // sources
};

// The resolutions of committed batches, shared by every batch of the process: a name a batch
// resolved (or created) is linked by later batches without asking the database again. An entry
// stays true until the registry is curated (a rename, merge, split or deletion on any server):
// each curation moves the database's registry generation on (migrations/0009), every ingest
// transaction reads it first, and the cache empties itself when it finds another generation
// than the one it was filled in. Bounded: emptied when it reaches kMaxEntries.
class NameCache {
 public:
  static constexpr size_t kMaxEntries = 200'000;

  std::optional<NameResult> Find(const std::string& key) const;
  // Empties the cache when `generation` (read by a transaction about to use it) is not the one
  // its entries were resolved in.
  void Sync(int64_t generation);
  // Call only after the transaction that resolved `entries` in `generation` committed; entries of
  // an older generation than the cache's are dropped.
  void Add(const std::vector<std::pair<std::string, NameResult>>& entries, int64_t generation);
  void Clear();

 private:
  mutable std::mutex mu_;
  std::map<std::string, NameResult> entries_;
  int64_t generation_ = -1;
};

}  // namespace timeline::storage::pg
