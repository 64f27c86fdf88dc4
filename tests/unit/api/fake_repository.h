// A storage::Repository for the handler unit tests: it answers from resources held in memory,
// records what each call asked for, and answers a chosen error when told to. With it a test sees
// exactly what a handler passed down (or that it passed nothing at all) and how the handler
// answers each error the interface documents. The real PgRepository runs in the integration
// tests.
//
// Every override of storage/repository.h is in this one class, so that a method added to the
// interface needs one addition here.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "storage/repository.h"

namespace timeline::testing {

// One error of each code storage/repository.h says a call may answer: NOT_FOUND, INVALID_ARGUMENT,
// ALREADY_EXISTS, ABORTED, FAILED_PRECONDITION, DEADLINE_EXCEEDED, UNAVAILABLE, INTERNAL, and
// CANCELLED (the caller went away).
std::vector<absl::Status> RepositoryErrors();

class FakeRepository final : public storage::Repository {
 public:
  // What one call asked for.
  struct Call {
    std::string method;      // "GetEvent", "ListActors", ...
    std::string id;          // the resource id the call names ("" for listings)
    std::string request_id;  // the Create* calls' request_id
    absl::Time deadline;
  };

  // Resources the calls answer from, by resource id; their names must be set.
  void Hold(v1::Event event);
  void Hold(v1::Actor actor);
  void Hold(v1::Place place);
  void Hold(v1::Source source);

  // From now on every call answers `status` once recorded; absl::OkStatus() to answer from the
  // held resources again.
  void FailWith(absl::Status status) { failure_ = std::move(status); }

  const std::vector<Call>& calls() const { return calls_; }
  // The calls to `method`.
  std::vector<Call> CallsTo(const std::string& method) const;
  // The query of the last call of each kind of listing (unset before the first).
  const std::optional<domain::EventQuery>& last_event_query() const { return event_query_; }
  const std::optional<domain::NameQuery>& last_name_query() const { return name_query_; }
  const std::optional<domain::CountQuery>& last_count_query() const { return count_query_; }
  const std::optional<domain::RelatedActorsQuery>& last_related_actors_query() const {
    return related_actors_query_;
  }
  // How many change subscriptions were taken (EventService's watch hub takes one when made).
  int subscriptions() const { return subscriptions_; }

  // --- storage::Repository ---
  // Get* answer a held resource or NOT_FOUND. List* page through every held resource of the
  // kind in id order whatever the query selects, resuming at the cursor's offset. Create* hold
  // what they create (ALREADY_EXISTS for a held id; a repeated request_id answers the first
  // result). UpdateEvent and DeleteEvent check a non-empty etag (ABORTED when stale).

  absl::StatusOr<v1::Event> GetEvent(const storage::CallContext& ctx,
                                     absl::string_view id) override;
  absl::StatusOr<storage::Page<v1::Event>> ListEvents(const storage::CallContext& ctx,
                                                      const domain::EventQuery& query) override;
  absl::StatusOr<v1::Event> CreateEvent(const storage::CallContext& ctx, absl::string_view id,
                                        const domain::EventRecord& record,
                                        absl::string_view request_id) override;
  absl::StatusOr<v1::Event> UpdateEvent(const storage::CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        const storage::EventMutation& mutation) override;
  absl::StatusOr<v1::Event> DeleteEvent(const storage::CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag) override;
  absl::StatusOr<v1::Event> MergeEvents(const storage::CallContext& ctx, absl::string_view id,
                                        absl::string_view into, absl::string_view expected_etag,
                                        absl::string_view expected_into_etag) override;
  // The log is empty: nothing after any position, and position 0.
  absl::StatusOr<storage::ChangeBatch> ReadChanges(const storage::CallContext& ctx,
                                                   const domain::EventSelection& selection,
                                                   int64_t after, int limit) override;
  absl::StatusOr<storage::RegistryChangeBatch<v1::Actor>> ReadActorChanges(
      const storage::CallContext& ctx, const std::vector<std::string>& actor_ids, int64_t after,
      int limit) override;
  absl::StatusOr<storage::RegistryChangeBatch<v1::Place>> ReadPlaceChanges(
      const storage::CallContext& ctx, const std::vector<std::string>& place_ids, int64_t after,
      int limit) override;
  absl::StatusOr<int64_t> ChangePosition(const storage::CallContext& ctx,
                                         std::optional<absl::Time> since) override;
  std::unique_ptr<storage::ChangeSubscription> ListenForChanges(
      std::function<void(int64_t position)> on_change) override;
  // Counts every held event as undated.
  absl::StatusOr<v1::CountEventsResponse> CountEvents(const storage::CallContext& ctx,
                                                      const domain::CountQuery& query) override;

