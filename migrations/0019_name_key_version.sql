-- The version of the match-key rules (service/normalize/match_key.h, kMatchKeyVersion) that the
-- stored names' match_key columns were made with. Keys are made by the server (ICU), so no SQL
-- migration can remake them: `timelined migrate` does (storage/pg_name_rekey.h) when its rules are
-- newer than this, and sets it. Every database before this migration holds version 1 keys.
CREATE TABLE name_key_version (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version  integer NOT NULL
);
INSERT INTO name_key_version (version) VALUES (1);
