-- The change feed (WatchEvents) and event merges (MergeEvents).

-- `changes.position` orders the log as transactions commit, which `seq` does not: seq is taken
-- when a row is inserted, so a transaction that inserts early and commits late would show a
-- watcher a lower seq after a higher one, and a watcher resuming from the higher one would miss
-- it. Positions are given at commit, under a lock held until the commit completes, so a position
-- becomes visible only after every lower one is. Watch cursors are positions.
ALTER TABLE changes ADD COLUMN position bigint;
UPDATE changes SET position = seq;
CREATE UNIQUE INDEX changes_position_idx ON changes (position);
-- The rows still to be positioned: only ever the committing transaction's own.
CREATE INDEX changes_unpositioned_idx ON changes (seq) WHERE position IS NULL;
-- Where a replay "from start_time" begins.
CREATE INDEX changes_change_time_idx ON changes (change_time);

-- Runs at commit (a deferred constraint trigger), once per transaction that logged changes:
-- takes the change-log lock, numbers the transaction's rows after the last position, and wakes
-- the watchers with NOTIFY (delivered when the commit completes). The lock is held only from here
-- to the end of the commit.
CREATE FUNCTION changes_position_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_position bigint;
BEGIN
  IF current_setting('timeline.changes_positioned', true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('timeline.changes'));
  SELECT coalesce(max(position), 0) INTO last_position FROM changes;
  UPDATE changes c SET position = last_position + n.rn
    FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS rn
            FROM changes WHERE position IS NULL) n
   WHERE c.seq = n.seq;
  SELECT max(position) INTO last_position FROM changes;
  PERFORM set_config('timeline.changes_positioned', txid_current()::text, true);
  PERFORM pg_notify('timeline_changes', last_position::text);
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER changes_position_at_commit AFTER INSERT ON changes
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION changes_position_at_commit();

-- A merged event is a tombstone pointing at the event it was merged into (its resource id:
-- resource ids never change).
ALTER TABLE events ADD COLUMN merged_into resource_id;
