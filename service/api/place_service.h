// PlaceService handlers: validation in domain/, work in storage/, nothing else here.
// WatchPlaces uses gRPC's callback API (api/watch_hub.h) so that a waiting watcher holds no
// thread; the other methods are synchronous.
#pragma once

#include "api/watch_hub.h"
#include "domain/page_token.h"
#include "storage/repository.h"
#include "timeline/v1/place.grpc.pb.h"

namespace timeline::api {

class PlaceService final
    : public v1::PlaceService::WithCallbackMethod_WatchPlaces<v1::PlaceService::Service> {
 public:
  // Registry changes are rarer than event changes: one worker reads the log for all watchers.
  PlaceService(storage::Repository& repo, const domain::PageTokenCodec& tokens,
               WatchHubOptions watch_options = {.workers = 1})
      : repo_(repo), tokens_(tokens), watch_hub_(repo, watch_options) {}

  grpc::Status GetPlace(grpc::ServerContext* context, const v1::GetPlaceRequest* request,
                        v1::Place* response) override;
  grpc::Status ListPlaces(grpc::ServerContext* context, const v1::ListPlacesRequest* request,
                          v1::ListPlacesResponse* response) override;
  grpc::Status CreatePlace(grpc::ServerContext* context, const v1::CreatePlaceRequest* request,
                           v1::Place* response) override;
  grpc::Status UpdatePlace(grpc::ServerContext* context, const v1::UpdatePlaceRequest* request,
                           v1::Place* response) override;
  grpc::Status DeletePlace(grpc::ServerContext* context, const v1::DeletePlaceRequest* request,
                           v1::Place* response) override;
  grpc::Status MergePlaces(grpc::ServerContext* context, const v1::MergePlacesRequest* request,
                           v1::Place* response) override;
  grpc::Status SplitPlace(grpc::ServerContext* context, const v1::SplitPlaceRequest* request,
                          v1::Place* response) override;

  grpc::ServerWriteReactor<v1::WatchPlacesResponse>* WatchPlaces(
      grpc::CallbackServerContext* context, const v1::WatchPlacesRequest* request) override;
  // Its WatchPlaces streams and how far behind they are, for the metrics.
  WatchFeedStatus watch_status() const { return watch_hub_.feed_status(); }
  // Ends every WatchPlaces stream with UNAVAILABLE, for a server that is shutting down.
  void EndWatches() { watch_hub_.EndAllStreams(ShuttingDownStatus()); }

 private:
  storage::Repository& repo_;
  const domain::PageTokenCodec& tokens_;
  WatchHub<PlaceFeed> watch_hub_;
};

}  // namespace timeline::api
