#include "storage/event_stats_sql.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "domain/time_span.h"
#include "storage/db_enums.h"
#include "storage/event_query_sql.h"
#include "storage/event_walk_sql.h"

namespace timeline::storage {
namespace {

// --- CountEvents ----------------------------------------------------------------------------
//
// Buckets are calendar units in the request's zone. Each event gets the key of its bucket: the
// local start of the unit holding max(its start, the range's start), as a timestamp without
// time zone, so that the series of keys steps by calendar days, weeks and months whatever the
// zone's offsets do; a key becomes an instant only as a bucket's bounds (key AT TIME ZONE zone).
// Events whose start is unknown have no key: they are the undated ones.
//
// The series runs from the range's first bucket (or the first key) to the one holding the
// range's last instant (or the last key), and is cut at one more bucket than the cap so that the
// caller can tell a request with too many without generating them all.
//
// An event is imprecise when its span does not lie inside its bucket: coarser than the bucket,
// starting before the range, or with no known end.
//
// `sel` holds weighted rows: n events of one span and type, the sum of their best fatality
// figures and how many have none. Read from events, each row is one event; read from a place's
// sums (migrations/0014_event_scope_counts.sql), one row stands for all the place's events of
// that type and span (or for a change to them not folded yet), which is what keeps a country's
// count from growing with the table.

constexpr char kCountEventsSql[] = R"sql(
WITH sel AS MATERIALIZED (
  SELECT {weighted_columns},
         CASE WHEN lower(e.span) IS NOT NULL
              THEN date_trunc({unit}, greatest(lower(e.span), {range_start}) AT TIME ZONE {zone})
         END AS k
    FROM {source} e WHERE TRUE{where}{undated}),
bounds AS (
  SELECT coalesce(date_trunc({unit}, {range_start} AT TIME ZONE {zone}), min(k)) AS lo,
         coalesce(date_trunc({unit}, ({range_end} - interval '1 microsecond') AT TIME ZONE {zone}),
                  max(k)) AS hi
    FROM {bucket_keys}),
series AS (
  SELECT g.k, g.k AT TIME ZONE {zone} AS b_start, (g.k + {step}) AT TIME ZONE {zone} AS b_end
    FROM bounds, generate_series(bounds.lo, bounds.hi, {step}) AS g(k)
   LIMIT {series_limit}),
placed AS MATERIALIZED (
  SELECT s.id, s.event_type, s.n, s.fatalities, s.fatalities_unknown, r.k,
         NOT (s.span <@ tstzrange(r.b_start, r.b_end, '[)')) AS imprecise
    FROM sel s JOIN series r ON r.k = s.k),
counted AS (
  SELECT * FROM placed WHERE {counted_condition}),
per_bucket AS (
  SELECT k, sum(n)::bigint AS n,
         coalesce(sum(n) FILTER (WHERE imprecise), 0)::bigint AS n_imprecise,
         sum(fatalities)::bigint AS fatalities,
         sum(fatalities_unknown)::bigint AS fatalities_unknown
    FROM counted GROUP BY k){group_ctes}
SELECT 0 AS part, epoch_us(r.b_start) AS start_us, epoch_us(r.b_end) AS end_us,
       NULL::text AS grp, NULL::text AS display_name, coalesce(b.n, 0) AS event_count,
       coalesce(b.n_imprecise, 0) AS imprecise_count, coalesce(b.fatalities, 0) AS fatalities,
       coalesce(b.fatalities_unknown, 0) AS fatalities_unknown, 0::bigint AS rank
  FROM series r LEFT JOIN per_bucket b ON b.k = r.k
UNION ALL
SELECT 1, NULL, NULL, NULL, NULL, (SELECT coalesce(sum(n), 0)::bigint FROM sel WHERE k IS NULL),
       (SELECT coalesce(sum(n), 0)::bigint FROM placed WHERE imprecise), 0, 0, 0{group_rows}
ORDER BY part, start_us NULLS FIRST, rank)sql";

// The weighted columns of `sel`, read from events: every row one event.
constexpr char kEventColumns[] = R"sql(e.id, e.span, e.event_type, 1::bigint AS n,
         coalesce(e.fatalities_best, 0)::bigint AS fatalities,
         (e.fatalities_best IS NULL)::int::bigint AS fatalities_unknown)sql";

// Read from one place's sums: the folded ones and the changes not folded yet, as they are. The
// weights add up, so a key with changes needs no merging with its sum; only the series' bounds
// must not count a bucket whose rows net to no event (kSumsBucketKeys).
constexpr char kPlaceSumsColumns[] =
    "e.id, e.span, e.event_type, e.n, e.fatalities, e.fatalities_unknown";
