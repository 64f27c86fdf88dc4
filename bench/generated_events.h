// The data set of list_events_bench and list_events_load_bench: the one of
// tests/integration/index_plan_test.cc scaled to N events, generated in bulk into a migrated
// database, and the actor both benchmarks ask for. Shared so that the two measure the same data,
// and so that a database kept by one (list_events_bench --keep_database) serves the other.
// Like throwaway_database.h, everything here throws std::runtime_error (or pqxx's errors).
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <future>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "pqxx/pqxx"
#include "storage/migrator.h"
#include "throwaway_database.h"

namespace timeline::bench {

// --- Data: the index plan test's set, scaled to N events ----------------------------------------
// 2 countries: "xa" (20 regions x 24 settlements, ~96% of events), "xb" (20 regions x 1 town);
// each settlement has a point: a region's towns lie on a line 0.05 degrees (~5.5 km) apart, the
// regions' lines 0.3 degrees (~33 km) apart, so a 20 km circle holds about 7 towns of one region;
// 1,000 actors, actor k in ~N/31/sqrt(k) events; events uniform over 2010-2024: ~74% day, ~24%
// month, ~2% year precision, ~0.5% unknown start, ~0.3% unresolved; 1-3 actors and 1 place each
// (90% a settlement, 8% a region, 2% a country); six types, "arrest" the rare one (2%).

inline std::vector<std::string> PlacesActorsEvents(int n) {
  return {
      R"sql(INSERT INTO places (resource_id, display_name, kind, country_code)
        VALUES ('xa', 'Xa', 'country', 'XA'), ('xb', 'Xb', 'country', 'XB'))sql",
      R"sql(INSERT INTO places (resource_id, display_name, kind, parent_id, country_code)
        SELECT c.resource_id || '-r' || lpad(r::text, 2, '0'), c.display_name || ' region ' || r,
               'admin_region', c.id, c.country_code
          FROM places c, generate_series(1, 20) r ORDER BY c.id, r)sql",
      R"sql(INSERT INTO places (resource_id, display_name, kind, parent_id, country_code,
                          location, location_precision)
        SELECT r.resource_id || '-s' || lpad(s::text, 2, '0'), r.display_name || ' town ' || s,
               'settlement', r.id, r.country_code,
               ST_SetSRID(ST_MakePoint(1 + s * 0.05, 5 + (r.id % 50) * 0.3), 4326)::geography,
               'exact'
          FROM places r, generate_series(1, 24) s
         WHERE r.kind = 'admin_region' AND (r.country_code = 'XA' OR s = 1) ORDER BY r.id, s)sql",
      R"sql(INSERT INTO actors (resource_id, display_name, kind)
        SELECT 'actor-' || lpad(g::text, 4, '0'), 'Actor ' || g, 'person'
          FROM generate_series(1, 1000) g)sql",
      absl::StrCat(R"sql(
        INSERT INTO events (resource_id, title, event_type, span, time_precision)
        SELECT 'ev-' || g, 'Event ' || g,
               CASE WHEN t < 0.40 THEN 'attack' WHEN t < 0.65 THEN 'protest'
                    WHEN t < 0.80 THEN 'meeting' WHEN t < 0.92 THEN 'statement'
                    WHEN t < 0.98 THEN 'armed_clash' ELSE 'arrest' END,
               CASE WHEN k < 0.003 THEN NULL
                    WHEN k < 0.008 THEN tstzrange(NULL, d + interval '1 day')
                    WHEN k < 0.25 THEN tstzrange(date_trunc('month', d),
                                                 date_trunc('month', d) + interval '1 month')
                    WHEN k < 0.27 THEN tstzrange(date_trunc('year', d),
                                                 date_trunc('year', d) + interval '1 year')
                    ELSE tstzrange(d, d + interval '1 day') END,
               CASE WHEN k < 0.008 THEN 'unknown' WHEN k < 0.25 THEN 'month'
                    WHEN k < 0.27 THEN 'year' ELSE 'day' END
          FROM (SELECT g, random() AS k, random() AS t,
                       (date '2010-01-01' + floor(random() * 5479)::int)::timestamptz AS d
                  FROM generate_series(1, )sql",
                   n, ") g) x ORDER BY g"),
  };
}

