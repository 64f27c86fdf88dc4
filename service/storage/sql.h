// The fixed SQL of PgRepository, as named constants (prepared once per connection under the
// same names). Instants cross as microseconds since the epoch (epoch_us / from_epoch_us in the
// schema); lists of ids cross as PostgreSQL array literals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace timeline::storage::sql {

// --- Events ------------------------------------------------------------------------------------

// Columns of an event row, in the order of pg::EventColumn (storage/pg_event_rows.h).
inline constexpr const char* kEventColumns = R"sql(
  e.id, e.resource_id, e.title, e.summary, e.event_type,
  epoch_us(lower(e.span)), epoch_us(upper(e.span)), e.time_precision, e.time_zone, e.time_text,
  e.fatalities_low, e.fatalities_best, e.fatalities_high,
  e.injured_low, e.injured_best, e.injured_high,
  epoch_us(e.create_time), epoch_us(e.update_time), epoch_us(e.delete_time), e.revision,
  e.sort_time::text, e.merged_into)sql";

// One event by resource id ($1), locked for the transaction when it is to be rewritten.
inline std::string EventByResourceId(bool for_update) {
  return absl::StrCat("SELECT ", kEventColumns, " FROM events e WHERE e.resource_id = $1",
                      for_update ? " FOR UPDATE" : "");
}

// Everything events $1 (bigint[]) link to — actors, places, sources, external ids — in one
// statement, so that a page costs one round trip for its children rather than four. The four
// parts share one row shape; `part` says which columns mean what:
//   1 actor:        ref = resource id, text1 = display name, text2 = role
//   2 place:        ref = resource id, text1 = display name, text2 = role,
//                   text3 = location precision, lat/lon = the link's point (NULL without one)
//   3 source:       ref = resource id, text1 = url, text2 = publisher, text3 = quote,
//                   micros = published time, claims
//   4 external id:  ref = system, text1 = the id
// Rows come per part, per event, in link order (external ids by system and id).
//
// `by_key`: each link reads its actor, place or source by primary key (a LATERAL subquery that
// OFFSET 0 keeps from being flattened into a join), so that the statement costs by the page's
// links. Joined instead, the planner hashes or merge-walks the whole actors and places tables,
// which costs by the size of the registry: for 50 events 0.67 -> 0.46 ms with 1,000 actors and
// 542 places, 0.58 -> 0.49 ms with 21,000 and 20,500; for 1,000 events the join is cheaper
// (6.7 ms against 8.3 ms with 21,000 and 20,500). Hence kEventChildrenByKeyMaxEvents.
inline std::string EventChildrenOf(bool by_key) {
  // `table` as `alias`, the row that `link`.`key` names.
  auto linked = [by_key](absl::string_view link, absl::string_view key, absl::string_view table,
                         absl::string_view alias, absl::string_view columns) {
    if (!by_key) {
      return absl::StrCat("JOIN ", table, " ", alias, " ON ", alias, ".id = ", link, ".", key);
    }
    return absl::StrCat("CROSS JOIN LATERAL (SELECT ", columns, " FROM ", table,
                        " WHERE id = ", link, ".", key, " OFFSET 0) ", alias);
  };
  return absl::StrCat(
      R"sql(
  SELECT 1 AS part, ea.event_id, ea.ordinal, a.resource_id AS ref, a.display_name AS text1,
         ea.role::text AS text2, NULL::text AS text3, NULL::float8 AS lat, NULL::float8 AS lon,
         NULL::bigint AS micros, NULL::text[] AS claims
    FROM event_actors ea )sql",
      linked("ea", "actor_id", "actors", "a", "resource_id, display_name"), R"sql(
   WHERE ea.event_id = ANY($1::bigint[])
  UNION ALL
  SELECT 2, ep.event_id, ep.ordinal, p.resource_id, p.display_name, ep.role::text,
         ep.location_precision::text, ST_Y(ep.location::geometry), ST_X(ep.location::geometry),
         NULL, NULL
    FROM event_places ep )sql",
      linked("ep", "place_id", "places", "p", "resource_id, display_name"), R"sql(
   WHERE ep.event_id = ANY($1::bigint[])
  UNION ALL
  SELECT 3, es.event_id, es.ordinal, s.resource_id, coalesce(s.url, ''), s.publisher, es.quote,
         NULL, NULL, epoch_us(s.published_time), es.claims
    FROM event_sources es )sql",
      linked("es", "source_id", "sources", "s", "resource_id, url, publisher, published_time"),
      R"sql(
   WHERE es.event_id = ANY($1::bigint[])
  UNION ALL
  SELECT 4, x.event_id, 0, x.system, x.external_id, NULL, NULL, NULL, NULL, NULL, NULL
    FROM external_ids x
   WHERE x.event_id = ANY($1::bigint[])
   ORDER BY part, event_id, ordinal, ref, text1)sql");
}

