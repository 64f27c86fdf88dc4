// Update masks of UpdatePlace and UpdateSource (AIP-134): which fields of a patch replace the
// stored place's or source's. The result is validated afterwards like a new resource
// (directory_records.h), so a mask only chooses fields; it never checks their values.
#pragma once

#include "absl/status/statusor.h"
#include "google/protobuf/field_mask.pb.h"
#include "timeline/v1/place.pb.h"
#include "timeline/v1/source.pb.h"

namespace timeline::domain {

// `current` with the fields `update_mask` names taken from `patch`: display_name, names, kind,
// parent, country_code, geonames_id, location (location_precision goes with it), time_zone, or
// "*" for all. An empty mask names every one of them set in `patch`. Repeated fields are replaced
// whole. INVALID_ARGUMENT naming update_mask.paths[i] for any other path.
absl::StatusOr<v1::Place> ApplyPlaceUpdate(const v1::Place& current, const v1::Place& patch,
                                           const google::protobuf::FieldMask& update_mask);

// The same for sources: url, publisher, language, published_time, title, or "*".
absl::StatusOr<v1::Source> ApplySourceUpdate(const v1::Source& current, const v1::Source& patch,
                                             const google::protobuf::FieldMask& update_mask);

}  // namespace timeline::domain
