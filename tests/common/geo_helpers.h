// Building the areas of the API's geographic selectors (timeline/v1/place.proto): a circle
// around a point (v1::Near) and a latitude/longitude box (v1::BoundingBox), with latitude first,
// as people write coordinates.
#pragma once

#include "timeline/v1/place.pb.h"

namespace timeline::testing {

// A point on the globe, in degrees; constexpr, unlike v1::LatLng.
struct GeoPoint {
  double latitude = 0;
  double longitude = 0;
};

// The circle of `radius_meters` around a point.
v1::Near Near(GeoPoint center, double radius_meters);
v1::Near Near(double latitude, double longitude, double radius_meters);

// The box from its south-west corner to its north-east corner; a box whose low longitude is
// greater than its high one crosses the antimeridian.
v1::BoundingBox Box(double low_latitude, double low_longitude, double high_latitude,
                    double high_longitude);

// The box reaching `half_side_degrees` north, south, east and west of `center`.
v1::BoundingBox BoxAround(GeoPoint center, double half_side_degrees);

}  // namespace timeline::testing
