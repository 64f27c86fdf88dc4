// Areas on the Earth's surface that select places and events: a circle (v1::Near) and a box of
// latitudes and longitudes (v1::BoundingBox), checked and ready for the storage layer.
//
//   absl::StatusOr<GeoCircle> near = NormalizeNear(request.near(), "near");
//   // INVALID_ARGUMENT naming "near.radius_meters" when the radius is 0, negative, NaN or
//   // beyond 20,000 km (about half the Earth's circumference: a circle that large covers it all).
//
// Coordinates are WGS84 degrees. A box whose high longitude is below its low one crosses the
// antimeridian (170°E to 170°W is a 20° wide box around 180°), so it is valid.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/field_checks.h"
#include "domain/validation.h"
#include "timeline/v1/place.pb.h"

namespace timeline::domain {

inline constexpr double kMaxRadiusMeters = 20'000'000;

// Every point whose geodesic distance from the centre is at most radius_meters.
struct GeoCircle {
  double latitude = 0;
  double longitude = 0;
  double radius_meters = 0;
};

// Every point whose latitude is in [low_latitude, high_latitude] and whose longitude is in
// [low_longitude, high_longitude], or, when the box crosses the antimeridian, in
// [low_longitude, 180] or [-180, high_longitude].
struct GeoBox {
  double low_latitude = 0;
  double low_longitude = 0;
  double high_latitude = 0;
  double high_longitude = 0;

  bool CrossesAntimeridian() const { return high_longitude < low_longitude; }
};

// Each checks one message completely; every violation names its path under `field`
// ("near.latitude", "bounding_box.high.latitude").
absl::StatusOr<GeoCircle> NormalizeNear(const v1::Near& near, absl::string_view field);
absl::StatusOr<GeoBox> NormalizeBoundingBox(const v1::BoundingBox& box, absl::string_view field);

// Reads a request's `near` and `bounding_box` (ListPlaces and every event selection), each
// violation into `v`.
template <typename Request>
void ReadArea(const Request& request, std::optional<GeoCircle>& near,
              std::optional<GeoBox>& bounding_box, Violations& v) {
  if (request.has_near()) {
    absl::StatusOr<GeoCircle> circle = NormalizeNear(request.near(), "near");
    if (circle.ok()) {
      near = *circle;
    } else {
      AddViolationsOf(circle.status(), v);
    }
  }
  if (request.has_bounding_box()) {
    absl::StatusOr<GeoBox> box = NormalizeBoundingBox(request.bounding_box(), "bounding_box");
    if (box.ok()) {
      bounding_box = *box;
    } else {
      AddViolationsOf(box.status(), v);
    }
  }
}

}  // namespace timeline::domain
