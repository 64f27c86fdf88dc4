// The directory's row codecs: how actors, places and sources come out of their rows (with names,
// ancestors, etags and tombstone marks) and how a place goes into one. Internal to storage/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/directory_records.h"
#include "pqxx/pqxx"
#include "storage/pg_values.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/place.pb.h"
#include "timeline/v1/source.pb.h"

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
  kActorRevision,
  kActorCreateMicros,
  kActorUpdateMicros,
  kActorDeleteMicros,
  kActorMergedInto,
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
  kPlaceRevision,
  kPlaceCreateMicros,
  kPlaceUpdateMicros,
  kPlaceDeleteMicros,
  kPlaceMergedInto,
  kPlaceColumnCount
};

struct PlaceRow {
  int64_t id;
  v1::Place place;
};
// A row of sql::kPlaceColumns; names and ancestors are added by FinishPlaces.
PlaceRow ReadPlaceRow(const pqxx::row& r);
std::vector<v1::Place> FinishPlaces(pqxx::transaction_base& txn, std::vector<PlaceRow> rows);

// The columns of sql::kSourceColumns, in order.
enum SourceColumn : int {
  kSourceId,
  kSourceResourceId,
  kSourceUrl,
  kSourcePublisher,
  kSourceLanguage,
  kSourcePublishedMicros,
  kSourceTitle,
  kSourceRevision,
  kSourceCreateMicros,
  kSourceUpdateMicros,
  kSourceDeleteMicros,
  kSourceColumnCount
};

// A row of sql::kSourceColumns.
v1::Source ReadSourceRow(const pqxx::row& r);

// The etag of a registry row (or an event) at `revision`.
std::string RevisionEtag(int64_t revision);

// The parameters of sql::kInsertPlace; `parent` is the parent's internal id or NULL.
std::vector<NullableText> PlaceValues(const std::string& resource_id,
                                      const domain::PlaceRecord& record, NullableText parent);

}  // namespace timeline::storage::pg
