#include "api/event_service.h"

#include "api/handler_support.h"
#include "api/status_mapping.h"
#include "domain/event_stats.h"
#include "domain/records.h"
#include "domain/resource_name.h"
#include "domain/validation.h"

namespace timeline::api {

grpc::Status EventService::GetEvent(grpc::ServerContext* context,
                                    const v1::GetEventRequest* request, v1::Event* response) {
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kEvents, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  absl::StatusOr<v1::Event> event = repo_.GetEvent(ContextFrom(*context), *id);
  return Reply(std::move(event), response);
}

grpc::Status EventService::ListEvents(grpc::ServerContext* context,
                                      const v1::ListEventsRequest* request,
                                      v1::ListEventsResponse* response) {
  absl::StatusOr<domain::EventQuery> query = domain::EventQueryFromRequest(*request, tokens_);
  if (!query.ok()) return ToGrpcStatus(query.status());
  absl::StatusOr<storage::Page<v1::Event>> page = repo_.ListEvents(ContextFrom(*context), *query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  FillPage(*std::move(page), query->fingerprint, tokens_, response->mutable_events(), response);
  return grpc::Status::OK;
}

grpc::Status EventService::CreateEvent(grpc::ServerContext* context,
                                       const v1::CreateEventRequest* request, v1::Event* response) {
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
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kEvents, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  absl::StatusOr<v1::Event> event = repo_.DeleteEvent(ContextFrom(*context), *id, request->etag());
  return Reply(std::move(event), response);
}

grpc::Status EventService::CountEvents(grpc::ServerContext* context,
                                       const v1::CountEventsRequest* request,
                                       v1::CountEventsResponse* response) {
  absl::StatusOr<domain::CountQuery> query = domain::CountQueryFromRequest(*request);
  if (!query.ok()) return ToGrpcStatus(query.status());
  return Reply(repo_.CountEvents(ContextFrom(*context), *query), response);
}

}  // namespace timeline::api
