// The SQL of ingestion (storage/pg_ingest_transaction.cc, and NameResolver's stages in
// storage/pg_name_*.cc and pg_gazetteer.cc), as named constants and the one statement built from
// two of them (InsertOneWithNames). Values are always bound parameters; arrays travel as
// PostgreSQL array literals.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "absl/strings/substitute.h"

namespace timeline::storage::sql {

// --- Stream results by request_id (AIP-155) -----------------------------------------------------

inline constexpr const char* kFindIngestRequest = R"sql(
  SELECT encode(records_hash, 'hex'), encode(response, 'base64')
    FROM ingest_requests WHERE method = $1 AND request_id = $2)sql";

inline constexpr const char* kRecordIngestRequest = R"sql(
  INSERT INTO ingest_requests (method, request_id, records_hash, response)
  VALUES ($1, $2, decode($3, 'hex'), decode($4, 'base64')))sql";

// Stream results are kept for a week: long enough for any retry, short enough to stay small.
inline constexpr const char* kForgetOldIngestRequests = R"sql(
  DELETE FROM ingest_requests WHERE create_time < now() - interval '7 days')sql";

// Whether the stream of a method and request_id has committed (pg_stream_order.h).
inline constexpr const char* kIngestRequestCommitted =
    "SELECT 1 FROM ingest_requests WHERE method = $1 AND request_id = $2";

// --- Locks --------------------------------------------------------------------------------------

// A running stream holds the lock of its method and request_id (sql::kLockRequest; `quoted_key`
// is sql::RequestLockKey quoted as an SQL literal): false while it does. Both statements
// are taken inside a subtransaction to be let go at its ROLLBACK TO SAVEPOINT, and so are sent
// as simple queries with the key inline: a lock that a statement of the extended protocol (a
// bound parameter) waited for outlived the rollback (libpqxx 6.4, PostgreSQL 15).
inline std::string TryRequestLockShared(absl::string_view quoted_key) {
  return absl::Substitute("SELECT pg_try_advisory_xact_lock_shared(hashtextextended($0, 0))",
                          quoted_key);
}
// Returns once the stream holding that lock has let go of it.
inline std::string AwaitRequestLockShared(absl::string_view quoted_key) {
  return absl::Substitute("SELECT pg_advisory_xact_lock_shared(hashtextextended($0, 0))",
                          quoted_key);
}

// Creating actors and places is serialized, so two batches never create the same name twice.
inline constexpr const char* kLockNameCreation = "SELECT pg_advisory_xact_lock(7312, 0)";

// The statistics the name look-ups and place inserts are planned with. Not places' location:
// its spatial statistics (and those of the (location)::geometry index expression) cost three
// quarters of the places' ANALYZE (0.2 s of 0.27 s at 20,000 places), and no statement of an
// import is planned by them (the nearest known place is an ordered GiST walk); autovacuum keeps
// them for the readers.
inline constexpr const char* kAnalyzeNameTables =
    "ANALYZE places (id, resource_id, display_name, kind, parent_id, country_code, geonames_id, "
    "location_precision, time_zone, delete_time, merged_into), "
    "place_names, place_ancestors, actors, actor_names";

// Whether a name table has at least doubled in size since its statistics were made (its
// pg_class.relpages, set by an ANALYZE, any server's or autovacuum's, or a VACUUM; 0 before the
// first, when any page counts), counting what the running transaction wrote. Sizes, not the
// statistics counters: those reach other sessions up to seconds later, and an ANALYZE inside the
// transaction that wrote rows counts them once more when it commits.
inline constexpr const char* kNameTablesHaveDoubled = R"sql(
  SELECT coalesce(bool_or(pg_relation_size(c.oid) >=
                          greatest(2 * c.relpages::bigint, 1) *
                          current_setting('block_size')::bigint), false)
    FROM pg_class c WHERE c.oid IN ('place_names'::regclass, 'actor_names'::regclass))sql";

// --- Actors -------------------------------------------------------------------------------------

// The live actor a resource id stands for (the survivor of a merge; none when deleted).
inline constexpr const char* kActorByResourceId = R"sql(
  SELECT id, resource_id FROM actors WHERE id = live_actor_id($1))sql";