constexpr char kPlaceSums[] = R"sql((
  SELECT NULL::bigint AS id, span, event_type, events AS n, fatalities, fatalities_unknown
    FROM event_scope_counts WHERE place_id = {place}
  UNION ALL
  SELECT NULL::bigint, span, event_type, events, fatalities, fatalities_unknown
    FROM event_scope_count_changes WHERE place_id = {place}))sql";
// A place's sums with an unknown start (or none) fall in no bucket, only in the undated count:
// added up into one row, so that the rest of the statement handles the dated ones alone. (At 10M
// events they are half of a country's keys in ten years, one per day on which such a span ends.)
// In the order of ranges, those whose lower bound is unbounded sort first and up to
// tstzrange(NULL, NULL); the dated ones after it, a bound the scan of the sums' key can use.
// The unresolved (no span) are read apart: "IS NULL OR" would turn both into a bitmap scan that
// reads the table.
constexpr char kSumsUndated[] = R"sql( AND e.span > tstzrange(NULL, NULL)
  UNION ALL
  SELECT NULL::bigint, NULL::tstzrange, NULL::text, sum(e.n)::bigint, sum(e.fatalities)::bigint,
         sum(e.fatalities_unknown)::bigint, NULL::timestamp
    FROM (SELECT e.* FROM {source} e WHERE TRUE{where} AND e.span <= tstzrange(NULL, NULL)
          UNION ALL
          SELECT e.* FROM {source} e WHERE TRUE{where} AND e.span IS NULL) e)sql";
constexpr char kSumsBucketKeys[] = "(SELECT k FROM sel GROUP BY k HAVING sum(n) <> 0) sel";

// With group_by: one row per counted event and group, the groups ranked by their events (ties by
// key), and every group beyond the limit relabelled as the remainder.
constexpr char kGroupCtes[] = R"sql(,
grouped AS MATERIALIZED (
  SELECT c.k, c.imprecise, c.n, c.fatalities, c.fatalities_unknown, {group_key} AS grp,
         {group_display} AS display_name
    FROM counted c{group_join}),
ranked AS (
  SELECT grp, row_number() OVER (ORDER BY sum(n) DESC, grp COLLATE "C") AS rank
    FROM grouped GROUP BY grp HAVING sum(n) <> 0),
labelled AS (
  SELECT g.k, g.imprecise, g.n, g.fatalities, g.fatalities_unknown,
         least(r.rank, {limit} + 1) AS rank,
         CASE WHEN r.rank <= {limit} THEN g.grp ELSE '' END AS grp,
         CASE WHEN r.rank <= {limit} THEN g.display_name ELSE 'other' END AS display_name
    FROM grouped g JOIN ranked r ON r.grp = g.grp))sql";

constexpr char kGroupRows[] = R"sql(
UNION ALL
SELECT 2, epoch_us(k AT TIME ZONE {zone}), NULL, grp, display_name, sum(n)::bigint,
       coalesce(sum(n) FILTER (WHERE imprecise), 0)::bigint, sum(fatalities)::bigint,
       sum(fatalities_unknown)::bigint, rank
  FROM labelled GROUP BY GROUPING SETS ((rank, grp, display_name), (rank, grp, display_name, k))
HAVING sum(n) <> 0)sql";

// Each event's groups, each once however many roles it has: its actors; the places it is linked
// to; or the places of one kind it lies in (its scope). Each is looked up per counted event
// through the link table's event index. The scope lookup says OFFSET 0 to stay a per-event
// lookup: flattened into a join, the planner would start from every place of the kind and read
// all their events, in any year.
constexpr char kActorGroupJoin[] = R"sql(
   CROSS JOIN LATERAL (SELECT DISTINCT ea.actor_id FROM event_actors ea WHERE ea.event_id = c.id) l
   JOIN actors a ON a.id = l.actor_id)sql";
constexpr char kPlaceGroupJoin[] = R"sql(
   CROSS JOIN LATERAL (SELECT DISTINCT ep.place_id FROM event_places ep WHERE ep.event_id = c.id) l
   JOIN places p ON p.id = l.place_id)sql";
constexpr char kPlaceKindGroupJoin[] = R"sql(
   CROSS JOIN LATERAL (SELECT s.place_id FROM event_place_scope s WHERE s.event_id = c.id
                        OFFSET 0) l
   JOIN places p ON p.id = l.place_id AND p.kind = {kind})sql";

// Replaces every "{name}" in `text` with `value`.
std::string Fill(std::string text, absl::string_view name, absl::string_view value) {
  const std::string key = absl::StrCat("{", name, "}");
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at)) {
    text.replace(at, key.size(), value.data(), value.size());
    at += value.size();
  }
  return text;
}

