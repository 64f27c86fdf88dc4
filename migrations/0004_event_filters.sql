-- Event filters (ListEventsRequest.filter) and the orders of ListEvents beyond start_time.

-- `title:`, `summary:`, `quote:` and `text:` find a value anywhere in the text, ignoring case
-- (ILIKE '%value%'); pg_trgm's GIN operator class answers that from the index for values of three
-- characters or more, in any script the database's ctype classifies (Arabic included). The
-- default fast update is kept: these indexes are read by filter queries only, never on the
-- ingest path that made the name indexes give it up (0002), and it keeps bulk imports of long
-- summaries and quotes cheap.
CREATE INDEX events_title_trgm_idx ON events USING gin (title gin_trgm_ops);
CREATE INDEX events_summary_trgm_idx ON events USING gin (summary gin_trgm_ops);
CREATE INDEX event_sources_quote_trgm_idx ON event_sources USING gin (quote gin_trgm_ops);

-- order_by "fatalities.best" and "update_time", either direction: a keyset page walks one of
-- these from the cursor instead of sorting the selection. Events without a best figure are the
-- NULL end of the first, read by id in their own statement (storage/event_query_sql.h).
CREATE INDEX events_fatalities_best_idx ON events (fatalities_best, id);
CREATE INDEX events_update_time_idx ON events (update_time, id);
