// The gazetteer upsert behind IngestPlaces: each row (GeoNames or a curated list) updates the
// place that has its GeoNames id, or merges into the place events (or a curated list) already
// made of it (normalize/gazetteer_merge.h: same name, country and kind, nearby), or becomes a
// new place under its country. A place keeps every name it had; the row's are added. Rows reach
// it checked (ingest/record_checks.h): with a name, a country, a GeoNames id and a location.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/ingest_notes.h"
#include "domain/resource_name.h"
#include "normalize/gazetteer_merge.h"
#include "normalize/match_key.h"
#include "storage/db_enums.h"
#include "storage/ingest_sql.h"
#include "storage/pg_gazetteer_merge.h"
#include "storage/pg_name_common.h"
#include "storage/pg_name_resolver.h"
#include "storage/pg_values.h"

namespace timeline::storage::pg {
namespace {

using domain::kPlaces;
using domain::Note;
using domain::ResourceName;

// "places/ly-tripoli (4.2 km away), places/ly-tripoli-2 (no coordinates)".
std::string DescribeCandidates(const std::vector<normalize::MergeCandidate>& candidates) {
  std::string out;
  for (const normalize::MergeCandidate& c : candidates) {
    if (!out.empty()) out += ", ";
    absl::StrAppend(&out, ResourceName(kPlaces, c.resource_id), " (",
                    c.own_km ? absl::StrFormat("%.1f km away", *c.own_km)
                             : std::string("no coordinates of its own"),
                    ")");
  }
  return out;
}

}  // namespace

v1::IngestResult::Outcome NameResolver::Gazetteer(const v1::IngestPlace& p, Ref& ref,
                                                  std::vector<v1::IngestNote>& warnings) {
  const domain::PlaceRecord record =
      PlaceRecordOf(p, absl::AsciiStrToUpper(p.country_code()), p.time_zone());
  const std::string kind = EnumToDb(v1::PlaceKind_descriptor(), record.kind);
  const std::string location_precision =
      EnumToDb(v1::LocationPrecision_descriptor(), record.location_precision);
  pqxx::result found = txn_.exec_prepared("ingest_gazetteer_place", p.geonames_id());
  if (!found.empty()) {
    const pqxx::row& r = found[0];
    ref = RefOf(r);
    const std::vector<std::string> stored_names = TextArray(r[8]);
    const bool has_every_name =
        std::all_of(record.names.begin(), record.names.end(), [&](const domain::NameRecord& n) {
          return std::find(stored_names.begin(), stored_names.end(), n.name) != stored_names.end();
        });
    const bool same = r[2].as<std::string>() == record.display_name &&
                      r[3].as<std::string>() == kind && !r[4].is_null() &&
                      r[4].as<double>() == record.location->latitude() &&
                      r[5].as<double>() == record.location->longitude() &&
                      r[6].as<std::string>() == location_precision &&
                      r[7].as<std::string>() == record.time_zone && has_every_name;
    if (same) return v1::IngestResult::UNCHANGED;
    txn_.exec_params(sql::kUpdateGazetteerPlace, ref.id, record.display_name, kind,
                     record.location->latitude(), record.location->longitude(), location_precision,
                     record.time_zone);
    // Names that events or another list gave the place stay; the row's are added.
    AddMissingPlaceNames(txn_, ref.id, record.names);
    return v1::IngestResult::UPDATED;
  }
  NameResult country = Country(record.country_code, true);
  if (record.kind == v1::COUNTRY) {
    ref = *country.ref;
    txn_.exec_params(sql::kAdoptGeoNamesId, ref.id, p.geonames_id());
    AddMissingPlaceNames(txn_, ref.id, record.names);
    return v1::IngestResult::UPDATED;
  }
  const normalize::MergeDecision decision = normalize::DecideGazetteerMerge(
      GazetteerMergeCandidates(txn_, normalize::MatchKey(p.name()), KeysOf(p.name(), p.aliases()),
                               record.country_code, kind, p.location()),
      kind);
  if (decision.merge_into &&
      MergeGazetteerRow(txn_, decision.merge_into->id, p.geonames_id(), record)) {
    ref = Ref{decision.merge_into->id, decision.merge_into->resource_id};
    warnings.push_back(Note("", domain::kNoteMergedIntoExisting,
                            absl::StrCat("merged into ", DescribeCandidates({*decision.merge_into}),
                                         ", which has the row's name: it keeps its names and "
                                         "takes the row's GeoNames id, names, point and zone")));
    return v1::IngestResult::UPDATED;
  }
  LockCreation();
  ref = InsertPlace(
      record,
      normalize::ResourceIdFromName(p.name(), absl::AsciiStrToLower(record.country_code), "place"),
      country.ref);
  if (!decision.ambiguous.empty()) {
    warnings.push_back(Note("", domain::kNoteAmbiguousName,
                            absl::StrCat("created ", ResourceName(kPlaces, ref.resource_id),
                                         ": several existing places could be this row, so none "
                                         "was merged: ",
                                         DescribeCandidates(decision.ambiguous))));
  }
  return v1::IngestResult::CREATED;
}

}  // namespace timeline::storage::pg
