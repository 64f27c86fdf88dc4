// Whether the per-place event sums of CountEvents (migrations/0014_event_scope_counts.sql) hold
// what the event tables hold: the folded sums plus the changes not folded yet, against the sums
// computed afresh from event_place_scope and events. Every integration suite checks this when it
// ends (integration_suite.h), before and after a fold, so that every write path the suites
// exercise (creates, updates, deletes, merges, place moves, ingest, curation) is checked.
//
//   EXPECT_EQ(ScopeCountsDrift(conn), "");
#pragma once

#include <string>

#include "pqxx/pqxx"

namespace timeline::testing {

// "" when they agree; otherwise how many keys differ and the first few, as
// "place/type/span: kept events,fatalities,unknown vs truth ...".
inline std::string ScopeCountsDrift(pqxx::connection& conn) {
  pqxx::nontransaction txn(conn);
  const pqxx::row r = txn.exec1(R"sql(
    WITH truth AS (
      SELECT s.place_id, e.event_type, e.span, count(*)::bigint AS events,
             coalesce(sum(e.fatalities_best), 0)::bigint AS fatalities,
             count(*) FILTER (WHERE e.fatalities_best IS NULL)::bigint AS fatalities_unknown
        FROM event_place_scope s JOIN events e ON e.id = s.event_id
       WHERE e.delete_time IS NULL
       GROUP BY s.place_id, e.event_type, e.span),
    kept AS (
      SELECT place_id, event_type, span, sum(events)::bigint AS events,
             sum(fatalities)::bigint AS fatalities,
             sum(fatalities_unknown)::bigint AS fatalities_unknown
        FROM (SELECT * FROM event_scope_counts UNION ALL SELECT * FROM event_scope_count_changes) x
       GROUP BY place_id, event_type, span
      HAVING sum(events) <> 0 OR sum(fatalities) <> 0 OR sum(fatalities_unknown) <> 0),
    differing AS (
      (SELECT 'kept', * FROM kept EXCEPT SELECT 'kept', * FROM truth)
      UNION ALL
      (SELECT 'truth', * FROM truth EXCEPT SELECT 'truth', * FROM kept))
    SELECT count(*), string_agg(d.diff::text, '; ') FILTER (WHERE d.n <= 6)
      FROM (SELECT differing, row_number() OVER () FROM differing) d(diff, n))sql");
  if (r[0].as<long>() == 0) return "";
  return std::to_string(r[0].as<long>()) + " keys differ: " + r[1].as<std::string>("");
}

}  // namespace timeline::testing