// Run concurrently, each on its own connection (different tables). Written with triggers off
// (see GenerateData), so they fill what the triggers would: event_actors.span here,
// event_place_scope in kEventPlaceScope, the place sums in kEventScopeCounts.
inline constexpr const char* kEventActors = R"sql(
  INSERT INTO event_actors (event_id, actor_id, role, ordinal, span)
  SELECT e.id, a.id, (ARRAY['initiator', 'target', 'associated'])[v.k], v.k, e.span
    FROM (SELECT id, span, 1 + floor(random() * 3)::int AS n FROM events) e
   CROSS JOIN LATERAL (SELECT k, random() AS r FROM generate_series(1, e.n) k) v
    JOIN actors a
      ON a.resource_id = 'actor-' || lpad((1 + floor(1000 * v.r * v.r))::int::text, 4, '0'))sql";
inline constexpr const char* kEventPlaces = R"sql(
  INSERT INTO event_places (event_id, place_id, role, ordinal)
  SELECT e.id, CASE WHEN e.level < 0.02 THEN st.country_id
                    WHEN e.level < 0.10 THEN st.region_id ELSE st.id END, 'location', 1
    FROM (SELECT id, random() AS level, floor(random() * 500)::bigint AS rn FROM events) e
    JOIN (SELECT row_number() OVER (ORDER BY s.id) - 1 AS rn, s.id, s.parent_id AS region_id,
                 r.parent_id AS country_id
            FROM places s JOIN places r ON r.id = s.parent_id WHERE s.kind = 'settlement') st
      ON st.rn = e.rn)sql";
// What the event_places_add_scope trigger (migrations/0002_ingest.sql) writes, for every link.
inline constexpr const char* kEventPlaceScope = R"sql(
  INSERT INTO event_place_scope (place_id, event_id, span)
  SELECT DISTINCT a.ancestor_id, ep.event_id, e.span
    FROM event_places ep
    JOIN place_ancestors a ON a.place_id = ep.place_id
    JOIN events e ON e.id = ep.event_id)sql";

// What the triggers of migrations/0014_event_scope_counts.sql sum, for every scope row.
inline constexpr const char* kEventScopeCounts =
    "INSERT INTO event_scope_counts SELECT * FROM event_scope_counts_recomputed";

// The event tables' secondary indexes (not those of keys), to build once after a bulk load
// rather than row by row during it.
inline constexpr const char* kSecondaryIndexes = R"sql(
  SELECT i.indexname, i.indexdef FROM pg_indexes i
   WHERE i.schemaname = 'public'
     AND i.tablename IN ('events', 'event_actors', 'event_places', 'event_place_scope')
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                      WHERE c.conindid = format('%I', i.indexname)::regclass)
   ORDER BY i.tablename, i.indexname)sql";

// Runs `statements` in one session, seeded so that the data is the same at every run. With
// `bulk`, triggers (foreign keys included) do not fire: the statements write what they would.
inline void RunSeeded(const std::string& url, const std::vector<std::string>& statements,
                      bool bulk = false) {
  pqxx::connection conn(url);
  pqxx::nontransaction txn(conn);
  for (const char* setting : {"SET TIME ZONE 'UTC'", "SET jit = off", "SET work_mem = '64MB'",
                              "SET maintenance_work_mem = '512MB'", "SELECT setseed(0.20240901)"}) {
    txn.exec(setting);
  }
  if (bulk) txn.exec("SET session_replication_role = replica");
  for (const std::string& sql : statements) txn.exec(sql);
}

