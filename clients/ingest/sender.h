// How timeline-ingest hands a batch to the server, behind an interface so that the job's logic
// (batching, checkpoints, retries, reporting) is tested without a network; grpc_sender.h has the
// real one.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "batch.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest {

struct Note {
  std::string field;  // relative to the record: "date.text", not "records[12].date.text"
  std::string code;
  std::string message;
};

// The outcome of one record (event or gazetteer row).
struct RecordOutcome {
  v1::IngestResult::Outcome outcome = v1::IngestResult::OUTCOME_UNSPECIFIED;
  std::vector<Note> errors;
  std::vector<Note> warnings;
};

class BatchSender {
 public:
  virtual ~BatchSender() = default;
  // One attempt at one batch as one stream: one outcome per record, in order, or the status of
  // the call. Retrying is the caller's business. A retry passes `wait_for_server_until`: the
  // attempt waits until then for the server to accept a connection (instead of failing at once
  // while it is down) and then has its whole call deadline; InfinitePast: no waiting.
  virtual absl::StatusOr<std::vector<RecordOutcome>> Send(const Batch& batch,
                                                          absl::Time wait_for_server_until) = 0;
};

}  // namespace timeline::ingest
