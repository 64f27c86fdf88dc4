// The validated requests that select events: ListEvents and ExportEvents (a page of a selection
// in an order), WatchEvents (the changes to a selection), and the selectors CountEvents and
// ListRelatedActors share with them (domain/event_stats.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/filter.h"
#include "domain/geo.h"
#include "domain/page_token.h"
#include "domain/paging.h"
#include "domain/time_span.h"
#include "domain/validation.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/event.pb.h"

namespace timeline::domain {

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
// Where a watch stream starts, as every Watch request spells it: after `cursor` (a change's
// cursor), else at `start_time` when `has_start_time`, else at the next change (both unset).
// Violations name the fields "cursor" and "start_time".
void ReadWatchStart(const std::string& cursor, bool has_start_time,
                    const google::protobuf::Timestamp& start_time, Violations& v,
                    std::optional<int64_t>& after_position, std::optional<Micros>& since);
// A change's cursor: its position in the log, opaque to clients.
std::string WatchCursor(int64_t position);

// The selectors of CountEvents and ListRelatedActors, read as ListEvents reads its own; each
// violation is added to `v`.
void ReadEventSelection(const v1::CountEventsRequest& request, EventSelection& out, Violations& v);
void ReadEventSelection(const v1::ListRelatedActorsRequest& request, EventSelection& out,
                        Violations& v);

}  // namespace timeline::domain
