#include "api/watch_hub.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "api/status_mapping.h"

namespace timeline::api {
// One Watch call. Owned by itself (self_) from Start to OnDone, and by a worker while it reads
// for the stream; every field below mu_ is guarded by it.
template <typename Feed>
class WatchHub<Feed>::Stream final : public grpc::ServerWriteReactor<typename Feed::Response> {
 public:
  using Batch = typename Feed::Batch;

  Stream(WatchHub& hub, Query query) : hub_(hub), query_(std::move(query)) {}

  void Begin(std::shared_ptr<Stream> self) {
    std::lock_guard lock(mu_);
    self_ = std::move(self);
  }

  // Claims the stream for a worker; false when it is already claimed or finished.
  bool Claim() {
    std::lock_guard lock(mu_);
    if (scheduled_ || finished_) return false;
    scheduled_ = true;
    return true;
  }

  // Worker side: finds the starting position if needed, then reads one batch of the log.
  void Work() {
    std::optional<int64_t> start;
    {
      std::lock_guard lock(mu_);
      if (started_) start = cursor_;
    }
    storage::CallContext ctx;
    ctx.deadline = absl::Now() + hub_.options_.query_timeout;
    ctx.cancelled = [this] { return cancelled_.load(); };
    if (!start) {
      absl::StatusOr<int64_t> position = StartingPosition(ctx);
      if (!position.ok()) return Fail(position.status());
      start = *position;
    }
    absl::StatusOr<Batch> batch =
        Feed::Read(hub_.repo_, ctx, query_, *start, hub_.options_.batch_size);
    if (!batch.ok()) return Fail(batch.status());
    Deliver(*start, *std::move(batch));
  }

