// The PostgreSQL implementation of Repository (libpqxx 6.4).
//
// Each call leases a connection from the pool until its deadline, runs one transaction with
// statement_timeout set from that deadline, and maps database errors to absl::Status in one
// place (ToStatus in pg_repository.cc). Fixed SQL lives in storage/sql.h as named constants and
// is prepared once per connection; the ListEvents query is assembled from fixed fragments with
// every value bound as a parameter.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/string_view.h"
#include "storage/cancel_watcher.h"
#include "storage/connection_pool.h"
#include "storage/health_probe.h"
#include "storage/pg_name_resolver.h"
#include "storage/repository.h"
#include "storage/statement_cache.h"

namespace timeline::storage {

class PgRepository final : public Repository {
 public:
  PgRepository(std::string database_url, PoolOptions pool);
  PgRepository(std::string database_url, int pool_size)
      : PgRepository(std::move(database_url), PoolOptions{.size = pool_size}) {}

  absl::StatusOr<v1::Event> GetEvent(const CallContext& ctx, absl::string_view id) override;
  absl::StatusOr<Page<v1::Event>> ListEvents(const CallContext& ctx,
                                             const domain::EventQuery& query) override;
  absl::StatusOr<v1::Event> CreateEvent(const CallContext& ctx, absl::string_view id,
                                        const domain::EventRecord& record,
                                        absl::string_view request_id) override;
  absl::StatusOr<v1::Event> UpdateEvent(const CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        const EventMutation& mutation) override;
  absl::StatusOr<v1::Event> DeleteEvent(const CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag) override;
  // Implemented in pg_event_stats.cc.
  absl::StatusOr<v1::CountEventsResponse> CountEvents(const CallContext& ctx,
                                                      const domain::CountQuery& query) override;

  absl::StatusOr<v1::Actor> GetActor(const CallContext& ctx, absl::string_view id) override;
  absl::StatusOr<Page<v1::Actor>> ListActors(const CallContext& ctx,
                                             const domain::NameQuery& query) override;
  absl::StatusOr<v1::Actor> CreateActor(const CallContext& ctx, absl::string_view id,
                                        const domain::ActorRecord& record,
                                        absl::string_view request_id) override;
  // Implemented in pg_event_stats.cc.
  absl::StatusOr<Page<v1::RelatedActor>> ListRelatedActors(
      const CallContext& ctx, const domain::RelatedActorsQuery& query) override;
  // Implemented in pg_actor_curation.cc.
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

  absl::StatusOr<v1::Place> GetPlace(const CallContext& ctx, absl::string_view id) override;
  absl::StatusOr<Page<v1::Place>> ListPlaces(const CallContext& ctx,
                                             const domain::NameQuery& query) override;
  absl::StatusOr<v1::Place> CreatePlace(const CallContext& ctx, absl::string_view id,
                                        const domain::PlaceRecord& record,
                                        absl::string_view request_id) override;
  // Implemented in pg_place_curation.cc.
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

  absl::StatusOr<v1::Source> GetSource(const CallContext& ctx, absl::string_view id) override;
  absl::StatusOr<Page<v1::Source>> ListSources(const CallContext& ctx,
                                               const domain::NameQuery& query) override;
  absl::StatusOr<v1::Source> CreateSource(const CallContext& ctx, absl::string_view id,
                                          const domain::SourceRecord& record,
                                          absl::string_view request_id) override;
  // Implemented in pg_source_curation.cc.
  absl::StatusOr<v1::Source> UpdateSource(const CallContext& ctx, absl::string_view id,
                                          absl::string_view expected_etag,
                                          const SourceMutation& mutation,
                                          absl::string_view reason) override;
  absl::StatusOr<v1::Source> DeleteSource(const CallContext& ctx, absl::string_view id,
                                          absl::string_view expected_etag,
                                          absl::string_view reason) override;

  // Implemented in pg_ingest_transaction.cc.
  absl::Status RunIngest(const CallContext& ctx, const IngestOptions& options,
                         const std::function<absl::Status(IngestTransaction&)>& work) override;

  absl::StatusOr<v1::Event> MergeEvents(const CallContext& ctx, absl::string_view id,
                                        absl::string_view into, absl::string_view expected_etag,
                                        absl::string_view expected_into_etag) override;

  // Implemented in pg_change_feed.cc.
  absl::StatusOr<ChangeBatch> ReadChanges(const CallContext& ctx,
                                          const domain::EventSelection& selection, int64_t after,
                                          int limit) override;
  absl::StatusOr<int64_t> ChangePosition(const CallContext& ctx,
                                         std::optional<absl::Time> since) override;
  // Implemented in pg_registry_feed.cc.
  absl::StatusOr<RegistryChangeBatch<v1::Actor>> ReadActorChanges(
      const CallContext& ctx, const std::vector<std::string>& actor_ids, int64_t after,
      int limit) override;
  absl::StatusOr<RegistryChangeBatch<v1::Place>> ReadPlaceChanges(
      const CallContext& ctx, const std::vector<std::string>& place_ids, int64_t after,
      int limit) override;
  std::unique_ptr<ChangeSubscription> ListenForChanges(
      std::function<void(int64_t position)> on_change) override;

  absl::Status Ping(const CallContext& ctx) override;
  // From a HealthProbe on a connection of its own, started at the first call.
  absl::Status DatabaseHealth() override;

  // The pool's admission queue, for tests and benches.
  const AdmissionQueue& admission() const { return pool_.admission(); }
  // The pool's connections and queue now, for the metrics.
  PoolStats pool_stats() const { return pool_.stats(); }

 private:
  // Before a stream's transaction: until the stream it comes after (options.after_request_id)
  // has begun or committed (true), or kEarlierStreamNotSeenLimit has passed (false;
  // pg_stream_order.h).
  absl::StatusOr<bool> AwaitEarlierStreamBegun(const CallContext& ctx,
                                               const IngestOptions& options);
  // One attempt of RunIngest (pg_ingest_transaction.cc). `earlier_ended` is set when the attempt
  // was given up because the stream it comes after ended without committing.
  absl::Status RunIngestOnce(const CallContext& ctx, const IngestOptions& options,
                             bool& earlier_ended,
                             const std::function<absl::Status(IngestTransaction&)>& work);

  // Before pool_: its connections tell it when they open.
  StatementCache statements_;
  ConnectionPool pool_;
  CancelWatcher cancel_watcher_;
  // Names resolved by committed ingest batches (pg_name_resolver.h).
  std::unique_ptr<pg::NameCache> names_;
  const std::string database_url_;
  std::once_flag probe_started_;
  std::unique_ptr<HealthProbe> probe_;
};

}  // namespace timeline::storage
