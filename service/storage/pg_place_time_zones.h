// Every place's time zone (docs/places.md, "Time zones"), so that the dates of the events there
// are read in local time. A place whose record names no zone takes, in this order:
//   1. its country's zone, when ICU knows exactly one for the country (normalize/
//      country_time_zone.h);
//   2. the zone of its nearest ancestor that has one;
//   3. the zone of the nearest place with a zone in the same country (any country when the
//      place has none) within kNearestZoneMeters of the place's point (its own, else its
//      nearest located ancestor's), found by a KNN scan of places_location_idx;
//   4. none: dates there are read in UTC, and ingestion warns (NO_TIME_ZONE).
// ZoneForNewPlace applies the rules to a place about to be inserted (ingestion, CreatePlace);
// FillMissingTimeZones to the places stored without one, once the schema is migrated (ICU is not
// available inside SQL, so no migration can do it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "domain/directory_records.h"
#include "pqxx/pqxx"

namespace timeline::storage::pg {

// How far rule 3 looks: about a day's drive, well inside any zone's width, so that a border
// town never takes the zone of a far-off city, while a village keeps its nearest town's zone.
inline constexpr double kNearestZoneMeters = 100'000;

// `record` with the zone the rules give when it names none; `parent_id` is the row id of the
// place it is created under.
domain::PlaceRecord WithTimeZone(pqxx::transaction_base& txn, domain::PlaceRecord record,
                                 std::optional<int64_t> parent_id);

struct ZoneFill {
  int64_t by_country = 0;   // rule 1
  int64_t by_ancestor = 0;  // rule 2
  int64_t by_nearest = 0;   // rule 3
  int64_t without = 0;      // still without a zone: no rule applies
};

// Gives every stored place without a zone the one the rules give, in one transaction.
// Idempotent: places that have a zone are never changed, and a second run finds nothing to do.
absl::StatusOr<ZoneFill> FillMissingTimeZones(const std::string& database_url);

}  // namespace timeline::storage::pg
