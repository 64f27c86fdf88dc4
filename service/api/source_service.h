// SourceService handlers: validation in domain/, work in storage/, nothing else here.
#pragma once

#include "domain/page_token.h"
#include "storage/repository.h"
#include "timeline/v1/source.grpc.pb.h"

namespace timeline::api {

class SourceService final : public v1::SourceService::Service {
 public:
  SourceService(storage::Repository& repo, const domain::PageTokenCodec& tokens)
      : repo_(repo), tokens_(tokens) {}

  grpc::Status GetSource(grpc::ServerContext* context, const v1::GetSourceRequest* request,
                         v1::Source* response) override;
  grpc::Status ListSources(grpc::ServerContext* context, const v1::ListSourcesRequest* request,
                           v1::ListSourcesResponse* response) override;
  grpc::Status CreateSource(grpc::ServerContext* context, const v1::CreateSourceRequest* request,
                            v1::Source* response) override;
  grpc::Status UpdateSource(grpc::ServerContext* context, const v1::UpdateSourceRequest* request,
                            v1::Source* response) override;
  grpc::Status DeleteSource(grpc::ServerContext* context, const v1::DeleteSourceRequest* request,
                            v1::Source* response) override;

 private:
  storage::Repository& repo_;
  const domain::PageTokenCodec& tokens_;
};

}  // namespace timeline::api
