-- Pages of one place's, one actor's or one event type's events in time order, read as ordered
-- index walks that stop after a page. The (id, span) GiST indexes find every link overlapping a
-- range, and a page then sorts all of them: 20-50 ms for a region's year at 1,000,000 events,
-- growing with the data; events_type_sort_idx walks a type from its first event.
--
-- Each link row gets its event's sort key (as events.sort_time) and a span class by the span's
-- length; a btree on (id, class, sort_time, event_id) is walked once per class, in order, and the
-- walks are merged (storage/event_walk_sql.cc). Within a class every span is at most L long, so
-- a span overlapping [a, b) starts in [a - L, b): each walk has both bounds. Class 4 holds spans
-- that are longer than a year or open at either end; its walk has no lower bound (open starts
-- sort first, at -infinity). The span is carried in the index so that the walks never visit the
-- table. Both columns follow `span` by themselves, whichever trigger or function writes it.
--
-- Adding the columns rewrites both tables and builds two indexes: on a database of 1,000,000
-- events (about 3M scope rows and 2M actor links) this took 89 s on two cores.

CREATE FUNCTION span_sort_time(span tstzrange) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN lower_inf(span) THEN '-infinity'::timestamptz ELSE lower(span) END;

-- 0: at most a day (instants to days), 1: a week, 2: a month, 3: a year, 4: longer or open;
-- NULL for an unresolved span. The lengths are the walks' look-back in event_walk_sql.cc.
CREATE FUNCTION span_class(span tstzrange) RETURNS smallint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN span IS NULL THEN NULL
              WHEN lower_inf(span) OR upper_inf(span) THEN 4
              WHEN upper(span) - lower(span) <= interval '1 day' THEN 0
              WHEN upper(span) - lower(span) <= interval '8 days' THEN 1
              WHEN upper(span) - lower(span) <= interval '32 days' THEN 2
              WHEN upper(span) - lower(span) <= interval '367 days' THEN 3
              ELSE 4 END;

ALTER TABLE event_place_scope
  ADD COLUMN sort_time timestamptz GENERATED ALWAYS AS (span_sort_time(span)) STORED,
  ADD COLUMN span_class smallint GENERATED ALWAYS AS (span_class(span)) STORED;
CREATE INDEX event_place_scope_walk_idx
  ON event_place_scope (place_id, span_class, sort_time, event_id) INCLUDE (span);

ALTER TABLE event_actors
  ADD COLUMN sort_time timestamptz GENERATED ALWAYS AS (span_sort_time(span)) STORED,
  ADD COLUMN span_class smallint GENERATED ALWAYS AS (span_class(span)) STORED;
CREATE INDEX event_actors_walk_idx
  ON event_actors (actor_id, span_class, sort_time, event_id) INCLUDE (span);

-- One event type in a range: the same walks over the events themselves. An expression index, so
-- that events is not rewritten; the statement writes the class as span_class(e.span) to match.
CREATE INDEX events_type_walk_idx ON events (event_type, span_class(span), sort_time, id);