  void OnWriteDone(bool ok) override {
    std::shared_ptr<Stream> again;
    {
      std::lock_guard lock(mu_);
      writing_ = false;
      if (finish_wanted_) return FinishLocked(*finish_wanted_);
      if (!ok) return FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "stream closed"));
      if (!pending_.empty()) return WriteNextLocked();
      if (WantsMoreLocked()) again = self_;
    }
    if (again) hub_.Schedule(std::move(again));
  }

  void OnCancel() override {
    cancelled_ = true;
    std::lock_guard lock(mu_);
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled"));
  }

  void OnDone() override {
    hub_.Forget(this);
    std::shared_ptr<Stream> last;
    std::lock_guard lock(mu_);
    last = std::move(self_);  // released after the lock: may destroy this
    cancelled_ = true;
  }

  // The cursor of a stream that has found its starting point; unset before.
  std::optional<int64_t> StartedCursor() {
    std::lock_guard lock(mu_);
    if (!started_) return std::nullopt;
    return cursor_;
  }
  const std::string& selection_key() const { return query_.selection_key; }
  const Query& query() const { return query_; }

  void Fail(const absl::Status& status) {
    std::lock_guard lock(mu_);
    scheduled_ = false;
    FinishLocked(ToGrpcStatus(status));
  }

  // Ends the stream with `status` after the write in flight, if any; a read under way stops.
  void End(const grpc::Status& status) {
    cancelled_ = true;
    std::lock_guard lock(mu_);
    FinishLocked(status);
  }

  // Queues what a read after `from` found and writes it out; reschedules if there is more.
  void Deliver(int64_t from, Batch batch) {
    std::shared_ptr<Stream> again;
    {
      std::lock_guard lock(mu_);
      scheduled_ = false;
      started_ = true;
      if (finished_ || finish_wanted_) return;
      cursor_ = batch.scanned_to;
      // A full scan may have stopped short of the end of the log.
      last_scan_full_ = batch.scanned_to - from >= hub_.options_.batch_size;
      for (auto& change : batch.changes) {
        pending_.push_back(Feed::ToResponse(std::move(change)));
      }
      if (!writing_ && !pending_.empty()) WriteNextLocked();
      if (!writing_ && WantsMoreLocked()) again = self_;
    }
    if (again) hub_.Schedule(std::move(again));
  }

  // Under the hub's lock only reads atomics and its own flags.
  bool NeedsWakeUp(int64_t newest) {
    std::lock_guard lock(mu_);
    return started_ && !scheduled_ && !finished_ && !writing_ && pending_.empty() &&
           cursor_ < newest;
  }

 private:
  absl::StatusOr<int64_t> StartingPosition(const storage::CallContext& ctx) {
    if (query_.after_position) return CheckedCursor(ctx, *query_.after_position);
    std::optional<absl::Time> since;
    if (query_.since) since = absl::FromUnixMicros(query_.since->time_since_epoch().count());
    return hub_.repo_.ChangePosition(ctx, since);
  }

  // A cursor the log has not reached was never handed out (positions only grow): following it
  // would silently skip the changes up to it once they are made.
  absl::StatusOr<int64_t> CheckedCursor(const storage::CallContext& ctx, int64_t after) {
    absl::StatusOr<int64_t> head = hub_.repo_.ChangePosition(ctx, std::nullopt);
    if (!head.ok()) return head.status();
    if (after > *head) {
      return absl::OutOfRangeError(
          absl::StrCat("cursor: ", after, " is beyond the last change (", *head,
                       "); send back a cursor the service returned, or start_time, or nothing"));
    }
    return after;
  }

  bool WantsMoreLocked() const {
    return !finished_ && (last_scan_full_ || cursor_ < hub_.newest());
  }

  void WriteNextLocked() {
    in_flight_ = std::move(pending_.front());
    pending_.pop_front();
    writing_ = true;
    this->StartWrite(&in_flight_);
  }

  // Finish must wait for a write in flight; OnWriteDone then finishes.
  void FinishLocked(grpc::Status status) {
    if (finished_) return;
    pending_.clear();
    if (writing_) {
      if (!finish_wanted_) finish_wanted_ = std::move(status);
      return;
    }
    finished_ = true;
    this->Finish(std::move(status));
  }

  WatchHub& hub_;
  const Query query_;
  std::atomic<bool> cancelled_{false};

  std::mutex mu_;
  std::shared_ptr<Stream> self_;
  bool started_ = false;  // cursor_ holds the starting position or later
  int64_t cursor_ = 0;    // every change up to here has been read
  bool last_scan_full_ = false;
  bool scheduled_ = false;  // claimed by the ready queue or a worker
  bool writing_ = false;
  bool finished_ = false;
  std::optional<grpc::Status> finish_wanted_;
  std::deque<Response> pending_;
  Response in_flight_;
};

template <typename Feed>
WatchHub<Feed>::WatchHub(storage::Repository& repo, WatchHubOptions options)
    : repo_(repo), options_(options) {
  for (int i = 0; i < options_.workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  subscription_ = repo_.ListenForChanges([this](int64_t position) { OnNewPosition(position); });
}

template <typename Feed>
WatchHub<Feed>::~WatchHub() {
  subscription_.reset();  // no more callbacks
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& t : workers_) t.join();
}

template <typename Feed>
grpc::ServerWriteReactor<typename Feed::Response>* WatchHub<Feed>::Start(Query query) {
  auto stream = std::make_shared<Stream>(*this, std::move(query));
  stream->Begin(stream);
  std::optional<grpc::Status> ending;
  {
    std::lock_guard lock(mu_);
    streams_[stream.get()] = stream;
    ending = ending_;
  }
  Stream* reactor = stream.get();
  if (ending) {
    stream->End(*ending);
    return reactor;
  }
  Schedule(std::move(stream));
  return reactor;
}

template <typename Feed>
void WatchHub<Feed>::EndAllStreams(const grpc::Status& status) {
  std::vector<std::shared_ptr<Stream>> open;
  {
    std::lock_guard lock(mu_);
    ending_ = status;
    for (auto& [raw, weak] : streams_) {
      if (std::shared_ptr<Stream> stream = weak.lock()) open.push_back(std::move(stream));
    }
  }
  for (auto& stream : open) stream->End(status);
}