  absl::StatusOr<v1::Actor> GetActor(const storage::CallContext& ctx,
                                     absl::string_view id) override;
  absl::StatusOr<storage::Page<v1::Actor>> ListActors(const storage::CallContext& ctx,
                                                      const domain::NameQuery& query) override;
  absl::StatusOr<v1::Actor> CreateActor(const storage::CallContext& ctx, absl::string_view id,
                                        const domain::ActorRecord& record,
                                        absl::string_view request_id) override;
  // Every held actor but the one asked about, each sharing one event.
  absl::StatusOr<storage::Page<v1::RelatedActor>> ListRelatedActors(
      const storage::CallContext& ctx, const domain::RelatedActorsQuery& query) override;
  // The curating calls are recorded and answer the held actor as it is.
  absl::StatusOr<v1::Actor> UpdateActor(const storage::CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        const ActorMutation& mutation,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Actor> DeleteActor(const storage::CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Actor> MergeActors(const storage::CallContext& ctx, absl::string_view id,
                                        absl::string_view into, absl::string_view expected_etag,
                                        absl::string_view expected_into_etag,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Actor> SplitActor(const storage::CallContext& ctx, absl::string_view id,
                                       absl::string_view reason) override;

  absl::StatusOr<v1::Place> GetPlace(const storage::CallContext& ctx,
                                     absl::string_view id) override;
  absl::StatusOr<storage::Page<v1::Place>> ListPlaces(const storage::CallContext& ctx,
                                                      const domain::NameQuery& query) override;
  absl::StatusOr<v1::Place> CreatePlace(const storage::CallContext& ctx, absl::string_view id,
                                        const domain::PlaceRecord& record,
                                        absl::string_view request_id) override;
  // Place curation: UpdatePlace applies the mutation's display name, country and parent;
  // DeletePlace marks the place deleted; MergePlaces answers `into`, SplitPlace the place.
  absl::StatusOr<v1::Place> UpdatePlace(const storage::CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        const PlaceMutation& mutation,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Place> DeletePlace(const storage::CallContext& ctx, absl::string_view id,
                                        absl::string_view expected_etag,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Place> MergePlaces(const storage::CallContext& ctx, absl::string_view id,
                                        absl::string_view into, absl::string_view expected_etag,
                                        absl::string_view expected_into_etag,
                                        absl::string_view reason) override;
  absl::StatusOr<v1::Place> SplitPlace(const storage::CallContext& ctx, absl::string_view id,
                                       absl::string_view reason) override;

  absl::StatusOr<v1::Source> GetSource(const storage::CallContext& ctx,
                                       absl::string_view id) override;
  absl::StatusOr<storage::Page<v1::Source>> ListSources(const storage::CallContext& ctx,
                                                        const domain::NameQuery& query) override;
  absl::StatusOr<v1::Source> CreateSource(const storage::CallContext& ctx, absl::string_view id,
                                          const domain::SourceRecord& record,
                                          absl::string_view request_id) override;
  // UpdateSource applies the mutation's url and publisher; DeleteSource marks it deleted.
  absl::StatusOr<v1::Source> UpdateSource(const storage::CallContext& ctx, absl::string_view id,
                                          absl::string_view expected_etag,
                                          const SourceMutation& mutation,
                                          absl::string_view reason) override;
  absl::StatusOr<v1::Source> DeleteSource(const storage::CallContext& ctx, absl::string_view id,
                                          absl::string_view expected_etag,
                                          absl::string_view reason) override;

  // Records the call and runs nothing: ingestion is tested against PostgreSQL.
  absl::Status RunIngest(
      const storage::CallContext& ctx, const storage::IngestOptions& options,
      const std::function<absl::Status(storage::IngestTransaction&)>& work) override;

  absl::Status Ping(const storage::CallContext& ctx) override;

 private:
  // Records the call; the failure to answer, if one is set.
  absl::Status Record(const std::string& method, const storage::CallContext& ctx,
                      absl::string_view id = "", absl::string_view request_id = "");

  std::vector<Call> calls_;
  absl::Status failure_;
  int subscriptions_ = 0;
  std::map<std::string, v1::Event> events_;
  std::map<std::string, v1::Actor> actors_;
  std::map<std::string, v1::Place> places_;
  std::map<std::string, v1::Source> sources_;
  std::map<std::string, std::string> created_by_request_;  // "method/request_id" -> id
  std::optional<domain::EventQuery> event_query_;
  std::optional<domain::NameQuery> name_query_;
  std::optional<domain::CountQuery> count_query_;
  std::optional<domain::RelatedActorsQuery> related_actors_query_;
};

}  // namespace timeline::testing
