-- Curating places and sources (UpdatePlace, MergePlaces, SplitPlace, DeleteSource): a place moves
-- with everything below it, two places merge and split apart again, and a deleted source frees
-- its url. Callers open the transaction with begin_registry_curation() (0009) and log the
-- registry changes themselves; the functions here do the set-based work on the hierarchy and
-- the links.

-- A place's parent may change now: place_subtree_moved below keeps the closure right.
DROP TRIGGER places_parent_is_fixed ON places;
DROP FUNCTION places_parent_is_fixed();

-- Recomputes which places the events `ids` count as being in (event_place_scope) from their
-- links and the closure, as event_places_refresh_scope (0001) does for changed links.
CREATE FUNCTION event_scope_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM event_place_scope WHERE event_id = ANY(ids);
  INSERT INTO event_place_scope (place_id, event_id, span)
  SELECT DISTINCT a.ancestor_id, ep.event_id, e.span
    FROM event_places ep
    JOIN place_ancestors a ON a.place_id = ep.place_id
    JOIN events e ON e.id = ep.event_id
   WHERE ep.event_id = ANY(ids);
END $$;

-- After places.parent_id of `moved` changed: the closure of `moved` and every place below it is
-- rewritten (rows to the old ancestors go, rows to the new parent's ancestors come, at the right
-- depths), then the scope of every event linked to one of those places and the points the
-- places borrow from their ancestors (place_points). Returns those events, for touch_events().
-- A subtree member's ancestors within the subtree are those at most as deep as `moved` is above
-- it; the others are the old outside ancestors.
CREATE FUNCTION place_subtree_moved(moved bigint) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
  new_parent bigint := (SELECT parent_id FROM places WHERE id = moved);
  subtree bigint[] := ARRAY(SELECT place_id FROM place_ancestors WHERE ancestor_id = moved);
  linked bigint[];
BEGIN
  DELETE FROM place_ancestors pa
   USING place_ancestors s
   WHERE s.ancestor_id = moved AND pa.place_id = s.place_id AND pa.depth > s.depth;
  INSERT INTO place_ancestors (place_id, ancestor_id, depth)
  SELECT s.place_id, a.ancestor_id, s.depth + 1 + a.depth
    FROM place_ancestors s
    JOIN place_ancestors a ON a.place_id = new_parent
   WHERE s.ancestor_id = moved;
  linked := ARRAY(SELECT DISTINCT event_id FROM event_places WHERE place_id = ANY(subtree));
  PERFORM event_scope_refresh(linked);
  PERFORM place_points_refresh(subtree);
  RETURN linked;
END $$;

-- What a merge changed, so that SplitPlace can undo it: one row per merged-away place while it
-- is merged (a split removes it; the change log keeps the history).
CREATE TABLE place_merges (
  place_id   bigint PRIMARY KEY REFERENCES places (id),
  into_id    bigint NOT NULL REFERENCES places (id),
  merge_time timestamptz NOT NULL DEFAULT now()
);
-- The merged place's names; added_to_survivor is false for a name the survivor already had
-- (a split leaves that one with the survivor).
CREATE TABLE place_merge_names (
  place_id          bigint NOT NULL REFERENCES place_merges (place_id) ON DELETE CASCADE,
  ordinal           integer NOT NULL,
  name              text NOT NULL,
  language          text NOT NULL,
  match_key         text NOT NULL,
  added_to_survivor boolean NOT NULL,
  PRIMARY KEY (place_id, name, language)
);
-- The live places that were directly below the merged place and moved below the survivor.
CREATE TABLE place_merge_children (
  place_id bigint NOT NULL REFERENCES place_merges (place_id) ON DELETE CASCADE,
  child_id bigint NOT NULL REFERENCES places (id),
  PRIMARY KEY (place_id, child_id)
);
-- The merged place's event links as they were; folded is true when the survivor already had
-- the event in that role, so the link was dropped rather than moved.
CREATE TABLE place_merge_links (
  place_id           bigint NOT NULL REFERENCES place_merges (place_id) ON DELETE CASCADE,
  event_id           bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  role               text NOT NULL,
  ordinal            integer NOT NULL,
  location           geography(Point, 4326),
  location_precision text,
  folded             boolean NOT NULL,
  PRIMARY KEY (place_id, event_id, role)
);

-- The moving parts of MergePlaces (the caller locks both rows, checks them, marks the tombstone
-- and logs the merge): `merged`'s names join `survivor`'s, its links move to `survivor` in the
-- same roles (a link the survivor has already is dropped), its live children move below
-- `survivor` (each logged 'updated' with `reason`), all of it recorded in place_merges.
-- Returns the events whose links or scope changed, for touch_events().
CREATE FUNCTION merge_place(merged bigint, survivor bigint, reason text) RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
  children bigint[];
  child bigint;
  changed bigint[];
