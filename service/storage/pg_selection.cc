#include "storage/pg_selection.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "domain/resource_name.h"
#include "storage/event_walk_sql.h"
#include "storage/geo_sql.h"
#include "storage/sql.h"

namespace timeline::storage::pg {

using domain::ResourceName;

namespace {

// Resource ids of `table` ("actors" or "places", the tables with live ids) -> internal ids of the
// live rows they stand for (a merged actor's or place's survivor), for those that exist and are
// not deleted.
std::map<std::string, int64_t> FoundIds(pqxx::transaction_base& txn, absl::string_view table,
                                        const std::vector<std::string>& ids) {
  std::map<std::string, int64_t> found;
  const char* statement =
      table == "actors" ? sql::kLiveActorIdsStatement : sql::kLivePlaceIdsStatement;
  for (const pqxx::row& r : txn.exec_prepared(statement, TextArrayLiteral(ids))) {
    if (!r[1].is_null()) found[r[0].as<std::string>()] = r[1].as<int64_t>();
  }
  return found;
}

}  // namespace

absl::StatusOr<std::vector<int64_t>> InternalIds(pqxx::transaction_base& txn,
                                                 absl::string_view table,
                                                 absl::string_view collection,
                                                 absl::string_view field,
                                                 const std::vector<std::string>& ids) {
  std::map<std::string, int64_t> found = FoundIds(txn, table, ids);
  std::vector<int64_t> out;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = found.find(ids[i]);
    if (it == found.end()) {
      return absl::NotFoundError(
          absl::StrCat(field, "[", i, "]: ", ResourceName(collection, ids[i]), " does not exist"));
    }
    out.push_back(it->second);
  }
  return out;
}

namespace {

// The internal ids of the actors and places a filter names, into `out`; NOT_FOUND naming the
// filter and the column of the first missing one, as the `actors`/`places` selectors report theirs.
absl::Status ResolveFilterNames(pqxx::transaction_base& txn, const domain::FilterExpr& filter,
                                ResolvedSelection& out) {
  struct Named {
    std::vector<std::string> ids;
    std::vector<int> columns;
  };
  Named actors, places;
  domain::ForEachRestriction(filter, [&](const domain::FilterRestriction& r) {
    Named* named = r.field == domain::FilterField::kActor   ? &actors
                   : r.field == domain::FilterField::kPlace ? &places
                                                            : nullptr;
    if (named == nullptr) return;
    named->ids.push_back(r.value);
    named->columns.push_back(r.column);
  });
  auto resolve = [&](const Named& named, absl::string_view table, absl::string_view collection,
                     std::map<std::string, int64_t>& ids) -> absl::Status {
    if (named.ids.empty()) return absl::OkStatus();
    ids = FoundIds(txn, table, named.ids);
    for (size_t i = 0; i < named.ids.size(); ++i) {
      if (!ids.contains(named.ids[i])) {
        return absl::NotFoundError(absl::StrCat("filter: column ", named.columns[i], ": ",
                                                ResourceName(collection, named.ids[i]),
                                                " does not exist"));
      }
    }
    return absl::OkStatus();
  };
  if (absl::Status s = resolve(actors, "actors", domain::kActors, out.filter_actor_ids); !s.ok()) {
    return s;
  }
  return resolve(places, "places", domain::kPlaces, out.filter_place_ids);
}

}  // namespace

absl::StatusOr<ResolvedSelection> ResolveSelection(pqxx::transaction_base& txn,
                                                   const domain::EventSelection& selection) {
  ResolvedSelection out;
  if (!selection.actor_ids.empty()) {
    absl::StatusOr<std::vector<int64_t>> ids =
        InternalIds(txn, "actors", domain::kActors, "actors", selection.actor_ids);
    if (!ids.ok()) return ids.status();
    out.actor_ids = *std::move(ids);
  }
  if (!selection.place_ids.empty()) {
    absl::StatusOr<std::vector<int64_t>> ids =
        InternalIds(txn, "places", domain::kPlaces, "places", selection.place_ids);
    if (!ids.ok()) return ids.status();
    out.place_ids = *std::move(ids);
  }
  if (selection.filter) {
    if (absl::Status s = ResolveFilterNames(txn, *selection.filter, out); !s.ok()) return s;
  }
  return out;
}

void CountWalkedLinks(pqxx::transaction_base& txn, const domain::EventQuery& q,
                      ResolvedSelection& ids) {
  if (!IsActorAndPlaceWalk(q, ids)) return;
  ids.actor_links_fewer = txn.exec_params1(sql::kActorLinksFewer, ids.actor_ids[0],
                                           ids.place_ids[0], sql::kLinkCountCap)[0]
                              .as<bool>();
}

void FindPlacesNear(pqxx::transaction_base& txn, const domain::EventQuery& q,
                    ResolvedSelection& ids) {
  if (!IsNearWalk(q, ids)) return;
  QueryBuilder qb;
  // No ORDER BY: ordered by id, PostgreSQL may walk the primary key and test every point
  // instead of asking the GiST index for the few in the circle.
  const std::string statement = absl::StrCat(
      PlacesWithPointNear(qb, *q.selection.near, q.selection.include_imprecise_locations),
      " LIMIT ", kNearPlaceWalkCap + 1);
  std::vector<int64_t> places;
  for (const pqxx::row& r :
       txn.exec_params(statement, pqxx::prepare::make_dynamic_params(qb.params()))) {
    places.push_back(r[0].as<int64_t>());
  }
  if (places.size() > kNearPlaceWalkCap) return;
  std::sort(places.begin(), places.end());
  ids.near_place_ids = std::move(places);
}

void LookUpWalks(pqxx::transaction_base& txn, const domain::EventQuery& q, ResolvedSelection& ids) {
  CountWalkedLinks(txn, q, ids);
  FindPlacesNear(txn, q, ids);
}

}  // namespace timeline::storage::pg