template <typename Feed>
int WatchHub<Feed>::active_streams() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(streams_.size());
}

template <typename Feed>
WatchFeedStatus WatchHub<Feed>::feed_status() const {
  WatchFeedStatus status;
  const int64_t newest_known = newest();
  std::lock_guard lock(mu_);
  status.streams = static_cast<int>(streams_.size());
  for (const auto& [raw, weak] : streams_) {
    std::shared_ptr<Stream> stream = weak.lock();
    if (stream == nullptr) continue;
    if (std::optional<int64_t> cursor = stream->StartedCursor()) {
      status.lag_changes = std::max(status.lag_changes, newest_known - *cursor);
    }
  }
  return status;
}

template <typename Feed>
void WatchHub<Feed>::OnNewPosition(int64_t position) {
  int64_t seen = newest_.load();
  while (position > seen && !newest_.compare_exchange_weak(seen, position)) {
  }
  std::vector<std::shared_ptr<Stream>> behind;
  {
    std::lock_guard lock(mu_);
    for (auto& [raw, weak] : streams_) {
      if (std::shared_ptr<Stream> s = weak.lock(); s && s->NeedsWakeUp(position)) {
        behind.push_back(std::move(s));
      }
    }
  }
  for (auto& s : behind) Schedule(std::move(s));
}

template <typename Feed>
void WatchHub<Feed>::Schedule(std::shared_ptr<Stream> stream) {
  if (!stream->Claim()) return;
  {
    std::lock_guard lock(mu_);
    ready_.push_back(std::move(stream));
  }
  work_ready_.notify_one();
}

template <typename Feed>
void WatchHub<Feed>::Forget(const Stream* stream) {
  std::lock_guard lock(mu_);
  streams_.erase(stream);
}

template <typename Feed>
void WatchHub<Feed>::WorkerLoop() {
  while (true) {
    std::vector<std::shared_ptr<Stream>> group;
    int64_t cursor = 0;
    {
      std::unique_lock lock(mu_);
      work_ready_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
      if (stopping_) return;
      group.push_back(std::move(ready_.front()));
      ready_.pop_front();
      std::optional<int64_t> started = group[0]->StartedCursor();
      if (started) {
        cursor = *started;
        TakeSameReads(group, cursor);
      }
    }
    if (group.size() == 1) {
      group[0]->Work();
    } else {
      ReadForGroup(group, cursor);
    }
  }
}

// Streams that would run the very same query — same selection, same cursor — share one read:
// a thousand dashboards following one selection cost the database one query per change, not a
// thousand.
template <typename Feed>
void WatchHub<Feed>::TakeSameReads(std::vector<std::shared_ptr<Stream>>& group, int64_t cursor) {
  const std::string& key = group[0]->selection_key();
  for (auto it = ready_.begin(); it != ready_.end();) {
    if ((*it)->selection_key() == key && (*it)->StartedCursor() == cursor) {
      group.push_back(std::move(*it));
      it = ready_.erase(it);
    } else {
      ++it;
    }
  }
}

template <typename Feed>
void WatchHub<Feed>::ReadForGroup(const std::vector<std::shared_ptr<Stream>>& group,
                                  int64_t cursor) {
  storage::CallContext ctx;  // not cancelled by one member going away
  ctx.deadline = absl::Now() + options_.query_timeout;
  absl::StatusOr<typename Feed::Batch> batch =
      Feed::Read(repo_, ctx, group[0]->query(), cursor, options_.batch_size);
  for (const auto& stream : group) {
    if (batch.ok()) {
      stream->Deliver(cursor, *batch);
    } else {
      stream->Fail(batch.status());
    }
  }
}

template class WatchHub<EventFeed>;
template class WatchHub<ActorFeed>;
template class WatchHub<PlaceFeed>;

}  // namespace timeline::api
