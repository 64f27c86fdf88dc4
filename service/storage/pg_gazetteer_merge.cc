#include "storage/pg_gazetteer_merge.h"

#include "absl/strings/str_cat.h"
#include "storage/db_enums.h"
#include "storage/pg_name_common.h"
#include "storage/pg_values.h"
#include "storage/query_builder.h"

namespace timeline::storage::pg {
namespace {

// The rows: $1 index, $2 name's key, $3 country, $4 kind, $5 latitude, $6 longitude; their keys:
// $7 row index, $8 key. division_km: from the row to the nearest located place below the
// candidate's nearest admin division (the division included), for candidates without a point
// of their own.
constexpr const char* kMergeCandidates = R"sql(
  WITH q AS (
    SELECT q.*, ST_SetSRID(ST_MakePoint(q.lng, q.lat), 4326)::geography AS pt
      FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[])
           AS q(i, name_key, country, kind, lat, lng)),
  hits AS (
    SELECT DISTINCT k.i, n.place_id, n.match_key
      FROM unnest($7::int[], $8::text[]) AS k(i, key)
      JOIN place_names n ON n.match_key = k.key)
  SELECT q.i, p.id, p.resource_id, bool_or(h.match_key = q.name_key) AS by_name,
         ST_Distance(p.location, q.pt) / 1000 AS own_km,
         CASE WHEN p.location IS NULL THEN
           (SELECT min(ST_Distance(o.location, q.pt)) / 1000
              FROM place_ancestors d JOIN places o ON o.id = d.place_id
             WHERE o.location IS NOT NULL AND o.id <> p.id
               AND d.ancestor_id = (
                     SELECT pa.ancestor_id FROM place_ancestors pa
                       JOIN places a ON a.id = pa.ancestor_id
                      WHERE pa.place_id = p.id AND pa.depth > 0
                        AND a.kind IN ('admin_region', 'admin_district')
                      ORDER BY pa.depth LIMIT 1))
         END AS division_km
    FROM q JOIN hits h ON h.i = q.i JOIN places p ON p.id = h.place_id
   WHERE p.country_code = q.country AND p.kind = q.kind AND p.geonames_id IS NULL
   GROUP BY q.i, p.id, p.resource_id, p.location, q.pt
   ORDER BY q.i, p.id)sql";

// What StoredGazetteerPlace holds, for the places with the GeoNames ids of $1.
constexpr const char* kStoredGazetteerPlaces = R"sql(
  SELECT p.geonames_id, p.id, p.resource_id, p.display_name, p.kind, ST_Y(p.location::geometry),
         ST_X(p.location::geometry), coalesce(p.location_precision, ''), p.time_zone,
         (SELECT coalesce(array_agg(name ORDER BY ordinal), '{}') FROM place_names
           WHERE place_id = p.id),
         p.delete_time IS NOT NULL, coalesce(p.merged_into, '')
    FROM places p WHERE p.geonames_id = ANY($1::bigint[]))sql";

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

std::vector<std::vector<normalize::MergeCandidate>> GazetteerMergeCandidates(
    pqxx::transaction_base& txn, const std::vector<MergeQuery>& rows) {
  std::vector<std::vector<normalize::MergeCandidate>> out(rows.size());
  if (rows.empty()) return out;
  std::vector<std::string> index, name_key, country, kind, lat, lng, key_index, keys;
  for (size_t i = 0; i < rows.size(); ++i) {
    const MergeQuery& q = rows[i];
    index.push_back(absl::StrCat(i));
    name_key.push_back(q.name_key);
    country.push_back(q.country);
    kind.push_back(q.kind);
    lat.push_back(pqxx::to_string(q.at.latitude()));
    lng.push_back(pqxx::to_string(q.at.longitude()));
    for (const std::string& k : q.keys) {
      key_index.push_back(absl::StrCat(i));
      keys.push_back(k);
    }
  }
  for (const pqxx::row& r : txn.exec_params(
           kMergeCandidates, TextArrayLiteral(index), TextArrayLiteral(name_key),
           TextArrayLiteral(country), TextArrayLiteral(kind), TextArrayLiteral(lat),
           TextArrayLiteral(lng), TextArrayLiteral(key_index), TextArrayLiteral(keys))) {
    normalize::MergeCandidate c;
    c.id = r[1].as<int64_t>();
    c.resource_id = r[2].as<std::string>();
    c.by_name = r[3].as<bool>();
    if (!r[4].is_null()) c.own_km = r[4].as<double>();
    if (!r[5].is_null()) c.division_km = r[5].as<double>();
    out[r[0].as<size_t>()].push_back(std::move(c));
  }
  return out;
}

std::map<int64_t, StoredGazetteerPlace> StoredGazetteerPlaces(pqxx::transaction_base& txn,
                                                              const std::vector<int64_t>& ids) {
  std::map<int64_t, StoredGazetteerPlace> out;
  if (ids.empty()) return out;
  for (const pqxx::row& r : txn.exec_params(kStoredGazetteerPlaces, IdArrayLiteral(ids))) {
    StoredGazetteerPlace& p = out[r[0].as<int64_t>()];
    p.ref = Ref{r[1].as<int64_t>(), r[2].as<std::string>()};
    p.display_name = r[3].as<std::string>();
    p.kind = r[4].as<std::string>();
    if (!r[5].is_null()) p.latitude = r[5].as<double>();
    if (!r[6].is_null()) p.longitude = r[6].as<double>();
    p.location_precision = r[7].as<std::string>();
    p.time_zone = r[8].as<std::string>();
    p.names = TextArray(r[9]);
    p.deleted = r[10].as<bool>();
    p.merged_into = r[11].as<std::string>();
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
