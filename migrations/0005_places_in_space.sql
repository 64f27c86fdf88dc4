-- Places in space: selecting places and events by a circle (ListPlacesRequest.near,
-- ListEventsRequest.near) or a box of latitudes and longitudes (bounding_box).

-- Where each place is when events are selected by area: its own point or, when it has none, the
-- point of its nearest located ancestor (a site known only to lie in Bamako is at Bamako). Places
-- with no located ancestor have no row. `precise` is false when the point only stands for a
-- country, region or district: the place is one of those, or its point (its own or borrowed) is
-- a region or country centroid or belongs to one of those. Events at such places are selected by
-- area only when include_imprecise_locations asks for them.
--
-- Events near a point are then: place_points near it (GiST), their event_places
-- (event_places_place_idx), those events by primary key. Kept by the triggers below on every
-- insert into places and every change of a place's location, precision or kind, which moves the
-- descendants that borrow its point as well.
CREATE TABLE place_points (
  place_id bigint PRIMARY KEY REFERENCES places (id) ON DELETE CASCADE,
  location geography(Point, 4326) NOT NULL,
  precise  boolean NOT NULL
);
-- Circles: ST_DWithin on the geography (geodesic distances).
CREATE INDEX place_points_location_idx ON place_points USING gist (location);
-- Boxes: a box of latitudes and longitudes is a rectangle in plain longitude/latitude
-- coordinates, so boxes compare against the point as a geometry. (A geography box has
-- great-circle edges and would miss points along a box's equatorward edge.)
CREATE INDEX place_points_location_box_idx ON place_points USING gist ((location::geometry));
-- ListPlaces looks at a place's own location, circles through places_location_idx.
CREATE INDEX places_location_box_idx ON places USING gist ((location::geometry));

-- Whether a place's own point only stands for a country, region or district.
CREATE FUNCTION place_point_is_coarse(kind text, location_precision text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN kind IN ('country', 'admin_region', 'admin_district')
         OR coalesce(location_precision IN ('region_centroid', 'country_centroid'), false);

-- Recomputes the place_points rows of the places `ids` from places and place_ancestors.
CREATE FUNCTION place_points_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
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
   WHERE p.id IN (SELECT unnest(ids));
$$;

-- New places. A statement-level AFTER trigger runs after the row-level ones, so
-- places_fill_ancestors has already filled place_ancestors for every new row. A new place has no
-- descendants yet (the parent of a place is fixed when it is created), except those inserted by
-- the same statement, which are new rows too.
CREATE FUNCTION places_locate_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM place_points_refresh(ARRAY(SELECT id FROM new_places));
  RETURN NULL;
END $$;
CREATE TRIGGER places_locate_new AFTER INSERT ON places
  REFERENCING NEW TABLE AS new_places
  FOR EACH STATEMENT EXECUTE FUNCTION places_locate_new();

-- Moved places (CreatePlace never moves one; gazetteer ingestion and bulk updates do): the place
-- and every place below it, since those may borrow its point or its coarseness. Other updates
-- of places find nothing to do.
CREATE FUNCTION places_relocate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM place_points_refresh(ARRAY(
    SELECT DISTINCT d.place_id
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
      JOIN place_ancestors d ON d.ancestor_id = n.id
     WHERE ST_AsBinary(n.location) IS DISTINCT FROM ST_AsBinary(o.location)
        OR n.location_precision IS DISTINCT FROM o.location_precision
        OR n.kind IS DISTINCT FROM o.kind));
  RETURN NULL;
END $$;
CREATE TRIGGER places_relocate AFTER UPDATE ON places
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION places_relocate();

SELECT place_points_refresh(ARRAY(SELECT id FROM places));
