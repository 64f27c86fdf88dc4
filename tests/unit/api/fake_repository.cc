#include "fake_repository.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/resource_name.h"
#include "domain/time_span.h"

namespace timeline::testing {
namespace {

// The id part of a held resource's name ("events/x" -> "x").
std::string IdOf(const std::string& name) { return name.substr(name.find('/') + 1); }

template <typename T>
absl::StatusOr<T> Find(const std::map<std::string, T>& held, absl::string_view collection,
                       absl::string_view id) {
  auto it = held.find(std::string(id));
  if (it == held.end()) {
    return absl::NotFoundError(absl::StrCat(collection, "/", id, " does not exist"));
  }
  return it->second;
}

domain::PageCursor AtOffset(int64_t offset) {
  domain::PageCursor cursor;
  cursor.offset = offset;
  return cursor;
}

// The page of `held` (in id order) that starts at the cursor's offset.
template <typename T>
storage::Page<T> PageOf(const std::map<std::string, T>& held,
                        const std::optional<domain::PageCursor>& after, int page_size) {
  storage::Page<T> page;
  const int64_t start = after ? after->offset : 0;
  int64_t position = 0;
  for (const auto& [id, item] : held) {
    ++position;
    if (position <= start || static_cast<int>(page.items.size()) >= page_size) continue;
    page.items.push_back(item);
    page.item_cursors.push_back(AtOffset(position));
  }
  const int64_t end = start + static_cast<int64_t>(page.items.size());
  if (end < static_cast<int64_t>(held.size())) page.next = AtOffset(end);
  return page;
}

absl::Status CheckEtag(const v1::Event& event, absl::string_view expected_etag) {
  if (expected_etag.empty() || expected_etag == event.etag()) return absl::OkStatus();
  return absl::AbortedError(absl::StrCat("the etag of ", event.name(), " is ", event.etag()));
}

// The fields of `record` a caller would look for first in the written event.
void Write(const domain::EventRecord& record, v1::Event& event) {
  event.set_title(record.title);
  event.set_summary(record.summary);
  event.set_event_type(record.event_type);
  *event.mutable_time() = domain::SpanToProto(record.time);
}

// Holds `made` under `id` unless the id is taken; a request_id seen before answers what it
// created then.
template <typename T>
absl::StatusOr<T> CreateHeld(std::map<std::string, T>& held,
                             std::map<std::string, std::string>& created_by_request,
                             absl::string_view method, absl::string_view collection,
                             absl::string_view id, absl::string_view request_id, T made) {
  const std::string request_key = absl::StrCat(method, "/", request_id);
  if (!request_id.empty()) {
    auto earlier = created_by_request.find(request_key);
    if (earlier != created_by_request.end()) return held.at(earlier->second);
  }
  const std::string name = absl::StrCat(collection, "/", id);
  if (held.contains(std::string(id))) return absl::AlreadyExistsError(name + " already exists");
  made.set_name(name);
  held[std::string(id)] = made;
  if (!request_id.empty()) created_by_request[request_key] = std::string(id);
  return made;
}

class Subscription final : public storage::ChangeSubscription {};

}  // namespace

std::vector<absl::Status> RepositoryErrors() {
  return {absl::NotFoundError("events/gone does not exist"),
          absl::InvalidArgumentError("a referenced resource does not exist"),
          absl::AlreadyExistsError("events/taken already exists"),
          absl::AbortedError("the etag is stale"),
          absl::FailedPreconditionError("events/gone is deleted"),
          absl::DeadlineExceededError("the deadline passed"),
          absl::UnavailableError("the database cannot be reached"),
          absl::InternalError("a bug"),
          absl::CancelledError("the caller went away")};
}

void FakeRepository::Hold(v1::Event event) { events_[IdOf(event.name())] = std::move(event); }
void FakeRepository::Hold(v1::Actor actor) { actors_[IdOf(actor.name())] = std::move(actor); }
void FakeRepository::Hold(v1::Place place) { places_[IdOf(place.name())] = std::move(place); }
void FakeRepository::Hold(v1::Source source) { sources_[IdOf(source.name())] = std::move(source); }

std::vector<FakeRepository::Call> FakeRepository::CallsTo(const std::string& method) const {
  std::vector<Call> out;
  for (const Call& call : calls_) {
    if (call.method == method) out.push_back(call);
  }
  return out;
}

absl::Status FakeRepository::Record(const std::string& method, const storage::CallContext& ctx,
                                    absl::string_view id, absl::string_view request_id) {
  calls_.push_back({method, std::string(id), std::string(request_id), ctx.deadline});
  return failure_;
}

// --- Events ---

absl::StatusOr<v1::Event> FakeRepository::GetEvent(const storage::CallContext& ctx,
                                                   absl::string_view id) {
  if (absl::Status s = Record("GetEvent", ctx, id); !s.ok()) return s;
  return Find(events_, domain::kEvents, id);
}

absl::StatusOr<storage::Page<v1::Event>> FakeRepository::ListEvents(
    const storage::CallContext& ctx, const domain::EventQuery& query) {
  event_query_ = query;
  if (absl::Status s = Record("ListEvents", ctx); !s.ok()) return s;
  return PageOf(events_, query.after, query.page_size);
}

absl::StatusOr<v1::Event> FakeRepository::CreateEvent(const storage::CallContext& ctx,
                                                      absl::string_view id,
                                                      const domain::EventRecord& record,
                                                      absl::string_view request_id) {
  if (absl::Status s = Record("CreateEvent", ctx, id, request_id); !s.ok()) return s;
  v1::Event event;
  Write(record, event);
  event.set_etag("1");
  return CreateHeld(events_, created_by_request_, "CreateEvent", domain::kEvents, id, request_id,
                    std::move(event));
}

absl::StatusOr<v1::Event> FakeRepository::UpdateEvent(const storage::CallContext& ctx,
                                                      absl::string_view id,
                                                      absl::string_view expected_etag,
                                                      const storage::EventMutation& mutation) {
  if (absl::Status s = Record("UpdateEvent", ctx, id); !s.ok()) return s;
  auto it = events_.find(std::string(id));
  if (it == events_.end()) return Find(events_, domain::kEvents, id).status();
  v1::Event& event = it->second;
  if (absl::Status s = CheckEtag(event, expected_etag); !s.ok()) return s;
  absl::StatusOr<domain::EventRecord> record = mutation(event);
  if (!record.ok()) return record.status();
  Write(*record, event);
  event.set_etag(absl::StrCat(std::stoi(event.etag()) + 1));
  return event;
}

absl::StatusOr<v1::Event> FakeRepository::DeleteEvent(const storage::CallContext& ctx,
                                                      absl::string_view id,
                                                      absl::string_view expected_etag) {
  if (absl::Status s = Record("DeleteEvent", ctx, id); !s.ok()) return s;
  auto it = events_.find(std::string(id));
  if (it == events_.end()) return Find(events_, domain::kEvents, id).status();
  v1::Event& event = it->second;
  if (absl::Status s = CheckEtag(event, expected_etag); !s.ok()) return s;
  event.mutable_delete_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  return event;
}

absl::StatusOr<v1::Event> FakeRepository::MergeEvents(const storage::CallContext& ctx,
                                                      absl::string_view id, absl::string_view into,
                                                      absl::string_view /*expected_etag*/,
                                                      absl::string_view /*expected_into_etag*/) {
  if (absl::Status s = Record("MergeEvents", ctx, id); !s.ok()) return s;
  if (absl::Status s = Find(events_, domain::kEvents, id).status(); !s.ok()) return s;
  return Find(events_, domain::kEvents, into);
}

absl::StatusOr<storage::ChangeBatch> FakeRepository::ReadChanges(
    const storage::CallContext& ctx, const domain::EventSelection& /*selection*/, int64_t after,
    int /*limit*/) {
  if (absl::Status s = Record("ReadChanges", ctx); !s.ok()) return s;
  storage::ChangeBatch batch;
  batch.scanned_to = after;
  return batch;
}

absl::StatusOr<storage::RegistryChangeBatch<v1::Actor>> FakeRepository::ReadActorChanges(
    const storage::CallContext& ctx, const std::vector<std::string>& /*actor_ids*/, int64_t after,
    int /*limit*/) {
  if (absl::Status s = Record("ReadActorChanges", ctx); !s.ok()) return s;
  storage::RegistryChangeBatch<v1::Actor> batch;
  batch.scanned_to = after;
  return batch;
}

absl::StatusOr<storage::RegistryChangeBatch<v1::Place>> FakeRepository::ReadPlaceChanges(
    const storage::CallContext& ctx, const std::vector<std::string>& /*place_ids*/, int64_t after,
    int /*limit*/) {
  if (absl::Status s = Record("ReadPlaceChanges", ctx); !s.ok()) return s;
  storage::RegistryChangeBatch<v1::Place> batch;
  batch.scanned_to = after;
  return batch;
}

absl::StatusOr<int64_t> FakeRepository::ChangePosition(const storage::CallContext& ctx,
                                                       std::optional<absl::Time> /*since*/) {
  if (absl::Status s = Record("ChangePosition", ctx); !s.ok()) return s;
  return 0;
}

std::unique_ptr<storage::ChangeSubscription> FakeRepository::ListenForChanges(
    std::function<void(int64_t position)> /*on_change*/) {
  ++subscriptions_;
  return std::make_unique<Subscription>();
}

absl::StatusOr<v1::CountEventsResponse> FakeRepository::CountEvents(
    const storage::CallContext& ctx, const domain::CountQuery& query) {
  count_query_ = query;
  if (absl::Status s = Record("CountEvents", ctx); !s.ok()) return s;
  v1::CountEventsResponse response;
  response.set_undated_count(static_cast<int64_t>(events_.size()));
  response.set_time_zone(query.time_zone);
  return response;
}

// --- Actors, places, sources ---

absl::StatusOr<v1::Actor> FakeRepository::GetActor(const storage::CallContext& ctx,
                                                   absl::string_view id) {
  if (absl::Status s = Record("GetActor", ctx, id); !s.ok()) return s;
  return Find(actors_, domain::kActors, id);
}

absl::StatusOr<storage::Page<v1::Actor>> FakeRepository::ListActors(
    const storage::CallContext& ctx, const domain::NameQuery& query) {
  name_query_ = query;
  if (absl::Status s = Record("ListActors", ctx); !s.ok()) return s;
  return PageOf(actors_, query.after, query.page_size);
}

absl::StatusOr<v1::Actor> FakeRepository::CreateActor(const storage::CallContext& ctx,
                                                      absl::string_view id,
                                                      const domain::ActorRecord& record,
                                                      absl::string_view request_id) {
  if (absl::Status s = Record("CreateActor", ctx, id, request_id); !s.ok()) return s;
  v1::Actor actor;
  actor.set_display_name(record.display_name);
  actor.set_country_code(record.country_code);
  return CreateHeld(actors_, created_by_request_, "CreateActor", domain::kActors, id, request_id,
                    std::move(actor));
}

absl::StatusOr<storage::Page<v1::RelatedActor>> FakeRepository::ListRelatedActors(
    const storage::CallContext& ctx, const domain::RelatedActorsQuery& query) {
  related_actors_query_ = query;
  if (absl::Status s = Record("ListRelatedActors", ctx, query.actor_id); !s.ok()) return s;
  if (absl::Status s = Find(actors_, domain::kActors, query.actor_id).status(); !s.ok()) return s;
  std::map<std::string, v1::RelatedActor> related;
  for (const auto& [id, actor] : actors_) {
    if (id == query.actor_id) continue;
    v1::RelatedActor& r = related[id];
    r.set_actor(actor.name());
    r.set_display_name(actor.display_name());
    r.set_event_count(1);
  }
  return PageOf(related, query.after, query.page_size);
}

absl::StatusOr<v1::Actor> FakeRepository::UpdateActor(const storage::CallContext& ctx,
                                                      absl::string_view id, absl::string_view,
                                                      const ActorMutation&, absl::string_view) {
  if (absl::Status s = Record("UpdateActor", ctx, id); !s.ok()) return s;
  return Find(actors_, domain::kActors, id);
}

absl::StatusOr<v1::Actor> FakeRepository::DeleteActor(const storage::CallContext& ctx,
                                                      absl::string_view id, absl::string_view,
                                                      absl::string_view) {
  if (absl::Status s = Record("DeleteActor", ctx, id); !s.ok()) return s;
  return Find(actors_, domain::kActors, id);
}

absl::StatusOr<v1::Actor> FakeRepository::MergeActors(const storage::CallContext& ctx,
                                                      absl::string_view id, absl::string_view into,
                                                      absl::string_view, absl::string_view,
                                                      absl::string_view) {
  if (absl::Status s = Record("MergeActors", ctx, id); !s.ok()) return s;
  return Find(actors_, domain::kActors, into);
}

absl::StatusOr<v1::Actor> FakeRepository::SplitActor(const storage::CallContext& ctx,
                                                     absl::string_view id, absl::string_view) {
  if (absl::Status s = Record("SplitActor", ctx, id); !s.ok()) return s;
  return Find(actors_, domain::kActors, id);
}

absl::StatusOr<v1::Place> FakeRepository::GetPlace(const storage::CallContext& ctx,
                                                   absl::string_view id) {
  if (absl::Status s = Record("GetPlace", ctx, id); !s.ok()) return s;
  return Find(places_, domain::kPlaces, id);
}

absl::StatusOr<storage::Page<v1::Place>> FakeRepository::ListPlaces(
    const storage::CallContext& ctx, const domain::NameQuery& query) {
  name_query_ = query;
  if (absl::Status s = Record("ListPlaces", ctx); !s.ok()) return s;
  return PageOf(places_, query.after, query.page_size);
}

absl::StatusOr<v1::Place> FakeRepository::CreatePlace(const storage::CallContext& ctx,
                                                      absl::string_view id,
                                                      const domain::PlaceRecord& record,
                                                      absl::string_view request_id) {
  if (absl::Status s = Record("CreatePlace", ctx, id, request_id); !s.ok()) return s;
  v1::Place place;
  place.set_display_name(record.display_name);
  place.set_country_code(record.country_code);
  if (!record.parent_id.empty()) {
    place.set_parent(absl::StrCat(domain::kPlaces, "/", record.parent_id));
  }
  return CreateHeld(places_, created_by_request_, "CreatePlace", domain::kPlaces, id, request_id,
                    std::move(place));
}

absl::StatusOr<v1::Source> FakeRepository::GetSource(const storage::CallContext& ctx,
                                                     absl::string_view id) {
  if (absl::Status s = Record("GetSource", ctx, id); !s.ok()) return s;
  return Find(sources_, domain::kSources, id);
}

absl::StatusOr<storage::Page<v1::Source>> FakeRepository::ListSources(
    const storage::CallContext& ctx, const domain::NameQuery& query) {
  name_query_ = query;
  if (absl::Status s = Record("ListSources", ctx); !s.ok()) return s;
  return PageOf(sources_, query.after, query.page_size);
}

absl::StatusOr<v1::Source> FakeRepository::CreateSource(const storage::CallContext& ctx,
                                                        absl::string_view id,
                                                        const domain::SourceRecord& record,
                                                        absl::string_view request_id) {
  if (absl::Status s = Record("CreateSource", ctx, id, request_id); !s.ok()) return s;
  v1::Source source;
  source.set_url(record.url);
  source.set_publisher(record.publisher);
  source.set_language(record.language);
  return CreateHeld(sources_, created_by_request_, "CreateSource", domain::kSources, id, request_id,
                    std::move(source));
}

// --- Curating places and sources ---

absl::StatusOr<v1::Place> FakeRepository::UpdatePlace(const storage::CallContext& ctx,
                                                      absl::string_view id,
                                                      absl::string_view expected_etag,
                                                      const PlaceMutation& mutation,
                                                      absl::string_view /*reason*/) {
  if (absl::Status s = Record("UpdatePlace", ctx, id); !s.ok()) return s;
  auto it = places_.find(std::string(id));
  if (it == places_.end()) return Find(places_, domain::kPlaces, id).status();
  v1::Place& place = it->second;
  if (!expected_etag.empty() && expected_etag != place.etag()) {
    return absl::AbortedError("the etag is stale");
  }
  absl::StatusOr<domain::PlaceRecord> record = mutation(place);
  if (!record.ok()) return record.status();
  place.set_display_name(record->display_name);
  place.set_country_code(record->country_code);
  place.set_parent(
      record->parent_id.empty() ? "" : absl::StrCat(domain::kPlaces, "/", record->parent_id));
  return place;
}

absl::StatusOr<v1::Place> FakeRepository::DeletePlace(const storage::CallContext& ctx,
                                                      absl::string_view id,
                                                      absl::string_view /*expected_etag*/,
                                                      absl::string_view /*reason*/) {
  if (absl::Status s = Record("DeletePlace", ctx, id); !s.ok()) return s;
  auto it = places_.find(std::string(id));
  if (it == places_.end()) return Find(places_, domain::kPlaces, id).status();
  it->second.mutable_delete_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  return it->second;
}

absl::StatusOr<v1::Place> FakeRepository::MergePlaces(const storage::CallContext& ctx,
                                                      absl::string_view id, absl::string_view into,
                                                      absl::string_view /*expected_etag*/,
                                                      absl::string_view /*expected_into_etag*/,
                                                      absl::string_view /*reason*/) {
  if (absl::Status s = Record("MergePlaces", ctx, id); !s.ok()) return s;
  if (absl::Status s = Find(places_, domain::kPlaces, id).status(); !s.ok()) return s;
  return Find(places_, domain::kPlaces, into);
}

absl::StatusOr<v1::Place> FakeRepository::SplitPlace(const storage::CallContext& ctx,
                                                     absl::string_view id,
                                                     absl::string_view /*reason*/) {
  if (absl::Status s = Record("SplitPlace", ctx, id); !s.ok()) return s;
  return Find(places_, domain::kPlaces, id);
}

absl::StatusOr<v1::Source> FakeRepository::UpdateSource(const storage::CallContext& ctx,
                                                        absl::string_view id,
                                                        absl::string_view expected_etag,
                                                        const SourceMutation& mutation,
                                                        absl::string_view /*reason*/) {
  if (absl::Status s = Record("UpdateSource", ctx, id); !s.ok()) return s;
  auto it = sources_.find(std::string(id));
  if (it == sources_.end()) return Find(sources_, domain::kSources, id).status();
  v1::Source& source = it->second;
  if (!expected_etag.empty() && expected_etag != source.etag()) {
    return absl::AbortedError("the etag is stale");
  }
  absl::StatusOr<domain::SourceRecord> record = mutation(source);
  if (!record.ok()) return record.status();
  source.set_url(record->url);
  source.set_publisher(record->publisher);
  return source;
}

absl::StatusOr<v1::Source> FakeRepository::DeleteSource(const storage::CallContext& ctx,
                                                        absl::string_view id,
                                                        absl::string_view /*expected_etag*/,
                                                        absl::string_view /*reason*/) {
  if (absl::Status s = Record("DeleteSource", ctx, id); !s.ok()) return s;
  auto it = sources_.find(std::string(id));
  if (it == sources_.end()) return Find(sources_, domain::kSources, id).status();
  it->second.mutable_delete_time()->set_seconds(absl::ToUnixSeconds(absl::Now()));
  return it->second;
}

// --- Ingestion and health ---

absl::Status FakeRepository::RunIngest(
    const storage::CallContext& ctx, const storage::IngestOptions& /*options*/,
    const std::function<absl::Status(storage::IngestTransaction&)>& /*work*/) {
  if (absl::Status s = Record("RunIngest", ctx); !s.ok()) return s;
  // Ingestion's rules run inside a database transaction; they are tested against PostgreSQL
  // (tests/integration/ingest_test.cc), not here.
  return absl::UnimplementedError("the fake repository runs no ingest transaction");
}

absl::Status FakeRepository::Ping(const storage::CallContext& ctx) { return Record("Ping", ctx); }

}  // namespace timeline::testing