// Candidates whose names have one of the keys $1.
inline constexpr const char* kActorsByKeys = R"sql(
  SELECT a.id, a.resource_id, a.display_name, a.kind, coalesce(a.country_code, '')
    FROM actors a
   WHERE a.id IN (SELECT actor_id FROM actor_names WHERE match_key = ANY($1::text[])))sql";

// Candidates whose names have one of the keys $1 (score NULL) or, only when none has, whose names
// are similar to $2 (pg_trgm; the GIN index answers `%`): one round trip for what is mostly a new
// name's two look-ups. The similar branch sits behind a one-time filter and is not executed when
// an equal key was found.
inline constexpr const char* kActorsByKeysElseSimilar = R"sql(
  WITH equal AS MATERIALIZED (
    SELECT a.id, a.resource_id, a.display_name, a.kind, coalesce(a.country_code, '') AS country
      FROM actors a
     WHERE a.id IN (SELECT actor_id FROM actor_names WHERE match_key = ANY($1::text[])))
  SELECT id, resource_id, display_name, kind, country, NULL::float8, ''::text FROM equal
  UNION ALL
  (SELECT a.id, a.resource_id, a.display_name, a.kind, coalesce(a.country_code, ''), s.score,
          s.match_key
     FROM (SELECT DISTINCT ON (actor_id) actor_id, match_key, similarity(match_key, $2) AS score
             FROM actor_names
            WHERE match_key % $2 AND NOT EXISTS (SELECT 1 FROM equal)
            ORDER BY actor_id, score DESC) s
     JOIN actors a ON a.id = s.actor_id
    ORDER BY s.score DESC LIMIT 10))sql";

// `insert_one` (sql::kInsertActor or sql::kInsertPlace: one row, RETURNING id, with parameters
// up to $arrays_from - 1) and, in the same statement, the new row's names in `names_table` from
// the arrays $arrays_from (names), $arrays_from + 1 (languages) and $arrays_from + 2 (match
// keys). Answers the new id, or nothing when the insert did nothing (its resource id was taken),
// and then writes no name either. One round trip for what a new name otherwise takes two.
inline std::string InsertOneWithNames(absl::string_view insert_one, int arrays_from,
                                      absl::string_view names_table,
                                      absl::string_view owner_column) {
  return absl::Substitute(
      "WITH created AS ($0), named AS ("
      "INSERT INTO $1 ($2, ordinal, name, language, match_key)"
      " SELECT created.id, t.o - 1, t.n, t.l, t.k FROM created,"
      " unnest($$$3::text[], $$$4::text[], $$$5::text[]) WITH ORDINALITY AS t(n, l, k, o))"
      " SELECT id FROM created",
      insert_one, names_table, owner_column, arrays_from, arrays_from + 1, arrays_from + 2);
}

// --- Places -------------------------------------------------------------------------------------

// The live place a resource id, or a GeoNames id, stands for (the survivor of a merge; none when
// deleted).
inline constexpr const char* kPlaceByResourceId = R"sql(
  SELECT id, resource_id FROM places WHERE id = live_place_id($1))sql";

inline constexpr const char* kPlaceByGeoNamesId = R"sql(
  SELECT id, resource_id FROM places
   WHERE id = live_place_id((SELECT resource_id FROM places WHERE geonames_id = $1)))sql";

// The live place of a country (a country merged into another answers the survivor; a deleted
// one is not found, and the caller creates the country again).
inline constexpr const char* kCountryPlace = R"sql(
  SELECT l.id, l.resource_id
    FROM (SELECT resource_id FROM places WHERE kind = 'country' AND country_code = $1
           ORDER BY delete_time IS NOT NULL, id LIMIT 1) c
    JOIN places l ON l.id = live_place_id(c.resource_id))sql";

// The country and zone of the nearest known place within $3 meters of ($1 lat, $2 lng).
inline constexpr const char* kNearestKnownPlace = R"sql(
  SELECT coalesce(country_code, ''), time_zone
    FROM places
   WHERE location IS NOT NULL AND country_code IS NOT NULL
     AND ST_DWithin(location, ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography, $3)
   ORDER BY location <-> ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography
   LIMIT 1)sql";

