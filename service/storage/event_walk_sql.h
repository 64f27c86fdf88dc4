// The statement of a ListEvents page in time order that PostgreSQL can stop reading after a page
// however large the selection: one actor's events, one place's, one event type's in a time range,
// or a circle's few places', each read as ordered index walks — one per class of span length
// (migrations/0012, classes of 0016) — merged in order. A walk needs a lower bound on where
// overlapping events can start: within a class every span is at most L long, so one overlapping
// [a, b) starts in (a - L, b). The classes end at an hour, a day, a week, 28 to 31 days, 365 and
// 366 days, so that whole days, months and years ending at a are not read.
#pragma once

#include <optional>
#include <string>

#include "domain/event_query.h"
#include "storage/query_builder.h"

namespace timeline::storage {

// "SELECT <alias>.event_id FROM <table> <alias> WHERE <condition>" for the links of `table`
// (event_actors or event_place_scope, with their sort_time column) whose span is in `range`:
// without a range that one statement, with one a UNION ALL of one per span class, each bounded as
// a walk's, so that the (id, span class, sort_time) index reads only the links that can be in
// the range, whatever the selection's size.
std::string LinkedEventIdsInRange(QueryBuilder& qb, const char* table, const char* alias,
                                  const std::string& condition,
                                  const std::optional<domain::RangeFilter>& range);

// The statement of the events with a start time for `q`, in the shape of
// ListEventsSql::dated, when `q` is a walk: in start-time order, and one actor and no place, one
// place and no actor, or neither with one event type and a time range; or one actor and one place
// once it is known which has fewer links (ResolvedSelection::actor_links_fewer): those are walked,
// and each walked link's event is looked up among the other's links by primary key, so that the
// page costs at most the smaller side's links, never a read of the larger one; or a circle's
// once its places are known (IsNearWalk). Otherwise nothing,
// and the semi-join or events_sort_idx plans of event_query_sql.cc apply.
std::optional<SqlWithParams> BuildWalkSql(const domain::EventQuery& q,
                                          const ResolvedSelection& ids);

// Whether BuildWalkSql walks one actor's or one place's links for `q` alone (not an event type's
// events, not an actor's and a place's, and not no walk at all).
bool IsLinkWalk(const domain::EventQuery& q, const ResolvedSelection& ids);

// Whether `q` is a circle's page in start-time order, without actors, places or a box: when
// the circle holds at most kNearPlaceWalkCap places (ResolvedSelection::near_place_ids,
// pg::FindPlacesNear), BuildWalkSql walks each place's links and reads the links with their own
// point in the circle, so that the page costs about page_size links per place and span class
// plus the circle's own-point links, never every link of the circle's places.
bool IsNearWalk(const domain::EventQuery& q, const ResolvedSelection& ids);

// Whether `q` is one actor's and one place's page in start-time order: BuildWalkSql walks the
// links of the one with fewer, once ResolvedSelection::actor_links_fewer says which
// (pg::CountWalkedLinks).
bool IsActorAndPlaceWalk(const domain::EventQuery& q, const ResolvedSelection& ids);

}  // namespace timeline::storage