// Builds `definitions` on two connections at once.
inline void BuildIndexes(const std::string& url, const std::vector<std::string>& definitions) {
  std::vector<std::string> halves[2];
  for (size_t i = 0; i < definitions.size(); ++i) halves[i % 2].push_back(definitions[i]);
  auto first = std::async(std::launch::async, RunSeeded, url, halves[0], false);
  RunSeeded(url, halves[1]);
  first.get();
}

// A bulk load: the places and actors as the service writes them (their triggers keep the place
// hierarchy and the change log), then the events and their links with triggers and the event
// tables' secondary indexes off, then the scope rows in one statement and the indexes built.
inline void GenerateData(const std::string& url, int n) {
  // Its own clock: the programs that include this have their own MsSince.
  using Clock = std::chrono::steady_clock;
  auto ms_since = [](Clock::time_point from) {
    return std::chrono::duration<double, std::milli>(Clock::now() - from).count();
  };
  Clock::time_point start = Clock::now();
  std::vector<std::string> statements = PlacesActorsEvents(n);
  std::string events = std::move(statements.back());
  statements.pop_back();
  RunSeeded(url, statements);
  std::vector<std::string> indexes;
  {
    pqxx::connection conn(url);
    pqxx::nontransaction txn(conn);
    for (const pqxx::row& r : txn.exec(kSecondaryIndexes)) {
      txn.exec(absl::StrCat("DROP INDEX ", txn.quote_name(r[0].as<std::string>())));
      indexes.push_back(r[1].as<std::string>());
    }
  }
  RunSeeded(url, {events}, /*bulk=*/true);
  const double events_ms = ms_since(start);
  Clock::time_point links = Clock::now();
  auto actors =
      std::async(std::launch::async, RunSeeded, url, std::vector<std::string>{kEventActors}, true);
  auto places =
      std::async(std::launch::async, RunSeeded, url,
                 std::vector<std::string>{kEventPlaces, kEventPlaceScope, kEventScopeCounts}, true);
  actors.get();  // rethrows
  places.get();
  const double links_ms = ms_since(links);
  Clock::time_point built = Clock::now();
  BuildIndexes(url, indexes);
  const double indexes_ms = ms_since(built);
  const double total_ms = ms_since(start);
  Clock::time_point analyze = Clock::now();
  Exec(url, "ANALYZE");
  std::printf(
      "generation: %d events in %.1f s = %.0f events/s (events %.1f s, actor and place links "
      "concurrently %.1f s, %zu indexes %.1f s); ANALYZE %.1f s\n",
      n, total_ms / 1000, n / (total_ms / 1000), events_ms / 1000, links_ms / 1000, indexes.size(),
      indexes_ms / 1000, ms_since(analyze) / 1000);
}

// An actor with ~100 events in 2019 (2 pages of 50): the resource id in the first column.
inline constexpr const char* kActorWith100EventsIn2019 = R"sql(
    SELECT a.resource_id FROM actors a JOIN event_actors ea ON ea.actor_id = a.id
     GROUP BY a.resource_id
     ORDER BY abs(count(*) FILTER (WHERE ea.span && tstzrange('2019-01-01', '2020-01-01'))
                  - 100), a.resource_id LIMIT 1)sql";

inline int64_t EventCount(const std::string& url) {
  pqxx::connection conn(url);
  return pqxx::nontransaction(conn).exec1("SELECT count(*) FROM events")[0].as<int64_t>();
}

// Migrates the database `url`; then generates `events` events in it unless `reuse` says it is a
// kept one (--database) that holds a data set already.
inline void MigrateAndGenerate(const std::string& url, const std::string& source_dir, int events,
                               bool reuse) {
  Check(storage::Migrate(
            url, Check(storage::ReadMigrations(source_dir + "/migrations"), "read migrations")),
        "migrate");
  if (const int64_t held = reuse ? EventCount(url) : 0; held > 0) {
    std::printf("generation: none, the database holds %lld events\n", static_cast<long long>(held));
  } else {
    GenerateData(url, events);
  }
}

}  // namespace timeline::bench
