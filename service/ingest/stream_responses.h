// What IngestEvents and IngestPlaces share around their records: a stream retried with its
// request_id (AIP-155) answers what it answered the first time, and the response counts each
// record's outcome.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/validation.h"
#include "ingest/ingest_request.h"
#include "storage/ingest_transaction.h"
#include "storage/repository.h"

namespace timeline::ingest {

// The earlier response to this stream's request_id; INVALID_ARGUMENT when it came with other
// records. None without a request_id, and never for a dry run (validate_only).
template <typename Response>
absl::StatusOr<std::optional<Response>> EarlierResponse(storage::IngestTransaction& tx,
                                                        absl::string_view method,
                                                        const IngestBatch& batch) {
  if (batch.request_id.empty() || batch.validate_only) return std::optional<Response>();
  std::optional<storage::StoredResponse> stored = tx.FindResponse(method, batch.request_id);
  if (!stored) return std::optional<Response>();
  if (stored->records_hash != batch.records_hash) {
    return domain::InvalidField("request_id",
                                "was already used for a stream with other records; use a new "
                                "request_id for new content");
  }
  Response response;
  if (!response.ParseFromString(stored->response)) {
    return absl::InternalError("stored response unreadable");
  }
  return std::optional<Response>(std::move(response));
}

template <typename Response>
void RememberResponse(storage::IngestTransaction& tx, absl::string_view method,
                      const IngestBatch& batch, const Response& response) {
  if (batch.request_id.empty() || batch.validate_only) return;
  tx.RememberResponse(method, batch.request_id, {batch.records_hash, response.SerializeAsString()});
}

// Runs one stream in its transaction: a retried request_id answers what it answered the first
// time; otherwise `answer` fills the response, which is kept for retries.
template <typename Response>
absl::StatusOr<Response> AnswerStream(
    storage::Repository& repo, const storage::CallContext& ctx,
    const storage::IngestOptions& options, absl::string_view method, const IngestBatch& batch,
    const std::function<void(storage::IngestTransaction&, Response&)>& answer) {
  Response response;
  storage::IngestOptions run = options;
  if (!batch.after_request_id.empty() && !batch.validate_only) {
    // A dry run writes nothing, so the order of its decisions matters to no one.
    run.after_method = std::string(method);
    run.after_request_id = batch.after_request_id;
  }
  absl::Status status = repo.RunIngest(ctx, run, [&](storage::IngestTransaction& tx) {
    response = Response();  // a rerun (a concurrent stream's conflict) starts anew
    absl::StatusOr<std::optional<Response>> earlier = EarlierResponse<Response>(tx, method, batch);
    if (!earlier.ok()) return earlier.status();
    if (*earlier) {
      response = **std::move(earlier);
      return absl::OkStatus();
    }
    answer(tx, response);
    RememberResponse(tx, method, batch, response);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

// Adds `result` to the response's counts and results.
template <typename Response, typename Result>
void AddResult(Response& response, Result result) {
  switch (result.outcome()) {
    case v1::IngestResult::CREATED:
      response.set_created_count(response.created_count() + 1);
      break;
    case v1::IngestResult::UPDATED:
      response.set_updated_count(response.updated_count() + 1);
      break;
    case v1::IngestResult::UNCHANGED:
      response.set_unchanged_count(response.unchanged_count() + 1);
      break;
    default:
      response.set_rejected_count(response.rejected_count() + 1);
  }
  *response.add_results() = std::move(result);
}

}  // namespace timeline::ingest
