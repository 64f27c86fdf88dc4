-- Curating the registry: actors, places and sources are updated, merged, split and deleted, and
-- the change log records each of those changes, with who made it and why, beside the events'.

-- Every registry row carries a revision (its etag), when it last changed and, once deleted or
-- merged away, when (a tombstone: rows stay, so that resource names stay taken and old links can
-- be followed) and, for a merge, into which row (its resource id: resource ids never change).
-- update_time is NULL until the first change; readers show create_time then.
ALTER TABLE actors
  ADD COLUMN revision bigint NOT NULL DEFAULT 1 CHECK (revision > 0),
  ADD COLUMN update_time timestamptz,
  ADD COLUMN delete_time timestamptz,
  ADD COLUMN merged_into resource_id,
  ADD CONSTRAINT actors_merged_is_deleted CHECK (merged_into IS NULL OR delete_time IS NOT NULL);
ALTER TABLE places
  ADD COLUMN revision bigint NOT NULL DEFAULT 1 CHECK (revision > 0),
  ADD COLUMN update_time timestamptz,
  ADD COLUMN delete_time timestamptz,
  ADD COLUMN merged_into resource_id,
  ADD CONSTRAINT places_merged_is_deleted CHECK (merged_into IS NULL OR delete_time IS NOT NULL);
ALTER TABLE sources
  ADD COLUMN revision bigint NOT NULL DEFAULT 1 CHECK (revision > 0),
  ADD COLUMN update_time timestamptz,
  ADD COLUMN delete_time timestamptz;

-- The change log's subject is an event, an actor, a place or a source: exactly one. No foreign
-- keys on the new columns: registry rows are never removed, and a key check per logged creation
-- would slow a gazetteer import of a hundred thousand places for nothing.
ALTER TABLE changes
  ALTER COLUMN event_id DROP NOT NULL,
  ADD COLUMN actor_id bigint,
  ADD COLUMN place_id bigint,
  ADD COLUMN source_id bigint,
  -- Why, as the curating request said (UpdateActorRequest.reason and friends).
  ADD COLUMN reason text,
  -- For a registry merge: the survivor's resource id at the time (a split later clears the
  -- tombstone's own merged_into, the log keeps what happened).
  ADD COLUMN merged_into resource_id,
  ADD CONSTRAINT changes_one_subject
    CHECK (num_nonnulls(event_id, actor_id, place_id, source_id) = 1);
ALTER TABLE changes DROP CONSTRAINT changes_kind_check;
ALTER TABLE changes ADD CONSTRAINT changes_kind_check
  CHECK (kind IN ('created', 'updated', 'deleted', 'merged', 'split'));
-- A subject's history, for audits and for watchers of a few subjects.
CREATE INDEX changes_actor_idx ON changes (actor_id, seq) WHERE actor_id IS NOT NULL;
CREATE INDEX changes_place_idx ON changes (place_id, seq) WHERE place_id IS NOT NULL;
CREATE INDEX changes_source_idx ON changes (source_id, seq) WHERE source_id IS NOT NULL;

-- Creations are logged whichever path made them (CreateActor, an import's new names, a gazetteer
-- import, the seed), one statement per inserting statement.
CREATE FUNCTION actors_log_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO changes (actor_id, kind) SELECT id, 'created' FROM created ORDER BY id;
  RETURN NULL;
END $$;
CREATE TRIGGER actors_log_created AFTER INSERT ON actors REFERENCING NEW TABLE AS created
  FOR EACH STATEMENT EXECUTE FUNCTION actors_log_created();

CREATE FUNCTION places_log_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO changes (place_id, kind) SELECT id, 'created' FROM created ORDER BY id;
  RETURN NULL;
END $$;
CREATE TRIGGER places_log_created AFTER INSERT ON places REFERENCING NEW TABLE AS created
  FOR EACH STATEMENT EXECUTE FUNCTION places_log_created();

CREATE FUNCTION sources_log_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO changes (source_id, kind) SELECT id, 'created' FROM created ORDER BY id;
  RETURN NULL;
END $$;
CREATE TRIGGER sources_log_created AFTER INSERT ON sources REFERENCING NEW TABLE AS created
  FOR EACH STATEMENT EXECUTE FUNCTION sources_log_created();

-- The registry's generation: every curating transaction adds one. A server's cache of resolved
-- names (storage/pg_name_cache.h) remembers the generation it was filled in and is emptied when
-- an ingest finds another, so a merge or rename on one server reaches the caches of all of them.
CREATE TABLE registry_generation (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  generation bigint NOT NULL
);
INSERT INTO registry_generation (generation) VALUES (0);

-- Opens a curating transaction: waits for running ingests (which hold the same lock shared, so
-- that none links a name resolved before the change to a row the change retired) and moves the
-- generation on. Curations run one at a time.
CREATE FUNCTION begin_registry_curation() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('timeline.registry'));
  UPDATE registry_generation SET generation = generation + 1;
END $$;

-- Opens an ingest transaction's use of the registry: waits for a running curation, returns the
-- generation to check the name cache against.
CREATE FUNCTION begin_registry_use() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('timeline.registry'));
  RETURN (SELECT generation FROM registry_generation);
END $$;

-- The live row a resource id stands for: itself, or the survivor its merges lead to; NULL when
-- that row is deleted (or the id names nothing).
CREATE FUNCTION live_actor_id(rid text) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE
  row actors%ROWTYPE;
BEGIN
  FOR hop IN 1..32 LOOP
    SELECT * INTO row FROM actors WHERE resource_id = rid;
    IF NOT FOUND THEN RETURN NULL; END IF;
    IF row.merged_into IS NULL THEN
      RETURN CASE WHEN row.delete_time IS NULL THEN row.id END;
    END IF;
    rid := row.merged_into;
  END LOOP;
  RETURN NULL;
END $$;

CREATE FUNCTION live_place_id(rid text) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
DECLARE
  row places%ROWTYPE;
BEGIN
  FOR hop IN 1..32 LOOP
    SELECT * INTO row FROM places WHERE resource_id = rid;
    IF NOT FOUND THEN RETURN NULL; END IF;
    IF row.merged_into IS NULL THEN
      RETURN CASE WHEN row.delete_time IS NULL THEN row.id END;
    END IF;
    rid := row.merged_into;
  END LOOP;
  RETURN NULL;
END $$;

-- Marks events as changed by a registry change (a rename, a merge, a move of a place): a new
-- revision and update_time, and an 'updated' entry in the change log for their watchers.
-- Deleted events are left as they are.
CREATE FUNCTION touch_events(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH touched AS (
    UPDATE events SET revision = revision + 1, update_time = now()
     WHERE id = ANY(ids) AND delete_time IS NULL
    RETURNING id)
  INSERT INTO changes (event_id, kind) SELECT id, 'updated' FROM touched ORDER BY id;
END $$;
