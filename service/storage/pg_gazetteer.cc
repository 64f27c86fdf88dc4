// The gazetteer upsert behind IngestPlaces: each row (GeoNames or a curated list) updates the
// place that has its GeoNames id, or gives that id to a curated place of the same name nearby,
// or becomes a new place under its country. Rows reach it checked (domain/ingest_record.h): with
// a name, a country, a GeoNames id and a location.
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "normalize/match_key.h"
#include "storage/db_enums.h"
#include "storage/ingest_sql.h"
#include "storage/pg_name_common.h"
#include "storage/pg_name_resolver.h"
#include "storage/pg_values.h"

namespace timeline::storage::pg {

v1::IngestResult::Outcome NameResolver::Gazetteer(const v1::IngestPlace& p, Ref& ref) {
  const domain::PlaceRecord record =
      PlaceRecordOf(p, absl::AsciiStrToUpper(p.country_code()), p.time_zone());
  const std::string kind = EnumToDb(v1::PlaceKind_descriptor(), record.kind);
  const std::string location_precision =
      EnumToDb(v1::LocationPrecision_descriptor(), record.location_precision);
  pqxx::result found = txn_.exec_prepared("ingest_gazetteer_place", p.geonames_id());
  if (!found.empty()) {
    const pqxx::row& r = found[0];
    ref = RefOf(r);
    std::vector<std::string> stored_names = TextArray(r[8]), names;
    for (const auto& n : record.names) names.push_back(n.name);
    const bool same = r[2].as<std::string>() == record.display_name &&
                      r[3].as<std::string>() == kind && !r[4].is_null() &&
                      r[4].as<double>() == record.location->latitude() &&
                      r[5].as<double>() == record.location->longitude() &&
                      r[6].as<std::string>() == location_precision &&
                      r[7].as<std::string>() == record.time_zone && stored_names == names;
    if (same) return v1::IngestResult::UNCHANGED;
    txn_.exec_params(sql::kUpdateGazetteerPlace, ref.id, record.display_name, kind,
                     record.location->latitude(), record.location->longitude(), location_precision,
                     record.time_zone);
    txn_.exec_params(sql::kDeletePlaceNames, ref.id);
    InsertNames("ingest_insert_place_names", ref.id, record.names);
    return v1::IngestResult::UPDATED;
  }
  NameResult country = Country(record.country_code, true);
  if (record.kind == v1::COUNTRY) {
    ref = *country.ref;
    txn_.exec_params(sql::kAdoptGeoNamesId, ref.id, p.geonames_id());
    return v1::IngestResult::UPDATED;
  }
  PlaceQuery query;
  query.keys = KeysOf(p.name(), p.aliases());
  query.scope = country.ref;
  query.location = &p.location();
  query.kind = kind;
  query.country = record.country_code;
  for (const std::string& name : p.admin_names()) {
    query.admin_keys.push_back(normalize::MatchKey(name));
  }
  query.similar = false;
  normalize::NameDecision decision = DecidePlace(query);
  if (decision.link && decision.link->score == 1.0 && decision.link->distance_km &&
      txn_.exec_params(sql::kAdoptGeoNamesId, decision.link->id, p.geonames_id()).affected_rows() ==
          1) {
    ref = Ref{decision.link->id, decision.link->resource_id};
    return v1::IngestResult::UPDATED;
  }
  LockCreation();
  ref = InsertPlace(
      record,
      normalize::ResourceIdFromName(p.name(), absl::AsciiStrToLower(record.country_code), "place"),
      country.ref);
  return v1::IngestResult::CREATED;
}

}  // namespace timeline::storage::pg
