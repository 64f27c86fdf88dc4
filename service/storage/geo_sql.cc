#include "storage/geo_sql.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace timeline::storage {
namespace {

// The two halves of "events with a link in the area", `in_area` building the condition on a
// point column: a link with its own point (migrations/0007) by that point, any other by its
// place's point (place_points). Each half is served by its own GiST index; `location IS NOT
// NULL` matches the partial indexes on event_places.
std::string OwnPointLinks(absl::string_view in_own_point, bool include_imprecise) {
  return absl::StrCat(
      "SELECT ep.event_id FROM event_places ep WHERE ep.location IS NOT NULL AND ", in_own_point,
      include_imprecise
          ? ""
          : " AND ep.location_precision NOT IN ('region_centroid', 'country_centroid')");
}

std::string EventsInArea(const std::function<std::string(absl::string_view)>& in_area,
                         bool include_imprecise) {
  return absl::StrCat("e.id IN (", OwnPointLinks(in_area("ep.location"), include_imprecise),
                      " UNION ALL SELECT ep.event_id FROM place_points pp"
                      " JOIN event_places ep ON ep.place_id = pp.place_id WHERE ",
                      in_area("pp.location"), include_imprecise ? "" : " AND pp.precise",
                      " AND ep.location IS NULL)");
}

}  // namespace

std::string BindFloat8(QueryBuilder& qb, double value) {
  // 17 significant digits identify every double.
  return absl::StrCat(qb.Bind(absl::StrFormat("%.17g", value)), "::float8");
}

std::string CentreOf(QueryBuilder& qb, const domain::GeoCircle& circle) {
  return absl::StrCat("ST_SetSRID(ST_MakePoint(", BindFloat8(qb, circle.longitude), ", ",
                      BindFloat8(qb, circle.latitude), "), 4326)::geography");
}

std::string InCircle(QueryBuilder& qb, absl::string_view column, absl::string_view centre,
                     const domain::GeoCircle& circle) {
  return absl::StrCat("ST_DWithin(", column, ", ", centre, ", ",
                      BindFloat8(qb, circle.radius_meters), ")");
}

std::string DistanceTo(absl::string_view column, absl::string_view centre) {
  return absl::StrCat("ST_Distance(", column, ", ", centre, ")");
}

std::string InBox(QueryBuilder& qb, absl::string_view column, const domain::GeoBox& box) {
  const std::string point = absl::StrCat("(", column, ")::geometry");
  const std::string south = BindFloat8(qb, box.low_latitude);
  const std::string north = BindFloat8(qb, box.high_latitude);
  // `&&` finds the candidates through the index (its boxes are rounded outwards, so it misses
  // nothing); the comparisons then decide exactly, edges included, also for a box that is a line
  // or a point (which ST_Intersects with a degenerate envelope would not).
  auto within = [&](const std::string& west, const std::string& east) {
    return absl::StrCat("(", point, " && ST_MakeEnvelope(", west, ", ", south, ", ", east, ", ",
                        north, ", 4326) AND ST_X(", point, ") BETWEEN ", west, " AND ", east,
                        " AND ST_Y(", point, ") BETWEEN ", south, " AND ", north, ")");
  };
  const std::string low = BindFloat8(qb, box.low_longitude);
  const std::string high = BindFloat8(qb, box.high_longitude);
  if (!box.CrossesAntimeridian()) return within(low, high);
  return absl::StrCat("(", within(low, "180::float8"), " OR ", within("-180::float8", high), ")");
}

std::string EventsWithOwnPointNear(QueryBuilder& qb, const domain::GeoCircle& circle,
                                   bool include_imprecise) {
  const std::string centre = CentreOf(qb, circle);
  return OwnPointLinks(InCircle(qb, "ep.location", centre, circle), include_imprecise);
}

std::string PlacesWithPointNear(QueryBuilder& qb, const domain::GeoCircle& circle,
                                bool include_imprecise) {
  const std::string centre = CentreOf(qb, circle);
  return absl::StrCat("SELECT pp.place_id FROM place_points pp WHERE ",
                      InCircle(qb, "pp.location", centre, circle),
                      include_imprecise ? "" : " AND pp.precise");
}

void AddEventAreaSelection(QueryBuilder& qb, const domain::EventSelection& sel) {
  if (sel.near) {
    const std::string centre = CentreOf(qb, *sel.near);
    qb.Where(EventsInArea(
        [&](absl::string_view column) { return InCircle(qb, column, centre, *sel.near); },
        sel.include_imprecise_locations));
  }
  if (sel.bounding_box) {
    qb.Where(
        EventsInArea([&](absl::string_view column) { return InBox(qb, column, *sel.bounding_box); },
                     sel.include_imprecise_locations));
  }
}

}  // namespace timeline::storage
