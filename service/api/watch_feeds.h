// What a WatchHub (api/watch_hub.h) streams, one feed per Watch method: the validated query, how
// one read of the change log is made for it, and how each change becomes a response.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "domain/event_query.h"
#include "domain/registry_watch.h"
#include "storage/repository.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/place.pb.h"

namespace timeline::api {

// WatchEvents: the changes to the events of a selection.
struct EventFeed {
  using Query = domain::WatchQuery;
  using Response = v1::WatchEventsResponse;
  using Batch = storage::ChangeBatch;
  static absl::StatusOr<Batch> Read(storage::Repository& repo, const storage::CallContext& ctx,
                                    const Query& query, int64_t after, int limit);
  static Response ToResponse(storage::EventChange change);
};

// WatchActors: the changes to every actor, or to some.
struct ActorFeed {
  using Query = domain::RegistryWatchQuery;
  using Response = v1::WatchActorsResponse;
  using Batch = storage::RegistryChangeBatch<v1::Actor>;
  static absl::StatusOr<Batch> Read(storage::Repository& repo, const storage::CallContext& ctx,
                                    const Query& query, int64_t after, int limit);
  static Response ToResponse(storage::RegistryChange<v1::Actor> change);
};

// WatchPlaces: the changes to every place, or to some.
struct PlaceFeed {
  using Query = domain::RegistryWatchQuery;
  using Response = v1::WatchPlacesResponse;
  using Batch = storage::RegistryChangeBatch<v1::Place>;
  static absl::StatusOr<Batch> Read(storage::Repository& repo, const storage::CallContext& ctx,
                                    const Query& query, int64_t after, int limit);
  static Response ToResponse(storage::RegistryChange<v1::Place> change);
};

}  // namespace timeline::api
