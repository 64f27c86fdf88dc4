// Validated, normalized forms of what callers write and ask, ready for the storage layer.
//
// Each *FromProto function checks one API message completely (every problem is reported, each
// naming its field path under `field`, such as "event.actors[1].role") and returns a record whose
// references are bare resource ids. Storage trusts records to be well-formed; it still checks
// what only the database knows (that referenced actors exist, that ids are free).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/filter.h"
#include "domain/geo.h"
#include "domain/page_token.h"
#include "domain/time_span.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/place.pb.h"
#include "timeline/v1/source.pb.h"

namespace timeline::domain {

// Page sizes (AIP-158): 0 means the default, larger values are capped.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

struct NameRecord {
  std::string name;
  std::string language;
  std::string match_key;
};

struct CountRecord {
  std::optional<int32_t> low, best, high;
};

struct EventRecord {
  struct ActorLink {
    std::string actor_id;
    std::string role;  // database form: "initiator"
  };
  struct PlaceLink {
    std::string place_id;
    std::string role;
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

struct ActorRecord {
  std::string display_name;
  std::string kind;  // database form: "person"
  std::string country_code;
  std::string wikidata_id;
  std::string description;
  std::vector<NameRecord> names;  // display_name included
};

struct PlaceRecord {
  std::string display_name;
  std::string kind;
  std::string parent_id;  // empty for none
  std::string country_code;
  int64_t geonames_id = 0;
  std::optional<v1::LatLng> location;
  std::string location_precision;  // empty when location is unset
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

// What a source's `claims` may name: the event fields a source vouches for ("fatalities").
bool IsClaimPath(absl::string_view path);
std::string ClaimPaths();  // "actors, event_type, ..." for messages

absl::StatusOr<EventRecord> EventRecordFromProto(const v1::Event& event, absl::string_view field);
absl::StatusOr<ActorRecord> ActorRecordFromProto(const v1::Actor& actor, absl::string_view field);
absl::StatusOr<PlaceRecord> PlaceRecordFromProto(const v1::Place& place, absl::string_view field);
absl::StatusOr<SourceRecord> SourceRecordFromProto(const v1::Source& source,
                                                   absl::string_view field);

// Applies `update_mask` paths of `patch` onto `current` (AIP-134). An empty mask means every
// field set in `patch`. INVALID_ARGUMENT on update_mask for unknown or output-only paths.
absl::StatusOr<v1::Event> ApplyEventUpdate(const v1::Event& current, const v1::Event& patch,
                                           const google::protobuf::FieldMask& update_mask);

// Which events a query is about: the selectors shared by ListEvents, CountEvents, ExportEvents,
// WatchEvents and ListRelatedActors (their requests spell them with the same field names). All
// selectors combine with AND; the values inside one with OR.
struct EventSelection {
  std::vector<std::string> actor_ids;
  std::vector<std::string> place_ids;
  std::vector<std::string> event_types;
  std::optional<RangeFilter> time_range;
  bool show_deleted = false;
  // Events at a place in the circle / box (each a selector of its own). A place without a point
  // is where its nearest located ancestor is; places located only as a country, region or
  // district count only with include_imprecise_locations.
  std::optional<GeoCircle> near;
  std::optional<GeoBox> bounding_box;
  bool include_imprecise_locations = false;
  std::optional<FilterExpr> filter;  // the parsed `filter`; unset when empty
};

// What ListEvents sorts by (order_by). Ties go by creation order (the internal id), in the same
// direction; events without the key (no start, no best figure) come last in either direction.
enum class EventOrderKey { kStartTime, kFatalitiesBest, kUpdateTime };
struct EventOrder {
  EventOrderKey key = EventOrderKey::kStartTime;
  bool descending = false;
};

// The validated request of ListEvents (and of ExportEvents, which pages through the same order).
struct EventQuery {
  EventSelection selection;
  EventOrder order;
  int page_size = kDefaultPageSize;
  std::optional<PageCursor> after;  // resume after this row
  std::string fingerprint;          // for the next page's token
};
absl::StatusOr<EventQuery> EventQueryFromRequest(const v1::ListEventsRequest& request,
                                                 const PageTokenCodec& codec);

// ExportEvents is ListEvents without pages: its request reads as the ListEvents request with the
// same selection and order, and its resume tokens are that request's page tokens (so a token
// from an export also continues a ListEvents listing). `batch_size` events are read at a time.
// Field violations name the export request's fields (resume_token, not page_token).
absl::StatusOr<EventQuery> ExportQueryFromRequest(const v1::ExportEventsRequest& request,
                                                  const PageTokenCodec& codec, int batch_size);

// The validated request of WatchEvents: which changes, and where in the log to begin.
struct WatchQuery {
  EventSelection selection;
  // Equal for requests that select the same changes (whatever their cursor or start_time).
  std::string selection_key;
  std::optional<int64_t> after_position;  // from the cursor
  std::optional<Micros> since;            // from start_time
};
absl::StatusOr<WatchQuery> WatchQueryFromRequest(const v1::WatchEventsRequest& request);
// A change's cursor: its position in the log, opaque to clients.
std::string WatchCursor(int64_t position);

class Violations;
// The checks the *FromRequest functions share, for the requests validated outside this file
// (domain/event_stats.h): each adds a violation per bad field to `v`.
// The selectors of CountEvents and ListRelatedActors, read as ListEvents reads its own.
void ReadEventSelection(const v1::CountEventsRequest& request, EventSelection& out, Violations& v);
void ReadEventSelection(const v1::ListRelatedActorsRequest& request, EventSelection& out,
                        Violations& v);
// page_size: 0 means kDefaultPageSize, larger than kMaxPageSize means kMaxPageSize.
int ReadPageSize(int32_t requested, Violations& v);
// page_token: unset when empty; checked against the request's fingerprint.
std::optional<PageCursor> ReadPageToken(const std::string& token, const std::string& fingerprint,
                                        const PageTokenCodec& codec, Violations& v);

// The validated form of ListActors / ListPlaces / ListSources.
struct NameQuery {
  std::string match_key;  // empty: list all
  std::string parent_id;  // ListPlaces only
  // ListPlaces only: places whose own location is in the circle (nearest first) and the box.
  std::optional<GeoCircle> near;
  std::optional<GeoBox> bounding_box;
  int page_size = kDefaultPageSize;
  std::optional<PageCursor> after;
  std::string fingerprint;
};
absl::StatusOr<NameQuery> ActorQueryFromRequest(const v1::ListActorsRequest& request,
                                                const PageTokenCodec& codec);
absl::StatusOr<NameQuery> PlaceQueryFromRequest(const v1::ListPlacesRequest& request,
                                                const PageTokenCodec& codec);
absl::StatusOr<NameQuery> SourceQueryFromRequest(const v1::ListSourcesRequest& request,
                                                 const PageTokenCodec& codec);

// Enum <-> database text: ActorRole INITIATOR <-> "initiator". Unknown text maps to 0.
std::string EnumToDb(const google::protobuf::EnumDescriptor* descriptor, int value);
int EnumFromDb(const google::protobuf::EnumDescriptor* descriptor, absl::string_view text);

}  // namespace timeline::domain
