-- How many live events each place holds (itself and everything below it), by event type and
-- span: what CountEvents of one place reads instead of the place's events. A place's events grow
-- with the table; its distinct (type, span) pairs stop growing once every day of its years has
-- events of every type (about 6 types x 15 years of days, months and years in the benchmark's
-- data): ten years of the benchmark's 96% country are 16,662 dated keys at 100,000 events and
-- 22,692 at 10,000,000 (bench/README.md).
-- The span is kept whole, not a day: which bucket an event falls in, and whether it fits there,
-- depends on the request's zone and interval, so the counts stay exact for any of them.
--
-- Writers do not update shared counters: a trigger appends signed changes to
-- event_scope_count_changes (no row is locked, so two imports into one country never wait for
-- or deadlock with each other), and fold_event_scope_counts() moves the committed changes into
-- event_scope_counts, called by the server about every second (storage/count_folder.h). A reader
-- adds the changes not yet folded for its place, so every count reflects every committed write.
--
-- The sums follow the event tables by triggers:
--   * a scope row inserted or deleted adds or removes its event (when not deleted) at its place;
--   * an event whose span, type, best fatality figure or deletion changes moves between keys at
--     every place of its scope;
--   * an event deleted outright removes itself before its scope rows cascade away (the scope's
--     delete trigger no longer finds the event then, so nothing is removed twice).
-- A bulk load that turns triggers off writes the sums itself, from event_scope_counts_recomputed
-- (bench/generated_events.h).

CREATE TABLE event_scope_counts (
  place_id           bigint NOT NULL,
  event_type         text NOT NULL,
  span               tstzrange,
  events             bigint NOT NULL,
  fatalities         bigint NOT NULL,
  fatalities_unknown bigint NOT NULL,
  -- A place's sums in span order, the sums themselves included: a count reads them with an
  -- index-only scan that stops at its range's end (storage/event_stats_sql.cc), however its
  -- rows are scattered over the table by the folds.
  CONSTRAINT event_scope_counts_key UNIQUE NULLS NOT DISTINCT (place_id, span, event_type)
    INCLUDE (events, fatalities, fatalities_unknown)
);
-- Keys whose events have all gone, for the fold to delete without scanning the table.
CREATE INDEX event_scope_counts_empty_idx ON event_scope_counts (place_id) WHERE events = 0;

CREATE TABLE event_scope_count_changes (
  place_id           bigint NOT NULL,
  event_type         text NOT NULL,
  span               tstzrange,
  events             bigint NOT NULL,
  fatalities         bigint NOT NULL,
  fatalities_unknown bigint NOT NULL
);

-- Scope rows added or removed, signed by `sign`, summed per key.
CREATE FUNCTION event_scope_counts_add_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_scope_count_changes
  SELECT s.place_id, e.event_type, e.span, count(*) * TG_ARGV[0]::int,
         coalesce(sum(e.fatalities_best), 0) * TG_ARGV[0]::int,
         count(*) FILTER (WHERE e.fatalities_best IS NULL) * TG_ARGV[0]::int
    FROM changed_scope s JOIN events e ON e.id = s.event_id
   WHERE e.delete_time IS NULL
   GROUP BY s.place_id, e.event_type, e.span;
  RETURN NULL;
END $$;
CREATE TRIGGER event_scope_counts_insert AFTER INSERT ON event_place_scope
  REFERENCING NEW TABLE AS changed_scope
  FOR EACH STATEMENT EXECUTE FUNCTION event_scope_counts_add_scope('1');
CREATE TRIGGER event_scope_counts_delete AFTER DELETE ON event_place_scope
  REFERENCING OLD TABLE AS changed_scope
  FOR EACH STATEMENT EXECUTE FUNCTION event_scope_counts_add_scope('-1');

