-- event_place_scope is derived: every row is an event's place link (event_places, whose foreign
-- keys check both ids) joined to place_ancestors (whose foreign keys check both), written and
-- removed only by the triggers of 0001, 0002 and 0011 — a link's insert or delete refreshes its
-- event's rows, so a purged event's rows go with its links, and places are never deleted. Its own
-- two foreign keys checked again, per scope row, what those tables had checked per link: two
-- index probes with a row lock for each of the four or so scope rows an event gets. Without them
-- the ingest benchmark's COPY of 20,000 events (80,000 scope rows) wrote 19% and 22% more events
-- per second in two rounds (bench/README.md). The integration suites check at their end that the
-- table is exactly what the links derive (tests/integration/scope_counts_check.h), which the
-- foreign keys never did.
ALTER TABLE event_place_scope
  DROP CONSTRAINT event_place_scope_place_id_fkey,
  DROP CONSTRAINT event_place_scope_event_id_fkey;
