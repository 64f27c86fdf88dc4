// Calling the API of a TimelineEnv (harness.h) the way the integration tests do: times and
// ranges, every page of a listing, ingestion streams, and the writes that set up a test's data.
//
// Helpers named Created* make a write that must succeed, and Got a read that must find what it
// reads; both throw std::runtime_error (naming what failed) otherwise, so that a suite's setup or
// a test stops at the first broken call.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/grpcpp.h"
#include "timeline/v1/actor.grpc.pb.h"
#include "timeline/v1/event.grpc.pb.h"
#include "timeline/v1/ingest.grpc.pb.h"
#include "timeline/v1/place.grpc.pb.h"
#include "timeline/v1/source.grpc.pb.h"

namespace timeline::testing {

// --- Times ---

// Returns `ts` parsed from RFC 3339 ("2024-09-01T00:00:00Z").
google::protobuf::Timestamp Ts(const std::string& rfc3339);

// A time range over RFC 3339 bounds; an empty bound leaves that side unbounded.
v1::TimeRange Range(const std::string& start, const std::string& end,
                    v1::TimeRange::Match match = v1::TimeRange::MATCH_UNSPECIFIED);

// --- Listings ---

// The names of every item a request lists, following next_page_token to the end. Each page is
// expected to be no larger than the request's page_size; `pages`, when given, receives the
// number of calls made.
std::vector<std::string> ListAllEventNames(v1::EventService::Stub& events,
                                           v1::ListEventsRequest request, int* pages = nullptr);
std::vector<std::string> ListAllActorNames(v1::ActorService::Stub& actors,
                                           v1::ListActorsRequest request, int* pages = nullptr);
std::vector<std::string> ListAllPlaceNames(v1::PlaceService::Stub& places,
                                           v1::ListPlacesRequest request, int* pages = nullptr);
std::vector<std::string> ListAllSourceNames(v1::SourceService::Stub& sources,
                                            v1::ListSourcesRequest request, int* pages = nullptr);

// Every page of `request` when the first asks for `first_size` events and the others for
// `rest_size`; each page but the last is expected to be full.
struct EventPages {
  std::vector<std::string> names;
  std::vector<int> sizes;  // events per page
};
EventPages ListEventPages(v1::EventService::Stub& events, v1::ListEventsRequest request,
                          int first_size, int rest_size);

// --- Messages ---

// `json` (proto3 JSON) parsed into a Message; throws std::runtime_error when it does not parse.
template <typename Message>
Message FromJson(const std::string& json) {
  Message m;
  auto status = google::protobuf::util::JsonStringToMessage(json, &m);
  if (!status.ok()) throw std::runtime_error(absl::StrCat(status.ToString(), ": ", json));
  return m;
}

// Adds an actor, or a place, to `event` in `role`.
void AddActor(v1::Event& event, const std::string& actor, v1::ActorRole role);
void AddPlace(v1::Event& event, const std::string& place, v1::PlaceRole role);

// The text of each of an actor's or a place's names, in order.
template <typename Names>
std::vector<std::string> NameTexts(const Names& names) {
  std::vector<std::string> texts;
  for (const auto& n : names) texts.push_back(n.name());
  return texts;
}

// --- Reads and writes ---

// What GetEvent, GetActor, GetPlace or GetSource answers for `name` (see the top of this file).
v1::Event Got(v1::EventService::Stub& events, const std::string& name);
v1::Actor Got(v1::ActorService::Stub& actors, const std::string& name);
v1::Place Got(v1::PlaceService::Stub& places, const std::string& name);
v1::Source Got(v1::SourceService::Stub& sources, const std::string& name);

// CreateEvent with an optional client-chosen id and request_id.
grpc::Status CreateEvent(v1::EventService::Stub& events, const v1::Event& event, v1::Event* out,
                         const std::string& event_id = "", const std::string& request_id = "");

// Writes that must succeed (see the top of this file).
v1::Event CreatedEvent(v1::EventService::Stub& events, const v1::Event& event,
                       const std::string& event_id = "");
v1::Actor CreatedActor(v1::ActorService::Stub& actors, const v1::CreateActorRequest& request);
v1::Place CreatedPlace(v1::PlaceService::Stub& places, const v1::CreatePlaceRequest& request);
v1::Source CreatedSource(v1::SourceService::Stub& sources, const v1::CreateSourceRequest& request);

// --- Ingestion ---

struct IngestOptions {
  std::string request_id = {};
  std::string after_request_id = {};
  bool validate_only = false;
  bool strict = false;
  int per_message = 100;  // records per stream message
};

struct IngestOutcome {
  grpc::Status status;
  v1::IngestEventsResponse response;
};

// One IngestEvents stream carrying `records`, within a minute.
IngestOutcome IngestEvents(v1::IngestService::Stub& ingest,
                           const std::vector<v1::IngestRecord>& records,
                           const IngestOptions& options = {});

// One IngestPlaces stream carrying `places` in one message; the stream is expected to succeed.
v1::IngestPlacesResponse IngestPlaces(v1::IngestService::Stub& ingest,
                                      const std::vector<v1::IngestPlace>& places);

}  // namespace timeline::testing
