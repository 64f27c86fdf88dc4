#include "storage/pg_gazetteer_merge.h"

#include "storage/db_enums.h"
#include "storage/pg_name_common.h"
#include "storage/pg_values.h"
#include "storage/query_builder.h"

namespace timeline::storage::pg {
namespace {

// $1 the row's name's key, $2 all its keys, $3 country, $4 kind, $5 latitude, $6 longitude.
// division_km: from the row to the nearest located place below the candidate's nearest admin
// division (the division included), for candidates without a point of their own.
constexpr const char* kMergeCandidates = R"sql(
  WITH row_point AS (
    SELECT ST_SetSRID(ST_MakePoint($6::float8, $5::float8), 4326)::geography AS pt)
  SELECT p.id, p.resource_id, bool_or(n.match_key = $1) AS by_name,
         ST_Distance(p.location, r.pt) / 1000 AS own_km,
         CASE WHEN p.location IS NULL THEN
           (SELECT min(ST_Distance(o.location, r.pt)) / 1000
              FROM place_ancestors d JOIN places o ON o.id = d.place_id
             WHERE o.location IS NOT NULL AND o.id <> p.id
               AND d.ancestor_id = (
                     SELECT pa.ancestor_id FROM place_ancestors pa
                       JOIN places a ON a.id = pa.ancestor_id
                      WHERE pa.place_id = p.id AND pa.depth > 0
                        AND a.kind IN ('admin_region', 'admin_district')
                      ORDER BY pa.depth LIMIT 1))
         END AS division_km
    FROM place_names n JOIN places p ON p.id = n.place_id CROSS JOIN row_point r
   WHERE n.match_key = ANY($2::text[]) AND p.country_code = $3 AND p.kind = $4
     AND p.geonames_id IS NULL
   GROUP BY p.id, p.resource_id, p.location, r.pt
   ORDER BY p.id)sql";

constexpr const char* kMergeRow = R"sql(
  UPDATE places
     SET geonames_id = $2,
         location = ST_SetSRID(ST_MakePoint($4::float8, $3::float8), 4326)::geography,
         location_precision = $5,
         time_zone = CASE WHEN $6 = '' THEN time_zone ELSE $6 END
   WHERE id = $1 AND geonames_id IS NULL)sql";

// New names after the place's own, in the row's order, none it already has (in any language).
constexpr const char* kAddMissingNames = R"sql(
  INSERT INTO place_names (place_id, ordinal, name, language, match_key)
  SELECT $1, (SELECT coalesce(max(ordinal), -1) FROM place_names WHERE place_id = $1) + t.o,
         t.n, t.l, t.k
    FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(n, l, k, o)
   WHERE NOT EXISTS (SELECT 1 FROM place_names x WHERE x.place_id = $1 AND x.name = t.n)
  ON CONFLICT DO NOTHING)sql";

}  // namespace

std::vector<normalize::MergeCandidate> GazetteerMergeCandidates(
    pqxx::transaction_base& txn, const std::string& name_key, const std::vector<std::string>& keys,
    const std::string& country, const std::string& kind, const v1::LatLng& at) {
  std::vector<normalize::MergeCandidate> out;
  for (const pqxx::row& r : txn.exec_params(kMergeCandidates, name_key, TextArrayLiteral(keys),
                                            country, kind, at.latitude(), at.longitude())) {
    normalize::MergeCandidate c;
    c.id = r[0].as<int64_t>();
    c.resource_id = r[1].as<std::string>();
    c.by_name = r[2].as<bool>();
    if (!r[3].is_null()) c.own_km = r[3].as<double>();
    if (!r[4].is_null()) c.division_km = r[4].as<double>();
    out.push_back(std::move(c));
  }
  return out;
}

bool MergeGazetteerRow(pqxx::transaction_base& txn, int64_t place_id, int64_t geonames_id,
                       const domain::PlaceRecord& row) {
  const bool merged =
      txn.exec_params(
             kMergeRow, place_id, geonames_id, row.location->latitude(), row.location->longitude(),
             EnumToDb(v1::LocationPrecision_descriptor(), row.location_precision), row.time_zone)
          .affected_rows() == 1;
  if (merged) AddMissingPlaceNames(txn, place_id, row.names);
  return merged;
}

void AddMissingPlaceNames(pqxx::transaction_base& txn, int64_t place_id,
                          const std::vector<domain::NameRecord>& names) {
  const NameArrays arrays = NameArraysOf(names);
  txn.exec_params(kAddMissingNames, place_id, arrays.names, arrays.languages, arrays.keys);
}

}  // namespace timeline::storage::pg
