#include "storage/pg_directory_rows.h"

#include <string_view>
#include <unordered_map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/resource_name.h"
#include "domain/time_span.h"
#include "normalize/script_of.h"
#include "storage/db_enums.h"
#include "storage/pg_actor_roles.h"
#include "storage/query_builder.h"
#include "storage/sql.h"

namespace timeline::storage::pg {

using domain::kActors;
using domain::kPlaces;
using domain::kSources;
using domain::ResourceName;

namespace {

// The columns each list has, counted at compile time: the enums and the SQL cannot drift apart.
constexpr int CountColumns(std::string_view list) {
  int commas = 0;
  int depth = 0;
  for (char c : list) {
    depth += (c == '(') - (c == ')');
    commas += c == ',' && depth == 0;
  }
  return commas + 1;
}
static_assert(CountColumns(sql::kActorColumns) == kActorColumnCount);
static_assert(CountColumns(sql::kPlaceColumns) == kPlaceColumnCount);
static_assert(CountColumns(sql::kSourceColumns) == kSourceColumnCount);

// The stamps every registry row has: etag, create, update and delete times.
template <typename Message>
void ReadStamps(const pqxx::row& r, int revision, Message& m) {
  m.set_etag(RevisionEtag(r[revision].as<int64_t>()));
  *m.mutable_create_time() = domain::ToTimestamp(*OptMicros(r[revision + 1]));
  *m.mutable_update_time() = domain::ToTimestamp(*OptMicros(r[revision + 2]));
  if (auto deleted = OptMicros(r[revision + 3])) {
    *m.mutable_delete_time() = domain::ToTimestamp(*deleted);
  }
}

template <typename Name>
void SetName(Name& n, const pqxx::row& r) {
  n.set_name(r[1].as<std::string>());
  n.set_language(r[2].as<std::string>());
  n.set_script(normalize::ScriptOf(n.name()));
}

}  // namespace

std::string RevisionEtag(int64_t revision) { return absl::StrCat("rev-", revision); }

ActorRow ReadActorRow(const pqxx::row& r) {
  ActorRow row{r[kActorId].as<int64_t>(), {}};
  row.actor.set_name(ResourceName(kActors, r[kActorResourceId].as<std::string>()));
  row.actor.set_display_name(r[kActorDisplayName].as<std::string>());
  row.actor.set_kind(
      static_cast<v1::ActorKind>(EnumFromDb(v1::ActorKind_descriptor(), r[kActorKind].c_str())));
  row.actor.set_country_code(r[kActorCountryCode].as<std::string>());
  row.actor.set_wikidata_id(r[kActorWikidataId].as<std::string>());
  row.actor.set_description(r[kActorDescription].as<std::string>());
  ReadStamps(r, kActorRevision, row.actor);
  if (std::string into = r[kActorMergedInto].as<std::string>(); !into.empty()) {
    row.actor.set_merged_into(ResourceName(kActors, into));
  }
  return row;
}

std::vector<v1::Actor> FinishActors(pqxx::transaction_base& txn, std::vector<ActorRow> rows) {
  std::unordered_map<int64_t, v1::Actor*> by_id;
  std::vector<int64_t> ids;
  for (ActorRow& row : rows) {
    by_id[row.id] = &row.actor;
    ids.push_back(row.id);
  }
  if (!ids.empty()) {
    for (const pqxx::row& r : txn.exec_params(sql::kActorNamesOf, IdArrayLiteral(ids))) {
      SetName(*by_id[r[0].as<int64_t>()]->add_names(), r);
    }
    AddActorRoles(txn, by_id);
  }
  std::vector<v1::Actor> out;
  for (ActorRow& row : rows) out.push_back(std::move(row.actor));
  return out;
}

PlaceRow ReadPlaceRow(const pqxx::row& r) {
  PlaceRow row{r[kPlaceId].as<int64_t>(), {}};
  v1::Place& p = row.place;
  p.set_name(ResourceName(kPlaces, r[kPlaceResourceId].as<std::string>()));
  p.set_display_name(r[kPlaceDisplayName].as<std::string>());
  p.set_kind(
      static_cast<v1::PlaceKind>(EnumFromDb(v1::PlaceKind_descriptor(), r[kPlaceKind].c_str())));
  if (!r[kPlaceParent].as<std::string>().empty()) {
    p.set_parent(ResourceName(kPlaces, r[kPlaceParent].as<std::string>()));
  }
  p.set_country_code(r[kPlaceCountryCode].as<std::string>());
  p.set_geonames_id(r[kPlaceGeoNamesId].as<int64_t>());
  if (!r[kPlaceLatitude].is_null()) {
    p.mutable_location()->set_latitude(r[kPlaceLatitude].as<double>());
    p.mutable_location()->set_longitude(r[kPlaceLongitude].as<double>());
  }
  p.set_location_precision(static_cast<v1::LocationPrecision>(
      EnumFromDb(v1::LocationPrecision_descriptor(), r[kPlaceLocationPrecision].c_str())));
  p.set_time_zone(r[kPlaceTimeZone].as<std::string>());
  ReadStamps(r, kPlaceRevision, p);
  if (std::string into = r[kPlaceMergedInto].as<std::string>(); !into.empty()) {
    p.set_merged_into(ResourceName(kPlaces, into));
  }
  return row;
}

std::vector<v1::Place> FinishPlaces(pqxx::transaction_base& txn, std::vector<PlaceRow> rows) {
  std::unordered_map<int64_t, v1::Place*> by_id;
  std::vector<int64_t> ids;
  for (PlaceRow& row : rows) {
    by_id[row.id] = &row.place;
    ids.push_back(row.id);
  }
  if (!ids.empty()) {
    const std::string id_array = IdArrayLiteral(ids);
    for (const pqxx::row& r : txn.exec_params(sql::kPlaceNamesOf, id_array)) {
      SetName(*by_id[r[0].as<int64_t>()]->add_names(), r);
    }
    for (const pqxx::row& r : txn.exec_params(sql::kPlaceAncestorsOf, id_array)) {
      by_id[r[0].as<int64_t>()]->add_ancestors(ResourceName(kPlaces, r[1].as<std::string>()));
    }
  }
  std::vector<v1::Place> out;
  for (PlaceRow& row : rows) out.push_back(std::move(row.place));
  return out;
}

v1::Source ReadSourceRow(const pqxx::row& r) {
  v1::Source s;
  s.set_name(ResourceName(kSources, r[kSourceResourceId].as<std::string>()));
  s.set_url(r[kSourceUrl].as<std::string>());
  s.set_publisher(r[kSourcePublisher].as<std::string>());
  s.set_language(r[kSourceLanguage].as<std::string>());
  if (auto t = OptMicros(r[kSourcePublishedMicros])) {
    *s.mutable_published_time() = domain::ToTimestamp(*t);
  }
  s.set_title(r[kSourceTitle].as<std::string>());
  ReadStamps(r, kSourceRevision, s);
  return s;
}

std::vector<NullableText> PlaceValues(const std::string& resource_id,
                                      const domain::PlaceRecord& record, NullableText parent) {
  auto coordinate = [&](double (v1::LatLng::*of)() const) {
    return record.location ? NullableText{pqxx::to_string(((*record.location).*of)())}
                           : NullableText{};
  };
  return {{resource_id},
          {record.display_name},
          {EnumToDb(v1::PlaceKind_descriptor(), record.kind)},
          std::move(parent),
          {record.country_code},
          {absl::StrCat(record.geonames_id)},
          coordinate(&v1::LatLng::latitude),
          coordinate(&v1::LatLng::longitude),
          {record.location ? EnumToDb(v1::LocationPrecision_descriptor(), record.location_precision)
                           : ""},
          {record.time_zone}};
}

}  // namespace timeline::storage::pg
