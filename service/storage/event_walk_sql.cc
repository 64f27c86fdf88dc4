#include "storage/event_walk_sql.h"

#include <array>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "storage/event_query_sql.h"
#include "storage/geo_sql.h"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

// The span classes of migrations/0016_walk_classes_by_calendar_length.sql: the longest span in
// each bounded class, the look-back of its walk; the last class (longer than 366 days, or open)
// has none. A span is [lower, upper), so one of at most L overlapping [a, b) starts after a - L:
// a whole day, month or year ending at a sits on its class's bound and is not read.
constexpr std::array<const char*, 9> kBoundedClassLengths = {"1 hour",  "1 day",    "7 days",
                                                             "28 days", "29 days",  "30 days",
                                                             "31 days", "365 days", "366 days"};
constexpr int kUnboundedClass = 9;

// The class of a walk's span column, written as the walk indexes' expression so that PostgreSQL
// matches it to them.
std::string SpanClass(absl::string_view span) {
  return absl::StrCat("span_walk_class(", span, ")");
}

// What a walk reads: a source of events and the columns its classes are walked by.
struct Walk {
  std::string from;       // the relation(s), with the events as `e`
  std::string condition;  // what selects the walked links or events, before the bounds
  const char* time;       // the sort key
  const char* id;         // the event's id
  const char* span;       // the span, whose class the walk indexes hold
};

// The placeholders a walk's classes share: the range predicate on the walk's span, the range's
// bounds and the cursor, each bound once.
struct WalkParams {
  bool within = false;  // the range is WITHIN, not OVERLAPS
  std::optional<std::string> in_range;
  std::optional<std::string> start, end;  // of the range, as timestamptz
  std::optional<std::string> after_time, after_id;
  bool descending = false;  // the cursor's direction
};

WalkParams BindRangeParams(QueryBuilder& qb, const std::optional<domain::RangeFilter>& range,
                           const char* span) {
  WalkParams p;
  auto instant = [&](domain::Micros t) {
    return absl::StrCat(qb.Bind(domain::FormatRfc3339(t)), "::timestamptz");
  };
  if (range) {
    p.within = range->within;
    p.in_range = RangePredicate(qb, span, *range);
    if (range->start) p.start = instant(*range->start);
    if (range->end) p.end = instant(*range->end);
  }
  return p;
}

WalkParams BindWalkParams(QueryBuilder& qb, const domain::EventQuery& q, const Walk& w) {
  WalkParams p = BindRangeParams(qb, q.selection.time_range, w.span);
  if (q.after) {
    p.after_time = absl::StrCat(qb.Bind(*q.after->sort_key), "::timestamptz");
    p.after_id = absl::StrCat(qb.Bind(absl::StrCat(q.after->last_id)), "::bigint");
    p.descending = q.order.descending;
  }
  return p;
}

// " AND (time, id) > (cursor)" (< when descending), or nothing without a cursor.
std::string AfterCursor(const WalkParams& p, absl::string_view time, absl::string_view id) {
  if (!p.after_time) return "";
  return absl::StrCat(" AND (", time, ", ", id, ") ", p.descending ? "<" : ">", " (", *p.after_time,
                      ", ", *p.after_id, ")");
}

// The range's and the cursor's bounds on one class's walk. A span of at most L overlapping
// [a, b) starts in (a - L, b); a span within [a, b) starts in [a, b).
std::string ClassBounds(const WalkParams& p, const Walk& w, int span_class) {
  std::string sql = absl::StrCat(SpanClass(w.span), " = ", span_class);
  if (p.start && p.within) {
    absl::StrAppend(&sql, " AND ", w.time, " >= ", *p.start);
  } else if (p.start && span_class != kUnboundedClass) {
    absl::StrAppend(&sql, " AND ", w.time, " > ", *p.start, " - interval '",
                    kBoundedClassLengths[span_class], "'");
  }
  if (p.end) absl::StrAppend(&sql, " AND ", w.time, " < ", *p.end);
  if (p.in_range) absl::StrAppend(&sql, " AND ", *p.in_range);
  absl::StrAppend(&sql, AfterCursor(p, w.time, w.id));
  return sql;
}

