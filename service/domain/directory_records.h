// The directory's records — actors, places and sources as callers write them (Create*), validated
// and normalized for the storage layer. Each *FromProto function reports every problem at once,
// each naming its field path under `field` ("actor.names[2].language").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/role_terms.h"
#include "domain/time_span.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/place.pb.h"
#include "timeline/v1/source.pb.h"

namespace timeline::domain {

// One name of an actor or place, with the key spellings of it meet under (normalize/match_key.h).
struct NameRecord {
  std::string name;
  std::string language;
  std::string match_key;
  bool operator==(const NameRecord&) const = default;
};

struct ActorRecord {
  std::string display_name;
  v1::ActorKind kind = v1::ACTOR_KIND_UNSPECIFIED;
  std::string country_code;
  std::string wikidata_id;
  std::string description;
  std::vector<NameRecord> names;  // display_name included
  std::vector<RoleRecord> roles;
  bool operator==(const ActorRecord&) const = default;
};

struct PlaceRecord {
  std::string display_name;
  v1::PlaceKind kind = v1::PLACE_KIND_UNSPECIFIED;
  std::string parent_id;  // empty for none
  std::string country_code;
  int64_t geonames_id = 0;
  std::optional<v1::LatLng> location;
  // UNSPECIFIED when location is unset.
  v1::LocationPrecision location_precision = v1::LOCATION_PRECISION_UNSPECIFIED;
  std::string time_zone;
  std::vector<NameRecord> names;
};

struct SourceRecord {
  std::string url;
  std::string publisher;
  std::string language;
  std::optional<Micros> published_time;
  std::string title;
};

absl::StatusOr<ActorRecord> ActorRecordFromProto(const v1::Actor& actor, absl::string_view field);
absl::StatusOr<PlaceRecord> PlaceRecordFromProto(const v1::Place& place, absl::string_view field);
absl::StatusOr<SourceRecord> SourceRecordFromProto(const v1::Source& source,
                                                   absl::string_view field);

}  // namespace timeline::domain