// The most events whose children are read by key (EventChildrenOf): between the page of 50,
// where reading by key was measured cheaper, and the page of 1,000, where the join was; sizes in
// between were not measured.
inline constexpr size_t kEventChildrenByKeyMaxEvents = 100;

inline constexpr const char* kInsertEvent = R"sql(
  INSERT INTO events (resource_id, title, summary, event_type, span, time_precision, time_zone,
                      time_text, fatalities_low, fatalities_best, fatalities_high,
                      injured_low, injured_best, injured_high)
  VALUES ($1, $2, $3, $4,
          CASE WHEN $5::bigint IS NULL AND $6::bigint IS NULL THEN NULL
               ELSE tstzrange(from_epoch_us($5), from_epoch_us($6), '[)') END,
          $7, $8, $9, $10, $11, $12, $13, $14, $15)
  ON CONFLICT (resource_id) DO NOTHING
  RETURNING id)sql";

inline constexpr const char* kUpdateEvent = R"sql(
  UPDATE events
     SET title = $2, summary = $3, event_type = $4,
         span = CASE WHEN $5::bigint IS NULL AND $6::bigint IS NULL THEN NULL
                     ELSE tstzrange(from_epoch_us($5), from_epoch_us($6), '[)') END,
         time_precision = $7, time_zone = $8, time_text = $9,
         fatalities_low = $10, fatalities_best = $11, fatalities_high = $12,
         injured_low = $13, injured_best = $14, injured_high = $15,
         revision = revision + 1, update_time = now(), content_hash = NULL
   WHERE id = $1)sql";

inline constexpr const char* kMarkEventDeleted = R"sql(
  UPDATE events SET delete_time = now(), update_time = now(), revision = revision + 1
   WHERE id = $1)sql";

inline constexpr const char* kDeleteEventActors = "DELETE FROM event_actors WHERE event_id = $1";
inline constexpr const char* kDeleteEventPlaces = "DELETE FROM event_places WHERE event_id = $1";
inline constexpr const char* kDeleteEventSources = "DELETE FROM event_sources WHERE event_id = $1";
inline constexpr const char* kDeleteExternalIds = "DELETE FROM external_ids WHERE event_id = $1";

// Each link insert affects no row when the referenced resource does not exist or is deleted.
// Actors and places merged into another link the survivor; a link the survivor already has in
// the same role (the event named both) is not added twice.
inline constexpr const char* kInsertEventActor = R"sql(
  INSERT INTO event_actors (event_id, actor_id, role, ordinal)
  SELECT $1, l.id, $3, $4 FROM (SELECT live_actor_id($2) AS id) l WHERE l.id IS NOT NULL
  ON CONFLICT DO NOTHING)sql";

