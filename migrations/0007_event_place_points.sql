-- Where an event happened at each of its places: the record's own point and precision, kept on
-- the link (EventPlace.location, location_precision) whatever place the record's name resolved
-- to. Without it, an event whose place name resolves to an existing place — a settlement named
-- like its admin division, a second event in the same town — would count at that place's point.
--
-- Area selections (storage/geo_sql.cc) take a link's own point when it has one and the place's
-- point (place_points) otherwise, each side through its own GiST index:
--   links with a point:    event_places_location_idx / event_places_location_box_idx
--   links without a point: place_points_location_idx / _box_idx, then event_places_place_idx
-- A link's point is imprecise when its precision is a region or country centroid.
ALTER TABLE event_places
  ADD COLUMN location geography(Point, 4326),
  ADD COLUMN location_precision text
    CHECK (location_precision IN ('exact', 'settlement_centroid', 'region_centroid',
                                  'country_centroid')),
  ADD CONSTRAINT event_places_point_has_precision
    CHECK ((location IS NULL) = (location_precision IS NULL));

CREATE INDEX event_places_location_idx ON event_places USING gist (location)
  WHERE location IS NOT NULL;
CREATE INDEX event_places_location_box_idx ON event_places USING gist ((location::geometry))
  WHERE location IS NOT NULL;
