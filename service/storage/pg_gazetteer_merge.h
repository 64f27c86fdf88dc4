// The database side of merging a gazetteer row into a place that already exists
// (normalize/gazetteer_merge.h has the rules): the candidates a row could be, and the merge
// itself — the row's GeoNames id, point and zone given to the place, and the row's names added
// to the place's own (none of which is dropped). Internal to storage/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/directory_records.h"
#include "normalize/gazetteer_merge.h"
#include "pqxx/pqxx"
#include "storage/pg_name_cache.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::storage::pg {

// A gazetteer row as the merge candidates are looked up for it.
struct MergeQuery {
  std::string name_key;           // of the row's own name
  std::vector<std::string> keys;  // of all its names
  std::string country;
  std::string kind;  // database word
  v1::LatLng at;
};

// For each row (by index in `rows`): the places of its country and kind without a GeoNames id
// that have a name whose match key is the row's name's (by_name) or another of its keys, with
// their distances from the row, in order of id. One statement for all rows.
std::vector<std::vector<normalize::MergeCandidate>> GazetteerMergeCandidates(
    pqxx::transaction_base& txn, const std::vector<MergeQuery>& rows);

// A place that has a GeoNames id, as stored: what tells an UNCHANGED row from an UPDATED one.
struct StoredGazetteerPlace {
  Ref ref;
  std::string display_name, kind, location_precision, time_zone;
  std::optional<double> latitude, longitude;
  std::vector<std::string> names;
  bool deleted = false;     // a tombstone: deleted, or merged into another place
  std::string merged_into;  // the resource id it was merged into; empty when not merged
};

// The places that have one of `geonames_ids`, by GeoNames id. One statement.
std::map<int64_t, StoredGazetteerPlace> StoredGazetteerPlaces(pqxx::transaction_base& txn,
                                                              const std::vector<int64_t>& ids);

// Gives place `place_id` the row's GeoNames id, point, precision and zone (its own zone when the
// row has none), and adds the row's names it lacks. False when the place took another GeoNames
// id meanwhile.
bool MergeGazetteerRow(pqxx::transaction_base& txn, int64_t place_id, int64_t geonames_id,
                       const domain::PlaceRecord& row);

// Adds to place `place_id` the names of `names` it does not have yet, after its own.
void AddMissingPlaceNames(pqxx::transaction_base& txn, int64_t place_id,
                          const std::vector<domain::NameRecord>& names);

}  // namespace timeline::storage::pg
