// The IngestEvents use case: one stream of raw event records, all in one transaction (none
// written with validate_only), each record with its own outcome:
//
//   REJECTED   its own problems (record_checks.h), a repeated external id in the stream, a name
//              that cannot be resolved, or an external id of a deleted event; nothing of it is
//              written, and no name it would have created is;
//   CREATED    no event has its external id: a new event (named after the external id when free);
//   UPDATED    the event with its external id said something else: rewritten;
//   UNCHANGED  that event already says the same, or it was merged into another (MERGED warning).
//
// A stream retried with its request_id answers what it answered the first time.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "ingest/ingest_request.h"
#include "storage/repository.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest {

absl::StatusOr<v1::IngestEventsResponse> IngestEvents(storage::Repository& repo,
                                                      const storage::CallContext& ctx,
                                                      const IngestBatch& batch,
                                                      const std::vector<IngestItem>& items);

}  // namespace timeline::ingest