std::string TimestampOrNull(QueryBuilder& qb, const std::optional<domain::Micros>& t) {
  return t ? absl::StrCat(qb.Bind(domain::FormatRfc3339(*t)), "::timestamptz")
           : std::string("NULL::timestamptz");
}

std::string GroupCtes(QueryBuilder& qb, const domain::CountQuery& q) {
  std::string ctes =
      Fill(kGroupCtes, "limit", absl::StrCat(qb.Bind(absl::StrCat(q.group_limit)), "::bigint"));
  switch (q.group_by) {
    case v1::CountEventsRequest::EVENT_TYPE:
      ctes = Fill(ctes, "group_key", "c.event_type");
      ctes = Fill(ctes, "group_display", "c.event_type");
      return Fill(ctes, "group_join", "");
    case v1::CountEventsRequest::ACTOR:
      ctes = Fill(ctes, "group_key", "'actors/' || a.resource_id");
      ctes = Fill(ctes, "group_display", "a.display_name");
      return Fill(ctes, "group_join", kActorGroupJoin);
    default:
      ctes = Fill(ctes, "group_key", "'places/' || p.resource_id");
      ctes = Fill(ctes, "group_display", "p.display_name");
      if (q.group_place_kind == v1::PLACE_KIND_UNSPECIFIED)
        return Fill(ctes, "group_join", kPlaceGroupJoin);
      return Fill(
          ctes, "group_join",
          Fill(kPlaceKindGroupJoin, "kind",
               absl::StrCat(qb.Bind(EnumToDb(v1::PlaceKind_descriptor(), q.group_place_kind)),
                            "::text")));
  }
}

// --- ListRelatedActors ----------------------------------------------------------------------
//
// The shared events are the selection's events in which the actor took part (found through the
// actor's links in the range, event_walk_sql.h). Every link of those events is read once; the
// actor's own links give its roles, the others' the related actors and their roles.

constexpr char kRelatedActorsSql[] = R"sql(
WITH shared AS MATERIALIZED (
  SELECT e.id, e.span, e.fatalities_best FROM events e WHERE TRUE{where}),
links AS MATERIALIZED (
  SELECT ea.event_id, ea.actor_id, ea.role
    FROM shared s JOIN event_actors ea ON ea.event_id = s.id),
mine AS (
  SELECT event_id, role FROM links WHERE actor_id = {actor}),
others AS MATERIALIZED (
  SELECT event_id, actor_id, role FROM links WHERE actor_id <> {actor}),
related AS (
  SELECT o.actor_id, count(*) AS n, min(lower(s.span)) AS first_start,
         max(lower(s.span)) AS last_start, coalesce(sum(s.fatalities_best), 0) AS fatalities
    FROM (SELECT DISTINCT event_id, actor_id FROM others) o JOIN shared s ON s.id = o.event_id
   GROUP BY o.actor_id),
page AS (
  SELECT r.*, a.resource_id, a.display_name, a.kind
    FROM related r JOIN actors a ON a.id = r.actor_id
   WHERE {after}
   ORDER BY r.n DESC, a.resource_id COLLATE "C"
   LIMIT {limit}),
role_pairs AS (
  SELECT actor_id, array_agg(role || ' ' || related_role || ' ' || n) AS pairs
    FROM (SELECT o.actor_id, m.role, o.role AS related_role, count(*) AS n
            FROM page p JOIN others o ON o.actor_id = p.actor_id
            JOIN mine m ON m.event_id = o.event_id
           GROUP BY o.actor_id, m.role, o.role) x
   GROUP BY actor_id)
SELECT p.resource_id, p.display_name, p.kind, p.n, epoch_us(p.first_start),
       epoch_us(p.last_start), p.fatalities, coalesce(rp.pairs, '{}')
  FROM page p LEFT JOIN role_pairs rp ON rp.actor_id = p.actor_id
 ORDER BY p.n DESC, p.resource_id COLLATE "C")sql";

// A place's sums select by type and span only, as the events' own columns would.
void AddPlaceSumsSelection(QueryBuilder& qb, const domain::EventSelection& sel) {
  if (sel.event_types.size() == 1) {
    qb.Where(absl::StrCat("e.event_type = ", qb.Bind(sel.event_types[0])));
  } else if (!sel.event_types.empty()) {
    qb.Where(absl::StrCat("e.event_type = ANY(", qb.Bind(TextArrayLiteral(sel.event_types)),
                          "::text[])"));
  }
  if (!sel.time_range) return;
  qb.Where(RangePredicate(qb, "e.span", *sel.time_range));
  // Implied by the range (a span starting at or after its end is not in it), stated so that the
  // scan of the place's sums, in span order, stops there.
  if (sel.time_range->end) {
    qb.Where(absl::StrCat("e.span < tstzrange(",
                          qb.Bind(domain::FormatRfc3339(*sel.time_range->end)),
                          "::timestamptz, NULL)"));
  }
}

}  // namespace