// The place's own zone or its nearest ancestor's.
inline constexpr const char* kPlaceTimeZone = R"sql(
  SELECT p.time_zone FROM place_ancestors a JOIN places p ON p.id = a.ancestor_id
   WHERE a.place_id = $1 AND p.time_zone <> ''
   ORDER BY a.depth LIMIT 1)sql";

// Place candidate columns: id, resource id, display name, kind, country, km from ($3 lat, $4 lng)
// or NULL; then (after score and matched key) the divisions above it, largest first, each as
// its kind and the match keys of its names joined by U+001F. $2: only places at or below this
// place (NULL: anywhere).
#define TIMELINE_PLACE_CANDIDATE_COLUMNS                                                \
  "p.id, p.resource_id, p.display_name, p.kind, coalesce(p.country_code, ''), "         \
  "CASE WHEN p.location IS NULL OR $3::float8 IS NULL THEN NULL "                       \
  "ELSE ST_Distance(p.location, ST_SetSRID(ST_MakePoint($4::float8, $3::float8), 4326)" \
  "::geography) / 1000 END"
#define TIMELINE_PLACE_DIVISIONS                                                              \
  ", (SELECT coalesce(array_agg(a.kind || E'\\x1f' || k.keys ORDER BY pa.depth DESC), '{}')"  \
  " FROM place_ancestors pa JOIN places a ON a.id = pa.ancestor_id"                           \
  " CROSS JOIN LATERAL (SELECT coalesce(string_agg(n.match_key, E'\\x1f'), '') AS keys FROM " \
  "place_names n"                                                                             \
  " WHERE n.place_id = a.id) k"                                                               \
  " WHERE pa.place_id = p.id AND pa.depth > 0"                                                \
  " AND a.kind IN ('admin_region', 'admin_district'))"
#define TIMELINE_PLACE_IN_SCOPE                                         \
  " AND ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM place_ancestors a" \
  " WHERE a.place_id = p.id AND a.ancestor_id = $2::bigint))"

inline constexpr const char* kPlacesByKeys =
    "SELECT " TIMELINE_PLACE_CANDIDATE_COLUMNS ", 1.0, ''" TIMELINE_PLACE_DIVISIONS
    " FROM places p"
    " WHERE p.id IN (SELECT place_id FROM place_names WHERE match_key = "
    "ANY($1::text[]))" TIMELINE_PLACE_IN_SCOPE;

// kPlacesByKeys or, only when it finds none, the places whose names are similar to $5 (as
// kActorsByKeysElseSimilar).
inline constexpr const char* kPlacesByKeysElseSimilar =
    "WITH equal AS MATERIALIZED (SELECT p.id FROM places p"
    " WHERE p.id IN (SELECT place_id FROM place_names WHERE match_key = "
    "ANY($1::text[]))" TIMELINE_PLACE_IN_SCOPE ") SELECT " TIMELINE_PLACE_CANDIDATE_COLUMNS
    ", 1.0, ''" TIMELINE_PLACE_DIVISIONS
    " FROM places p WHERE p.id IN (SELECT id FROM equal)"
    " UNION ALL (SELECT " TIMELINE_PLACE_CANDIDATE_COLUMNS
    ", s.score, s.match_key" TIMELINE_PLACE_DIVISIONS
    " FROM (SELECT DISTINCT ON (place_id) place_id, match_key,"
    " similarity(match_key, $5) AS score FROM place_names"
    " WHERE match_key % $5 AND NOT EXISTS (SELECT 1 FROM equal)"
    " ORDER BY place_id, score DESC) s"
    " JOIN places p ON p.id = s.place_id WHERE true" TIMELINE_PLACE_IN_SCOPE
    " ORDER BY s.score DESC LIMIT 10)";

#undef TIMELINE_PLACE_CANDIDATE_COLUMNS
#undef TIMELINE_PLACE_IN_SCOPE
#undef TIMELINE_PLACE_DIVISIONS

inline constexpr const char* kUpdateGazetteerPlace = R"sql(
  UPDATE places
     SET display_name = $2, kind = $3,
         location = CASE WHEN $4::float8 IS NULL THEN NULL
                         ELSE ST_SetSRID(ST_MakePoint($5::float8, $4::float8), 4326)::geography
                    END,
         location_precision = NULLIF($6, ''), time_zone = $7
   WHERE id = $1)sql";

