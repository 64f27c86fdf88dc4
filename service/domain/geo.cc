#include "domain/geo.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/validation.h"

namespace timeline::domain {
namespace {

// Adds a violation unless `value` is a finite number in [low, high].
void CheckDegrees(double value, double low, double high, const std::string& field, Violations& v) {
  if (!std::isfinite(value)) {
    v.Add(field, "must be a finite number");
  } else if (value < low || value > high) {
    v.Add(field, absl::StrCat("must be within [", low, ", ", high, "]"));
  }
}

}  // namespace

absl::StatusOr<GeoCircle> NormalizeNear(const v1::Near& near, absl::string_view field) {
  Violations v;
  const std::string f(field);
  CheckDegrees(near.latitude(), -90, 90, f + ".latitude", v);
  CheckDegrees(near.longitude(), -180, 180, f + ".longitude", v);
  const double radius = near.radius_meters();
  if (!std::isfinite(radius)) {
    v.Add(f + ".radius_meters", "must be a finite number");
  } else if (radius <= 0) {
    v.Add(f + ".radius_meters", "is required and must be greater than 0");
  } else if (radius > kMaxRadiusMeters) {
    v.Add(f + ".radius_meters", "must be at most 20000000 (20,000 km)");
  }
  if (!v.empty()) return v.ToStatus();
  return GeoCircle{near.latitude(), near.longitude(), radius};
}

absl::StatusOr<GeoBox> NormalizeBoundingBox(const v1::BoundingBox& box, absl::string_view field) {
  Violations v;
  const std::string f(field);
  auto corner = [&](bool present, const v1::LatLng& p, const std::string& where) {
    if (!present) {
      v.Add(where, "is required");
      return;
    }
    CheckDegrees(p.latitude(), -90, 90, where + ".latitude", v);
    CheckDegrees(p.longitude(), -180, 180, where + ".longitude", v);
  };
  corner(box.has_low(), box.low(), f + ".low");
  corner(box.has_high(), box.high(), f + ".high");
  if (!v.empty()) return v.ToStatus();
  if (box.high().latitude() < box.low().latitude()) {
    return InvalidField(f + ".high.latitude", "must not be below low.latitude");
  }
  return GeoBox{box.low().latitude(), box.low().longitude(), box.high().latitude(),
                box.high().longitude()};
}

}  // namespace timeline::domain
