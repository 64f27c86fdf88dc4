-- The trigram indexes of names (0001) take new entries into a pending list of at most 64 kB, the
-- smallest allowed, merged into the index by the insert that overflows it. 0002 turned the
-- pending list off because, at its default size (4 MB) and merged only by vacuum, every look-up
-- scanned the whole unmerged list: a bulk import of names slowed every later look-up (10 ms and
-- growing instead of 0.1 ms). Without it each name's ~15 trigrams went into the index one by
-- one, the largest part of a gazetteer import (the names' insert was 4.5 s of PostgreSQL's 8 s
-- for 20,000 GeoNames rows). A list of at most 64 kB keeps a look-up's scan of it short, and a
-- merge of a list's worth of entries costs less than inserting them one at a time: in two rounds
-- the 20,000-row GeoNames import took 9.85 -> 6.45 s and 9.27 -> 6.58 s, and the 20,000-record
-- real-like events import, which looks names up while it creates them, 19.72 -> 19.73 s and
-- 18.92 -> 19.22 s (bench/README.md, "A GeoNames cities file").
ALTER INDEX actor_names_match_key_trgm_idx SET (fastupdate = on, gin_pending_list_limit = 64);
ALTER INDEX place_names_match_key_trgm_idx SET (fastupdate = on, gin_pending_list_limit = 64);
