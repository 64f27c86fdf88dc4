// The fixed SQL of curating places and sources (pg_place_curation.cc, pg_source_curation.cc):
// locking rows, finding what refers to them, rewriting them. The set-based work on the hierarchy
// and the links is in the schema (migrations/0011_place_curation.sql).
#pragma once

#include <string>

#include "absl/strings/str_cat.h"
#include "storage/sql.h"

namespace timeline::storage::sql {

// Registry changes, with the request's reason ($3, NULL when empty).
inline constexpr const char* kLogPlaceChange = R"sql(
  INSERT INTO changes (place_id, kind, reason, merged_into)
  VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, '')))sql";
inline constexpr const char* kLogSourceChange = R"sql(
  INSERT INTO changes (source_id, kind, reason) VALUES ($1, $2, NULLIF($3, '')))sql";

// Events whose output changed: a new revision, and 'updated' for their watchers.
inline constexpr const char* kTouchEvents = "SELECT touch_events($1::bigint[])";

// --- Places ------------------------------------------------------------------------------------

// One place by resource id ($1), locked for the transaction.
inline const std::string& PlaceForUpdate() {
  static const auto* sql = new std::string(absl::StrCat(PlaceByResourceId(), " FOR UPDATE OF p"));
  return *sql;
}

// Both places of a merge ($1 text[] of resource ids), locked in id order so that two merges of
// the same pair cannot deadlock.
inline constexpr const char* kLockPlacesInOrder = R"sql(
  SELECT id FROM places WHERE resource_id = ANY($1::text[]) ORDER BY id FOR UPDATE)sql";

// A place a parent is looked up as: its row, whether it is a tombstone and what it merged into.
inline constexpr const char* kParentCandidate = R"sql(
  SELECT id, delete_time IS NOT NULL, coalesce(merged_into, '') FROM places
   WHERE resource_id = $1)sql";

// Whether place $1 lies below place $2 (or is it).
inline constexpr const char* kPlaceIsBelow = R"sql(
  SELECT EXISTS (SELECT 1 FROM place_ancestors WHERE place_id = $1 AND ancestor_id = $2))sql";

// The live events linking place $1 and the live places directly below it: how many, and the
// first three resource ids.
inline constexpr const char* kEventsAtPlace = R"sql(
  SELECT count(*) OVER (), e.resource_id
    FROM (SELECT DISTINCT event_id FROM event_places WHERE place_id = $1) l
    JOIN events e ON e.id = l.event_id
   WHERE e.delete_time IS NULL
   ORDER BY e.resource_id LIMIT 3)sql";
inline constexpr const char* kPlacesBelowPlace = R"sql(
  SELECT count(*) OVER (), resource_id FROM places
   WHERE parent_id = $1 AND delete_time IS NULL
   ORDER BY resource_id LIMIT 3)sql";

// Every event linking place $1 (deleted ones too: touch_events skips those).
inline constexpr const char* kEventIdsAtPlace =
    "SELECT DISTINCT event_id FROM event_places WHERE place_id = $1";

// Place $1 (resource id) rewritten from a record: the parameters of PlaceValues, $4 the parent's
// internal id or NULL; the country code is inherited from the parent when $5 is empty.
inline constexpr const char* kUpdatePlace = R"sql(
  UPDATE places
     SET display_name = $2, kind = $3, parent_id = $4::bigint,
         country_code = COALESCE(NULLIF($5, ''),
                                 (SELECT country_code FROM places WHERE id = $4::bigint)),
         geonames_id = NULLIF($6::bigint, 0),
         location = CASE WHEN $7::float8 IS NULL THEN NULL
                         ELSE ST_SetSRID(ST_MakePoint($8::float8, $7::float8), 4326)::geography END,
         location_precision = NULLIF($9, ''), time_zone = $10,
         revision = revision + 1, update_time = now()
   WHERE resource_id = $1)sql";

inline constexpr const char* kDeletePlaceNames = "DELETE FROM place_names WHERE place_id = $1";

// After place $1's parent changed: its subtree's closure, scopes and points, and the events
// whose scope changed (migrations/0011).
inline constexpr const char* kPlaceSubtreeMoved = "SELECT unnest(place_subtree_moved($1))";

inline constexpr const char* kMarkPlaceDeleted = R"sql(
  UPDATE places SET delete_time = now(), update_time = now(), revision = revision + 1
   WHERE id = $1)sql";
inline constexpr const char* kMarkPlaceMerged = R"sql(
  UPDATE places SET delete_time = now(), update_time = now(), revision = revision + 1,
                    merged_into = $2
   WHERE id = $1)sql";
inline constexpr const char* kMarkPlaceRevived = R"sql(
  UPDATE places SET delete_time = NULL, merged_into = NULL, update_time = now(),
                    revision = revision + 1
   WHERE id = $1)sql";
inline constexpr const char* kBumpPlace = R"sql(
  UPDATE places SET update_time = now(), revision = revision + 1 WHERE id = $1)sql";

// The moving parts of a merge and a split (migrations/0011): the events whose links or scope
// changed.
inline constexpr const char* kMergePlace = "SELECT unnest(merge_place($1, $2, NULLIF($3, '')))";
inline constexpr const char* kSplitPlace = "SELECT unnest(split_place($1, NULLIF($2, '')))";

// The survivor a merged place ($1, internal id) was merged into, by the merge record.
inline constexpr const char* kMergeSurvivor = R"sql(
  SELECT p.resource_id FROM place_merges m JOIN places p ON p.id = m.into_id
   WHERE m.place_id = $1)sql";

// --- Sources -----------------------------------------------------------------------------------

inline const std::string& SourceForUpdate() {
  static const auto* sql = new std::string(absl::StrCat(SourceByResourceId(), " FOR UPDATE"));
  return *sql;
}

// The live events citing source $1: how many, and the first three resource ids.
inline constexpr const char* kEventsCitingSource = R"sql(
  SELECT count(*) OVER (), e.resource_id
    FROM (SELECT DISTINCT event_id FROM event_sources WHERE source_id = $1) l
    JOIN events e ON e.id = l.event_id
   WHERE e.delete_time IS NULL
   ORDER BY e.resource_id LIMIT 3)sql";
inline constexpr const char* kEventIdsCitingSource =
    "SELECT DISTINCT event_id FROM event_sources WHERE source_id = $1";

// $1 internal id; $2.. as kInsertSource.
inline constexpr const char* kUpdateSource = R"sql(
  UPDATE sources
     SET url = NULLIF($2, ''), publisher = $3, language = $4,
         published_time = from_epoch_us($5::bigint), title = $6,
         revision = revision + 1, update_time = now()
   WHERE id = $1)sql";

// A deleted source keeps its url in deleted_url; the url is free for another source.
inline constexpr const char* kMarkSourceDeleted = R"sql(
  UPDATE sources SET deleted_url = url, url = NULL, delete_time = now(), update_time = now(),
                     revision = revision + 1
   WHERE id = $1)sql";

}  // namespace timeline::storage::sql
