#include "storage/event_query_sql.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "storage/event_walk_sql.h"
#include "storage/filter_sql.h"
#include "storage/geo_sql.h"
#include "storage/sql.h"

namespace timeline::storage {

std::string RangePredicate(QueryBuilder& qb, absl::string_view column,
                           const domain::RangeFilter& range) {
  auto bound = [&](const std::optional<domain::Micros>& t) {
    return t ? absl::StrCat(qb.Bind(domain::FormatRfc3339(*t)), "::timestamptz")
             : std::string("NULL::timestamptz");
  };
  std::string lower = bound(range.start);
  std::string upper = bound(range.end);
  return absl::StrCat(column, range.within ? " <@ " : " && ", "tstzrange(", lower, ", ", upper,
                      ", '[)')");
}

std::string IdArrayLiteral(const std::vector<int64_t>& ids) {
  return absl::StrCat("{", absl::StrJoin(ids, ","), "}");
}

std::string QuotedArrayElement(std::string_view value) {
  std::string q = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') q.push_back('\\');
    q.push_back(c);
  }
  q.push_back('"');
  return q;
}

std::string TextArrayLiteral(const std::vector<std::string>& values) {
  return absl::StrCat("{",
                      absl::StrJoin(values, ",",
                                    [](std::string* out, const std::string& v) {
                                      out->append(QuotedArrayElement(v));
                                    }),
                      "}");
}

void AddEventSelection(QueryBuilder& qb, const domain::EventSelection& sel,
                       const ResolvedSelection& ids) {
  if (!sel.show_deleted) qb.Where("e.delete_time IS NULL");
  if (!ids.actor_ids.empty()) {
    const std::string actors =
        absl::StrCat("ea.actor_id = ANY(", qb.Bind(IdArrayLiteral(ids.actor_ids)), "::bigint[])");
    qb.Where(absl::StrCat(
        "e.id IN (", LinkedEventIdsInRange(qb, "event_actors", "ea", actors, sel.time_range), ")"));
  }
  if (!ids.place_ids.empty()) {
    const std::string places =
        absl::StrCat("s.place_id = ANY(", qb.Bind(IdArrayLiteral(ids.place_ids)), "::bigint[])");
    qb.Where(absl::StrCat(
        "e.id IN (", LinkedEventIdsInRange(qb, "event_place_scope", "s", places, sel.time_range),
        ")"));
  }
  AddEventAreaSelection(qb, sel);
  if (sel.event_types.size() == 1) {
    // Equality, not "= ANY" of one: only then does PostgreSQL 15 read events_type_sort_idx
    // (event_type, sort_time, id) as ordered by sort_time and stop after a page, instead of
    // walking events_sort_idx and filtering (837 ms against 26 ms for a 2% type and one year
    // at 1,000,000 events).
    qb.Where(absl::StrCat("e.event_type = ", qb.Bind(sel.event_types[0])));
  } else if (!sel.event_types.empty()) {
    qb.Where(absl::StrCat("e.event_type = ANY(", qb.Bind(TextArrayLiteral(sel.event_types)),
                          "::text[])"));
  }
  if (sel.time_range) qb.Where(RangePredicate(qb, "e.span", *sel.time_range));
  if (sel.filter) qb.Where(FilterSql(qb, *sel.filter, ids));
}

