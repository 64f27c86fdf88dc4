// Reads from a read replica, with read-your-writes (docs/replicas.md).
//
// A Repository in front of two: every write, LISTEN and health check goes to the primary; the
// reads (Get*, List*, Count*, ListRelated*, the change log behind Watch*) go to the replica,
// whose pool runs READ ONLY transactions. Which one serves a read:
//   - a read that brings a consistency token (CallContext::consistency_token, the primary's WAL
//     position after a write's COMMIT) waits, at most `max_wait` and never past its deadline,
//     for the replica to replay that far, and else reads the primary;
//   - a read without one reads the replica as it is: it may miss the newest writes (the lag,
//     ReplicaMonitor);
//   - a read of the change log reads the replica only when it holds every position the
//     primary's notifications announced so far, so a watcher never waits on a lagging replica;
//   - when the replica does not answer, or fails a read (it is down, or cancelled the query in a
//     recovery conflict), the read goes to the primary.
// The primary's pool must hand out tokens: PoolOptions::report_wal_position.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "storage/pg_repository.h"
#include "storage/replica_monitor.h"
#include "storage/repository.h"

namespace timeline::storage {

struct ReplicaOptions {
  // The longest a read with a consistency token waits for the replica before it reads the
  // primary instead.
  absl::Duration max_wait = absl::Milliseconds(500);
  ReplicaMonitorOptions monitor;
};

// How many reads each side served (for tests and metrics).
struct ReplicaReadCounts {
  int64_t replica = 0;
  int64_t primary = 0;    // sent there: a token the replica had not reached, or no replica
  int64_t fallbacks = 0;  // tried on the replica, which failed, then served by the primary
};

class ReplicaReadRepository final : public Repository {
 public:
  // `primary` serves writes and must outlive this; the replica's pool is made like `pool` but
  // read-only.
  ReplicaReadRepository(PgRepository& primary, const std::string& primary_url,
                        const std::string& replica_url, PoolOptions pool,
                        ReplicaOptions options = {});

  // The replica lag gauge: how far the replica is behind, as last checked.
  ReplicaLag replica_lag() const { return monitor_.Lag(); }
  ReplicaReadCounts read_counts() const;
  // Whether the replica was seen answering (tests wait for the first check).
  const ReplicaMonitor& monitor() const { return monitor_; }

  // --- Reads ---
  absl::StatusOr<v1::Event> GetEvent(const CallContext& ctx, absl::string_view id) override;
  absl::StatusOr<Page<v1::Event>> ListEvents(const CallContext& ctx,
                                             const domain::EventQuery& query) override;
  absl::StatusOr<v1::CountEventsResponse> CountEvents(const CallContext& ctx,
                                                      const domain::CountQuery& query) override;
  absl::StatusOr<v1::Actor> GetActor(const CallContext& ctx, absl::string_view id) override;
  absl::StatusOr<Page<v1::Actor>> ListActors(const CallContext& ctx,
                                             const domain::NameQuery& query) override;
  absl::StatusOr<Page<v1::RelatedActor>> ListRelatedActors(
      const CallContext& ctx, const domain::RelatedActorsQuery& query) override;
  absl::StatusOr<v1::Place> GetPlace(const CallContext& ctx, absl::string_view id) override;
  absl::StatusOr<Page<v1::Place>> ListPlaces(const CallContext& ctx,
                                             const domain::NameQuery& query) override;
  absl::StatusOr<v1::Source> GetSource(const CallContext& ctx, absl::string_view id) override;
  absl::StatusOr<Page<v1::Source>> ListSources(const CallContext& ctx,
                                               const domain::NameQuery& query) override;

  // --- The change log ---
  absl::StatusOr<ChangeBatch> ReadChanges(const CallContext& ctx,
                                          const domain::EventSelection& selection, int64_t after,
                                          int limit) override;
  absl::StatusOr<RegistryChangeBatch<v1::Actor>> ReadActorChanges(
      const CallContext& ctx, const std::vector<std::string>& actor_ids, int64_t after,
      int limit) override;
  absl::StatusOr<RegistryChangeBatch<v1::Place>> ReadPlaceChanges(
      const CallContext& ctx, const std::vector<std::string>& place_ids, int64_t after,
      int limit) override;
  // The primary's: a watcher starting "now" starts at the primary's now.
  absl::StatusOr<int64_t> ChangePosition(const CallContext& ctx,
                                         std::optional<absl::Time> since) override;
  // On the primary (a standby cannot LISTEN); remembers how far notifications reached.
  std::unique_ptr<ChangeSubscription> ListenForChanges(
      std::function<void(int64_t position)> on_change) override;