// The selection but for what the walk itself selects by: the time range, the actor or place,
// and with `walked_types` the event type.
void AddRestOfSelection(QueryBuilder& qb, const domain::EventQuery& q, ResolvedSelection ids,
                        bool walked_types) {
  domain::EventSelection rest = q.selection;
  rest.time_range.reset();
  if (walked_types) rest.event_types.clear();
  ids.actor_ids.clear();
  ids.place_ids.clear();
  AddEventSelection(qb, rest, ids);
}

// Each class's page — its walk in order, the rest of the selection checked, page_size + 1 rows —
// and the pages merged in order into one (PostgreSQL's Merge Append). `qb` holds the walk's own
// parameters already. (Not fenced: ordering a class's links behind OFFSET 0 before the join would
// hide the LIMIT from their planning, and PostgreSQL would plan to read and sort them all.)
SqlWithParams MergedWalks(QueryBuilder& qb, const domain::EventQuery& q,
                          const ResolvedSelection& ids, const Walk& w, bool walked_types) {
  const WalkParams params = BindWalkParams(qb, q, w);
  AddRestOfSelection(qb, q, ids, walked_types);
  const char* order = q.order.descending ? " ORDER BY walk_time DESC, walk_id DESC LIMIT "
                                         : " ORDER BY walk_time, walk_id LIMIT ";
  std::vector<std::string> pages;
  for (int c = 0; c <= kUnboundedClass; ++c) {
    pages.push_back(absl::StrCat(
        "(SELECT ", sql::kEventColumns, ", e.sort_time::text AS ", kOrderKeyColumn, ", ", w.time,
        " AS walk_time, ", w.id, " AS walk_id FROM ", w.from, " WHERE ", w.condition, " AND ",
        ClassBounds(params, w, c), qb.where(), order, q.page_size + 1, ")"));
  }
  return {absl::StrCat("SELECT * FROM (", absl::StrJoin(pages, " UNION ALL "), ") p", order,
                       q.page_size + 1),
          qb.params()};
}

// One actor's or one place's links, as a walk reads them or a probe looks one up.
struct LinkSide {
  const char* table;      // event_actors or event_place_scope
  const char* id_column;  // actor_id or place_id
  int64_t id;
  bool first_role_only;  // an actor may hold two roles in one event: only its first is walked
};

LinkSide ActorSide(const ResolvedSelection& ids) {
  return {"event_actors", "actor_id", ids.actor_ids[0], true};
}

LinkSide PlaceSide(const ResolvedSelection& ids) {
  return {"event_place_scope", "place_id", ids.place_ids[0], false};
}

// The walked side's links joined to their events by primary key; with `probed`, only the events
// that side also links, looked up per walked link by its (id, event_id) key.
SqlWithParams LinkWalkSql(const domain::EventQuery& q, const ResolvedSelection& ids,
                          const LinkSide& walked, const std::optional<LinkSide>& probed) {
  QueryBuilder qb;
  Walk w{.from = absl::StrCat(walked.table, " w JOIN events e ON e.id = w.event_id"),
         .condition = absl::StrCat("w.", walked.id_column, " = ", qb.Bind(absl::StrCat(walked.id)),
                                   "::bigint"),
         .time = "w.sort_time",
         .id = "w.event_id",
         .span = "w.span"};
  if (walked.first_role_only) {
    absl::StrAppend(&w.condition, " AND NOT EXISTS (SELECT 1 FROM ", walked.table,
                    " d WHERE d.event_id = w.event_id AND d.", walked.id_column, " = w.",
                    walked.id_column, " AND d.role < w.role)");
  }
  if (probed) {
    // OFFSET 0 keeps the EXISTS a probe per walked link: turned into a join, PostgreSQL would
    // read the probed side's links whole to merge them (at 1,000,000 events, all 46,000 of a
    // region's for an actor's 1,600: 9.9 ms against 4.4 ms probing).
    absl::StrAppend(&w.condition, " AND EXISTS (SELECT 1 FROM ", probed->table, " x WHERE x.",
                    probed->id_column, " = ", qb.Bind(absl::StrCat(probed->id)),
                    "::bigint AND x.event_id = w.event_id OFFSET 0)");
  }
  return MergedWalks(qb, q, ids, w, /*walked_types=*/false);
}