bool CountsFromPlaceSums(const domain::CountQuery& q, const ResolvedSelection& ids) {
  const domain::EventSelection& sel = q.selection;
  return sel.place_ids.size() == 1 && ids.place_ids.size() == 1 && sel.actor_ids.empty() &&
         ids.actor_ids.empty() && !sel.near && !sel.bounding_box && !sel.filter &&
         !sel.show_deleted &&
         (q.group_by == v1::CountEventsRequest::GROUP_BY_UNSPECIFIED ||
          q.group_by == v1::CountEventsRequest::EVENT_TYPE);
}

SqlWithParams BuildCountEventsSql(const domain::CountQuery& q, const ResolvedSelection& ids) {
  QueryBuilder qb;
  std::string source = "events";
  std::string columns = kEventColumns;
  std::string bucket_keys = "sel";
  std::string undated;
  if (CountsFromPlaceSums(q, ids)) {
    source = Fill(kPlaceSums, "place",
                  absl::StrCat(qb.Bind(absl::StrCat(ids.place_ids[0])), "::bigint"));
    columns = kPlaceSumsColumns;
    bucket_keys = kSumsBucketKeys;
    undated = kSumsUndated;
    AddPlaceSumsSelection(qb, q.selection);
  } else {
    AddEventSelection(qb, q.selection, ids);
  }
  const bool grouped = q.group_by != v1::CountEventsRequest::GROUP_BY_UNSPECIFIED;
  std::string sql = kCountEventsSql;
  sql = Fill(sql, "weighted_columns", columns);
  sql = Fill(sql, "undated", undated);
  sql = Fill(sql, "source", source);
  sql = Fill(sql, "bucket_keys", bucket_keys);
  sql = Fill(sql, "group_ctes", grouped ? GroupCtes(qb, q) : "");
  sql = Fill(sql, "group_rows", grouped ? kGroupRows : "");
  const std::string unit = domain::IntervalUnit(q.interval);
  sql = Fill(sql, "unit", absl::StrCat(qb.Bind(unit), "::text"));
  sql = Fill(sql, "step", absl::StrCat(qb.Bind(absl::StrCat("1 ", unit)), "::interval"));
  sql = Fill(sql, "zone", absl::StrCat(qb.Bind(q.time_zone), "::text"));
  const std::optional<domain::RangeFilter>& range = q.selection.time_range;
  sql = Fill(sql, "range_start", TimestampOrNull(qb, range ? range->start : std::nullopt));
  sql = Fill(sql, "range_end", TimestampOrNull(qb, range ? range->end : std::nullopt));
  sql = Fill(sql, "series_limit", absl::StrCat(domain::kMaxBuckets + 1));
  sql = Fill(sql, "counted_condition", q.omit_imprecise ? "NOT imprecise" : "TRUE");
  // Last, so that nothing in the selection's text is taken for a placeholder.
  sql = Fill(sql, "where", qb.where());
  return {std::move(sql), qb.params()};
}

SqlWithParams BuildRelatedActorsSql(const domain::RelatedActorsQuery& q,
                                    const ResolvedSelection& ids, int64_t actor_id) {
  QueryBuilder qb;
  AddEventSelection(qb, q.selection, ids);
  const std::string actor = absl::StrCat(qb.Bind(absl::StrCat(actor_id)), "::bigint");
  qb.Where(absl::StrCat(
      "e.id IN (",
      LinkedEventIdsInRange(qb, "event_actors", "ea", absl::StrCat("ea.actor_id = ", actor),
                            q.selection.time_range),
      ")"));
  std::string after = "TRUE";
  if (q.after) {
    const std::string count = absl::StrCat(qb.Bind(absl::StrCat(q.after->last_id)), "::bigint");
    after =
        absl::StrCat("(r.n < ", count, " OR (r.n = ", count, " AND a.resource_id COLLATE \"C\" > ",
                     qb.Bind(q.after->sort_key.value_or("")), "::text))");
  }
  std::string sql = kRelatedActorsSql;
  sql = Fill(sql, "actor", actor);
  sql = Fill(sql, "after", after);
  sql = Fill(sql, "limit", absl::StrCat(q.page_size + 1));
  sql = Fill(sql, "where", qb.where());
  return {std::move(sql), qb.params()};
}

}  // namespace timeline::storage