inline constexpr const char* kInsertEventPlace = R"sql(
  INSERT INTO event_places (event_id, place_id, role, ordinal, location, location_precision)
  SELECT $1, l.id, $3, $4, $5::geography, $6 FROM (SELECT live_place_id($2) AS id) l
   WHERE l.id IS NOT NULL
  ON CONFLICT DO NOTHING)sql";

// Whether a link that added no row names a live resource (then it folded into another link).
inline constexpr const char* kActorIsLive = "SELECT live_actor_id($1) IS NOT NULL";
inline constexpr const char* kPlaceIsLive = "SELECT live_place_id($1) IS NOT NULL";

inline constexpr const char* kInsertEventSource = R"sql(
  INSERT INTO event_sources (event_id, ordinal, source_id, quote, claims)
  SELECT $1, $2, s.id, $4, $5::text[] FROM sources s
   WHERE s.resource_id = $3 AND s.delete_time IS NULL)sql";

inline constexpr const char* kInsertExternalId = R"sql(
  INSERT INTO external_ids (system, external_id, event_id) VALUES ($1, $2, $3)
  ON CONFLICT (system, external_id) DO NOTHING)sql";

inline constexpr const char* kExternalIdOwner = R"sql(
  SELECT e.resource_id FROM external_ids x JOIN events e ON e.id = x.event_id
   WHERE x.system = $1 AND x.external_id = $2)sql";

inline constexpr const char* kInsertChange = "INSERT INTO changes (event_id, kind) VALUES ($1, $2)";

// --- The change log (WatchEvents) ---------------------------------------------------------------

// The last of the next $2 positions after $1; NULL when there are none.
inline constexpr const char* kChangeScanEnd = R"sql(
  SELECT max(position) FROM (SELECT position FROM changes WHERE position > $1::bigint
                              ORDER BY position LIMIT $2::int) s)sql";

inline constexpr const char* kLastChangePosition = "SELECT coalesce(max(position), 0) FROM changes";

// The position just before the first change made at or after $1 (the last position if none).
inline constexpr const char* kChangePositionBefore = R"sql(
  SELECT coalesce((SELECT min(position) - 1 FROM changes WHERE change_time >= $1::timestamptz),
                  (SELECT coalesce(max(position), 0) FROM changes)))sql";

// Merging: the two events locked in id order (so that two merges of the same pair cannot
// deadlock), and the merged one marked.
inline constexpr const char* kLockEventsInOrder = R"sql(
  SELECT id FROM events WHERE resource_id = ANY($1::text[]) ORDER BY id FOR UPDATE)sql";
inline constexpr const char* kMarkEventMerged = R"sql(
  UPDATE events SET delete_time = now(), update_time = now(), revision = revision + 1,
                    merged_into = $2
   WHERE id = $1)sql";

// The resource ids in $1 with the internal ids of the live rows of `table` ("actors" or
// "places") they stand for: a merged row's survivor; NULL when deleted or missing.
inline std::string LiveIdsOf(absl::string_view table) {
  return absl::StrCat("SELECT r.rid, live_", table.substr(0, table.size() - 1),
                      "_id(r.rid) FROM unnest($1::text[]) AS r(rid)");
}

// Whether actor $1 has no more event links than place $2 has scope rows: which of the two an
// actor-and-place page walks (event_walk_sql.h). Each side is counted only up to $3
// (kLinkCountCap), so that asking reads at most that many index entries of each however large
// they are; when both reach it the actor's links are walked (an actor is rarely as broad as a
// division).
inline constexpr int kLinkCountCap = 2000;
inline constexpr const char* kActorLinksFewer = R"sql(
  SELECT (SELECT count(*) FROM (SELECT FROM event_actors WHERE actor_id = $1 LIMIT $3) a)
      <= (SELECT count(*) FROM (SELECT FROM event_place_scope WHERE place_id = $2 LIMIT $3) p))sql";

// --- The registry's curation (migrations/0009_registry_curation.sql) ----------------------------

