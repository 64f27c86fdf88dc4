#include "domain/place_link_point.h"

namespace timeline::domain {

std::optional<PlaceLinkPoint> ReadPlaceLinkPoint(const v1::EventPlace& place,
                                                 const std::string& field, Violations& v) {
  if (!place.has_location()) {
    if (place.location_precision() != v1::LOCATION_PRECISION_UNSPECIFIED) {
      v.Add(field + ".location_precision", "must be unset when there is no location");
    }
    return std::nullopt;
  }
  const v1::LatLng& at = place.location();
  bool valid = true;
  if (!(at.latitude() >= -90 && at.latitude() <= 90)) {
    v.Add(field + ".location.latitude", "must be within [-90, 90]");
    valid = false;
  }
  if (!(at.longitude() >= -180 && at.longitude() <= 180)) {
    v.Add(field + ".location.longitude", "must be within [-180, 180]");
    valid = false;
  }
  if (place.location_precision() == v1::LOCATION_PRECISION_UNSPECIFIED ||
      !v1::LocationPrecision_IsValid(place.location_precision())) {
    v.Add(field + ".location_precision",
          "is required with a location (EXACT, SETTLEMENT_CENTROID, REGION_CENTROID or "
          "COUNTRY_CENTROID)");
    valid = false;
  }
  if (!valid) return std::nullopt;
  return PlaceLinkPoint{at.latitude(), at.longitude(), place.location_precision()};
}

std::optional<PlaceLinkPoint> PlaceLinkPointOfRecord(const v1::IngestPlace& place) {
  if (!place.has_location()) return std::nullopt;
  const bool given = place.location_precision() != v1::LOCATION_PRECISION_UNSPECIFIED &&
                     v1::LocationPrecision_IsValid(place.location_precision());
  return PlaceLinkPoint{place.location().latitude(), place.location().longitude(),
                        given ? place.location_precision() : v1::SETTLEMENT_CENTROID};
}

void SetPlaceLinkPoint(const std::optional<PlaceLinkPoint>& point, v1::EventPlace& place) {
  if (!point) return;
  place.mutable_location()->set_latitude(point->latitude);
  place.mutable_location()->set_longitude(point->longitude);
  place.set_location_precision(point->precision);
}

}  // namespace timeline::domain