  // --- Writes, all on the primary ---
  absl::StatusOr<v1::Event> CreateEvent(const CallContext& ctx, absl::string_view id,
                                        const domain::EventRecord& record,
                                        absl::string_view request_id) override;
  absl::StatusOr<v1::Event> UpdateEvent(const CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        const EventMutation& mutation) override;
  absl::StatusOr<v1::Event> DeleteEvent(const CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag) override;
  absl::StatusOr<v1::Event> MergeEvents(const CallContext& ctx, absl::string_view id,
                                        absl::string_view into, absl::string_view expected_etag,
                                        absl::string_view expected_into_etag) override;
  absl::StatusOr<v1::Actor> CreateActor(const CallContext& ctx, absl::string_view id,
                                        const domain::ActorRecord& record,
                                        absl::string_view request_id) override;
  absl::StatusOr<v1::Actor> UpdateActor(const CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        const ActorMutation& mutation,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Actor> DeleteActor(const CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Actor> MergeActors(const CallContext& ctx, absl::string_view id,
                                        absl::string_view into, absl::string_view expected_etag,
                                        absl::string_view expected_into_etag,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Actor> SplitActor(const CallContext& ctx, absl::string_view id,
                                       absl::string_view reason) override;
  absl::StatusOr<v1::Place> CreatePlace(const CallContext& ctx, absl::string_view id,
                                        const domain::PlaceRecord& record,
                                        absl::string_view request_id) override;
  absl::StatusOr<v1::Place> UpdatePlace(const CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        const PlaceMutation& mutation,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Place> DeletePlace(const CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Place> MergePlaces(const CallContext& ctx, absl::string_view id,
                                        absl::string_view into, absl::string_view expected_etag,
                                        absl::string_view expected_into_etag,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Place> SplitPlace(const CallContext& ctx, absl::string_view id,
                                       absl::string_view reason) override;
  absl::StatusOr<v1::Source> CreateSource(const CallContext& ctx, absl::string_view id,
                                          const domain::SourceRecord& record,
                                          absl::string_view request_id) override;
  absl::StatusOr<v1::Source> UpdateSource(const CallContext& ctx, absl::string_view id,
                                          absl::string_view expected_etag,
                                          const SourceMutation& mutation,
                                          absl::string_view reason) override;
  absl::StatusOr<v1::Source> DeleteSource(const CallContext& ctx, absl::string_view id,
                                          absl::string_view expected_etag,
                                          absl::string_view reason) override;
  absl::Status RunIngest(const CallContext& ctx, const IngestOptions& options,
                         const std::function<absl::Status(IngestTransaction&)>& work) override;

  absl::Status Ping(const CallContext& ctx) override { return primary_.Ping(ctx); }
  absl::Status DatabaseHealth() override { return primary_.DatabaseHealth(); }

 private:
  enum class Side { kReplica, kPrimary };

  // Where a read goes (see the top of this file); INVALID_ARGUMENT for a malformed token.
  absl::StatusOr<Side> ChooseSide(const CallContext& ctx);
  // Where a read of the change log after `after` goes.
  Side ChooseFeedSide(const CallContext& ctx, int64_t after);
  // Runs `read(repository, context)` on the side chosen, falling back to the primary when the
  // replica fails; the context is `ctx` without its token callback (reads hand out no token).
  template <typename Read>
  auto Route(const CallContext& ctx, absl::StatusOr<Side> side, Read&& read)
      -> decltype(read(std::declval<Repository&>(), ctx));

  PgRepository& primary_;
  PgRepository replica_;
  ReplicaMonitor monitor_;
  const absl::Duration max_wait_;
  std::atomic<int64_t> notified_{0};         // the newest position notifications announced
  std::atomic<int64_t> replica_reached_{0};  // a position the replica was seen to hold
  std::atomic<int64_t> served_by_replica_{0};
  std::atomic<int64_t> served_by_primary_{0};
  std::atomic<int64_t> fallbacks_{0};
};

}  // namespace timeline::storage
