#include "geo_helpers.h"

namespace timeline::testing {

v1::Near Near(GeoPoint center, double radius_meters) {
  return Near(center.latitude, center.longitude, radius_meters);
}

v1::Near Near(double latitude, double longitude, double radius_meters) {
  v1::Near n;
  n.set_latitude(latitude);
  n.set_longitude(longitude);
  n.set_radius_meters(radius_meters);
  return n;
}

v1::BoundingBox Box(double low_latitude, double low_longitude, double high_latitude,
                    double high_longitude) {
  v1::BoundingBox b;
  b.mutable_low()->set_latitude(low_latitude);
  b.mutable_low()->set_longitude(low_longitude);
  b.mutable_high()->set_latitude(high_latitude);
  b.mutable_high()->set_longitude(high_longitude);
  return b;
}

v1::BoundingBox BoxAround(GeoPoint center, double half_side_degrees) {
  return Box(center.latitude - half_side_degrees, center.longitude - half_side_degrees,
             center.latitude + half_side_degrees, center.longitude + half_side_degrees);
}

}  // namespace timeline::testing