// A curated place (or country) that a gazetteer row turns out to describe takes its GeoNames id.
inline constexpr const char* kAdoptGeoNamesId = R"sql(
  UPDATE places SET geonames_id = $2 WHERE id = $1 AND geonames_id IS NULL)sql";

// Many places at once (InsertPlaces): the columns of sql::kInsertPlace as arrays, one element
// per place. The rows whose resource id is taken are skipped (the caller tries the next id).
inline constexpr const char* kInsertPlaces = R"sql(
  INSERT INTO places (resource_id, display_name, kind, parent_id, country_code, geonames_id,
                      location, location_precision, time_zone)
  SELECT t.r, t.d, t.k, t.p,
         COALESCE(NULLIF(t.c, ''), (SELECT country_code FROM places WHERE id = t.p)),
         NULLIF(t.g, 0),
         CASE WHEN t.lat IS NULL THEN NULL
              ELSE ST_SetSRID(ST_MakePoint(t.lng, t.lat), 4326)::geography END,
         NULLIF(t.pr, ''), t.tz
    FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[],
                $7::float8[], $8::float8[], $9::text[], $10::text[])
         AS t(r, d, k, p, c, g, lat, lng, pr, tz)
  ON CONFLICT (resource_id) DO NOTHING
  RETURNING id, resource_id)sql";

// The names of many places at once: place ids, ordinals, names, languages, match keys.
inline constexpr const char* kInsertPlacesNames = R"sql(
  INSERT INTO place_names (place_id, ordinal, name, language, match_key)
  SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[]))sql";

inline constexpr const char* kDeletePlaceNames = "DELETE FROM place_names WHERE place_id = $1";

// --- Sources ------------------------------------------------------------------------------------

inline constexpr const char* kSourceByResourceId = R"sql(
  SELECT id, resource_id, epoch_us(published_time) FROM sources WHERE resource_id = $1)sql";

inline constexpr const char* kSourceByUrl = R"sql(
  SELECT id, resource_id, epoch_us(published_time) FROM sources WHERE url = $1)sql";

// A new source of an ingested record, as sql::kInsertSource, but nothing on any conflict: its URL
// created by a concurrent stream (read back by URL), or its resource id taken (the next is tried).
inline constexpr const char* kIngestInsertSource = R"sql(
  INSERT INTO sources (resource_id, url, publisher, language, published_time, title)
  VALUES ($1, NULLIF($2, ''), $3, $4, from_epoch_us($5::bigint), $6)
  ON CONFLICT DO NOTHING
  RETURNING id)sql";

// --- Events -------------------------------------------------------------------------------------

// The events that own external ids ($1 systems, $2 ids, pairwise), locked in id order until the
// stream commits: streams that update one event run one after another, and see each other's
// writes. Streams that create one new external id at once are not locked out here (there is no
// row yet); the second one's insert waits for the first to commit, fails on the unique key, and
// the stream is run again (PgRepository::RunIngest).
inline constexpr const char* kEventsByExternalIds = R"sql(
  SELECT x.system, x.external_id, e.resource_id,
         coalesce(encode(e.content_hash, 'hex'), '') AS content_hash,
         e.delete_time IS NOT NULL AS deleted, coalesce(e.merged_into, '') AS merged_into
    FROM unnest($1::text[], $2::text[]) AS k(system, external_id)
    JOIN external_ids x ON x.system = k.system AND x.external_id = k.external_id
    JOIN events e ON e.id = x.event_id
   ORDER BY e.id
     FOR UPDATE OF e)sql";

inline constexpr const char* kTakenEventIds = R"sql(
  SELECT resource_id FROM events WHERE resource_id = ANY($1::text[]))sql";

inline constexpr const char* kNextEventIds = R"sql(
  SELECT nextval(pg_get_serial_sequence('events', 'id')) FROM generate_series(1, $1))sql";

inline constexpr const char* kSetContentHash = R"sql(
  UPDATE events SET content_hash = decode($2, 'hex') WHERE id = $1)sql";

}  // namespace timeline::storage::sql
