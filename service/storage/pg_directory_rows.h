// The directory's row codecs: how actors and places come out of their rows (with their names
// and ancestors) and how a place goes into one. Internal to storage/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/directory_records.h"
#include "pqxx/pqxx"
#include "storage/pg_values.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/place.pb.h"

namespace timeline::storage::pg {

// The columns of sql::kActorColumns, in order.
enum ActorColumn : int {
  kActorId,
  kActorResourceId,
  kActorDisplayName,
  kActorKind,
  kActorCountryCode,
  kActorWikidataId,
  kActorDescription,
  kActorColumnCount
};

struct ActorRow {
  int64_t id;
  v1::Actor actor;
};
// A row of sql::kActorColumns; names are added by FinishActors.
ActorRow ReadActorRow(const pqxx::row& r);
std::vector<v1::Actor> FinishActors(pqxx::transaction_base& txn, std::vector<ActorRow> rows);

// The columns of sql::kPlaceColumns, in order.
enum PlaceColumn : int {
  kPlaceId,
  kPlaceResourceId,
  kPlaceDisplayName,
  kPlaceKind,
  kPlaceParent,
  kPlaceCountryCode,
  kPlaceGeoNamesId,
  kPlaceLatitude,
  kPlaceLongitude,
  kPlaceLocationPrecision,
  kPlaceTimeZone,
  kPlaceColumnCount
};

struct PlaceRow {
  int64_t id;
  v1::Place place;
};
// A row of sql::kPlaceColumns; names and ancestors are added by FinishPlaces.
PlaceRow ReadPlaceRow(const pqxx::row& r);
std::vector<v1::Place> FinishPlaces(pqxx::transaction_base& txn, std::vector<PlaceRow> rows);

// The parameters of sql::kInsertPlace; `parent` is the parent's internal id or NULL.
std::vector<NullableText> PlaceValues(const std::string& resource_id,
                                      const domain::PlaceRecord& record, NullableText parent);

}  // namespace timeline::storage::pg
