#include "api/ingest_service.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/handler_support.h"
#include "api/status_mapping.h"
#include "domain/ingest_notes.h"
#include "domain/request_limits.h"
#include "domain/validation.h"
#include "ingest/alias_screening.h"
#include "ingest/ingest_events.h"
#include "ingest/ingest_places.h"
#include "ingest/record_checks.h"
#include "ingest/stream_fingerprint.h"

namespace timeline::api {
namespace {

// The settings of a stream come with its first message; later ones may only repeat them.
template <typename Request>
absl::Status TakeSettings(const Request& message, bool first, ingest::IngestBatch& batch) {
  constexpr bool kHasStrict = requires { message.strict(); };
  if (first) {
    batch.request_id = message.request_id();
    batch.after_request_id = message.after_request_id();
    batch.validate_only = message.validate_only();
    if constexpr (kHasStrict) batch.strict = message.strict();
    return CheckRequestId(batch.request_id);
  }
  if (!message.request_id().empty() && message.request_id() != batch.request_id) {
    return domain::InvalidField("request_id", "differs from the stream's first message");
  }
  if (!message.after_request_id().empty() && message.after_request_id() != batch.after_request_id) {
    return domain::InvalidField("after_request_id", "differs from the stream's first message");
  }
  if (message.validate_only() && !batch.validate_only) {
    return domain::InvalidField("validate_only", "differs from the stream's first message");
  }
  if constexpr (kHasStrict) {
    if (message.strict() && !batch.strict) {
      return domain::InvalidField("strict", "differs from the stream's first message");
    }
  }
  return absl::OkStatus();
}

// The size and UTF-8 checks of a stream message's own fields (request_id, after_request_id); its
// records are checked one by one, each failing alone (ingest/record_checks.h).
template <typename Request, typename Records>
absl::Status CheckOwnFieldLimits(const Request& message, Records& records) {
  Records set_aside;
  set_aside.Swap(&records);
  absl::Status limits = domain::CheckRequestLimits(message);
  set_aside.Swap(&records);
  return limits;
}

absl::Status TooManyRecords() {
  return domain::InvalidField("records",
                              absl::StrCat("a stream takes at most ", kMaxRecordsPerStream,
                                           " records; send the rest in another stream"));
}

ingest::IngestItem MakeItem(v1::IngestRecord record, std::vector<v1::IngestNote> errors) {
  return {std::move(record), std::move(errors)};
}
ingest::IngestPlaceItem MakeItem(v1::IngestPlace place, std::vector<v1::IngestNote> errors) {
  return {std::move(place), std::move(errors), {}};
}

// Reads a whole stream: settings from its first message, each record checked as it arrives and
// fed to the fingerprint.
template <typename Request, typename Item, typename RecordsOf, typename Check>
absl::Status ReadStream(grpc::ServerReader<Request>* reader, ingest::IngestBatch& batch,
                        std::vector<Item>& items, ingest::StreamFingerprint& fingerprint,
                        RecordsOf records_of, Check check) {
  Request message;
  for (bool first = true; reader->Read(&message); first = false) {
    auto* records = records_of(message);
    if (absl::Status s = CheckOwnFieldLimits(message, *records); !s.ok()) return s;
    if (absl::Status s = TakeSettings(message, first, batch); !s.ok()) return s;
    if (items.size() + records->size() > kMaxRecordsPerStream) return TooManyRecords();
    for (auto& record : *records) {
      const int index = static_cast<int>(items.size());
      fingerprint.Add(record);
      std::vector<v1::IngestNote> errors = check(record, index);
      items.push_back(MakeItem(std::move(record), std::move(errors)));
    }
  }
  return absl::OkStatus();
}

// Tells the metrics how the records of a stream that wrote (not validate_only) came out.
template <typename Response>
void CountOutcomes(const absl::StatusOr<Response>& response, const ingest::IngestBatch& batch,
                   absl::string_view stream, observability::Metrics& metrics) {
  if (!response.ok() || batch.validate_only) return;
  std::map<v1::IngestResult::Outcome, int64_t> counts;
  for (const auto& result : response->results()) ++counts[result.outcome()];
  for (const auto& [outcome, count] : counts) metrics.RecordsIngested(stream, outcome, count);
}

}  // namespace

grpc::Status IngestService::IngestEvents(grpc::ServerContext* context,
                                         grpc::ServerReader<v1::IngestEventsRequest>* reader,
                                         v1::IngestEventsResponse* response) {
  ingest::IngestBatch batch;
  std::vector<ingest::IngestItem> items;
  ingest::StreamFingerprint fingerprint;
  absl::Status read = ReadStream(
      reader, batch, items, fingerprint,
      [](v1::IngestEventsRequest& m) { return m.mutable_records(); },
      [](const v1::IngestRecord& r, int index) {
        return ingest::CheckIngestRecord(r, domain::RecordField(index));
      });
  if (!read.ok()) return ToGrpcStatus(read);
  if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
  fingerprint.Add(batch.strict ? "strict" : "lenient");
  batch.records_hash = fingerprint.HexDigest();
  absl::StatusOr<v1::IngestEventsResponse> answer =
      ingest::IngestEvents(repo_, ContextFrom(*context), batch, items);
  CountOutcomes(answer, batch, "events", metrics_);
  return Reply(std::move(answer), response);
}

grpc::Status IngestService::IngestPlaces(grpc::ServerContext* context,
                                         grpc::ServerReader<v1::IngestPlacesRequest>* reader,
                                         v1::IngestPlacesResponse* response) {
  ingest::IngestBatch batch;
  std::vector<ingest::IngestPlaceItem> items;
  ingest::StreamFingerprint fingerprint;
  std::vector<std::vector<v1::IngestNote>> screened;  // one per row: the aliases dropped
  absl::Status read = ReadStream(
      reader, batch, items, fingerprint,
      [](v1::IngestPlacesRequest& m) { return m.mutable_places(); },
      [&screened](v1::IngestPlace& p, int index) {
        const std::string field = absl::StrCat("places[", index, "]");
        screened.push_back(ingest::ScreenAliases(p, field));
        return ingest::CheckGazetteerPlace(p, field);
      });
  if (!read.ok()) return ToGrpcStatus(read);
  for (size_t i = 0; i < items.size(); ++i) items[i].warnings = std::move(screened[i]);
  if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
  batch.records_hash = fingerprint.HexDigest();
  absl::StatusOr<v1::IngestPlacesResponse> answer =
      ingest::IngestPlaces(repo_, ContextFrom(*context), batch, items);
  CountOutcomes(answer, batch, "places", metrics_);
  return Reply(std::move(answer), response);
}

}  // namespace timeline::api