// One event type's events, walked by events_type_class_walk_idx (event_type, class, sort_time,
// id).
SqlWithParams TypeWalkSql(const domain::EventQuery& q, const ResolvedSelection& ids) {
  QueryBuilder qb;
  const Walk w{.from = "events e",
               .condition = absl::StrCat("e.event_type = ", qb.Bind(q.selection.event_types[0])),
               .time = "e.sort_time",
               .id = "e.id",
               .span = "e.span"};
  return MergedWalks(qb, q, ids, w, /*walked_types=*/true);
}

// A circle's events: per place whose point is in the circle (ids.near_place_ids) and per span
// class, a walk of the place's scope rows that keeps the events the place is linked to without a
// point of their own (probed by event_places' key), as a place's page walks; and the events with
// a link of their own point in the circle, read whole through event_places' GiST index. Each
// part gives its first page_size + 1; they are merged in order and an event found twice (linked
// to two of the places, or to one and by a point) is kept once. Within a part an event appears
// once, so the part's first page_size + 1 hold every event of the merged page that it gives.
SqlWithParams NearWalkSql(const domain::EventQuery& q, const ResolvedSelection& ids) {
  QueryBuilder qb;
  const Walk w{.from = "event_place_scope w JOIN events e ON e.id = w.event_id",
               .condition = "",
               .time = "w.sort_time",
               .id = "w.event_id",
               .span = "w.span"};
  const WalkParams params = BindWalkParams(qb, q, w);
  const domain::EventSelection& sel = q.selection;
  const std::string own_points =
      EventsWithOwnPointNear(qb, *sel.near, sel.include_imprecise_locations);
  const std::optional<std::string> own_points_in_range =
      sel.time_range ? std::optional(RangePredicate(qb, "e.span", *sel.time_range)) : std::nullopt;
  std::vector<std::string> places;
  for (int64_t place : *ids.near_place_ids) {
    places.push_back(absl::StrCat(qb.Bind(absl::StrCat(place)), "::bigint"));
  }
  domain::EventSelection rest = sel;
  rest.time_range.reset();
  rest.near.reset();
  ResolvedSelection filter_ids;  // the filter's names only: the circle is walked, not selected
  filter_ids.filter_actor_ids = ids.filter_actor_ids;
  filter_ids.filter_place_ids = ids.filter_place_ids;
  AddEventSelection(qb, rest, filter_ids);

  const char* order = q.order.descending ? " ORDER BY walk_time DESC, walk_id DESC LIMIT "
                                         : " ORDER BY walk_time, walk_id LIMIT ";
  const std::string columns =
      absl::StrCat("SELECT ", sql::kEventColumns, ", e.sort_time::text AS ", kOrderKeyColumn, ", ");
  std::vector<std::string> parts;
  for (const std::string& place : places) {
    for (int c = 0; c <= kUnboundedClass; ++c) {
      // OFFSET 0: a probe per walked row, as in LinkWalkSql.
      parts.push_back(absl::StrCat(
          "(", columns, "w.sort_time AS walk_time, w.event_id AS walk_id FROM ", w.from,
          " WHERE w.place_id = ", place, " AND ", ClassBounds(params, w, c),
          " AND EXISTS (SELECT 1 FROM event_places x WHERE x.event_id = w.event_id"
          " AND x.place_id = ",
          place, " AND x.location IS NULL OFFSET 0)", qb.where(), order, q.page_size + 1, ")"));
    }
  }
  parts.push_back(absl::StrCat(
      "(", columns, "e.sort_time AS walk_time, e.id AS walk_id FROM events e WHERE e.id IN (",
      own_points, ") AND e.sort_time IS NOT NULL",
      own_points_in_range ? absl::StrCat(" AND ", *own_points_in_range) : "",
      AfterCursor(params, "e.sort_time", "e.id"), qb.where(), order, q.page_size + 1, ")"));
  return {absl::StrCat("SELECT DISTINCT ON (walk_time, walk_id) * FROM (",
                       absl::StrJoin(parts, " UNION ALL "), ") p", order, q.page_size + 1),
          qb.params()};
}

}  // namespace

