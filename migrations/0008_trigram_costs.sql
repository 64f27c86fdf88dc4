-- The planner's price of a trigram comparison. pg_trgm declares similarity() and its `%`
-- operator at the default cost of 1 (one addition), yet each call builds and compares two
-- trigram sets, about 5 µs. Priced so, a similar-name look-up over a few thousand names is
-- planned as a sequential scan computing the similarity of every name (15 ms) instead of a
-- search of the trigram index (1 ms), and ingestion does one such look-up per new name. A cost
-- of 100 is what the planner needs to prefer the index from a few hundred names on.
--
-- Only the owner of the functions may change them; where pg_trgm was installed by another role
-- the costs stay as they are (a notice says so) and the look-ups are slower, not wrong.
DO $$
BEGIN
  ALTER FUNCTION similarity(text, text) COST 100;
  ALTER FUNCTION similarity_op(text, text) COST 100;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'pg_trgm belongs to another role: similarity() keeps its default cost';
END $$;
