// EventService handlers: proto in, validation and query building in domain/, work in storage/,
// status out. Nothing else happens here.
#pragma once

#include "domain/page_token.h"
#include "storage/repository.h"
#include "timeline/v1/event.grpc.pb.h"

namespace timeline::api {

class EventService final : public v1::EventService::Service {
 public:
  EventService(storage::Repository& repo, const domain::PageTokenCodec& tokens)
      : repo_(repo), tokens_(tokens) {}

  grpc::Status GetEvent(grpc::ServerContext* context, const v1::GetEventRequest* request,
                        v1::Event* response) override;
  grpc::Status ListEvents(grpc::ServerContext* context, const v1::ListEventsRequest* request,
                          v1::ListEventsResponse* response) override;
  grpc::Status CreateEvent(grpc::ServerContext* context, const v1::CreateEventRequest* request,
                           v1::Event* response) override;
  grpc::Status UpdateEvent(grpc::ServerContext* context, const v1::UpdateEventRequest* request,
                           v1::Event* response) override;
  grpc::Status DeleteEvent(grpc::ServerContext* context, const v1::DeleteEventRequest* request,
                           v1::Event* response) override;
  grpc::Status CountEvents(grpc::ServerContext* context, const v1::CountEventsRequest* request,
                           v1::CountEventsResponse* response) override;

 private:
  storage::Repository& repo_;
  const domain::PageTokenCodec& tokens_;
};

}  // namespace timeline::api
