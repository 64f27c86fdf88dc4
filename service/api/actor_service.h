// ActorService handlers: validation in domain/, work in storage/, nothing else here.
#pragma once

#include "domain/page_token.h"
#include "storage/repository.h"
#include "timeline/v1/actor.grpc.pb.h"

namespace timeline::api {

class ActorService final : public v1::ActorService::Service {
 public:
  ActorService(storage::Repository& repo, const domain::PageTokenCodec& tokens)
      : repo_(repo), tokens_(tokens) {}

  grpc::Status GetActor(grpc::ServerContext* context, const v1::GetActorRequest* request,
                        v1::Actor* response) override;
  grpc::Status ListActors(grpc::ServerContext* context, const v1::ListActorsRequest* request,
                          v1::ListActorsResponse* response) override;
  grpc::Status CreateActor(grpc::ServerContext* context, const v1::CreateActorRequest* request,
                           v1::Actor* response) override;
  grpc::Status ListRelatedActors(grpc::ServerContext* context,
                                 const v1::ListRelatedActorsRequest* request,
                                 v1::ListRelatedActorsResponse* response) override;
  // Curation (actor.proto): validated here, done by one repository call each.
  grpc::Status UpdateActor(grpc::ServerContext* context, const v1::UpdateActorRequest* request,
                           v1::Actor* response) override;
  grpc::Status DeleteActor(grpc::ServerContext* context, const v1::DeleteActorRequest* request,
                           v1::Actor* response) override;
  grpc::Status MergeActors(grpc::ServerContext* context, const v1::MergeActorsRequest* request,
                           v1::Actor* response) override;
  grpc::Status SplitActor(grpc::ServerContext* context, const v1::SplitActorRequest* request,
                          v1::Actor* response) override;

 private:
  storage::Repository& repo_;
  const domain::PageTokenCodec& tokens_;
};

}  // namespace timeline::api