-- Events whose counted fields changed leave their old key and join their new one at every place
-- of their scope. (A trigger with transition tables cannot name columns: it fires on every
-- update of events and compares.)
CREATE FUNCTION event_scope_counts_update_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_scope_count_changes
  SELECT s.place_id, c.event_type, c.span, sum(c.sign),
         coalesce(sum(c.sign * c.fatalities_best), 0),
         coalesce(sum(c.sign) FILTER (WHERE c.fatalities_best IS NULL), 0)
    FROM old_events o JOIN new_events n ON n.id = o.id
   CROSS JOIN LATERAL (VALUES (-1, o.event_type, o.span, o.fatalities_best, o.delete_time),
                              (1, n.event_type, n.span, n.fatalities_best, n.delete_time))
         AS c (sign, event_type, span, fatalities_best, delete_time)
    JOIN event_place_scope s ON s.event_id = o.id
   WHERE (o.event_type, o.span, o.fatalities_best, o.delete_time IS NULL)
         IS DISTINCT FROM (n.event_type, n.span, n.fatalities_best, n.delete_time IS NULL)
     AND c.delete_time IS NULL
   GROUP BY s.place_id, c.event_type, c.span;
  RETURN NULL;
END $$;
CREATE TRIGGER event_scope_counts_update AFTER UPDATE ON events
  REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION event_scope_counts_update_events();

CREATE FUNCTION event_scope_counts_delete_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.delete_time IS NULL THEN
    INSERT INTO event_scope_count_changes
    SELECT s.place_id, OLD.event_type, OLD.span, -1, -coalesce(OLD.fatalities_best, 0),
           CASE WHEN OLD.fatalities_best IS NULL THEN -1 ELSE 0 END
      FROM event_place_scope s WHERE s.event_id = OLD.id;
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER event_scope_counts_delete_event BEFORE DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION event_scope_counts_delete_event();

CREATE FUNCTION event_scope_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE event_scope_counts, event_scope_count_changes;
  RETURN NULL;
END $$;
CREATE TRIGGER event_scope_counts_truncate AFTER TRUNCATE ON event_place_scope
  FOR EACH STATEMENT EXECUTE FUNCTION event_scope_counts_truncate();

-- Moves the committed changes into the sums and drops keys left without events; returns how many
-- changes it moved. One caller at a time (the others return 0 at once); changes committed while
-- it runs wait for the next call.
CREATE FUNCTION fold_event_scope_counts() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  moved bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7313, 0) THEN
    RETURN 0;
  END IF;
  WITH taken AS (DELETE FROM event_scope_count_changes RETURNING *),
  summed AS (
    SELECT place_id, event_type, span, sum(events)::bigint AS events,
           sum(fatalities)::bigint AS fatalities,
           sum(fatalities_unknown)::bigint AS fatalities_unknown, count(*) AS n
      FROM taken GROUP BY place_id, event_type, span),
  upserted AS (
    INSERT INTO event_scope_counts AS c
    SELECT place_id, event_type, span, events, fatalities, fatalities_unknown
      FROM summed ORDER BY place_id, span, event_type
    ON CONFLICT ON CONSTRAINT event_scope_counts_key DO UPDATE
       SET events = c.events + excluded.events, fatalities = c.fatalities + excluded.fatalities,
           fatalities_unknown = c.fatalities_unknown + excluded.fatalities_unknown)
  SELECT coalesce(sum(n), 0) INTO moved FROM summed;
  DELETE FROM event_scope_counts WHERE events = 0;
  RETURN moved;
END $$;

-- The sums as the tables hold them, recomputed: what fills event_scope_counts here, what a bulk
-- load with triggers off writes, and what the tests compare the kept sums with.
CREATE VIEW event_scope_counts_recomputed AS
SELECT s.place_id, e.event_type, e.span, count(*)::bigint AS events,
       coalesce(sum(e.fatalities_best), 0)::bigint AS fatalities,
       count(*) FILTER (WHERE e.fatalities_best IS NULL)::bigint AS fatalities_unknown
  FROM event_place_scope s JOIN events e ON e.id = s.event_id
 WHERE e.delete_time IS NULL
 GROUP BY s.place_id, e.event_type, e.span;

INSERT INTO event_scope_counts SELECT * FROM event_scope_counts_recomputed;