// First statement of an ingest transaction: waits for a running curation; the generation.
inline constexpr const char* kBeginRegistryUse = "SELECT begin_registry_use()";
// First statement of a curating transaction: waits for running ingests; moves the generation on.
inline constexpr const char* kBeginRegistryCuration = "SELECT begin_registry_curation()";

// --- Idempotent requests (AIP-155) --------------------------------------------------------------

// The advisory lock key of a request: calls (and streams) with one method and request_id run one
// after another. Every statement that takes this lock (here and ingest_sql.h) hashes this text.
inline std::string RequestLockKey(absl::string_view method, absl::string_view request_id) {
  return absl::StrCat(method, ":", request_id);
}

// $1: RequestLockKey(method, request_id).
inline constexpr const char* kLockRequest = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))";

inline constexpr const char* kFindRequest = R"sql(
  SELECT resource_name FROM idempotent_requests WHERE method = $1 AND request_id = $2)sql";

inline constexpr const char* kRecordRequest = R"sql(
  INSERT INTO idempotent_requests (method, request_id, resource_name) VALUES ($1, $2, $3))sql";

// --- Actors ------------------------------------------------------------------------------------

inline constexpr const char* kActorColumns = R"sql(
  a.id, a.resource_id, a.display_name, a.kind, coalesce(a.country_code, ''),
  coalesce(a.wikidata_id, ''), a.description, a.revision, epoch_us(a.create_time),
  epoch_us(coalesce(a.update_time, a.create_time)), epoch_us(a.delete_time),
  coalesce(a.merged_into, ''))sql";

// One actor by resource id ($1), live or a tombstone; live actors after resource id $1 in order,
// at most $2.
inline const std::string& ActorByResourceId() {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kActorColumns, " FROM actors a WHERE a.resource_id = $1"));
  return *sql;
}
inline const std::string& ActorsAfter() {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kActorColumns,
                   " FROM actors a WHERE a.resource_id > $1 AND a.delete_time IS NULL"
                   " ORDER BY a.resource_id LIMIT $2"));
  return *sql;
}

// The live actor a resource id stands for (a merged actor's survivor); no row when deleted.
inline constexpr const char* kActorInternalId =
    "SELECT id FROM actors WHERE id = live_actor_id($1)";

inline constexpr const char* kActorNamesOf = R"sql(
  SELECT actor_id, name, language FROM actor_names
   WHERE actor_id = ANY($1::bigint[]) ORDER BY actor_id, ordinal)sql";

inline constexpr const char* kInsertActor = R"sql(
  INSERT INTO actors (resource_id, display_name, kind, country_code, wikidata_id, description)
  VALUES ($1, $2, $3, NULLIF($4, ''), NULLIF($5, ''), $6)
  ON CONFLICT (resource_id) DO NOTHING
  RETURNING id)sql";

inline constexpr const char* kInsertActorName = R"sql(
  INSERT INTO actor_names (actor_id, ordinal, name, language, match_key)
  VALUES ($1, $2, $3, $4, $5))sql";

// --- Places ------------------------------------------------------------------------------------

inline constexpr const char* kPlaceColumns = R"sql(
  p.id, p.resource_id, p.display_name, p.kind, coalesce(pp.resource_id, ''),
  coalesce(p.country_code, ''), coalesce(p.geonames_id, 0),
  ST_Y(p.location::geometry), ST_X(p.location::geometry), coalesce(p.location_precision, ''),
  p.time_zone, p.revision, epoch_us(p.create_time), epoch_us(coalesce(p.update_time, p.create_time)),
  epoch_us(p.delete_time), coalesce(p.merged_into, ''))sql";

inline constexpr const char* kPlaceFrom =
    " FROM places p LEFT JOIN places pp ON pp.id = p.parent_id";

