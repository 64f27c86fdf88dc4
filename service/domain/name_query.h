// The validated requests of the directory's list calls: ListActors, ListPlaces, ListSources —
// a name in any script or spelling (as its match key), a parent and an area for places, paging.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "domain/geo.h"
#include "domain/page_token.h"
#include "domain/paging.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/place.pb.h"
#include "timeline/v1/source.pb.h"

namespace timeline::domain {

// The validated form of ListActors / ListPlaces / ListSources.
struct NameQuery {
  std::string match_key;  // empty: list all
  std::string parent_id;  // ListPlaces only
  // ListPlaces only: places whose own location is in the circle (nearest first) and the box.
  std::optional<GeoCircle> near;
  std::optional<GeoBox> bounding_box;
  int page_size = kDefaultPageSize;
  std::optional<PageCursor> after;
  std::string fingerprint;
};
absl::StatusOr<NameQuery> ActorQueryFromRequest(const v1::ListActorsRequest& request,
                                                const PageTokenCodec& codec);
absl::StatusOr<NameQuery> PlaceQueryFromRequest(const v1::ListPlacesRequest& request,
                                                const PageTokenCodec& codec);
absl::StatusOr<NameQuery> SourceQueryFromRequest(const v1::ListSourcesRequest& request,
                                                 const PageTokenCodec& codec);

}  // namespace timeline::domain
