#include "api_calls.h"

#include <chrono>

#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "paging.h"

namespace timeline::testing {
namespace {

// FollowPages over a stub's `call`, counting the calls into `pages` when given.
template <typename Response, typename Request, typename Call, typename ItemsOf>
std::vector<std::string> ListAll(Request request, Call call, ItemsOf items_of, int* pages) {
  std::vector<int> sizes;
  std::vector<std::string> names = FollowPages<Response>(
      std::move(request),
      [&](const Request& r, Response* out) {
        grpc::ClientContext ctx;
        return call(&ctx, r, out);
      },
      items_of, sizes);
  if (pages != nullptr) *pages = static_cast<int>(sizes.size());
  return names;
}

void ThrowUnlessOk(const grpc::Status& status, const std::string& what) {
  if (!status.ok()) throw std::runtime_error(absl::StrCat(what, ": ", status.error_message()));
}

// A Get* call for `name` that must succeed.
template <typename Resource, typename Request, typename Get>
Resource MustGet(const std::string& name, Get get) {
  Request request;
  request.set_name(name);
  grpc::ClientContext ctx;
  Resource resource;
  ThrowUnlessOk(get(&ctx, request, &resource), "get " + name);
  return resource;
}

}  // namespace

google::protobuf::Timestamp Ts(const std::string& rfc3339) {
  google::protobuf::Timestamp ts;
  if (!google::protobuf::util::TimeUtil::FromString(rfc3339, &ts)) {
    throw std::runtime_error("bad timestamp " + rfc3339);
  }
  return ts;
}

v1::TimeRange Range(const std::string& start, const std::string& end, v1::TimeRange::Match match) {
  v1::TimeRange range;
  if (!start.empty()) *range.mutable_start_time() = Ts(start);
  if (!end.empty()) *range.mutable_end_time() = Ts(end);
  range.set_match(match);
  return range;
}

std::vector<std::string> ListAllEventNames(v1::EventService::Stub& events,
                                           v1::ListEventsRequest request, int* pages) {
  return ListAll<v1::ListEventsResponse>(
      std::move(request),
      [&](auto* ctx, const auto& r, auto* out) { return events.ListEvents(ctx, r, out); },
      [](const v1::ListEventsResponse& r) -> const auto& { return r.events(); }, pages);
}

std::vector<std::string> ListAllActorNames(v1::ActorService::Stub& actors,
                                           v1::ListActorsRequest request, int* pages) {
  return ListAll<v1::ListActorsResponse>(
      std::move(request),
      [&](auto* ctx, const auto& r, auto* out) { return actors.ListActors(ctx, r, out); },
      [](const v1::ListActorsResponse& r) -> const auto& { return r.actors(); }, pages);
}

std::vector<std::string> ListAllPlaceNames(v1::PlaceService::Stub& places,
                                           v1::ListPlacesRequest request, int* pages) {
  return ListAll<v1::ListPlacesResponse>(
      std::move(request),
      [&](auto* ctx, const auto& r, auto* out) { return places.ListPlaces(ctx, r, out); },
      [](const v1::ListPlacesResponse& r) -> const auto& { return r.places(); }, pages);
}

std::vector<std::string> ListAllSourceNames(v1::SourceService::Stub& sources,
                                            v1::ListSourcesRequest request, int* pages) {
  return ListAll<v1::ListSourcesResponse>(
      std::move(request),
      [&](auto* ctx, const auto& r, auto* out) { return sources.ListSources(ctx, r, out); },
      [](const v1::ListSourcesResponse& r) -> const auto& { return r.sources(); }, pages);
}

EventPages ListEventPages(v1::EventService::Stub& events, v1::ListEventsRequest request,
                          int first_size, int rest_size) {
  EventPages pages;
  request.set_page_size(first_size);
  pages.names = FollowPages<v1::ListEventsResponse>(
      std::move(request),
      [&](const v1::ListEventsRequest& r, v1::ListEventsResponse* out) {
        grpc::ClientContext ctx;
        return events.ListEvents(&ctx, r, out);
      },
      [](const v1::ListEventsResponse& r) -> const auto& { return r.events(); }, pages.sizes,
      rest_size);
  ExpectFullPagesButTheLast(pages.sizes, first_size, rest_size);
  return pages;
}

void AddActor(v1::Event& event, const std::string& actor, v1::ActorRole role) {
  v1::EventActor* a = event.add_actors();
  a->set_actor(actor);
  a->set_role(role);
}

void AddPlace(v1::Event& event, const std::string& place, v1::PlaceRole role) {
  v1::EventPlace* p = event.add_places();
  p->set_place(place);
  p->set_role(role);
}

v1::Event Got(v1::EventService::Stub& events, const std::string& name) {
  return MustGet<v1::Event, v1::GetEventRequest>(
      name, [&](auto* ctx, const auto& r, auto* out) { return events.GetEvent(ctx, r, out); });
}

v1::Actor Got(v1::ActorService::Stub& actors, const std::string& name) {
  return MustGet<v1::Actor, v1::GetActorRequest>(
      name, [&](auto* ctx, const auto& r, auto* out) { return actors.GetActor(ctx, r, out); });
}

v1::Place Got(v1::PlaceService::Stub& places, const std::string& name) {
  return MustGet<v1::Place, v1::GetPlaceRequest>(
      name, [&](auto* ctx, const auto& r, auto* out) { return places.GetPlace(ctx, r, out); });
}

v1::Source Got(v1::SourceService::Stub& sources, const std::string& name) {
  return MustGet<v1::Source, v1::GetSourceRequest>(
      name, [&](auto* ctx, const auto& r, auto* out) { return sources.GetSource(ctx, r, out); });
}

grpc::Status CreateEvent(v1::EventService::Stub& events, const v1::Event& event, v1::Event* out,
                         const std::string& event_id, const std::string& request_id) {
  v1::CreateEventRequest request;
  *request.mutable_event() = event;
  request.set_event_id(event_id);
  request.set_request_id(request_id);
  grpc::ClientContext ctx;
  return events.CreateEvent(&ctx, request, out);
}

v1::Event CreatedEvent(v1::EventService::Stub& events, const v1::Event& event,
                       const std::string& event_id) {
  v1::Event created;
  ThrowUnlessOk(CreateEvent(events, event, &created, event_id),
                absl::StrCat("create event \"", event_id, "\" (", event.title(), ")"));
  return created;
}

v1::Actor CreatedActor(v1::ActorService::Stub& actors, const v1::CreateActorRequest& request) {
  grpc::ClientContext ctx;
  v1::Actor created;
  ThrowUnlessOk(actors.CreateActor(&ctx, request, &created),
                absl::StrCat("create actor \"", request.actor_id(), "\""));
  return created;
}

v1::Place CreatedPlace(v1::PlaceService::Stub& places, const v1::CreatePlaceRequest& request) {
  grpc::ClientContext ctx;
  v1::Place created;
  ThrowUnlessOk(places.CreatePlace(&ctx, request, &created),
                absl::StrCat("create place \"", request.place_id(), "\""));
  return created;
}

v1::Source CreatedSource(v1::SourceService::Stub& sources, const v1::CreateSourceRequest& request) {
  grpc::ClientContext ctx;
  v1::Source created;
  ThrowUnlessOk(sources.CreateSource(&ctx, request, &created),
                absl::StrCat("create source \"", request.source_id(), "\""));
  return created;
}

IngestOutcome IngestEvents(v1::IngestService::Stub& ingest,
                           const std::vector<v1::IngestRecord>& records,
                           const IngestOptions& options) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  IngestOutcome out;
  auto writer = ingest.IngestEvents(&ctx, &out.response);
  size_t next = 0;
  do {
    v1::IngestEventsRequest message;
    message.set_request_id(options.request_id);
    message.set_after_request_id(options.after_request_id);
    message.set_validate_only(options.validate_only);
    message.set_strict(options.strict);
    for (int i = 0; i < options.per_message && next < records.size(); ++i) {
      *message.add_records() = records[next++];
    }
    if (!writer->Write(message)) break;
  } while (next < records.size());
  writer->WritesDone();
  out.status = writer->Finish();
  return out;
}

v1::IngestPlacesResponse IngestPlaces(v1::IngestService::Stub& ingest,
                                      const std::vector<v1::IngestPlace>& places) {
  grpc::ClientContext ctx;
  v1::IngestPlacesResponse response;
  auto writer = ingest.IngestPlaces(&ctx, &response);
  v1::IngestPlacesRequest message;
  for (const v1::IngestPlace& p : places) *message.add_places() = p;
  writer->Write(message);
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response;
}

}  // namespace timeline::testing
