// Whether the tables derived from the event links hold what the links say. event_place_scope
// (every place of an event and each place above it, with the event's span) is written only by
// triggers and has no foreign keys (migrations/0015_scope_without_foreign_keys.sql), so a row
// left behind or missing would show nowhere else. And whether the per-place event sums of
// CountEvents (migrations/0014_event_scope_counts.sql) hold what the event tables hold: the
// folded sums plus the changes not folded yet, against the sums computed afresh from
// event_place_scope and events (the migration's view event_scope_counts_recomputed, a plain
// GROUP BY). Every integration suite checks both when it ends (integration_suite.h), the sums
// before and after a fold, so that every write path the suites exercise (creates, updates,
// deletes, merges, place moves, ingest, curation) is checked.
//
//   EXPECT_EQ(ScopeDrift(conn), "");
//   EXPECT_EQ(ScopeCountsDrift(conn), "");
#pragma once

#include <string>

#include "pqxx/pqxx"

namespace timeline::testing {

// "" when the rows of `kept` (a query) are exactly those of `truth`; otherwise how many rows of
// one side the other lacks and the first six, each as (kept|truth, the row's columns), after
// `what` ("rows", "keys").
inline std::string Differences(pqxx::transaction_base& txn, const std::string& truth,
                               const std::string& kept, const std::string& what) {
  const pqxx::row r = txn.exec1("WITH truth AS (" + truth + "), kept AS (" + kept + R"sql(),
    differing AS (
      (SELECT 'kept', * FROM kept EXCEPT SELECT 'kept', * FROM truth)
      UNION ALL
      (SELECT 'truth', * FROM truth EXCEPT SELECT 'truth', * FROM kept))
    SELECT count(*), string_agg(d.diff::text, '; ') FILTER (WHERE d.n <= 6)
      FROM (SELECT differing, row_number() OVER () FROM differing) d(diff, n))sql");
  if (r[0].as<long>() == 0) return "";
  return std::to_string(r[0].as<long>()) + " " + what + " differ: " + r[1].as<std::string>("");
}

// "" when event_place_scope is exactly the events' place links joined to place_ancestors, each
// row with its event's span; otherwise Differences as (kept|truth, place_id, event_id, span).
inline std::string ScopeDrift(pqxx::transaction_base& txn) {
  return Differences(txn, R"sql(
      SELECT DISTINCT a.ancestor_id AS place_id, ep.event_id, e.span
        FROM event_places ep
        JOIN place_ancestors a ON a.place_id = ep.place_id
        JOIN events e ON e.id = ep.event_id)sql",
                     "SELECT place_id, event_id, span FROM event_place_scope", "rows");
}

inline std::string ScopeDrift(pqxx::connection& conn) {
  pqxx::nontransaction txn(conn);
  return ScopeDrift(txn);
}

// "" when the sums agree with the tables; otherwise Differences as (kept|truth, place_id,
// event_type, span, events, fatalities, fatalities_unknown).
inline std::string ScopeCountsDrift(pqxx::connection& conn) {
  pqxx::nontransaction txn(conn);
  return Differences(txn, "TABLE event_scope_counts_recomputed", R"sql(
      SELECT place_id, event_type, span, sum(events)::bigint AS events,
             sum(fatalities)::bigint AS fatalities,
             sum(fatalities_unknown)::bigint AS fatalities_unknown
        FROM (SELECT * FROM event_scope_counts UNION ALL SELECT * FROM event_scope_count_changes) x
       GROUP BY place_id, event_type, span
      HAVING sum(events) <> 0 OR sum(fatalities) <> 0 OR sum(fatalities_unknown) <> 0)sql",
                     "keys");
}

}  // namespace timeline::testing
