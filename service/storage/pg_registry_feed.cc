// PgRepository's registry change feed: the change log's actor and place entries, read for
// WatchActors and WatchPlaces the way pg_change_feed.cc reads the events' for WatchEvents.
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/resource_name.h"
#include "storage/pg_directory_rows.h"
#include "storage/pg_repository.h"
#include "storage/pg_transaction.h"
#include "storage/pg_values.h"
#include "storage/query_builder.h"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

// The entries of one subject column (actor_id, place_id) of the log in positions ($1, $2], of
// the rows whose resource ids are in $3 (every row when $3 is NULL), in order.
std::string ChangesOf(absl::string_view subject, absl::string_view table) {
  return absl::StrCat(R"sql(
  SELECT c.position, c.kind, epoch_us(c.change_time), coalesce(c.principal, ''),
         coalesce(c.request_id, ''), coalesce(c.reason, ''), coalesce(c.merged_into, ''), c.)sql",
                      subject, R"sql(
    FROM changes c
   WHERE c.position > $1::bigint AND c.position <= $2::bigint AND c.)sql",
                      subject, R"sql( IS NOT NULL
     AND ($3::text[] IS NULL OR c.)sql",
                      subject, " IN (SELECT id FROM ", table,
                      R"sql( WHERE resource_id = ANY($3::text[])))
   ORDER BY c.position)sql");
}

enum ChangeColumn : int {
  kPosition,
  kKind,
  kChangeMicros,
  kPrincipal,
  kRequestId,
  kReason,
  kMergedInto,
  kSubjectId
};

// The rows the changes are about, as they are now, by internal id.
std::unordered_map<int64_t, v1::Actor> ActorsById(pqxx::transaction_base& txn,
                                                  const std::vector<int64_t>& ids) {
  static const auto* sql = new std::string(
      absl::StrCat("SELECT ", sql::kActorColumns, " FROM actors a WHERE a.id = ANY($1::bigint[])"));
  std::vector<pg::ActorRow> rows;
  for (const pqxx::row& r : txn.exec_params(*sql, IdArrayLiteral(ids))) {
    rows.push_back(pg::ReadActorRow(r));
  }
  std::vector<int64_t> order;
  for (const pg::ActorRow& row : rows) order.push_back(row.id);
  std::vector<v1::Actor> actors = pg::FinishActors(txn, std::move(rows));
  std::unordered_map<int64_t, v1::Actor> out;
  for (size_t i = 0; i < order.size(); ++i) out[order[i]] = std::move(actors[i]);
  return out;
}

std::unordered_map<int64_t, v1::Place> PlacesById(pqxx::transaction_base& txn,
                                                  const std::vector<int64_t>& ids) {
  static const auto* sql = new std::string(absl::StrCat(
      "SELECT ", sql::kPlaceColumns, sql::kPlaceFrom, " WHERE p.id = ANY($1::bigint[])"));
  std::vector<pg::PlaceRow> rows;
  for (const pqxx::row& r : txn.exec_params(*sql, IdArrayLiteral(ids))) {
    rows.push_back(pg::ReadPlaceRow(r));
  }
  std::vector<int64_t> order;
  for (const pg::PlaceRow& row : rows) order.push_back(row.id);
  std::vector<v1::Place> places = pg::FinishPlaces(txn, std::move(rows));
  std::unordered_map<int64_t, v1::Place> out;
  for (size_t i = 0; i < order.size(); ++i) out[order[i]] = std::move(places[i]);
  return out;
}

// Reads the entries of one subject after `after` (up to `limit` positions of the whole log).
template <typename Resource, typename LoadRows>
absl::StatusOr<RegistryChangeBatch<Resource>> ReadRegistryChanges(
    pqxx::transaction_base& txn, absl::string_view subject, absl::string_view table,
    absl::string_view collection, const std::vector<std::string>& resource_ids, int64_t after,
    int limit, LoadRows load_rows) {
  RegistryChangeBatch<Resource> batch;
  pqxx::result end = txn.exec_params(sql::kChangeScanEnd, after, limit);
  batch.scanned_to = end[0][0].is_null() ? after : end[0][0].as<int64_t>();
  if (batch.scanned_to == after) return batch;
  const pg::NullableText ids =
      resource_ids.empty() ? pg::NullableText{} : pg::NullableText{TextArrayLiteral(resource_ids)};
  pqxx::result changes =
      txn.exec_params(ChangesOf(subject, table), after, batch.scanned_to, ids.get());
  std::vector<int64_t> subject_ids;
  for (const pqxx::row& r : changes) subject_ids.push_back(r[kSubjectId].as<int64_t>());
  if (subject_ids.empty()) return batch;
  auto rows = load_rows(txn, subject_ids);
  for (const pqxx::row& r : changes) {
    auto found = rows.find(r[kSubjectId].as<int64_t>());
    if (found == rows.end()) continue;
    RegistryChange<Resource> change;
    change.position = r[kPosition].as<int64_t>();
    change.kind = r[kKind].as<std::string>();
    change.change_time = absl::FromUnixMicros(r[kChangeMicros].as<int64_t>());
    change.resource = found->second;
    change.principal = r[kPrincipal].as<std::string>();
    change.request_id = r[kRequestId].as<std::string>();
    change.reason = r[kReason].as<std::string>();
    if (std::string into = r[kMergedInto].as<std::string>(); !into.empty()) {
      change.merged_into = domain::ResourceName(collection, into);
    }
    batch.changes.push_back(std::move(change));
  }
  return batch;
}

}  // namespace

absl::StatusOr<RegistryChangeBatch<v1::Actor>> PgRepository::ReadActorChanges(
    const CallContext& ctx, const std::vector<std::string>& actor_ids, int64_t after, int limit) {
  return pg::InTransaction(pool_, cancel_watcher_, ctx,
                           [&](pqxx::work& txn) -> absl::StatusOr<RegistryChangeBatch<v1::Actor>> {
                             return ReadRegistryChanges<v1::Actor>(txn, "actor_id", "actors",
                                                                   domain::kActors, actor_ids,
                                                                   after, limit, ActorsById);
                           });
}

absl::StatusOr<RegistryChangeBatch<v1::Place>> PgRepository::ReadPlaceChanges(
    const CallContext& ctx, const std::vector<std::string>& place_ids, int64_t after, int limit) {
  return pg::InTransaction(pool_, cancel_watcher_, ctx,
                           [&](pqxx::work& txn) -> absl::StatusOr<RegistryChangeBatch<v1::Place>> {
                             return ReadRegistryChanges<v1::Place>(txn, "place_id", "places",
                                                                   domain::kPlaces, place_ids,
                                                                   after, limit, PlacesById);
                           });
}

}  // namespace timeline::storage
