#include "storage/event_walk_sql.h"

#include <array>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "storage/event_query_sql.h"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

// The span classes of migrations/0012_ordered_link_walks.sql: the longest span in each bounded
// class, the look-back of its walk; the last class (longer than a year, or open) has none.
constexpr std::array<const char*, 4> kBoundedClassLengths = {"1 day", "8 days", "32 days",
                                                             "367 days"};
constexpr int kUnboundedClass = 4;

// What one class's walk reads, in (time, id) order.
struct WalkColumns {
  const char* span_class;  // the class column or expression
  const char* time;        // the sort key
  const char* id;          // the event's id
  const char* span;
};

// The placeholders of the range's bounds and of the cursor, bound once for every class's walk.
struct WalkParams {
  std::optional<std::string> start, end;  // of the range, as timestamptz
  std::optional<std::string> after_time, after_id;
};

WalkParams BindWalkParams(QueryBuilder& qb, const domain::EventQuery& q) {
  WalkParams p;
  auto instant = [&](domain::Micros t) {
    return absl::StrCat(qb.Bind(domain::FormatRfc3339(t)), "::timestamptz");
  };
  if (const std::optional<domain::RangeFilter>& range = q.selection.time_range) {
    if (range->start) p.start = instant(*range->start);
    if (range->end) p.end = instant(*range->end);
  }
  if (q.after) {
    p.after_time = absl::StrCat(qb.Bind(*q.after->sort_key), "::timestamptz");
    p.after_id = absl::StrCat(qb.Bind(absl::StrCat(q.after->last_id)), "::bigint");
  }
  return p;
}

// The range's and the cursor's bounds on one class's walk. A span of at most L overlapping
// [a, b) starts in [a - L, b); a span within [a, b) starts in [a, b).
std::string ClassBounds(QueryBuilder& qb, const domain::EventQuery& q, const WalkParams& p,
                        const WalkColumns& c, int span_class) {
  std::string sql = absl::StrCat(c.span_class, " = ", span_class);
  if (const std::optional<domain::RangeFilter>& range = q.selection.time_range) {
    if (p.start && (range->within || span_class != kUnboundedClass)) {
      absl::StrAppend(&sql, " AND ", c.time, " >= ", *p.start);
      if (!range->within) {
        absl::StrAppend(&sql, " - interval '", kBoundedClassLengths[span_class], "'");
      }
    }
    if (p.end) absl::StrAppend(&sql, " AND ", c.time, " < ", *p.end);
    absl::StrAppend(&sql, " AND ", RangePredicate(qb, c.span, *range));
  }
  if (p.after_time) {
    absl::StrAppend(&sql, " AND (", c.time, ", ", c.id, ") ", q.order.descending ? "<" : ">", " (",
                    *p.after_time, ", ", *p.after_id, ")");
  }
  return sql;
}

std::string OrderBy(const WalkColumns& c, bool descending) {
  return descending ? absl::StrCat(" ORDER BY ", c.time, " DESC, ", c.id, " DESC")
                    : absl::StrCat(" ORDER BY ", c.time, ", ", c.id);
}

// A page's order over the walk_time and walk_id columns every class's page ends with.
const char* PageOrder(bool descending) {
  return descending ? " ORDER BY walk_time DESC, walk_id DESC LIMIT "
                    : " ORDER BY walk_time, walk_id LIMIT ";
}

