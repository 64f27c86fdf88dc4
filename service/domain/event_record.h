// An event as callers write it (CreateEvent, UpdateEvent, MergeEvents, ingestion), validated and
// normalized for the storage layer: EventRecord, built from a v1::Event by EventRecordFromProto.
//
// Every problem is reported at once, each naming its field path under `field` ("event.actors[1]
// .role"). References are bare resource ids; storage still checks what only the database knows
// (that the referenced actors exist, that ids are free).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/place_link_point.h"
#include "domain/time_span.h"
#include "domain/validation.h"
#include "google/protobuf/field_mask.pb.h"
#include "timeline/v1/event.pb.h"

namespace timeline::domain {

// A figure with its bounds (fatalities, injured); unset bounds are unknown.
struct CountRecord {
  std::optional<int32_t> low, best, high;
};

struct EventRecord {
  struct ActorLink {
    std::string actor_id;
    v1::ActorRole role = v1::ACTOR_ROLE_UNSPECIFIED;
  };
  struct PlaceLink {
    std::string place_id;
    v1::PlaceRole role = v1::PLACE_ROLE_UNSPECIFIED;
    std::optional<PlaceLinkPoint> point;  // where the event happened there, when known
  };
  struct SourceLink {
    std::string source_id;
    std::string quote;
    std::vector<std::string> claims;
  };
  struct ExternalIdRecord {
    std::string system;
    std::string id;
  };

  std::string title;
  std::string summary;
  std::string event_type;
  Span time;
  std::vector<ActorLink> actors;
  std::vector<PlaceLink> places;
  CountRecord fatalities;
  CountRecord injured;
  std::vector<SourceLink> sources;
  std::vector<ExternalIdRecord> external_ids;
};

// What a source's `claims` may name: the event fields a source vouches for ("fatalities").
bool IsClaimPath(absl::string_view path);
std::string ClaimPaths();  // "actors, event_type, ..." for messages

absl::StatusOr<EventRecord> EventRecordFromProto(const v1::Event& event, absl::string_view field);

// Applies `update_mask` paths of `patch` onto `current` (AIP-134). An empty mask means every
// field set in `patch`. INVALID_ARGUMENT on update_mask for unknown or output-only paths.
absl::StatusOr<v1::Event> ApplyEventUpdate(const v1::Event& current, const v1::Event& patch,
                                           const google::protobuf::FieldMask& update_mask);

// The record as the service stores and returns it, without output-only fields (names, times,
// etag, display names, source details): what a write changes.
v1::Event EventRecordAsProto(const EventRecord& record);
// `stored` without its output-only fields, comparable with EventRecordAsProto.
v1::Event WithoutOutputFields(v1::Event stored);
// Sets `field` of `e` only when some bound of `count` is known, so unknown counts stay absent.
void SetKnownCount(const CountRecord& count, v1::Count* (v1::Event::*field)(), v1::Event& e);
// Whether writing `record` over `stored` would change nothing.
bool RecordMatchesEvent(const EventRecord& record, const v1::Event& stored);

// The parts of EventRecordFromProto that ingest records (which are not v1::Events) share; each
// adds a violation per bad field under `field` to `v`.
// title, summary and event_type.
void CheckEventDescription(absl::string_view title, absl::string_view summary,
                           absl::string_view event_type, const std::string& field, Violations& v);
// A count: no negative bound, low <= best <= high.
CountRecord ReadCount(const v1::Count& in, const std::string& field, Violations& v);
// An external id: a well-formed system and a non-empty id.
void CheckExternalId(const v1::ExternalId& id, const std::string& field, Violations& v);

}  // namespace timeline::domain
