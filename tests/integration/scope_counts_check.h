// Whether the per-place event sums of CountEvents (migrations/0014_event_scope_counts.sql) hold
// what the event tables hold: the folded sums plus the changes not folded yet, against the sums
// computed afresh from event_place_scope and events (the migration's view
// event_scope_counts_recomputed, a plain GROUP BY). Every integration suite checks this when it
// ends (integration_suite.h), before and after a fold, so that every write path the suites
// exercise (creates, updates, deletes, merges, place moves, ingest, curation) is checked.
//
//   EXPECT_EQ(ScopeCountsDrift(conn), "");
#pragma once

#include <string>

#include "pqxx/pqxx"

namespace timeline::testing {

// "" when they agree; otherwise how many keys differ and the first six, each as
// (kept|truth, place_id, event_type, span, events, fatalities, fatalities_unknown): a row of one
// side that the other lacks.
inline std::string ScopeCountsDrift(pqxx::connection& conn) {
  pqxx::nontransaction txn(conn);
  const pqxx::row r = txn.exec1(R"sql(
    WITH truth AS (TABLE event_scope_counts_recomputed),
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