namespace {

// The key an order sorts by, over `events e`.
struct OrderKeySql {
  const char* column;
  const char* type;  // of the column, for the cursor's key
  bool nullable;     // events without the key come last, read by a statement of their own
};

OrderKeySql KeyOf(domain::EventOrderKey key) {
  switch (key) {
    case domain::EventOrderKey::kFatalitiesBest:
      return {"e.fatalities_best", "integer", true};
    case domain::EventOrderKey::kUpdateTime:
      return {"e.update_time", "timestamptz", false};
    case domain::EventOrderKey::kStartTime:
      break;
  }
  return {"e.sort_time", "timestamptz", true};
}

SqlWithParams Finish(const QueryBuilder& qb, const domain::EventQuery& q,
                     absl::string_view order_by) {
  return {absl::StrCat("SELECT ", sql::kEventColumns, ", ", KeyOf(q.order.key).column, "::text AS ",
                       kOrderKeyColumn, " FROM events e WHERE TRUE", qb.where(), " ORDER BY ",
                       order_by, " LIMIT ", q.page_size + 1),
          qb.params()};
}

// The events that have the order's key, after the cursor.
SqlWithParams KeyedSql(const domain::EventQuery& q, const ResolvedSelection& ids) {
  QueryBuilder qb;
  AddEventSelection(qb, q.selection, ids);
  const OrderKeySql key = KeyOf(q.order.key);
  if (key.nullable) qb.Where(absl::StrCat(key.column, " IS NOT NULL"));
  if (q.order.key == domain::EventOrderKey::kStartTime && q.selection.time_range) {
    const domain::RangeFilter& range = *q.selection.time_range;
    // Implied by the range, stated so that an index walk on sort_time can stop early: every
    // selected event starts before the range ends, and a WITHIN event starts inside it.
    if (range.end) {
      qb.Where(absl::StrCat("e.sort_time < ", qb.Bind(domain::FormatRfc3339(*range.end)),
                            "::timestamptz"));
    }
    if (range.within && range.start) {
      qb.Where(absl::StrCat("e.sort_time >= ", qb.Bind(domain::FormatRfc3339(*range.start)),
                            "::timestamptz"));
    }
  }
  const bool desc = q.order.descending;
  if (q.after) {
    qb.Where(absl::StrCat("(", key.column, ", e.id) ", desc ? "<" : ">", " (",
                          qb.Bind(*q.after->sort_key), "::", key.type, ", ",
                          qb.Bind(absl::StrCat(q.after->last_id)), "::bigint)"));
  }
  // No NULLs here, so DESC (NULLS FIRST) is the same order, and the (key, id) index read
  // backwards.
  return Finish(
      qb, q,
      desc ? absl::StrCat(key.column, " DESC, e.id DESC") : absl::StrCat(key.column, ", e.id"));
}

// The events without the order's key (unresolved times, no best figure), in id order.
SqlWithParams KeylessSql(const domain::EventQuery& q, const ResolvedSelection& ids) {
  QueryBuilder qb;
  AddEventSelection(qb, q.selection, ids);
  qb.Where(absl::StrCat(KeyOf(q.order.key).column, " IS NULL"));
  const bool desc = q.order.descending;
  if (q.after && !q.after->sort_key) {
    qb.Where(absl::StrCat("e.id ", desc ? "<" : ">", " ", qb.Bind(absl::StrCat(q.after->last_id)),
                          "::bigint"));
  }
  return Finish(qb, q, desc ? "e.id DESC" : "e.id");
}

// Whether `s` selects every (live, or every deleted-or-not) event: its statements differ only in
// the order, the page size and the cursor, and one generic plan walks the order's index for any
// cursor.
bool SelectsEverything(const domain::EventSelection& s) {
  return s.actor_ids.empty() && s.place_ids.empty() && s.event_types.empty() && !s.time_range &&
         !s.near && !s.bounding_box && !s.filter;
}

}  // namespace

ListEventsSql BuildListEventsSql(const domain::EventQuery& q, const ResolvedSelection& ids) {
  ListEventsSql out;
  const bool cursor_past_keyed = q.after && !q.after->sort_key;
  if (!cursor_past_keyed) {
    std::optional<SqlWithParams> walk = BuildWalkSql(q, ids);
    out.dated = walk ? std::move(*walk) : KeyedSql(q, ids);
  }
  const bool link_walk = IsLinkWalk(q, ids) ||
                         (IsActorAndPlaceWalk(q, ids) && ids.actor_links_fewer.has_value()) ||
                         (IsNearWalk(q, ids) && ids.near_place_ids.has_value());
  out.prepare = (!q.selection.filter && link_walk) || SelectsEverything(q.selection);
  out.generic_plan = out.prepare && IsNearWalk(q, ids);
  // Unresolved events never match a time range.
  const bool keyless_excluded =
      q.order.key == domain::EventOrderKey::kStartTime && q.selection.time_range;
  if (KeyOf(q.order.key).nullable && !keyless_excluded) out.unresolved = KeylessSql(q, ids);
  return out;
}

SqlWithParams BuildReadChangesSql(const domain::EventSelection& selection,
                                  const ResolvedSelection& ids, int64_t after, int64_t upto) {
  QueryBuilder qb;
  const std::string lower = qb.Bind(absl::StrCat(after));
  const std::string upper = qb.Bind(absl::StrCat(upto));
  domain::EventSelection with_deleted = selection;
  with_deleted.show_deleted = true;  // a deletion is a change like any other
  AddEventSelection(qb, with_deleted, ids);
  return {absl::StrCat("SELECT ", sql::kEventColumns, ", c.position AS ", kChangePositionColumn,
                       ", c.kind AS ", kChangeKindColumn, ", epoch_us(c.change_time) AS ",
                       kChangeMicrosColumn, ", c.principal AS ", kChangePrincipalColumn,
                       ", c.request_id AS ", kChangeRequestIdColumn,
                       " FROM changes c JOIN events e ON e.id = c.event_id"
                       " WHERE c.position > ",
                       lower, "::bigint AND c.position <= ", upper, "::bigint", qb.where(),
                       " ORDER BY c.position"),
          qb.params()};
}

}  // namespace timeline::storage
