// Builds the SQL of ListEvents from a validated EventQuery: fixed fragments, every value a bound
// parameter. Kept apart from PgRepository so that tests can EXPLAIN exactly the statement the
// service runs.
//
// The plan it aims for: actor and place selectors are semi-joins through event_actors and
// event_place_scope, whose (id, span) GiST indexes answer "this actor/place in this range" in one
// lookup; the rest filters a handful of rows reached by primary key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/records.h"

namespace timeline::storage {

struct SqlWithParams {
  std::string sql;
  std::vector<std::string> params;
};

// `actor_ids` / `place_ids`: the internal ids of query.actor_ids / query.place_ids.
SqlWithParams BuildListEventsSql(const domain::EventQuery& query,
                                 const std::vector<int64_t>& actor_ids,
                                 const std::vector<int64_t>& place_ids);

// PostgreSQL array literals: {1,2,3} and {"a","b\"c"}.
std::string IdArrayLiteral(const std::vector<int64_t>& ids);
std::string TextArrayLiteral(const std::vector<std::string>& values);

}  // namespace timeline::storage