inline constexpr const char* kPlaceAncestorsOf = R"sql(
  SELECT pa.place_id, anc.resource_id
    FROM place_ancestors pa JOIN places anc ON anc.id = pa.ancestor_id
   WHERE pa.place_id = ANY($1::bigint[]) AND pa.depth > 0
   ORDER BY pa.place_id, pa.depth)sql";

inline constexpr const char* kPlaceNamesOf = R"sql(
  SELECT place_id, name, language FROM place_names
   WHERE place_id = ANY($1::bigint[]) ORDER BY place_id, ordinal)sql";

// One place by resource id ($1).
inline const std::string& PlaceByResourceId() {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kPlaceColumns, kPlaceFrom, " WHERE p.resource_id = $1"));
  return *sql;
}

// The live place a resource id stands for (a merged place's survivor); no row when deleted.
inline constexpr const char* kPlaceInternalId =
    "SELECT id FROM places WHERE id = live_place_id($1)";

// $4 = the parent's internal id or NULL; its country code is inherited when $5 is empty.
inline constexpr const char* kInsertPlace = R"sql(
  INSERT INTO places (resource_id, display_name, kind, parent_id, country_code, geonames_id,
                      location, location_precision, time_zone)
  VALUES ($1, $2, $3, $4::bigint,
          COALESCE(NULLIF($5, ''), (SELECT country_code FROM places WHERE id = $4::bigint)),
          NULLIF($6::bigint, 0),
          CASE WHEN $7::float8 IS NULL THEN NULL
               ELSE ST_SetSRID(ST_MakePoint($8::float8, $7::float8), 4326)::geography END,
          NULLIF($9, ''), $10)
  ON CONFLICT (resource_id) DO NOTHING
  RETURNING id)sql";

inline constexpr const char* kInsertPlaceName = R"sql(
  INSERT INTO place_names (place_id, ordinal, name, language, match_key)
  VALUES ($1, $2, $3, $4, $5))sql";

// --- Name search (actors and places) ------------------------------------------------------------

// Ranked name search over a names table (actor_names / place_names): the best score of each owner
// among its names. An exact key scores 3+, a key containing the query 2+, a key with a word
// similar to it (pg_trgm word similarity, threshold pg_trgm.word_similarity_threshold = 0.6) 1+,
// plus the word similarity itself. $1 = key, $2 = key with LIKE wildcards escaped.
inline std::string NameHits(absl::string_view names_table, absl::string_view owner_column) {
  return absl::StrCat(R"sql(
  WITH hits AS (
    SELECT n.)sql",
                      owner_column, R"sql( AS owner_id,
           max(CASE WHEN n.match_key = $1 THEN 3
                    WHEN n.match_key LIKE '%' || $2 || '%' THEN 2
                    ELSE 1 END + word_similarity($1, n.match_key)) AS score
      FROM )sql",
                      names_table, R"sql( n
     WHERE n.match_key = $1 OR n.match_key LIKE '%' || $2 || '%' OR $1 <% n.match_key
     GROUP BY n.)sql",
                      owner_column, ")");
}

// Actors matching a name, best first. $3 = offset, $4 = limit.
inline const std::string& SearchActors() {
  static const std::string* sql =
      new std::string(absl::StrCat(NameHits("actor_names", "actor_id"), " SELECT ", kActorColumns,
                                   " FROM hits h JOIN actors a ON a.id = h.owner_id"
                                   " WHERE a.delete_time IS NULL"
                                   " ORDER BY h.score DESC, a.resource_id OFFSET $3 LIMIT $4"));
  return *sql;
}

// --- Sources -----------------------------------------------------------------------------------

inline constexpr const char* kSourceColumns = R"sql(
  s.id, s.resource_id, coalesce(s.url, s.deleted_url, ''), s.publisher, s.language,
  epoch_us(s.published_time), s.title, s.revision, epoch_us(s.create_time),
  epoch_us(coalesce(s.update_time, s.create_time)), epoch_us(s.delete_time))sql";

