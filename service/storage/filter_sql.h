// The SQL of a parsed filter (domain::FilterExpr, ListEventsRequest.filter): one boolean
// expression over `events e`, every value a bound parameter.
//
// Each restriction becomes a two-valued condition, never NULL: an event that lacks the field
// (no best figure, no known start) simply does not match it, so NOT of a restriction is its exact
// complement. Actors and places go through the link tables (event_actors; event_place_scope for
// "at or below"); sources through event_sources and sources; text searches are ILIKE '%value%'
// with LIKE's wildcards escaped, served by the pg_trgm GIN indexes of migration 0004.
#pragma once

#include <string>

#include "domain/filter.h"
#include "storage/query_builder.h"

namespace timeline::storage {

// `ids` must hold the internal id of every actor and place the filter names
// (pg::ResolveSelection finds them).
std::string FilterSql(QueryBuilder& qb, const domain::FilterExpr& filter,
                      const ResolvedSelection& ids);

}  // namespace timeline::storage
