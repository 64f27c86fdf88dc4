#include "api/ingest_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api/handler_support.h"
#include "api/status_mapping.h"
#include "domain/ingest_record.h"
#include "domain/validation.h"

namespace timeline::api {
namespace {

// The settings of a stream come with its first message; later ones may only repeat them.
template <typename Request>
absl::Status TakeSettings(const Request& message, bool first, storage::IngestBatch& batch) {
  if (first) {
    batch.request_id = message.request_id();
    batch.validate_only = message.validate_only();
    return CheckRequestId(batch.request_id);
  }
  if (!message.request_id().empty() && message.request_id() != batch.request_id) {
    return domain::InvalidField("request_id", "differs from the stream's first message");
  }
  if (message.validate_only() && !batch.validate_only) {
    return domain::InvalidField("validate_only", "differs from the stream's first message");
  }
  return absl::OkStatus();
}

absl::Status TooManyRecords() {
  return domain::InvalidField("records",
                              absl::StrCat("a stream takes at most ", kMaxRecordsPerStream,
                                           " records; send the rest in another stream"));
}

}  // namespace

grpc::Status IngestService::IngestEvents(grpc::ServerContext* context,
                                         grpc::ServerReader<v1::IngestEventsRequest>* reader,
                                         v1::IngestEventsResponse* response) {
  storage::IngestBatch batch;
  std::vector<storage::IngestItem> items;
  domain::StreamFingerprint fingerprint;
  v1::IngestEventsRequest message;
  for (bool first = true; reader->Read(&message); first = false) {
    if (absl::Status s = TakeSettings(message, first, batch); !s.ok()) return ToGrpcStatus(s);
    if (first) batch.strict = message.strict();
    if (!first && message.strict() && !batch.strict) {
      return ToGrpcStatus(
          domain::InvalidField("strict", "differs from the stream's first message"));
    }
    if (items.size() + message.records_size() > kMaxRecordsPerStream) {
      return ToGrpcStatus(TooManyRecords());
    }
    for (v1::IngestRecord& record : *message.mutable_records()) {
      const int index = static_cast<int>(items.size());
      fingerprint.Add(record);
      std::vector<v1::IngestNote> errors =
          domain::CheckIngestRecord(record, domain::RecordField(index));
      items.push_back({std::move(record), std::move(errors)});
    }
  }
  if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
  fingerprint.Add(batch.strict ? "strict" : "lenient");
  batch.records_hash = fingerprint.HexDigest();
  return Reply(repo_.IngestEvents(ContextFrom(*context), batch, items), response);
}

grpc::Status IngestService::IngestPlaces(grpc::ServerContext* context,
                                         grpc::ServerReader<v1::IngestPlacesRequest>* reader,
                                         v1::IngestPlacesResponse* response) {
  storage::IngestBatch batch;
  std::vector<storage::IngestPlaceItem> items;
  domain::StreamFingerprint fingerprint;
  v1::IngestPlacesRequest message;
  for (bool first = true; reader->Read(&message); first = false) {
    if (absl::Status s = TakeSettings(message, first, batch); !s.ok()) return ToGrpcStatus(s);
    if (items.size() + message.places_size() > kMaxRecordsPerStream) {
      return ToGrpcStatus(TooManyRecords());
    }
    for (v1::IngestPlace& place : *message.mutable_places()) {
      const std::string field = absl::StrCat("places[", items.size(), "]");
      fingerprint.Add(place);
      std::vector<v1::IngestNote> errors = domain::CheckGazetteerPlace(place, field);
      items.push_back({std::move(place), std::move(errors)});
    }
  }
  if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
  batch.records_hash = fingerprint.HexDigest();
  return Reply(repo_.IngestPlaces(ContextFrom(*context), batch, items), response);
}

}  // namespace timeline::api
