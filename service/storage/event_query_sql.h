// Builds the SQL of ListEvents from a validated EventQuery: fixed fragments, every value a bound
// parameter. Kept apart from PgRepository so that tests can EXPLAIN exactly the statement the
// service runs.
//
// The plans it aims for: a page in time order of one actor's, one place's or one event type's
// events merges ordered index walks, one per span class, each bounded by the range and the
// keyset, so that it stops after a page whatever the selection's size (event_walk_sql.h); so
// does one actor's and one place's, walking the side with fewer links and probing the other; other
// actor and place selections are semi-joins on the links in the range, one bounded scan of the
// (id, span class, sort_time) index per span class (LinkedEventIdsInRange), the rest filtering
// rows reached by primary key;
// without a selective selector, a walk of events_sort_idx (either direction) bounded by the keyset
// and by sort_time limits that the range implies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/event_query.h"
#include "storage/query_builder.h"

namespace timeline::storage {

// ListEvents runs up to two statements, each ordered and limited to page_size + 1 rows: events
// that have the order's key (a start time, a best fatality figure, an update time) after the
// cursor, then — while the page has room — those without it (unresolved times unless a time
// range excludes them; no best figure), which sort last in either order. Splitting them lets the
// keyset be a plain row comparison that bounds an index walk.
struct ListEventsSql {
  // Events with the key; unset once the cursor is past every one of them. (The names date from
  // when start_time was the only order.)
  std::optional<SqlWithParams> dated;
  // Events without the key; unset when there can be none (update_time; a time range).
  std::optional<SqlWithParams> unresolved;
  // Whether the statements are prepared on the connection (storage/statement_cache.h), so that
  // PostgreSQL may settle on a generic plan, rather than sent unnamed and planned for their
  // values. Only a selection of everything, whose generic plan walks the order's index for any
  // cursor (prepared, the keyset page of 50's statement took 0.57 ms against 0.65 ms unnamed at
  // 20,000 events), and one actor's or one place's walk without a filter (or one actor's and one
  // place's, or a circle's few places'), whose generic plans walk the same index for any actor or
  // place and spare the union's planning (at 1,000,000 events 4 ms to plan against 1.5 ms to run
  // for the busiest actor's year; an actor and a region, 2.8 ms to plan and 5 ms to run, the
  // generic plan 2.6 ms; at 10,000,000 a circle of 7 places and a year, 20-34 ms to plan against
  // 2.2-2.8 ms to run generic). Not an event type's walk: its
  // generic plan combines the type and span indexes and sorts (38 ms against 1.2 ms at 1M). Not
  // with a filter: a title phrase's best plan depends on the phrase (at 100,000 events the
  // title-phrase page took 41.7 ms prepared, 3.1 ms planned for its phrase).
  bool prepare = false;
  // Whether to run the prepared statements with their generic plan from the first call
  // (plan_cache_mode = force_generic_plan for the transaction): a circle's walk, a union of one
  // walk per place and span class, takes 20-34 ms to plan and 2-3 ms to run generic at
  // 10,000,000 events, and PostgreSQL's plan cache kept planning it afresh at every call.
  bool generic_plan = false;
};

// Each statement's rows end with the order's key as text (NULL for events without it) in this
// column: the next page token's sort key.
inline constexpr const char* kOrderKeyColumn = "order_key";

// `ids`: the internal ids of the selection's actors and places.
ListEventsSql BuildListEventsSql(const domain::EventQuery& query, const ResolvedSelection& ids);

// The columns BuildReadChangesSql adds after the event's: the change's position, kind and time
// (microseconds since the epoch).
inline constexpr const char* kChangePositionColumn = "change_position";
inline constexpr const char* kChangeKindColumn = "change_kind";
inline constexpr const char* kChangeMicrosColumn = "change_micros";
inline constexpr const char* kChangePrincipalColumn = "change_principal";
inline constexpr const char* kChangeRequestIdColumn = "change_request_id";

// The changes with positions in (after, upto] whose event is in `selection` (deleted ones
// included), in position order: the event columns (sql::kEventColumns), then the change
// columns above. Served by changes_position_idx and the events primary key.
SqlWithParams BuildReadChangesSql(const domain::EventSelection& selection,
                                  const ResolvedSelection& ids, int64_t after, int64_t upto);

}  // namespace timeline::storage
