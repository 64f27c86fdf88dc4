// Where an event happened at one of its places (EventPlace.location): a point with its precision,
// kept on the event's link to the place so that area selections count the event where it
// happened, not at the place's own point (a settlement named like its division, a second event
// in the same town). Read from API writes (ReadPlaceLinkPoint) and from ingest records
// (PlaceLinkPointOfRecord); storage keeps it on event_places (migrations/0007).
#pragma once

#include <optional>
#include <string>

#include "domain/validation.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::domain {

struct PlaceLinkPoint {
  double latitude = 0;
  double longitude = 0;
  v1::LocationPrecision precision = v1::EXACT;

  bool operator==(const PlaceLinkPoint&) const = default;
};

// The point of an EventPlace written by a caller (CreateEvent, UpdateEvent): none without a
// location; a violation under `field` for coordinates out of range, a missing or unknown
// precision with a location, or a precision without one.
std::optional<PlaceLinkPoint> ReadPlaceLinkPoint(const v1::EventPlace& place,
                                                 const std::string& field, Violations& v);

// The point an ingest record gives for its place (checked by CheckIngestRecord): none without a
// location; an unspecified precision is SETTLEMENT_CENTROID, as IngestPlace documents.
std::optional<PlaceLinkPoint> PlaceLinkPointOfRecord(const v1::IngestPlace& place);

// Sets `place`'s location and location_precision from `point` (nothing when there is none).
void SetPlaceLinkPoint(const std::optional<PlaceLinkPoint>& point, v1::EventPlace& place);

}  // namespace timeline::domain
