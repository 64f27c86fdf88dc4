// The database side of merging a gazetteer row into a place that already exists
// (normalize/gazetteer_merge.h has the rules): the candidates a row could be, and the merge
// itself — the row's GeoNames id, point and zone given to the place, and the row's names added
// to the place's own (none of which is dropped). Internal to storage/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/directory_records.h"
#include "normalize/gazetteer_merge.h"
#include "pqxx/pqxx"
#include "timeline/v1/ingest.pb.h"

namespace timeline::storage::pg {

// Places of `country` and `kind` (database words) without a GeoNames id that have a name whose
// match key is `name_key` (by_name) or one of `keys`, with their distances from the row.
std::vector<normalize::MergeCandidate> GazetteerMergeCandidates(
    pqxx::transaction_base& txn, const std::string& name_key, const std::vector<std::string>& keys,
    const std::string& country, const std::string& kind, const v1::LatLng& at);

// Gives place `place_id` the row's GeoNames id, point, precision and zone (its own zone when the
// row has none), and adds the row's names it lacks. False when the place took another GeoNames
// id meanwhile.
bool MergeGazetteerRow(pqxx::transaction_base& txn, int64_t place_id, int64_t geonames_id,
                       const domain::PlaceRecord& row);

// Adds to place `place_id` the names of `names` it does not have yet, after its own.
void AddMissingPlaceNames(pqxx::transaction_base& txn, int64_t place_id,
                          const std::vector<domain::NameRecord>& names);

}  // namespace timeline::storage::pg