inline constexpr const char* kInsertSource = R"sql(
  INSERT INTO sources (resource_id, url, publisher, language, published_time, title)
  VALUES ($1, NULLIF($2, ''), $3, $4, from_epoch_us($5::bigint), $6)
  ON CONFLICT (resource_id) DO NOTHING
  RETURNING id)sql";

// One source by resource id ($1), live or a tombstone; live sources after resource id $1 in
// order, at most $2.
inline const std::string& SourceByResourceId() {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kSourceColumns, " FROM sources s WHERE s.resource_id = $1"));
  return *sql;
}
inline const std::string& SourcesAfter() {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", kSourceColumns,
                   " FROM sources s WHERE s.resource_id > $1 AND s.delete_time IS NULL"
                   " ORDER BY s.resource_id LIMIT $2"));
  return *sql;
}

// --- Connections and transactions ---------------------------------------------------------------

// Every pooled session's settings. Instants and sort keys are read and written in UTC. No JIT
// compilation: PostgreSQL compiles a plan's expressions when its estimated cost passes
// jit_above_cost, and the merged walks of a page are estimated far above what they read (a
// circle's page of a year at 10,000,000 events: estimated 195,000, 75 ms of compilation for
// 3 ms of execution). The longest statements, CountEvents over most events, spend their time
// reading rows, not evaluating expressions: at 1,000,000 events a country's days over ten years
// took 4.0-4.5 s either way.
inline constexpr const char* kSessionSettings = "SET TIME ZONE 'UTC'; SET jit = off";
// ListEventsSql::generic_plan, for the rest of the transaction.
inline constexpr const char* kUseGenericPlans = "SET LOCAL plan_cache_mode = force_generic_plan";
inline constexpr const char* kPing = "SELECT 1";
inline constexpr const char* kRollback = "ROLLBACK";
// Read replicas (storage/replica_reads.h): a replica pool's sessions, and a write's token.
inline constexpr const char* kReadOnlySessions =
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";
inline constexpr const char* kWalInsertPosition = "SELECT pg_current_wal_insert_lsn()::text";

// A call's settings for its transaction, in one round trip, all local to the transaction:
// statement_timeout ($1, milliseconds as text: its statements end at the call's deadline) and who
// the changes it logs are by, as the change log's principal and request_id columns default to
// (principal $2, request id $3; empty means unknown — migrations/0006_change_audit.sql reads them
// with nullif).
inline constexpr const char* kStartCall =
    "SELECT set_config('statement_timeout', $1, true), "
    "set_config('timeline.principal', $2, true), "
    "set_config('timeline.request_id', $3, true)";
// The names under which kStartCall, EventChildrenOf(false / true) and LiveIdsOf("actors" /
// "places") are prepared on every pooled connection (pg_repository.cc).
inline constexpr const char* kStartCallStatement = "start_call";
inline constexpr const char* kEventChildrenStatement = "event_children";
inline constexpr const char* kEventChildrenByKeyStatement = "event_children_by_key";
inline constexpr const char* kLiveActorIdsStatement = "live_actor_ids";
inline constexpr const char* kLivePlaceIdsStatement = "live_place_ids";

inline std::string SetSessionStatementTimeout(int64_t milliseconds) {
  return absl::StrCat("SET statement_timeout = ", milliseconds);
}

// --- Migrations (storage/migrator.cc) -----------------------------------------------------------

// Servers that start together migrate one after another ($1: the lock's key).
inline constexpr const char* kLockMigrations = "SELECT pg_advisory_lock($1)";
inline constexpr const char* kUnlockMigrations = "SELECT pg_advisory_unlock($1)";
inline constexpr const char* kAppliedMigrations =
    "SELECT version, name, sha256 FROM schema_migrations";
inline constexpr const char* kRecordMigration =
    "INSERT INTO schema_migrations (version, name, sha256) VALUES ($1, $2, $3)";

}  // namespace timeline::storage::sql
