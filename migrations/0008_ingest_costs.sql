-- What name look-ups and new places cost during ingestion.
--
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

-- place_points_refresh (0005) in PL/pgSQL rather than SQL: a SQL function's statements are
-- planned again at every call, and ingestion calls it once per new place (through
-- places_locate_new), where planning cost as much as the work. PL/pgSQL keeps the plans for the
-- session. Same statements, same result.
CREATE OR REPLACE FUNCTION place_points_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM place_points WHERE place_id = ANY(ids);
  INSERT INTO place_points (place_id, location, precise)
  SELECT p.id, src.location,
         NOT (place_point_is_coarse(p.kind, p.location_precision)
              OR place_point_is_coarse(src.kind, src.location_precision))
    FROM places p
   CROSS JOIN LATERAL (SELECT a.location, a.kind, a.location_precision
                         FROM place_ancestors pa JOIN places a ON a.id = pa.ancestor_id
                        WHERE pa.place_id = p.id AND a.location IS NOT NULL
                        ORDER BY pa.depth LIMIT 1) src
   WHERE p.id = ANY(ids);
END $$;
