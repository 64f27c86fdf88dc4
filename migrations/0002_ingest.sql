-- Ingestion (IngestService): what re-ingesting records and retrying streams need.

-- A fingerprint of the normalized record an ingest last wrote, so that re-sending the same record
-- is recognized as unchanged without loading the event. NULL when another path (CreateEvent,
-- UpdateEvent) wrote the event last: the next ingest of it then compares the whole event.
ALTER TABLE events ADD COLUMN content_hash bytea;

-- A source may be cited without its words: dataset rows (ACLED, GDELT) carry none.
ALTER TABLE event_sources DROP CONSTRAINT event_sources_quote_check;

-- The result of each completed ingest stream, by request_id (AIP-155): a retried stream gets it
-- back without writing again. `records_hash` tells a retry from another stream reusing the id.
-- Rows older than a week are deleted as new ones are written.
CREATE TABLE ingest_requests (
  method       text NOT NULL,
  request_id   text NOT NULL CHECK (request_id <> ''),
  records_hash bytea NOT NULL,
  response     bytea NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (method, request_id)
);
CREATE INDEX ingest_requests_create_time_idx ON ingest_requests (create_time);

-- Ingest finds a country's place by its code, and a place's ancestors' names.
CREATE INDEX places_country_kind_idx ON places (country_code, kind);

-- Name lookups go through the trigram GIN indexes (PostgreSQL plans equality on them too). With
-- GIN's fast update, new names wait in a pending list that every search scans in full until
-- vacuum merges it, so a bulk import of names slowed every later lookup (10 ms and growing
-- instead of 0.1 ms). Without it each insert goes into the index at once.
ALTER INDEX actor_names_match_key_trgm_idx SET (fastupdate = off);
ALTER INDEX place_names_match_key_trgm_idx SET (fastupdate = off);

-- New links only add scope rows. The shared trigger function first deleted the scope rows of the
-- linked events, a scan per statement that never finds anything for a new event; bulk ingestion
-- pays it once per batch. Deleting links still rebuilds the scope of their events.
CREATE FUNCTION event_places_add_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_place_scope (place_id, event_id, span)
  SELECT DISTINCT a.ancestor_id, l.event_id, e.span
    FROM changed_links l
    JOIN place_ancestors a ON a.place_id = l.place_id
    JOIN events e ON e.id = l.event_id
  ON CONFLICT (place_id, event_id) DO NOTHING;
  RETURN NULL;
END $$;
DROP TRIGGER event_places_refresh_scope_insert ON event_places;
CREATE TRIGGER event_places_add_scope AFTER INSERT ON event_places
  REFERENCING NEW TABLE AS changed_links
  FOR EACH STATEMENT EXECUTE FUNCTION event_places_add_scope();