std::string LinkedEventIdsInRange(QueryBuilder& qb, const char* table, const char* alias,
                                  const std::string& condition,
                                  const std::optional<domain::RangeFilter>& range) {
  const std::string select =
      absl::StrCat("SELECT ", alias, ".event_id FROM ", table, " ", alias, " WHERE ", condition);
  if (!range) return select;
  const std::string time = absl::StrCat(alias, ".sort_time");
  const std::string span = absl::StrCat(alias, ".span");
  const Walk w{.from = table,
               .condition = condition,
               .time = time.c_str(),
               .id = "",  // no cursor
               .span = span.c_str()};
  const WalkParams params = BindRangeParams(qb, range, w.span);
  std::vector<std::string> classes;
  for (int c = 0; c <= kUnboundedClass; ++c) {
    classes.push_back(absl::StrCat(select, " AND ", ClassBounds(params, w, c)));
  }
  return absl::StrJoin(classes, " UNION ALL ");
}

bool IsLinkWalk(const domain::EventQuery& q, const ResolvedSelection& ids) {
  return q.order.key == domain::EventOrderKey::kStartTime &&
         ((ids.place_ids.size() == 1 && ids.actor_ids.empty()) ||
          (ids.actor_ids.size() == 1 && ids.place_ids.empty()));
}

bool IsNearWalk(const domain::EventQuery& q, const ResolvedSelection& ids) {
  return q.order.key == domain::EventOrderKey::kStartTime && q.selection.near &&
         !q.selection.bounding_box && ids.actor_ids.empty() && ids.place_ids.empty();
}

bool IsActorAndPlaceWalk(const domain::EventQuery& q, const ResolvedSelection& ids) {
  return q.order.key == domain::EventOrderKey::kStartTime && ids.actor_ids.size() == 1 &&
         ids.place_ids.size() == 1;
}

std::optional<SqlWithParams> BuildWalkSql(const domain::EventQuery& q,
                                          const ResolvedSelection& ids) {
  if (IsLinkWalk(q, ids)) {
    return ids.place_ids.empty() ? LinkWalkSql(q, ids, ActorSide(ids), std::nullopt)
                                 : LinkWalkSql(q, ids, PlaceSide(ids), std::nullopt);
  }
  if (IsActorAndPlaceWalk(q, ids)) {
    if (!ids.actor_links_fewer) return std::nullopt;
    return *ids.actor_links_fewer ? LinkWalkSql(q, ids, ActorSide(ids), PlaceSide(ids))
                                  : LinkWalkSql(q, ids, PlaceSide(ids), ActorSide(ids));
  }
  if (IsNearWalk(q, ids)) {
    if (!ids.near_place_ids) return std::nullopt;
    return NearWalkSql(q, ids);
  }
  if (q.order.key != domain::EventOrderKey::kStartTime) return std::nullopt;
  if (ids.actor_ids.empty() && ids.place_ids.empty() && q.selection.event_types.size() == 1 &&
      q.selection.time_range) {
    return TypeWalkSql(q, ids);
  }
  return std::nullopt;
}

}  // namespace timeline::storage
