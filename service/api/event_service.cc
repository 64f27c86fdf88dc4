#include "api/event_service.h"

#include "api/handler_support.h"
#include "api/status_mapping.h"
#include "domain/event_query.h"
#include "domain/event_record.h"
#include "domain/event_stats.h"
#include "domain/resource_name.h"
#include "domain/validation.h"

namespace timeline::api {

grpc::Status EventService::GetEvent(grpc::ServerContext* context,
                                    const v1::GetEventRequest* request, v1::Event* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kEvents, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  absl::StatusOr<v1::Event> event = repo_.GetEvent(ContextFrom(*context), *id);
  return Reply(std::move(event), response);
}

grpc::Status EventService::ListEvents(grpc::ServerContext* context,
                                      const v1::ListEventsRequest* request,
                                      v1::ListEventsResponse* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<domain::EventQuery> query = domain::EventQueryFromRequest(*request, tokens_);
  if (!query.ok()) return ToGrpcStatus(query.status());
  absl::StatusOr<storage::Page<v1::Event>> page = repo_.ListEvents(ContextFrom(*context), *query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  FillPage(*std::move(page), query->fingerprint, tokens_, response->mutable_events(), response);
  return grpc::Status::OK;
}

grpc::Status EventService::CreateEvent(grpc::ServerContext* context,
                                       const v1::CreateEventRequest* request, v1::Event* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (!request->has_event()) return ToGrpcStatus(domain::InvalidField("event", "is required"));
  absl::StatusOr<std::string> id = IdForCreate(request->event_id(), "event_id");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<domain::EventRecord> record =
      domain::EventRecordFromProto(request->event(), "event");
  if (!record.ok()) return ToGrpcStatus(record.status());
  absl::StatusOr<v1::Event> event =
      repo_.CreateEvent(ContextFrom(*context), *id, *record, request->request_id());
  return Reply(std::move(event), response);
}

grpc::Status EventService::UpdateEvent(grpc::ServerContext* context,
                                       const v1::UpdateEventRequest* request, v1::Event* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (!request->has_event()) return ToGrpcStatus(domain::InvalidField("event", "is required"));
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->event().name(), domain::kEvents, "event.name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  auto mutation = [&](const v1::Event& current) -> absl::StatusOr<domain::EventRecord> {
    absl::StatusOr<v1::Event> merged =
        domain::ApplyEventUpdate(current, request->event(), request->update_mask());
    if (!merged.ok()) return merged.status();
    return domain::EventRecordFromProto(*merged, "event");
  };
  absl::StatusOr<v1::Event> event =
      repo_.UpdateEvent(ContextFrom(*context), *id, request->event().etag(), mutation);
  return Reply(std::move(event), response);
}

grpc::Status EventService::DeleteEvent(grpc::ServerContext* context,
                                       const v1::DeleteEventRequest* request, v1::Event* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kEvents, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  absl::StatusOr<v1::Event> event = repo_.DeleteEvent(ContextFrom(*context), *id, request->etag());
  return Reply(std::move(event), response);
}

grpc::Status EventService::MergeEvents(grpc::ServerContext* context,
                                       const v1::MergeEventsRequest* request, v1::Event* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kEvents, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  absl::StatusOr<std::string> into =
      domain::ParseResourceName(request->into(), domain::kEvents, "into");
  if (!into.ok()) return ToGrpcStatus(into.status());
  if (*id == *into) {
    return ToGrpcStatus(domain::InvalidField("into",
                                             "names the event being merged; an event "
                                             "cannot be merged into itself"));
  }
  absl::StatusOr<v1::Event> event =
      repo_.MergeEvents(ContextFrom(*context), *id, *into, request->etag(), request->into_etag());
  return Reply(std::move(event), response);
}

grpc::Status EventService::ExportEvents(grpc::ServerContext* context,
                                        const v1::ExportEventsRequest* request,
                                        grpc::ServerWriter<v1::ExportEventsResponse>* writer) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<domain::EventQuery> query =
      domain::ExportQueryFromRequest(*request, tokens_, kExportBatchSize);
  if (!query.ok()) return ToGrpcStatus(query.status());
  // One short transaction per batch, and none while the client is slow to read: a stream held
  // open for an hour holds no connection and no snapshot. Keyset order makes the batches join
  // up exactly.
  v1::ExportEventsResponse response;
  while (true) {
    absl::StatusOr<storage::Page<v1::Event>> page = repo_.ListEvents(ContextFrom(*context), *query);
    if (!page.ok()) return ToGrpcStatus(page.status());
    for (size_t i = 0; i < page->items.size(); ++i) {
      *response.mutable_event() = std::move(page->items[i]);
      domain::PageCursor cursor = std::move(page->item_cursors[i]);
      cursor.fingerprint = query->fingerprint;
      response.set_resume_token(tokens_.Encode(cursor));
      // Blocks while the client's flow-control window is full; false once it has gone.
      if (!writer->Write(response)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "the client stopped reading");
      }
    }
    if (!page->next) return grpc::Status::OK;
    query->after = std::move(page->next);
  }
}

grpc::ServerWriteReactor<v1::WatchEventsResponse>* EventService::WatchEvents(
    grpc::CallbackServerContext* /*context*/, const v1::WatchEventsRequest* request) {
  using Failed = FailedWatch<v1::WatchEventsResponse>;
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return new Failed(limits);
  absl::StatusOr<domain::WatchQuery> query = domain::WatchQueryFromRequest(*request);
  if (!query.ok()) return new Failed(ToGrpcStatus(query.status()));
  return watch_hub_.Start(*std::move(query));
}

grpc::Status EventService::CountEvents(grpc::ServerContext* context,
                                       const v1::CountEventsRequest* request,
                                       v1::CountEventsResponse* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<domain::CountQuery> query = domain::CountQueryFromRequest(*request);
  if (!query.ok()) return ToGrpcStatus(query.status());
  return Reply(repo_.CountEvents(ContextFrom(*context), *query), response);
}

}  // namespace timeline::api
