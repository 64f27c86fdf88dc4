// ActorService handlers: validation in domain/, work in storage/, nothing else here.
// WatchActors uses gRPC's callback API (api/watch_hub.h) so that a waiting watcher holds no
// thread; the other methods are synchronous.
#pragma once

#include "api/watch_hub.h"
#include "domain/page_token.h"
#include "storage/repository.h"
#include "timeline/v1/actor.grpc.pb.h"

namespace timeline::api {

class ActorService final
    : public v1::ActorService::WithCallbackMethod_WatchActors<v1::ActorService::Service> {
 public:
  // Registry changes are rarer than event changes: one worker reads the log for all watchers.
  ActorService(storage::Repository& repo, const domain::PageTokenCodec& tokens,
               WatchHubOptions watch_options = {.workers = 1})
      : repo_(repo), tokens_(tokens), watch_hub_(repo, watch_options) {}

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

  grpc::ServerWriteReactor<v1::WatchActorsResponse>* WatchActors(
      grpc::CallbackServerContext* context, const v1::WatchActorsRequest* request) override;
  // Its WatchActors streams and how far behind they are, for the metrics.
  WatchFeedStatus watch_status() const { return watch_hub_.feed_status(); }
  // Ends every WatchActors stream with UNAVAILABLE, for a server that is shutting down.
  void EndWatches() { watch_hub_.EndAllStreams(ShuttingDownStatus()); }

 private:
  storage::Repository& repo_;
  const domain::PageTokenCodec& tokens_;
  WatchHub<ActorFeed> watch_hub_;
};

}  // namespace timeline::api
