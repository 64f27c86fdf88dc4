#include "api/actor_service.h"

#include "api/handler_support.h"
#include "domain/actor_update.h"
#include "domain/directory_records.h"
#include "domain/event_stats.h"
#include "domain/name_query.h"
#include "domain/registry_watch.h"

namespace timeline::api {

grpc::Status ActorService::GetActor(grpc::ServerContext* context,
                                    const v1::GetActorRequest* request, v1::Actor* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kActors, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  return Reply(repo_.GetActor(ContextFrom(*context), *id), response);
}

grpc::Status ActorService::ListActors(grpc::ServerContext* context,
                                      const v1::ListActorsRequest* request,
                                      v1::ListActorsResponse* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<domain::NameQuery> query = domain::ActorQueryFromRequest(*request, tokens_);
  if (!query.ok()) return ToGrpcStatus(query.status());
  absl::StatusOr<storage::Page<v1::Actor>> page = repo_.ListActors(ContextFrom(*context), *query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  FillPage(*std::move(page), query->fingerprint, tokens_, response->mutable_actors(), response);
  return grpc::Status::OK;
}

grpc::Status ActorService::CreateActor(grpc::ServerContext* context,
                                       const v1::CreateActorRequest* request, v1::Actor* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (!request->has_actor()) return ToGrpcStatus(domain::InvalidField("actor", "is required"));
  absl::StatusOr<std::string> id = IdForCreate(request->actor_id(), "actor_id");
  if (!id.ok()) return ToGrpcStatus(id.status());
  if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<domain::ActorRecord> record =
      domain::ActorRecordFromProto(request->actor(), "actor");
  if (!record.ok()) return ToGrpcStatus(record.status());
  return Reply(repo_.CreateActor(ContextFrom(*context), *id, *record, request->request_id()),
               response);
}

grpc::Status ActorService::ListRelatedActors(grpc::ServerContext* context,
                                             const v1::ListRelatedActorsRequest* request,
                                             v1::ListRelatedActorsResponse* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  absl::StatusOr<domain::RelatedActorsQuery> query =
      domain::RelatedActorsQueryFromRequest(*request, tokens_);
  if (!query.ok()) return ToGrpcStatus(query.status());
  absl::StatusOr<storage::Page<v1::RelatedActor>> page =
      repo_.ListRelatedActors(ContextFrom(*context), *query);
  if (!page.ok()) return ToGrpcStatus(page.status());
  FillPage(*std::move(page), query->fingerprint, tokens_, response->mutable_related_actors(),
           response);
  return grpc::Status::OK;
}

grpc::Status ActorService::UpdateActor(grpc::ServerContext* context,
                                       const v1::UpdateActorRequest* request, v1::Actor* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (absl::Status s = domain::CheckReason(request->reason()); !s.ok()) return ToGrpcStatus(s);
  if (!request->has_actor()) return ToGrpcStatus(domain::InvalidField("actor", "is required"));
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->actor().name(), domain::kActors, "actor.name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  auto mutation = [&](const v1::Actor& current) -> absl::StatusOr<domain::ActorRecord> {
    absl::StatusOr<v1::Actor> updated =
        domain::ApplyActorUpdate(current, request->actor(), request->update_mask());
    if (!updated.ok()) return updated.status();
    return domain::ActorRecordFromProto(*updated, "actor");
  };
  return Reply(repo_.UpdateActor(ContextFrom(*context), *id, request->actor().etag(), mutation,
                                 request->reason()),
               response);
}

grpc::Status ActorService::DeleteActor(grpc::ServerContext* context,
                                       const v1::DeleteActorRequest* request, v1::Actor* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (absl::Status s = domain::CheckReason(request->reason()); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kActors, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  return Reply(repo_.DeleteActor(ContextFrom(*context), *id, request->etag(), request->reason()),
               response);
}

grpc::Status ActorService::MergeActors(grpc::ServerContext* context,
                                       const v1::MergeActorsRequest* request, v1::Actor* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (absl::Status s = domain::CheckReason(request->reason()); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kActors, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  absl::StatusOr<std::string> into =
      domain::ParseResourceName(request->into(), domain::kActors, "into");
  if (!into.ok()) return ToGrpcStatus(into.status());
  return Reply(repo_.MergeActors(ContextFrom(*context), *id, *into, request->etag(),
                                 request->into_etag(), request->reason()),
               response);
}

grpc::Status ActorService::SplitActor(grpc::ServerContext* context,
                                      const v1::SplitActorRequest* request, v1::Actor* response) {
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return limits;
  if (absl::Status s = domain::CheckReason(request->reason()); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<std::string> id =
      domain::ParseResourceName(request->name(), domain::kActors, "name");
  if (!id.ok()) return ToGrpcStatus(id.status());
  return Reply(repo_.SplitActor(ContextFrom(*context), *id, request->reason()), response);
}

grpc::ServerWriteReactor<v1::WatchActorsResponse>* ActorService::WatchActors(
    grpc::CallbackServerContext* /*context*/, const v1::WatchActorsRequest* request) {
  using Failed = FailedWatch<v1::WatchActorsResponse>;
  if (grpc::Status limits = CheckLimits(*request); !limits.ok()) return new Failed(limits);
  absl::StatusOr<domain::RegistryWatchQuery> query =
      domain::RegistryWatchQueryFromRequest(*request);
  if (!query.ok()) return new Failed(ToGrpcStatus(query.status()));
  return watch_hub_.Start(*std::move(query));
}

}  // namespace timeline::api
