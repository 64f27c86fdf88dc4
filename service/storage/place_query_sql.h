// Builds the SQL of ListPlaces from a validated NameQuery: fixed fragments, every value a bound
// parameter. Kept apart from PgRepository so that tests can EXPLAIN exactly what the service runs.
//
// Orders and pages:
//   near given:        nearest first (geodesic distance, then internal id), keyset on both; the
//                      name query, when also given, only filters.
//   a name query:      best match first, paged by offset.
//   neither:           by resource id, keyset on it.
// Filters (AND): the name query, parent, near (ST_DWithin through places_location_idx),
// bounding_box (through places_location_box_idx). Places without a location match neither area.
#pragma once

#include <cstdint>
#include <optional>

#include "domain/name_query.h"
#include "storage/query_builder.h"

namespace timeline::storage {

// The column with a place's distance from `near`, in metres.
inline constexpr const char* kDistanceColumn = "distance_meters";

// Selects kPlaceColumns (storage/sql.h) and, with near, kDistanceColumn (as PostgreSQL prints
// the float8: it reads back as the same value). At most
// page_size + 1 rows, to tell whether there is a next page. `parent_id`: the parent's internal id.
SqlWithParams BuildListPlacesSql(const domain::NameQuery& query, std::optional<int64_t> parent_id);

}  // namespace timeline::storage