// The classes' pages (each a parenthesized SELECT of the event columns, the order key, walk_time
// and walk_id) merged in order into one page: PostgreSQL's Merge Append.
SqlWithParams MergedPages(const QueryBuilder& qb, const std::vector<std::string>& pages,
                          const domain::EventQuery& q) {
  return {absl::StrCat("SELECT * FROM (", absl::StrJoin(pages, " UNION ALL "), ") p",
                       PageOrder(q.order.descending), q.page_size + 1),
          qb.params()};
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

// --- One actor's or one place's links ----------------------------------------------------------

// The links of one actor or one place, walked in (sort_time, event_id) order.
struct LinkWalk {
  const char* table;      // event_actors or event_place_scope
  const char* id_column;  // actor_id or place_id
  int64_t id;
  // An actor may hold two roles in one event: only the link with the first role is walked.
  bool first_role_only;
};

constexpr WalkColumns kLinkColumns = {"w.span_class", "w.sort_time", "w.event_id", "w.span"};

// Each class's links joined to their events by primary key, the rest of the selection checked,
// a page kept. (Not fenced: ordering the links behind OFFSET 0 would hide the page's LIMIT from
// their planning, and PostgreSQL would plan to read and sort all of a class's links in the range.)
SqlWithParams LinkWalkSql(const domain::EventQuery& q, const ResolvedSelection& ids,
                          const LinkWalk& walk) {
  QueryBuilder qb;
  const std::string id = qb.Bind(absl::StrCat(walk.id));
  std::string links = absl::StrCat("w.", walk.id_column, " = ", id, "::bigint");
  if (walk.first_role_only) {
    absl::StrAppend(&links, " AND NOT EXISTS (SELECT 1 FROM ", walk.table,
                    " d WHERE d.event_id = w.event_id AND d.", walk.id_column, " = w.",
                    walk.id_column, " AND d.role < w.role)");
  }
  const WalkParams params = BindWalkParams(qb, q);
  std::vector<std::string> bounds;
  for (int c = 0; c <= kUnboundedClass; ++c) {
    bounds.push_back(ClassBounds(qb, q, params, kLinkColumns, c));
  }
  AddRestOfSelection(qb, q, ids, /*walked_types=*/false);
  std::vector<std::string> pages;
  for (const std::string& b : bounds) {
    pages.push_back(
        absl::StrCat("(SELECT ", sql::kEventColumns, ", e.sort_time::text AS ", kOrderKeyColumn,
                     ", w.sort_time AS walk_time, w.event_id AS walk_id FROM ", walk.table,
                     " w JOIN events e ON e.id = w.event_id WHERE ", links, " AND ", b, qb.where(),
                     PageOrder(q.order.descending), q.page_size + 1, ")"));
  }
  return MergedPages(qb, pages, q);
}

// --- One event type in a time range ------------------------------------------------------------

// events_type_walk_idx is on (event_type, span_class(span), sort_time, id): the class is an
// expression there, written the same way here so that PostgreSQL matches it.
constexpr WalkColumns kTypeWalkColumns = {"span_class(e.span)", "e.sort_time", "e.id", "e.span"};

SqlWithParams TypeWalkSql(const domain::EventQuery& q, const ResolvedSelection& ids) {
  QueryBuilder qb;
  const std::string type = qb.Bind(q.selection.event_types[0]);
  const WalkParams params = BindWalkParams(qb, q);
  std::vector<std::string> bounds;
  for (int c = 0; c <= kUnboundedClass; ++c) {
    bounds.push_back(ClassBounds(qb, q, params, kTypeWalkColumns, c));
  }
  AddRestOfSelection(qb, q, ids, /*walked_types=*/true);
  std::vector<std::string> pages;
  for (const std::string& b : bounds) {
    pages.push_back(
        absl::StrCat("(SELECT ", sql::kEventColumns, ", e.sort_time::text AS ", kOrderKeyColumn,
                     ", e.sort_time AS walk_time, e.id AS walk_id FROM events e "
                     "WHERE e.event_type = ",
                     type, " AND ", b, qb.where(), OrderBy(kTypeWalkColumns, q.order.descending),
                     " LIMIT ", q.page_size + 1, ")"));
  }
  return MergedPages(qb, pages, q);
}

}  // namespace

std::optional<SqlWithParams> BuildWalkSql(const domain::EventQuery& q,
                                          const ResolvedSelection& ids) {
  if (q.order.key != domain::EventOrderKey::kStartTime) return std::nullopt;
  if (ids.place_ids.size() == 1 && ids.actor_ids.empty()) {
    return LinkWalkSql(q, ids, {"event_place_scope", "place_id", ids.place_ids[0], false});
  }
  if (ids.actor_ids.size() == 1 && ids.place_ids.empty()) {
    return LinkWalkSql(q, ids, {"event_actors", "actor_id", ids.actor_ids[0], true});
  }
  if (ids.actor_ids.empty() && ids.place_ids.empty() && q.selection.event_types.size() == 1 &&
      q.selection.time_range) {
    return TypeWalkSql(q, ids);
  }
  return std::nullopt;
}

}  // namespace timeline::storage
