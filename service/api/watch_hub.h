// Watch streams (WatchEvents, WatchActors, WatchPlaces): each is a gRPC callback reactor (no
// thread and no database connection of its own), fed by a WatchHub that owns a few worker
// threads and one change subscription. One hub serves one method; what differs between them (the
// query, the read of the log, the response) is the hub's Feed (api/watch_feeds.h).
//
// How a stream advances: it knows the log position after which it reads (its cursor). A worker
// reads the next positions of the log that match the stream's selection (Feed::Read, such as
// Repository::ReadChanges, on a pooled connection for the length of one query) and queues them; the
// reactor writes them one at a time as the client takes them. Only when its queue is empty does a
// stream read again, so a slow client holds at most one batch in memory and never a connection.
// When a stream has read up to the newest position it waits; the subscription's notification
// (LISTEN/NOTIFY) wakes every stream behind the new position. Streams with the same selection at
// the same position share one read.
//
// Cursors are positions, which become visible in commit order (migrations/0003_change_feed.sql),
// so a stream that resumes after its last cursor misses nothing and repeats nothing.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "api/watch_feeds.h"
#include "grpcpp/grpcpp.h"
#include "storage/repository.h"

namespace timeline::api {

struct WatchHubOptions {
  int workers = 2;       // threads that read the log for streams
  int batch_size = 256;  // log positions read per query
  absl::Duration query_timeout = absl::Seconds(30);
};

// A hub's streams at one moment, for the metrics.
struct WatchFeedStatus {
  int streams = 0;  // being served
  // How far the furthest-behind stream is from the newest change this server was told of
  // (LISTEN/NOTIFY since it started): log positions not yet read for it. A stream still finding
  // its starting point counts as not behind.
  int64_t lag_changes = 0;
};

// Instantiated for EventFeed, ActorFeed and PlaceFeed (watch_hub.cc).
template <typename Feed>
class WatchHub {
 public:
  using Query = typename Feed::Query;
  using Response = typename Feed::Response;

  WatchHub(storage::Repository& repo, WatchHubOptions options = {});
  ~WatchHub();  // stops the subscription and the workers; streams must have ended

  WatchHub(const WatchHub&) = delete;
  WatchHub& operator=(const WatchHub&) = delete;

  // A reactor serving one Watch call, for the handler to return.
  grpc::ServerWriteReactor<Response>* Start(Query query);

  // Streams being served now.
  int active_streams() const;
  WatchFeedStatus feed_status() const;

  // Ends every open stream, and any started from now on, with `status` (the server is going
  // away: UNAVAILABLE tells clients to reconnect, elsewhere, after their last cursor). Without
  // this a graceful shutdown would wait its whole grace period for streams that never end.
  void EndAllStreams(const grpc::Status& status);

 private:
  class Stream;
  friend class Stream;

  // Subscription callback: the log now reaches `position`.
  void OnNewPosition(int64_t position);
  // Queues `stream` for a worker (no-op if already queued).
  void Schedule(std::shared_ptr<Stream> stream);
  void Forget(const Stream* stream);
  void WorkerLoop();
  // Moves from ready_ into `group` the streams whose read would equal group[0]'s (same selection,
  // same cursor). Called under mu_.
  void TakeSameReads(std::vector<std::shared_ptr<Stream>>& group, int64_t cursor);
  // One read of the log for every stream of `group`.
  void ReadForGroup(const std::vector<std::shared_ptr<Stream>>& group, int64_t cursor);
  int64_t newest() const { return newest_.load(); }

  storage::Repository& repo_;
  const WatchHubOptions options_;
  std::atomic<int64_t> newest_{0};

  mutable std::mutex mu_;
  std::condition_variable work_ready_;
  std::deque<std::shared_ptr<Stream>> ready_;
  std::map<const Stream*, std::weak_ptr<Stream>> streams_;
  bool stopping_ = false;
  std::optional<grpc::Status> ending_;  // set by EndAllStreams
  std::vector<std::thread> workers_;
  std::unique_ptr<storage::ChangeSubscription> subscription_;
};

// Answers a Watch call that failed validation.
template <typename Response>
class FailedWatch final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit FailedWatch(grpc::Status status) { this->Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

// The status that ends every stream of a server that is shutting down.
inline grpc::Status ShuttingDownStatus() {
  return grpc::Status(
      grpc::StatusCode::UNAVAILABLE,
      "the server is shutting down: reconnect with the last cursor received to continue");
}

}  // namespace timeline::api
