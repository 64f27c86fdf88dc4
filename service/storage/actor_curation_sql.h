// The SQL of curating actors (pg_actor_curation.cc, pg_actor_roles.cc): updates, tombstones,
// merges recorded in actor_merges so that a split can undo them, and roles. Parameters are
// internal ids unless said otherwise. Internal to storage/.
#pragma once

namespace timeline::storage::sql {

// The first statement of every curating transaction (migrations/0009_registry_curation.sql).
inline constexpr const char* kBeginActorCuration = "SELECT begin_registry_curation()";

// Locks the actors with the resource ids in $1 (text[]) in id order, so that two curations of
// the same pair cannot deadlock.
inline constexpr const char* kLockActorsInOrder = R"sql(
  SELECT id FROM actors WHERE resource_id = ANY($1::text[]) ORDER BY id FOR UPDATE)sql";

// The live actor resource id $1 stands for (the end of its merges); no row when deleted.
inline constexpr const char* kLiveActorOf =
    "SELECT id, resource_id FROM actors WHERE id = live_actor_id($1)";

inline constexpr const char* kUpdateActorFields = R"sql(
  UPDATE actors
     SET display_name = $2, kind = $3, country_code = NULLIF($4, ''),
         wikidata_id = NULLIF($5, ''), description = $6,
         revision = revision + 1, update_time = now()
   WHERE id = $1)sql";

inline constexpr const char* kDeleteActorNames = "DELETE FROM actor_names WHERE actor_id = $1";

// A new revision for an actor that gained or lost names and events.
inline constexpr const char* kBumpActor =
    "UPDATE actors SET revision = revision + 1, update_time = now() WHERE id = $1";

// $2: the survivor's resource id for a merge, '' for a deletion.
inline constexpr const char* kMarkActorDeleted = R"sql(
  UPDATE actors
     SET delete_time = now(), update_time = now(), revision = revision + 1,
         merged_into = NULLIF($2, '')
   WHERE id = $1)sql";

inline constexpr const char* kReviveActor = R"sql(
  UPDATE actors
     SET delete_time = NULL, merged_into = NULL, update_time = now(), revision = revision + 1
   WHERE id = $1)sql";

// $2 kind, $3 reason ('' for none), $4 survivor's resource id for a merge ('' otherwise).
inline constexpr const char* kLogActorChange = R"sql(
  INSERT INTO changes (actor_id, kind, reason, merged_into)
  VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, '')))sql";

// The live events naming actor $1 show it: a rename changes them.
inline constexpr const char* kTouchEventsOfActor = R"sql(
  SELECT touch_events(ARRAY(SELECT DISTINCT event_id FROM event_actors WHERE actor_id = $1)))sql";

inline constexpr const char* kTouchEvents = "SELECT touch_events($1::bigint[])";

// --- What refers to an actor (DeleteActor) -------------------------------------------------------
// Each gives the number of referring rows with every row, and the first three resource ids.

inline constexpr const char* kLiveEventsNamingActor = R"sql(
  SELECT count(*) OVER (), e.resource_id
    FROM (SELECT DISTINCT event_id FROM event_actors WHERE actor_id = $1) l
    JOIN events e ON e.id = l.event_id
   WHERE e.delete_time IS NULL
   ORDER BY e.resource_id COLLATE "C" LIMIT 3)sql";

inline constexpr const char* kLiveActorsWithRoleIn = R"sql(
  SELECT count(*) OVER (), a.resource_id
    FROM actors a
   WHERE a.delete_time IS NULL AND a.id <> $1
     AND EXISTS (SELECT 1 FROM actor_roles r WHERE r.actor_id = a.id AND r.organization_id = $1)
   ORDER BY a.resource_id COLLATE "C" LIMIT 3)sql";

// --- Merges
// ---------------------------------------------------------------------------------------- $1 the
// merge's id, $2 the merged actor, $3 the survivor.

// $1 the merged actor, $2 the survivor; returns the merge's id.
inline constexpr const char* kOpenActorMerge = R"sql(
  INSERT INTO actor_merges (merged_id, into_id) VALUES ($1, $2) RETURNING id)sql";

inline constexpr const char* kRecordMergedNames = R"sql(
  INSERT INTO actor_merge_names (merge_id, ordinal, name, language, match_key, added)
  SELECT $1, n.ordinal, n.name, n.language, n.match_key,
         NOT EXISTS (SELECT 1 FROM actor_names s
                      WHERE s.actor_id = $3 AND s.name = n.name AND s.language = n.language)
    FROM actor_names n WHERE n.actor_id = $2)sql";

inline constexpr const char* kRecordMergedLinks = R"sql(
  INSERT INTO actor_merge_links (merge_id, event_id, role, ordinal, folded)
  SELECT $1, l.event_id, l.role, l.ordinal,
         EXISTS (SELECT 1 FROM event_actors s
                  WHERE s.event_id = l.event_id AND s.actor_id = $3 AND s.role = l.role)
    FROM event_actors l WHERE l.actor_id = $2)sql";

