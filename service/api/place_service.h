// PlaceService handlers: validation in domain/, work in storage/, nothing else here.
#pragma once

#include "domain/page_token.h"
#include "storage/repository.h"
#include "timeline/v1/place.grpc.pb.h"

namespace timeline::api {

class PlaceService final : public v1::PlaceService::Service {
 public:
  PlaceService(storage::Repository& repo, const domain::PageTokenCodec& tokens)
      : repo_(repo), tokens_(tokens) {}

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

 private:
  storage::Repository& repo_;
  const domain::PageTokenCodec& tokens_;
};

}  // namespace timeline::api
