// SQL fragments that select by area (domain/geo.h), every value a bound parameter:
//
//   InCircle: ST_DWithin on a geography point column: geodesic (WGS84) distance, served by a GiST
//     index on the column (places_location_idx, place_points_location_idx).
//   InBox: the point as a geometry against the box as a longitude/latitude rectangle (edges
//     included; two rectangles across the antimeridian): `&&` served by a GiST index on
//     (column::geometry) (places_location_box_idx, place_points_location_box_idx), then exact
//     comparisons of its coordinates. A geography box would have great-circle edges, not lines
//     of latitude.
//   AddEventAreaSelection: events with a place link in the circle / box: a link with its own
//     point (event_places.location, migrations/0007_event_place_points.sql) by that point, any
//     other through place_points (each place's own point or its nearest located ancestor's,
//     migrations/0005_places_in_space.sql) and event_places.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "domain/event_query.h"
#include "domain/geo.h"
#include "storage/query_builder.h"

namespace timeline::storage {

// "$n::float8" with `value` bound in full precision (it reads back as the same double).
std::string BindFloat8(QueryBuilder& qb, double value);

// The circle's centre as a geography point; bind it once and use it in InCircle and DistanceTo.
std::string CentreOf(QueryBuilder& qb, const domain::GeoCircle& circle);

// `column` (a geography point) within the circle around `centre` (from CentreOf).
std::string InCircle(QueryBuilder& qb, absl::string_view column, absl::string_view centre,
                     const domain::GeoCircle& circle);

// The geodesic distance in metres from `column` to `centre`. The same expression every time it
// is built, so that a page token holding a distance continues exactly where the page stopped.
std::string DistanceTo(absl::string_view column, absl::string_view centre);

// `column` (a geography point) inside the box.
std::string InBox(QueryBuilder& qb, absl::string_view column, const domain::GeoBox& box);

// The two halves of the circle's part of AddEventAreaSelection, for a page that reads them apart
// (event_walk_sql.h): "SELECT ep.event_id ..." of the links with their own point in the circle,
// and "SELECT pp.place_id ..." of the places whose point is in it (their links without a point
// of their own are the other half), each precise unless `include_imprecise`.
std::string EventsWithOwnPointNear(QueryBuilder& qb, const domain::GeoCircle& circle,
                                   bool include_imprecise);
std::string PlacesWithPointNear(QueryBuilder& qb, const domain::GeoCircle& circle,
                                bool include_imprecise);

// ANDs into `qb` the conditions on `events e` for the selection's near and bounding_box: each
// event has a place link (any role) in the area, located by the link's own point or else as
// place_points says, precise unless include_imprecise_locations.
void AddEventAreaSelection(QueryBuilder& qb, const domain::EventSelection& selection);

}  // namespace timeline::storage