// The names the survivor ($2) lacked follow its own, in the merged actor's order.
inline constexpr const char* kGiveMergedNames = R"sql(
  INSERT INTO actor_names (actor_id, ordinal, name, language, match_key)
  SELECT $2, (SELECT coalesce(max(ordinal), -1) FROM actor_names WHERE actor_id = $2)
             + row_number() OVER (ORDER BY m.ordinal),
         m.name, m.language, m.match_key
    FROM actor_merge_names m WHERE m.merge_id = $1 AND m.added)sql";

inline constexpr const char* kDropFoldedLinks = R"sql(
  DELETE FROM event_actors l USING actor_merge_links m
   WHERE m.merge_id = $1 AND m.folded AND l.event_id = m.event_id AND l.role = m.role
     AND l.actor_id = $2)sql";

// After kDropFoldedLinks: $1 the merged actor, $2 the survivor.
inline constexpr const char* kMoveMergedLinks =
    "UPDATE event_actors SET actor_id = $2 WHERE actor_id = $1";

inline constexpr const char* kTouchMergedEvents = R"sql(
  SELECT touch_events(ARRAY(SELECT event_id FROM actor_merge_links WHERE merge_id = $1)))sql";

// --- Splits
// ---------------------------------------------------------------------------------------- $1 the
// merge's id, $2 the merged actor, $3 the live actor now holding what it brought (the survivor, or
// the survivor's own survivor after later merges).

inline constexpr const char* kFindOpenActorMerge =
    "SELECT id FROM actor_merges WHERE merged_id = $1 AND split_time IS NULL";

// $1 the merge, $2 the holder: the names the merge gave it.
inline constexpr const char* kTakeBackNames = R"sql(
  DELETE FROM actor_names n USING actor_merge_names m
   WHERE m.merge_id = $1 AND m.added AND n.actor_id = $2
     AND n.name = m.name AND n.language = m.language)sql";

// $1 the merge, $2 the merged actor: its names as they were.
inline constexpr const char* kRestoreNames = R"sql(
  INSERT INTO actor_names (actor_id, ordinal, name, language, match_key)
  SELECT $2, ordinal, name, language, match_key FROM actor_merge_names WHERE merge_id = $1)sql";

// A moved link goes back when its event still stands and the holder still has the link.
inline constexpr const char* kReturnMovedLinks = R"sql(
  UPDATE event_actors l SET actor_id = $2
    FROM actor_merge_links m, events e
   WHERE m.merge_id = $1 AND NOT m.folded
     AND l.event_id = m.event_id AND l.role = m.role AND l.actor_id = $3
     AND e.id = m.event_id AND e.delete_time IS NULL
  RETURNING l.event_id)sql";

// A folded link comes back beside the holder's when both still stand.
inline constexpr const char* kRestoreFoldedLinks = R"sql(
  INSERT INTO event_actors (event_id, actor_id, role, ordinal)
  SELECT m.event_id, $2, m.role, m.ordinal
    FROM actor_merge_links m JOIN events e ON e.id = m.event_id
   WHERE m.merge_id = $1 AND m.folded AND e.delete_time IS NULL
     AND EXISTS (SELECT 1 FROM event_actors s
                  WHERE s.event_id = m.event_id AND s.actor_id = $3 AND s.role = m.role)
  ON CONFLICT DO NOTHING
  RETURNING event_id)sql";

inline constexpr const char* kCloseActorMerge =
    "UPDATE actor_merges SET split_time = now() WHERE id = $1";

// --- Roles
// -------------------------------------------------------------------------------------------

inline constexpr const char* kActorRolesOf = R"sql(
  SELECT r.actor_id, r.role, coalesce(o.resource_id, ''), r.start_date, r.end_date
    FROM actor_roles r LEFT JOIN actors o ON o.id = r.organization_id
   WHERE r.actor_id = ANY($1::bigint[])
   ORDER BY r.actor_id, r.ordinal)sql";

inline constexpr const char* kDeleteActorRoles = "DELETE FROM actor_roles WHERE actor_id = $1";

// $4: the organization's resource id ('' for none), which must name a live actor: no row is
// inserted otherwise.
inline constexpr const char* kInsertActorRole = R"sql(
  INSERT INTO actor_roles (actor_id, ordinal, role, organization_id, start_date, end_date)
  SELECT $1, $2, $3, o.id, $5, $6
    FROM (SELECT NULL::bigint AS id WHERE $4 = ''
          UNION ALL
          SELECT id FROM actors WHERE resource_id = $4 AND $4 <> '' AND delete_time IS NULL) o)sql";

}  // namespace timeline::storage::sql
