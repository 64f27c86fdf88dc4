-- The audit trail of the change log: who made each change (the principal the server identified
-- from a bearer token or client certificate; "anonymous" without access control) and under which
-- request id (the request's AIP-155 request_id, the caller's x-request-id, or one the server
-- made). NULL for changes logged before this migration.
--
-- The server sets both as transaction-local settings at the start of each call's transaction
-- (storage/pg_transaction.h), and the columns default to them, so every path that logs a change
-- (single writes, merges, COPY-based ingest) records them without naming the columns.
ALTER TABLE changes ADD COLUMN principal text;
ALTER TABLE changes ADD COLUMN request_id text;
-- Set apart from ADD COLUMN, so that existing rows keep NULL and the table is not rewritten.
ALTER TABLE changes
  ALTER COLUMN principal SET DEFAULT nullif(current_setting('timeline.principal', true), '');
ALTER TABLE changes
  ALTER COLUMN request_id SET DEFAULT nullif(current_setting('timeline.request_id', true), '');