BEGIN
  INSERT INTO place_merges (place_id, into_id) VALUES (merged, survivor);

  WITH added AS (
    INSERT INTO place_names (place_id, ordinal, name, language, match_key)
    SELECT survivor, base.top + row_number() OVER (ORDER BY m.ordinal), m.name, m.language,
           m.match_key
      FROM place_names m,
           (SELECT coalesce(max(ordinal), -1) AS top FROM place_names WHERE place_id = survivor) base
     WHERE m.place_id = merged
    ON CONFLICT (place_id, name, language) DO NOTHING
    RETURNING name, language)
  INSERT INTO place_merge_names (place_id, ordinal, name, language, match_key, added_to_survivor)
  SELECT merged, m.ordinal, m.name, m.language, m.match_key,
         EXISTS (SELECT 1 FROM added a WHERE a.name = m.name AND a.language = m.language)
    FROM place_names m
   WHERE m.place_id = merged;
  DELETE FROM place_names WHERE place_id = merged;

  INSERT INTO place_merge_links (place_id, event_id, role, ordinal, location, location_precision,
                                 folded)
  SELECT merged, ep.event_id, ep.role, ep.ordinal, ep.location, ep.location_precision,
         EXISTS (SELECT 1 FROM event_places s
                  WHERE s.event_id = ep.event_id AND s.place_id = survivor AND s.role = ep.role)
    FROM event_places ep
   WHERE ep.place_id = merged;
  DELETE FROM event_places WHERE place_id = merged;
  INSERT INTO event_places (event_id, place_id, role, ordinal, location, location_precision)
  SELECT event_id, survivor, role, ordinal, location, location_precision
    FROM place_merge_links
   WHERE place_id = merged AND NOT folded;
  changed := ARRAY(SELECT event_id FROM place_merge_links WHERE place_id = merged);

  WITH moved AS (
    UPDATE places SET parent_id = survivor, revision = revision + 1, update_time = now()
     WHERE parent_id = merged AND delete_time IS NULL
    RETURNING id)
  SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO children FROM moved;
  INSERT INTO place_merge_children (place_id, child_id) SELECT merged, unnest(children);
  INSERT INTO changes (place_id, kind, reason) SELECT unnest(children), 'updated', reason;
  FOREACH child IN ARRAY children LOOP
    changed := changed || place_subtree_moved(child);
  END LOOP;
  RETURN ARRAY(SELECT DISTINCT unnest(changed));
END $$;

-- The moving parts of SplitPlace (the caller locks, checks, revives the row and logs): the
-- names `merged` brought come back to it (those added to the survivor leave it, unless one is
-- the survivor's display name now), the links it had come back in their roles where the
-- survivor still has the event in that role (moved links leave the survivor, folded ones stay
-- with it as well), and the children that are still below the survivor move back below it
-- (each logged 'updated' with `reason`). Returns the events whose links or scope changed.
CREATE FUNCTION split_place(merged bigint, reason text) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
  survivor bigint := (SELECT into_id FROM place_merges WHERE place_id = merged);
  children bigint[];
  child bigint;
  changed bigint[];
BEGIN
  INSERT INTO place_names (place_id, ordinal, name, language, match_key)
  SELECT merged, ordinal, name, language, match_key FROM place_merge_names WHERE place_id = merged
  ON CONFLICT (place_id, name, language) DO NOTHING;
  DELETE FROM place_names n
   USING place_merge_names m, places s
   WHERE m.place_id = merged AND m.added_to_survivor AND s.id = survivor
     AND n.place_id = survivor AND n.name = m.name AND n.language = m.language
     AND n.name <> s.display_name;

  changed := ARRAY(
    SELECT m.event_id FROM place_merge_links m
      JOIN event_places s ON s.event_id = m.event_id AND s.place_id = survivor AND s.role = m.role
     WHERE m.place_id = merged);
  INSERT INTO event_places (event_id, place_id, role, ordinal, location, location_precision)
  SELECT m.event_id, merged, m.role, m.ordinal, m.location, m.location_precision
    FROM place_merge_links m
    JOIN event_places s ON s.event_id = m.event_id AND s.place_id = survivor AND s.role = m.role
   WHERE m.place_id = merged;
  DELETE FROM event_places s
   USING place_merge_links m
   WHERE m.place_id = merged AND NOT m.folded
     AND s.event_id = m.event_id AND s.place_id = survivor AND s.role = m.role;

  WITH moved AS (
    UPDATE places p SET parent_id = merged, revision = p.revision + 1, update_time = now()
      FROM place_merge_children c
     WHERE c.place_id = merged AND p.id = c.child_id AND p.parent_id = survivor
       AND p.delete_time IS NULL
    RETURNING p.id)
  SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO children FROM moved;
  INSERT INTO changes (place_id, kind, reason) SELECT unnest(children), 'updated', reason;
  FOREACH child IN ARRAY children LOOP
    changed := changed || place_subtree_moved(child);
  END LOOP;

  DELETE FROM place_merges WHERE place_id = merged;
  RETURN ARRAY(SELECT DISTINCT unnest(changed));
END $$;

-- A deleted source frees its url (DeleteSource): the tombstone's url moves here, where GetSource
-- still shows it, and the unique url column (and imports looking sources up by url) no longer
-- see it.
ALTER TABLE sources ADD COLUMN deleted_url text;
