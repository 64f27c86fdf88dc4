-- The normalized event store: places, actors, sources, events and the links between them.
-- Applied by `timelined migrate`; never edit this file once landed, add a new one instead.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS postgis;

-- Resource ids: the {id} part of "places/{id}" and friends (AIP-122).
CREATE DOMAIN resource_id AS text CHECK (VALUE ~ '^[a-z][a-z0-9-]{0,62}$');
CREATE DOMAIN country_code AS text CHECK (VALUE ~ '^[A-Z]{2}$');

-- Instants cross to the service as whole microseconds since the Unix epoch: exact both ways.
CREATE FUNCTION epoch_us(t timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN (extract(epoch FROM t) * 1000000)::bigint;
CREATE FUNCTION from_epoch_us(us bigint) RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT
  PARALLEL SAFE
  RETURN 'epoch'::timestamptz + make_interval(secs => us / 1000000)
         + (us % 1000000) * interval '1 microsecond';

-- Places -------------------------------------------------------------------------------------

CREATE TABLE places (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id        resource_id NOT NULL UNIQUE,
  display_name       text NOT NULL CHECK (display_name <> ''),
  kind               text NOT NULL CHECK (kind IN ('country', 'admin_region', 'admin_district',
                                                   'settlement', 'area', 'site')),
  parent_id          bigint REFERENCES places (id),
  country_code       country_code,
  geonames_id        bigint UNIQUE CHECK (geonames_id > 0),
  location           geography(Point, 4326),
  location_precision text CHECK (location_precision IN ('exact', 'settlement_centroid',
                                                        'region_centroid', 'country_centroid')),
  time_zone          text NOT NULL DEFAULT '',
  create_time        timestamptz NOT NULL DEFAULT now(),
  CHECK ((location IS NULL) = (location_precision IS NULL)),
  CHECK (kind <> 'country' OR parent_id IS NULL)
);
CREATE INDEX places_parent_idx ON places (parent_id);
CREATE INDEX places_location_idx ON places USING gist (location);

CREATE TABLE place_names (
  place_id  bigint NOT NULL REFERENCES places (id) ON DELETE CASCADE,
  ordinal   integer NOT NULL,
  name      text NOT NULL CHECK (name <> ''),
  language  text NOT NULL DEFAULT '',
  match_key text NOT NULL,
  PRIMARY KEY (place_id, name, language)
);
CREATE INDEX place_names_match_key_idx ON place_names (match_key);
CREATE INDEX place_names_match_key_trgm_idx ON place_names USING gin (match_key gin_trgm_ops);

-- Every place paired with itself (depth 0) and each place above it, so that "below Mali" is one
-- index lookup. Filled by trigger; a place's parent is fixed once it is created.
CREATE TABLE place_ancestors (
  place_id    bigint NOT NULL REFERENCES places (id) ON DELETE CASCADE,
  ancestor_id bigint NOT NULL REFERENCES places (id) ON DELETE CASCADE,
  depth       integer NOT NULL CHECK (depth >= 0),
  PRIMARY KEY (place_id, ancestor_id)
);
CREATE INDEX place_ancestors_ancestor_idx ON place_ancestors (ancestor_id, place_id);

CREATE FUNCTION places_fill_ancestors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO place_ancestors (place_id, ancestor_id, depth)
  SELECT NEW.id, NEW.id, 0
  UNION ALL
  SELECT NEW.id, a.ancestor_id, a.depth + 1 FROM place_ancestors a WHERE a.place_id = NEW.parent_id;
  RETURN NEW;
END $$;
CREATE TRIGGER places_fill_ancestors AFTER INSERT ON places
  FOR EACH ROW EXECUTE FUNCTION places_fill_ancestors();

CREATE FUNCTION places_parent_is_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the parent of a place cannot change' USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER places_parent_is_fixed BEFORE UPDATE OF parent_id ON places
  FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
  EXECUTE FUNCTION places_parent_is_fixed();

-- Actors -------------------------------------------------------------------------------------

CREATE TABLE actors (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id  resource_id NOT NULL UNIQUE,
  display_name text NOT NULL CHECK (display_name <> ''),
  kind         text NOT NULL CHECK (kind IN ('person', 'state', 'government', 'military',
                                             'armed_group', 'organization', 'delegation', 'media')),
  country_code country_code,
  wikidata_id  text UNIQUE CHECK (wikidata_id ~ '^Q[1-9][0-9]*$'),
  description  text NOT NULL DEFAULT '',
  create_time  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE actor_names (
  actor_id  bigint NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
  ordinal   integer NOT NULL,
  name      text NOT NULL CHECK (name <> ''),
  language  text NOT NULL DEFAULT '',
  match_key text NOT NULL,
  PRIMARY KEY (actor_id, name, language)
);
CREATE INDEX actor_names_match_key_idx ON actor_names (match_key);
CREATE INDEX actor_names_match_key_trgm_idx ON actor_names USING gin (match_key gin_trgm_ops);

-- Sources ------------------------------------------------------------------------------------

CREATE TABLE sources (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id    resource_id NOT NULL UNIQUE,
  url            text UNIQUE CHECK (url <> ''),
  publisher      text NOT NULL DEFAULT '',
  language       text NOT NULL DEFAULT '',
  published_time timestamptz,
  title          text NOT NULL DEFAULT '',
  create_time    timestamptz NOT NULL DEFAULT now()
);

-- Events -------------------------------------------------------------------------------------

-- The event taxonomy; service/domain/event_types.cc holds the same list with its documentation
-- (an integration test keeps the two equal).
CREATE TABLE event_types (
  name text PRIMARY KEY
);
INSERT INTO event_types (name) VALUES
  ('attack'), ('armed_clash'), ('air_drone_strike'), ('explosion'), ('territory_change'),
  ('violence_against_civilians'), ('protest'), ('riot'), ('visit'), ('meeting'),
  ('press_conference'), ('statement'), ('agreement'), ('arms_transfer'), ('arrest'), ('other');

CREATE TABLE events (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id     resource_id NOT NULL UNIQUE,
  title           text NOT NULL CHECK (title <> ''),
  summary         text NOT NULL DEFAULT '',
  event_type      text NOT NULL REFERENCES event_types (name),
  -- [start, end) of the event; NULL when the time is unresolved. A missing bound is unknown.
  span            tstzrange CHECK (NOT isempty(span)),
  time_precision  text NOT NULL CHECK (time_precision IN ('instant', 'minute', 'hour', 'day',
                                                          'week', 'month', 'year', 'unknown')),
  time_zone       text NOT NULL DEFAULT 'UTC',
  time_text       text NOT NULL DEFAULT '',
  -- The sort key: the start, -infinity when only the end is known, NULL when unresolved.
  sort_time       timestamptz GENERATED ALWAYS AS (
                    CASE WHEN lower_inf(span) THEN '-infinity'::timestamptz ELSE lower(span) END
                  ) STORED,
  fatalities_low  integer CHECK (fatalities_low >= 0),
  fatalities_best integer CHECK (fatalities_best >= 0),
  fatalities_high integer CHECK (fatalities_high >= 0),
  injured_low     integer CHECK (injured_low >= 0),
  injured_best    integer CHECK (injured_best >= 0),
  injured_high    integer CHECK (injured_high >= 0),
  revision        bigint NOT NULL DEFAULT 1 CHECK (revision > 0),
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now(),
  delete_time     timestamptz,
  CHECK (span IS NOT NULL OR time_precision = 'unknown'),
  CHECK (span IS NULL OR lower_inf(span) OR lower_inc(span)),
  CHECK (span IS NULL OR upper_inf(span) OR NOT upper_inc(span)),
  CHECK (fatalities_low <= fatalities_best AND fatalities_best <= fatalities_high
         AND fatalities_low <= fatalities_high),
  CHECK (injured_low <= injured_best AND injured_best <= injured_high
         AND injured_low <= injured_high)
);
CREATE INDEX events_span_idx ON events USING gist (span);
CREATE INDEX events_sort_idx ON events (sort_time, id);
CREATE INDEX events_type_sort_idx ON events (event_type, sort_time, id);

-- Who took part in what. `span` repeats the event's span (kept equal by triggers) so that
-- "this actor in this range" is one GiST lookup.
CREATE TABLE event_actors (
  event_id bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  actor_id bigint NOT NULL REFERENCES actors (id),
  role     text NOT NULL CHECK (role IN ('initiator', 'target', 'host', 'visitor', 'speaker',
                                         'associated', 'victim', 'supplier', 'recipient',
                                         'mentioned')),
  ordinal  integer NOT NULL,
  span     tstzrange,
  PRIMARY KEY (event_id, actor_id, role)
);
CREATE INDEX event_actors_actor_span_idx ON event_actors USING gist (actor_id, span);
CREATE INDEX event_actors_actor_idx ON event_actors (actor_id, event_id);

CREATE TABLE event_places (
  event_id bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  place_id bigint NOT NULL REFERENCES places (id),
  role     text NOT NULL CHECK (role IN ('location', 'target_site', 'origin', 'destination')),
  ordinal  integer NOT NULL,
  PRIMARY KEY (event_id, place_id, role)
);
CREATE INDEX event_places_place_idx ON event_places (place_id);

-- Each event with every place it is linked to and every place above those, with the event's
-- span: "events in Mali in 2024" is one GiST lookup. Kept by triggers on event_places and events.
CREATE TABLE event_place_scope (
  place_id bigint NOT NULL REFERENCES places (id),
  event_id bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  span     tstzrange,
  PRIMARY KEY (place_id, event_id)
);
CREATE INDEX event_place_scope_place_span_idx ON event_place_scope USING gist (place_id, span);
CREATE INDEX event_place_scope_event_idx ON event_place_scope (event_id);

CREATE FUNCTION event_actors_copy_span() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.span := (SELECT span FROM events WHERE id = NEW.event_id);
  RETURN NEW;
END $$;
CREATE TRIGGER event_actors_copy_span BEFORE INSERT ON event_actors
  FOR EACH ROW EXECUTE FUNCTION event_actors_copy_span();

CREATE FUNCTION event_places_refresh_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM event_place_scope s
   WHERE s.event_id IN (SELECT DISTINCT event_id FROM changed_links);
  INSERT INTO event_place_scope (place_id, event_id, span)
  SELECT DISTINCT a.ancestor_id, ep.event_id, e.span
    FROM event_places ep
    JOIN place_ancestors a ON a.place_id = ep.place_id
    JOIN events e ON e.id = ep.event_id
   WHERE ep.event_id IN (SELECT DISTINCT event_id FROM changed_links);
  RETURN NULL;
END $$;
CREATE TRIGGER event_places_refresh_scope_insert AFTER INSERT ON event_places
  REFERENCING NEW TABLE AS changed_links
  FOR EACH STATEMENT EXECUTE FUNCTION event_places_refresh_scope();
CREATE TRIGGER event_places_refresh_scope_delete AFTER DELETE ON event_places
  REFERENCING OLD TABLE AS changed_links
  FOR EACH STATEMENT EXECUTE FUNCTION event_places_refresh_scope();

CREATE FUNCTION events_propagate_span() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE event_actors SET span = NEW.span WHERE event_id = NEW.id;
  UPDATE event_place_scope SET span = NEW.span WHERE event_id = NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER events_propagate_span AFTER UPDATE OF span ON events
  FOR EACH ROW WHEN (OLD.span IS DISTINCT FROM NEW.span)
  EXECUTE FUNCTION events_propagate_span();

-- What each source says about an event.
CREATE TABLE event_sources (
  event_id  bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  ordinal   integer NOT NULL,
  source_id bigint NOT NULL REFERENCES sources (id),
  quote     text NOT NULL CHECK (quote <> ''),
  claims    text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (event_id, ordinal)
);
CREATE INDEX event_sources_source_idx ON event_sources (source_id);

-- Ids of events in other systems (ACLED event_id_cnty, GDELT GLOBALEVENTID, a job's keys).
CREATE TABLE external_ids (
  system      text NOT NULL CHECK (system ~ '^[a-z][a-z0-9_.-]*$'),
  external_id text NOT NULL CHECK (external_id <> ''),
  event_id    bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  PRIMARY KEY (system, external_id)
);
CREATE INDEX external_ids_event_idx ON external_ids (event_id);

-- The ordered log of changes to events; the durable half of the change feed.
CREATE TABLE changes (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id    bigint NOT NULL REFERENCES events (id),
  kind        text NOT NULL CHECK (kind IN ('created', 'updated', 'deleted', 'merged')),
  change_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX changes_event_idx ON changes (event_id);

-- Idempotent writes (AIP-155): the resource a request_id created.
CREATE TABLE idempotent_requests (
  method        text NOT NULL,
  request_id    text NOT NULL CHECK (request_id <> ''),
  resource_name text NOT NULL,
  create_time   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (method, request_id)
);
