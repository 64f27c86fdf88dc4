#include "storage/pg_place_time_zones.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "normalize/country_time_zone.h"
#include "storage/pg_values.h"

namespace timeline::storage::pg {
namespace {

// Rules 2 and 3 for a place about to be inserted: $1 latitude, $2 longitude (NULL: none),
// $3 parent id (NULL: none), $4 country ('' : any), $5 the distance of rule 3.
constexpr const char* kZoneFromSurroundings = R"sql(
  SELECT coalesce(
    (SELECT p.time_zone FROM place_ancestors a JOIN places p ON p.id = a.ancestor_id
      WHERE a.place_id = $3::bigint AND p.time_zone <> ''
      ORDER BY a.depth LIMIT 1),
    (SELECT o.time_zone
       FROM (SELECT coalesce(
                      CASE WHEN $1::float8 IS NULL THEN NULL
                           ELSE ST_SetSRID(ST_MakePoint($2::float8, $1::float8), 4326)::geography
                      END,
                      (SELECT location FROM place_points WHERE place_id = $3::bigint)) AS point
            ) at
       JOIN places o ON ST_DWithin(o.location, at.point, $5::float8)
      WHERE o.time_zone <> '' AND ($4::text = '' OR o.country_code = $4::text)
      ORDER BY o.location <-> at.point LIMIT 1),
    ''))sql";

constexpr const char* kParentCountry =
    "SELECT coalesce(country_code, '') FROM places WHERE id = $1";

// The fill, rule by rule, over every place whose zone is ''.
constexpr const char* kCountriesWithoutZones = R"sql(
  SELECT DISTINCT country_code FROM places WHERE time_zone = '' AND country_code IS NOT NULL)sql";
constexpr const char* kFillCountry = R"sql(
  UPDATE places SET time_zone = $2 WHERE time_zone = '' AND country_code = $1)sql";
constexpr const char* kFillFromAncestors = R"sql(
  UPDATE places p SET time_zone = z.time_zone
    FROM (SELECT DISTINCT ON (a.place_id) a.place_id, q.time_zone
            FROM places me
            JOIN place_ancestors a ON a.place_id = me.id AND a.depth > 0
            JOIN places q ON q.id = a.ancestor_id AND q.time_zone <> ''
           WHERE me.time_zone = ''
           ORDER BY a.place_id, a.depth) z
   WHERE p.id = z.place_id)sql";
constexpr const char* kFillFromNearest = R"sql(
  UPDATE places p SET time_zone = z.time_zone
    FROM (SELECT me.id,
                 (SELECT o.time_zone FROM places o
                   WHERE o.time_zone <> '' AND ST_DWithin(o.location, pp.location, $1::float8)
                     AND (me.country_code IS NULL OR o.country_code = me.country_code)
                   ORDER BY o.location <-> pp.location LIMIT 1) AS time_zone
            FROM places me JOIN place_points pp ON pp.place_id = me.id
           WHERE me.time_zone = '') z
   WHERE p.id = z.id AND z.time_zone IS NOT NULL)sql";
constexpr const char* kPlacesWithoutZones = "SELECT count(*) FROM places WHERE time_zone = ''";

}  // namespace

domain::PlaceRecord WithTimeZone(pqxx::transaction_base& txn, domain::PlaceRecord record,
                                 std::optional<int64_t> parent_id) {
  if (!record.time_zone.empty()) return record;
  std::string country = record.country_code;
  if (country.empty() && parent_id) {
    pqxx::result r = txn.exec_params(kParentCountry, *parent_id);
    if (!r.empty()) country = r[0][0].as<std::string>();
  }
  if (std::optional<std::string> only = normalize::OnlyTimeZoneOfCountry(country)) {
    record.time_zone = *only;
    return record;
  }
  std::optional<double> latitude, longitude;
  if (record.location) {
    latitude = record.location->latitude();
    longitude = record.location->longitude();
  }
  record.time_zone =
      txn.exec_params1(kZoneFromSurroundings, Nullable(latitude).get(), Nullable(longitude).get(),
                       Nullable(parent_id).get(), country, kNearestZoneMeters)[0]
          .as<std::string>();
  return record;
}

absl::StatusOr<ZoneFill> FillMissingTimeZones(const std::string& database_url) {
  try {
    pqxx::connection conn(database_url);
    pqxx::work txn(conn);
    ZoneFill fill;
    std::vector<std::string> countries;
    for (const pqxx::row& r : txn.exec(kCountriesWithoutZones)) {
      countries.push_back(r[0].as<std::string>());
    }
    for (const std::string& country : countries) {
      if (std::optional<std::string> only = normalize::OnlyTimeZoneOfCountry(country)) {
        fill.by_country += txn.exec_params(kFillCountry, country, *only).affected_rows();
      }
    }
    fill.by_ancestor = txn.exec(kFillFromAncestors).affected_rows();
    fill.by_nearest = txn.exec_params(kFillFromNearest, kNearestZoneMeters).affected_rows();
    fill.without = txn.exec1(kPlacesWithoutZones)[0].as<int64_t>();
    txn.commit();
    return fill;
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("filling places' time zones failed: ", e.what()));
  }
}

}  // namespace timeline::storage::pg
