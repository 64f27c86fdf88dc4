// The validated WatchActors and WatchPlaces requests: which rows' changes to stream, and where
// the stream starts (see domain/event_query.h for WatchEvents, which reads its start the same
// way).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/time_span.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/place.pb.h"

namespace timeline::domain {

struct RegistryWatchQuery {
  std::vector<std::string> ids;  // resource ids ("aqim" of "actors/aqim"); empty: every row
  // Equal for requests that select the same changes (whatever their cursor or start_time).
  std::string selection_key;
  std::optional<int64_t> after_position;  // from the cursor
  std::optional<Micros> since;            // from start_time
};

absl::StatusOr<RegistryWatchQuery> RegistryWatchQueryFromRequest(
    const v1::WatchActorsRequest& request);
absl::StatusOr<RegistryWatchQuery> RegistryWatchQueryFromRequest(
    const v1::WatchPlacesRequest& request);

}  // namespace timeline::domain
