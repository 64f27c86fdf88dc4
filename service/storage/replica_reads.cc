#include "storage/replica_reads.h"

#include <algorithm>
#include <iostream>

#include "absl/time/clock.h"

namespace timeline::storage {
namespace {

PoolOptions ReadOnly(PoolOptions pool) {
  pool.read_only = true;
  pool.report_wal_position = false;
  return pool;
}

// Failures of the replica that the primary may well not have: it is down or restarting
// (UNAVAILABLE), or it cancelled the query to replay WAL (a recovery conflict, ABORTED).
bool ReplicaFailed(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsAborted(status);
}

// A read's context: it asks for no consistency token, which would cost the primary one more
// query after each read for a position the caller already holds.
CallContext ReadingOnly(const CallContext& ctx) {
  CallContext reading = ctx;
  reading.on_consistency_token = nullptr;
  return reading;
}

void RaiseTo(std::atomic<int64_t>& value, int64_t at_least) {
  int64_t current = value.load();
  while (current < at_least && !value.compare_exchange_weak(current, at_least)) {
  }
}

}  // namespace

ReplicaReadRepository::ReplicaReadRepository(PgRepository& primary, const std::string& primary_url,
                                             const std::string& replica_url, PoolOptions pool,
                                             ReplicaOptions options)
    : primary_(primary),
      replica_(replica_url, ReadOnly(pool)),
      monitor_(primary_url, replica_url, options.monitor),
      max_wait_(options.max_wait) {}

ReplicaReadCounts ReplicaReadRepository::read_counts() const {
  return {served_by_replica_.load(), served_by_primary_.load(), fallbacks_.load()};
}

absl::StatusOr<ReplicaReadRepository::Side> ReplicaReadRepository::ChooseSide(
    const CallContext& ctx) {
  std::optional<WalPosition> token;
  if (!ctx.consistency_token.empty()) {
    absl::StatusOr<WalPosition> position =
        ParseWalPosition(ctx.consistency_token, "timeline-consistency-token");
    if (!position.ok()) return position.status();
    token = *position;
  }
  if (!monitor_.Reachable()) return Side::kPrimary;
  if (!token) return Side::kReplica;
  const absl::Time until = std::min(ctx.deadline, absl::Now() + max_wait_);
  return monitor_.WaitForReplay(*token, until) ? Side::kReplica : Side::kPrimary;
}

ReplicaReadRepository::Side ReplicaReadRepository::ChooseFeedSide(const CallContext& ctx,
                                                                  int64_t after) {
  if (!monitor_.Reachable()) return Side::kPrimary;
  const int64_t needed = std::max(notified_.load(), after);
  if (replica_reached_.load() >= needed) return Side::kReplica;
  absl::StatusOr<int64_t> reached = replica_.ChangePosition(ReadingOnly(ctx), std::nullopt);
  if (!reached.ok()) return Side::kPrimary;
  RaiseTo(replica_reached_, *reached);
  return *reached >= needed ? Side::kReplica : Side::kPrimary;
}

template <typename Read>
auto ReplicaReadRepository::Route(const CallContext& ctx, absl::StatusOr<Side> side, Read&& read)
    -> decltype(read(std::declval<Repository&>(), ctx)) {
  if (!side.ok()) return side.status();
  const CallContext reading = ReadingOnly(ctx);
  if (*side == Side::kPrimary) {
    ++served_by_primary_;
    return read(primary_, reading);
  }
  auto result = read(replica_, reading);
  if (result.ok() || !ReplicaFailed(result.status())) {
    ++served_by_replica_;
    return result;
  }
  ++fallbacks_;
  return read(primary_, reading);
}

// --- Reads --------------------------------------------------------------------------------------

absl::StatusOr<v1::Event> ReplicaReadRepository::GetEvent(const CallContext& ctx,
                                                          absl::string_view id) {
  return Route(ctx, ChooseSide(ctx),
               [&](Repository& repo, const CallContext& read) { return repo.GetEvent(read, id); });
}

absl::StatusOr<Page<v1::Event>> ReplicaReadRepository::ListEvents(const CallContext& ctx,
                                                                  const domain::EventQuery& query) {
  return Route(ctx, ChooseSide(ctx), [&](Repository& repo, const CallContext& read) {
    return repo.ListEvents(read, query);
  });
}

absl::StatusOr<v1::CountEventsResponse> ReplicaReadRepository::CountEvents(
    const CallContext& ctx, const domain::CountQuery& query) {
  return Route(ctx, ChooseSide(ctx), [&](Repository& repo, const CallContext& read) {
    return repo.CountEvents(read, query);
  });
}

absl::StatusOr<v1::Actor> ReplicaReadRepository::GetActor(const CallContext& ctx,
                                                          absl::string_view id) {
  return Route(ctx, ChooseSide(ctx),
               [&](Repository& repo, const CallContext& read) { return repo.GetActor(read, id); });
}

absl::StatusOr<Page<v1::Actor>> ReplicaReadRepository::ListActors(const CallContext& ctx,
                                                                  const domain::NameQuery& query) {
  return Route(ctx, ChooseSide(ctx), [&](Repository& repo, const CallContext& read) {
    return repo.ListActors(read, query);
  });
}

absl::StatusOr<Page<v1::RelatedActor>> ReplicaReadRepository::ListRelatedActors(
    const CallContext& ctx, const domain::RelatedActorsQuery& query) {
  return Route(ctx, ChooseSide(ctx), [&](Repository& repo, const CallContext& read) {
    return repo.ListRelatedActors(read, query);
  });
}

absl::StatusOr<v1::Place> ReplicaReadRepository::GetPlace(const CallContext& ctx,
                                                          absl::string_view id) {
  return Route(ctx, ChooseSide(ctx),
               [&](Repository& repo, const CallContext& read) { return repo.GetPlace(read, id); });
}

absl::StatusOr<Page<v1::Place>> ReplicaReadRepository::ListPlaces(const CallContext& ctx,
                                                                  const domain::NameQuery& query) {
  return Route(ctx, ChooseSide(ctx), [&](Repository& repo, const CallContext& read) {
    return repo.ListPlaces(read, query);
  });
}

absl::StatusOr<v1::Source> ReplicaReadRepository::GetSource(const CallContext& ctx,
                                                            absl::string_view id) {
  return Route(ctx, ChooseSide(ctx),
               [&](Repository& repo, const CallContext& read) { return repo.GetSource(read, id); });
}

absl::StatusOr<Page<v1::Source>> ReplicaReadRepository::ListSources(
    const CallContext& ctx, const domain::NameQuery& query) {
  return Route(ctx, ChooseSide(ctx), [&](Repository& repo, const CallContext& read) {
    return repo.ListSources(read, query);
  });
}

// --- The change log -----------------------------------------------------------------------------

absl::StatusOr<ChangeBatch> ReplicaReadRepository::ReadChanges(
    const CallContext& ctx, const domain::EventSelection& selection, int64_t after, int limit) {
  return Route(ctx, ChooseFeedSide(ctx, after), [&](Repository& repo, const CallContext& read) {
    return repo.ReadChanges(read, selection, after, limit);
  });
}

absl::StatusOr<RegistryChangeBatch<v1::Actor>> ReplicaReadRepository::ReadActorChanges(
    const CallContext& ctx, const std::vector<std::string>& actor_ids, int64_t after, int limit) {
  return Route(ctx, ChooseFeedSide(ctx, after), [&](Repository& repo, const CallContext& read) {
    return repo.ReadActorChanges(read, actor_ids, after, limit);
  });
}

absl::StatusOr<RegistryChangeBatch<v1::Place>> ReplicaReadRepository::ReadPlaceChanges(
    const CallContext& ctx, const std::vector<std::string>& place_ids, int64_t after, int limit) {
  return Route(ctx, ChooseFeedSide(ctx, after), [&](Repository& repo, const CallContext& read) {
    return repo.ReadPlaceChanges(read, place_ids, after, limit);
  });
}

absl::StatusOr<int64_t> ReplicaReadRepository::ChangePosition(const CallContext& ctx,
                                                              std::optional<absl::Time> since) {
  return primary_.ChangePosition(ReadingOnly(ctx), since);
}

std::unique_ptr<ChangeSubscription> ReplicaReadRepository::ListenForChanges(
    std::function<void(int64_t position)> on_change) {
  return primary_.ListenForChanges([this, on_change = std::move(on_change)](int64_t position) {
    RaiseTo(notified_, position);
    on_change(position);
  });
}

// --- Writes -------------------------------------------------------------------------------------

absl::StatusOr<v1::Event> ReplicaReadRepository::CreateEvent(const CallContext& ctx,
                                                             absl::string_view id,
                                                             const domain::EventRecord& record,
                                                             absl::string_view request_id) {
  return primary_.CreateEvent(ctx, id, record, request_id);
}

absl::StatusOr<v1::Event> ReplicaReadRepository::UpdateEvent(const CallContext& ctx,
                                                             absl::string_view id,
                                                             absl::string_view expected_etag,
                                                             const EventMutation& mutation) {
  return primary_.UpdateEvent(ctx, id, expected_etag, mutation);
}

absl::StatusOr<v1::Event> ReplicaReadRepository::DeleteEvent(const CallContext& ctx,
                                                             absl::string_view id,
                                                             absl::string_view expected_etag) {
  return primary_.DeleteEvent(ctx, id, expected_etag);
}

absl::StatusOr<v1::Event> ReplicaReadRepository::MergeEvents(const CallContext& ctx,
                                                             absl::string_view id,
                                                             absl::string_view into,
                                                             absl::string_view expected_etag,
                                                             absl::string_view expected_into_etag) {
  return primary_.MergeEvents(ctx, id, into, expected_etag, expected_into_etag);
}

absl::StatusOr<v1::Actor> ReplicaReadRepository::CreateActor(const CallContext& ctx,
                                                             absl::string_view id,
                                                             const domain::ActorRecord& record,
                                                             absl::string_view request_id) {
  return primary_.CreateActor(ctx, id, record, request_id);
}

absl::StatusOr<v1::Actor> ReplicaReadRepository::UpdateActor(const CallContext& ctx,
                                                             absl::string_view id,
                                                             absl::string_view expected_etag,
                                                             const ActorMutation& mutation,
                                                             absl::string_view reason) {
  return primary_.UpdateActor(ctx, id, expected_etag, mutation, reason);
}

absl::StatusOr<v1::Actor> ReplicaReadRepository::DeleteActor(const CallContext& ctx,
                                                             absl::string_view id,
                                                             absl::string_view expected_etag,
                                                             absl::string_view reason) {
  return primary_.DeleteActor(ctx, id, expected_etag, reason);
}

absl::StatusOr<v1::Actor> ReplicaReadRepository::MergeActors(const CallContext& ctx,
                                                             absl::string_view id,
                                                             absl::string_view into,
                                                             absl::string_view expected_etag,
                                                             absl::string_view expected_into_etag,
                                                             absl::string_view reason) {
  return primary_.MergeActors(ctx, id, into, expected_etag, expected_into_etag, reason);
}

absl::StatusOr<v1::Actor> ReplicaReadRepository::SplitActor(const CallContext& ctx,
                                                            absl::string_view id,
                                                            absl::string_view reason) {
  return primary_.SplitActor(ctx, id, reason);
}

absl::StatusOr<v1::Place> ReplicaReadRepository::CreatePlace(const CallContext& ctx,
                                                             absl::string_view id,
                                                             const domain::PlaceRecord& record,
                                                             absl::string_view request_id) {
  return primary_.CreatePlace(ctx, id, record, request_id);
}

absl::StatusOr<v1::Place> ReplicaReadRepository::UpdatePlace(const CallContext& ctx,
                                                             absl::string_view id,
                                                             absl::string_view expected_etag,
                                                             const PlaceMutation& mutation,
                                                             absl::string_view reason) {
  return primary_.UpdatePlace(ctx, id, expected_etag, mutation, reason);
}

absl::StatusOr<v1::Place> ReplicaReadRepository::DeletePlace(const CallContext& ctx,
                                                             absl::string_view id,
                                                             absl::string_view expected_etag,
                                                             absl::string_view reason) {
  return primary_.DeletePlace(ctx, id, expected_etag, reason);
}

absl::StatusOr<v1::Place> ReplicaReadRepository::MergePlaces(const CallContext& ctx,
                                                             absl::string_view id,
                                                             absl::string_view into,
                                                             absl::string_view expected_etag,
                                                             absl::string_view expected_into_etag,
                                                             absl::string_view reason) {
  return primary_.MergePlaces(ctx, id, into, expected_etag, expected_into_etag, reason);
}

absl::StatusOr<v1::Place> ReplicaReadRepository::SplitPlace(const CallContext& ctx,
                                                            absl::string_view id,
                                                            absl::string_view reason) {
  return primary_.SplitPlace(ctx, id, reason);
}

absl::StatusOr<v1::Source> ReplicaReadRepository::CreateSource(const CallContext& ctx,
                                                               absl::string_view id,
                                                               const domain::SourceRecord& record,
                                                               absl::string_view request_id) {
  return primary_.CreateSource(ctx, id, record, request_id);
}

absl::StatusOr<v1::Source> ReplicaReadRepository::UpdateSource(const CallContext& ctx,
                                                               absl::string_view id,
                                                               absl::string_view expected_etag,
                                                               const SourceMutation& mutation,
                                                               absl::string_view reason) {
  return primary_.UpdateSource(ctx, id, expected_etag, mutation, reason);
}

absl::StatusOr<v1::Source> ReplicaReadRepository::DeleteSource(const CallContext& ctx,
                                                               absl::string_view id,
                                                               absl::string_view expected_etag,
                                                               absl::string_view reason) {
  return primary_.DeleteSource(ctx, id, expected_etag, reason);
}

absl::Status ReplicaReadRepository::RunIngest(
    const CallContext& ctx, const IngestOptions& options,
    const std::function<absl::Status(IngestTransaction&)>& work) {
  return primary_.RunIngest(ctx, options, work);
}

}  // namespace timeline::storage
