#include "api/place_service.h"

#include "api/handler_support.h"
#include "domain/directory_records.h"
#include "domain/name_query.h"
#include "domain/place_source_masks.h"
#include "domain/registry_watch.h"

namespace timeline::api {
grpc::Status PlaceService::GetPlace(grpc::ServerContext* context,
                                    const v1::GetPlaceRequest* request, v1::Place* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kPlaces, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  return Reply(repo_.GetPlace(ContextFrom(*context), *id), response);
}

grpc::Status PlaceService::ListPlaces(grpc::ServerContext* context,
                                      const v1::ListPlacesRequest* request,
                                      v1::ListPlacesResponse* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<domain::NameQuery> query = domain::PlaceQueryFromRequest(*request, tokens_);
  if (!query.ok()) return ToGrpcStatus(query.status());
  absl::StatusOr<storage::Page<v1::Place>> page = repo_.ListPlaces(ContextFrom(*context), *query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  FillPage(*std::move(page), query->fingerprint, tokens_, response->mutable_places(), response);
  return grpc::Status::OK;
}

grpc::Status PlaceService::CreatePlace(grpc::ServerContext* context,
                                       const v1::CreatePlaceRequest* request, v1::Place* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (!request->has_place()) return ToGrpcStatus(domain::InvalidField("place", "is required"));
  absl::StatusOr<std::string> id = IdForCreate(request->place_id(), "place_id");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<domain::PlaceRecord> record =
      domain::PlaceRecordFromProto(request->place(), "place");
  if (!record.ok()) return ToGrpcStatus(record.status());
  return Reply(repo_.CreatePlace(ContextFrom(*context), *id, *record, request->request_id()),
               response);
}

grpc::Status PlaceService::UpdatePlace(grpc::ServerContext* context,
                                       const v1::UpdatePlaceRequest* request, v1::Place* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (!request->has_place()) return ToGrpcStatus(domain::InvalidField("place", "is required"));
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->place().name(), domain::kPlaces, "place.name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (absl::Status s = domain::CheckReason(request->reason()); !s.ok()) return ToGrpcStatus(s);
  auto mutation = [&](const v1::Place& current) -> absl::StatusOr<domain::PlaceRecord> {
    absl::StatusOr<v1::Place> merged =
        domain::ApplyPlaceUpdate(current, request->place(), request->update_mask());
    if (!merged.ok()) return merged.status();
    return domain::PlaceRecordFromProto(*merged, "place");
  };
  return Reply(repo_.UpdatePlace(ContextFrom(*context), *id, request->place().etag(), mutation,
                                 request->reason()),
               response);
}

grpc::Status PlaceService::DeletePlace(grpc::ServerContext* context,
                                       const v1::DeletePlaceRequest* request, v1::Place* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kPlaces, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (absl::Status s = domain::CheckReason(request->reason()); !s.ok()) return ToGrpcStatus(s);
  return Reply(repo_.DeletePlace(ContextFrom(*context), *id, request->etag(), request->reason()),
               response);
}

grpc::Status PlaceService::MergePlaces(grpc::ServerContext* context,
                                       const v1::MergePlacesRequest* request, v1::Place* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kPlaces, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  absl::StatusOr<std::string> into =
      domain::ParseResourceName(request->into(), domain::kPlaces, "into");
  if (!into.ok()) return ToGrpcStatus(into.status());
  if (absl::Status s = domain::CheckReason(request->reason()); !s.ok()) return ToGrpcStatus(s);
  return Reply(repo_.MergePlaces(ContextFrom(*context), *id, *into, request->etag(),
                                 request->into_etag(), request->reason()),
               response);
}

grpc::Status PlaceService::SplitPlace(grpc::ServerContext* context,
                                      const v1::SplitPlaceRequest* request, v1::Place* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kPlaces, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (absl::Status s = domain::CheckReason(request->reason()); !s.ok()) return ToGrpcStatus(s);
  return Reply(repo_.SplitPlace(ContextFrom(*context), *id, request->reason()), response);
}

grpc::ServerWriteReactor<v1::WatchPlacesResponse>* PlaceService::WatchPlaces(
    grpc::CallbackServerContext* /*context*/, const v1::WatchPlacesRequest* request) {
  using Failed = FailedWatch<v1::WatchPlacesResponse>;
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return new Failed(limits);
  absl::StatusOr<domain::RegistryWatchQuery> query =
      domain::RegistryWatchQueryFromRequest(*request);
  if (!query.ok()) return new Failed(ToGrpcStatus(query.status()));
  return watch_hub_.Start(*std::move(query));
}

}  // namespace timeline::api
