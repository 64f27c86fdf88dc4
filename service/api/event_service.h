// EventService handlers: proto in, validation and query building in domain/, work in storage/,
// status out. Nothing else happens here.
//
// WatchEvents uses gRPC's callback API (api/watch_hub.h) so that a waiting watcher holds no
// thread; the other methods are synchronous, bounded by the server's thread quota.
#pragma once

#include "api/watch_hub.h"
#include "domain/page_token.h"
#include "storage/repository.h"
#include "timeline/v1/event.grpc.pb.h"

namespace timeline::api {

class EventService final
    : public v1::EventService::WithCallbackMethod_WatchEvents<v1::EventService::Service> {
 public:
  // Events read per query by ExportEvents.
  static constexpr int kExportBatchSize = 500;

  EventService(storage::Repository& repo, const domain::PageTokenCodec& tokens,
               WatchHubOptions watch_options = {})
      : repo_(repo), tokens_(tokens), watch_hub_(repo, watch_options) {}

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
  grpc::Status MergeEvents(grpc::ServerContext* context, const v1::MergeEventsRequest* request,
                           v1::Event* response) override;
  grpc::Status ExportEvents(grpc::ServerContext* context, const v1::ExportEventsRequest* request,
                            grpc::ServerWriter<v1::ExportEventsResponse>* writer) override;
  grpc::ServerWriteReactor<v1::WatchEventsResponse>* WatchEvents(
      grpc::CallbackServerContext* context, const v1::WatchEventsRequest* request) override;

  // WatchEvents streams being served.
  int active_watchers() const { return watch_hub_.active_streams(); }
  // Its WatchEvents streams and how far behind they are, for the metrics.
  WatchFeedStatus watch_status() const { return watch_hub_.feed_status(); }
  // Ends every WatchEvents stream with UNAVAILABLE, for a server that is shutting down.
  void EndWatches() { watch_hub_.EndAllStreams(ShuttingDownStatus()); }
  grpc::Status CountEvents(grpc::ServerContext* context, const v1::CountEventsRequest* request,
                           v1::CountEventsResponse* response) override;

 private:
  storage::Repository& repo_;
  const domain::PageTokenCodec& tokens_;
  WatchHub<EventFeed> watch_hub_;
};

}  // namespace timeline::api
