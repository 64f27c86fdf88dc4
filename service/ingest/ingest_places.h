// The IngestPlaces use case: gazetteer rows (GeoNames) upserted by GeoNames id in one
// transaction, each CREATED, UPDATED, UNCHANGED or REJECTED on its own.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "ingest/ingest_request.h"
#include "storage/repository.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest {

absl::StatusOr<v1::IngestPlacesResponse> IngestPlaces(storage::Repository& repo,
                                                      const storage::CallContext& ctx,
                                                      const IngestBatch& batch,
                                                      const std::vector<IngestPlaceItem>& items);

}  // namespace timeline::ingest
