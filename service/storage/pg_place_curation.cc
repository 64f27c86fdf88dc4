// PgRepository's curating calls on places: UpdatePlace (a new parent moves the subtree),
// DeletePlace, MergePlaces and SplitPlace. Each is one curating transaction; the set-based work on
// the closure, scopes and links is done by the schema's functions (migrations/0011).
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "storage/pg_curation_support.h"
#include "storage/pg_directory_rows.h"
#include "storage/pg_repository.h"
#include "storage/pg_transaction.h"
#include "storage/place_source_curation_sql.h"
#include "storage/query_builder.h"

namespace timeline::storage {
namespace {

using domain::kPlaces;
using domain::ResourceName;
using pg::PlaceRow;

// The place `id`, locked for the transaction, with its names and ancestors.
std::optional<PlaceRow> LockPlace(pqxx::transaction_base& txn, absl::string_view id) {
  pqxx::result r = txn.exec_params(sql::PlaceForUpdate(), std::string(id));
  if (r.empty()) return std::nullopt;
  PlaceRow row = pg::ReadPlaceRow(r[0]);
  row.place = pg::FinishPlaces(txn, {row})[0];
  return row;
}

v1::Place Reread(pqxx::transaction_base& txn, absl::string_view id) {
  pqxx::result r = txn.exec_params(sql::PlaceByResourceId(), std::string(id));
  return pg::FinishPlaces(txn, {pg::ReadPlaceRow(r.at(0))})[0];
}

absl::Status NoSuchPlace(absl::string_view field, absl::string_view id) {
  return absl::NotFoundError(absl::StrCat(field.empty() ? "" : absl::StrCat(field, ": "),
                                          ResourceName(kPlaces, id), " does not exist"));
}

bool IsTombstone(const v1::Place& p) { return p.has_delete_time(); }

// FAILED_PRECONDITION for curating a deleted or merged place.
absl::Status TombstoneRefusal(const v1::Place& p, absl::string_view doing) {
  if (!p.merged_into().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(p.name(), " was merged into ", p.merged_into(), " and cannot be ", doing));
  }
  return absl::FailedPreconditionError(absl::StrCat(p.name(), " is deleted and cannot be ", doing));
}

absl::Status CheckEtag(absl::string_view expected, const v1::Place& p) {
  if (expected.empty() || expected == p.etag()) return absl::OkStatus();
  return pg::StaleRegistryEtag(expected, p.name(), p.etag());
}

void Append(std::vector<int64_t>& to, const std::vector<int64_t>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

// What an update changes, each part with its own consequences.
struct PlaceEdit {
  bool row = false;           // any column of places
  bool parent = false;        // the place moves, with its subtree
  bool display_name = false;  // its events show the new name
  bool names = false;         // place_names is rewritten
  bool any() const { return row || names; }
};

bool SameNames(const v1::Place& current, const domain::PlaceRecord& r) {
  if (current.names_size() != static_cast<int>(r.names.size())) return false;
  for (size_t i = 0; i < r.names.size(); ++i) {
    const v1::PlaceName& n = current.names(static_cast<int>(i));
    if (n.name() != r.names[i].name || n.language() != r.names[i].language) return false;
  }
  return true;
}

bool SameLocation(const v1::Place& current, const domain::PlaceRecord& r) {
  if (current.has_location() != r.location.has_value()) return false;
  if (!r.location) return true;
  return current.location().latitude() == r.location->latitude() &&
         current.location().longitude() == r.location->longitude() &&
         current.location_precision() == r.location_precision;
}

PlaceEdit Compare(const v1::Place& current, const domain::PlaceRecord& r) {
  PlaceEdit e;
  const std::string new_parent = r.parent_id.empty() ? "" : ResourceName(kPlaces, r.parent_id);
  e.parent = new_parent != current.parent();
  e.display_name = r.display_name != current.display_name();
  e.names = !SameNames(current, r);
  e.row = e.parent || e.display_name || r.kind != current.kind() ||
          r.country_code != current.country_code() || r.geonames_id != current.geonames_id() ||
          !SameLocation(current, r) || r.time_zone != current.time_zone();
  return e;
}

// The internal id of the place `record.parent_id` names (nullopt for none), checked for being a
// parent of place `place_row`: INVALID_ARGUMENT on place.parent when it is missing, a tombstone
// or below the place.
absl::StatusOr<std::optional<int64_t>> ResolveParent(pqxx::transaction_base& txn,
                                                     const std::string& parent_id,
                                                     int64_t place_row,
                                                     const std::string& place_name) {
  if (parent_id.empty()) return std::nullopt;
  const std::string parent_name = ResourceName(kPlaces, parent_id);
  pqxx::result r = txn.exec_params(sql::kParentCandidate, parent_id);
  if (r.empty()) return domain::InvalidField("place.parent", parent_name + " does not exist");
  if (r[0][1].as<bool>()) {
    const std::string into = r[0][2].as<std::string>();
    return domain::InvalidField("place.parent", into.empty()
                                                    ? absl::StrCat(parent_name, " is deleted")
                                                    : absl::StrCat(parent_name, " was merged into ",
                                                                   ResourceName(kPlaces, into),
                                                                   "; name that place instead"));
  }
  const int64_t parent_row = r[0][0].as<int64_t>();
  if (txn.exec_params1(sql::kPlaceIsBelow, parent_row, place_row)[0].as<bool>()) {
    return domain::InvalidField("place.parent",
                                absl::StrCat(parent_name, " lies below ", place_name,
                                             " (or is it); a place cannot move below itself"));
  }
  return parent_row;
}

// Writes the record over the place's row; ALREADY_EXISTS on place.geonames_id when another place
// has that GeoNames id.
absl::Status WritePlaceRow(pqxx::work& txn, absl::string_view id, const domain::PlaceRecord& record,
                           std::optional<int64_t> parent) {
  pg::NullableText parent_value;
  if (parent) parent_value.value = pqxx::to_string(*parent);
  try {
    pqxx::subtransaction sub(txn, "update_place");
    pg::ExecParams(sub, sql::kUpdatePlace,
                   pg::PlaceValues(std::string(id), record, std::move(parent_value)));
    sub.commit();
  } catch (const pqxx::unique_violation&) {
    return absl::AlreadyExistsError(absl::StrCat("place.geonames_id: GeoNames id ",
                                                 record.geonames_id,
                                                 " already belongs to another place"));
  }
  return absl::OkStatus();
}

void WritePlaceNames(pqxx::transaction_base& txn, int64_t place_row,
                     const std::vector<domain::NameRecord>& names) {
  txn.exec_params(sql::kDeletePlaceNames, place_row);
  for (size_t i = 0; i < names.size(); ++i) {
    const domain::NameRecord& n = names[i];
    txn.exec_prepared("insert_place_name", place_row, i, n.name, n.language, n.match_key);
  }
}

void LogPlaceChange(pqxx::transaction_base& txn, int64_t place_row, absl::string_view kind,
                    absl::string_view reason, absl::string_view merged_into = "") {
  txn.exec_params(sql::kLogPlaceChange, place_row, std::string(kind), std::string(reason),
                  std::string(merged_into));
}

// The refusal of deleting a place something still refers to; empty when nothing does.
std::string PlaceReferrers(pqxx::transaction_base& txn, const PlaceRow& row) {
  std::vector<std::string> parts;
  for (std::string part : {pg::DescribeReferrers(txn.exec_params(sql::kEventsAtPlace, row.id),
                                                 row.place.name(), "is named by", "events"),
                           pg::DescribeReferrers(txn.exec_params(sql::kPlacesBelowPlace, row.id),
                                                 row.place.name(), "is the parent of", "places")}) {
    if (!part.empty()) parts.push_back(std::move(part));
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace

absl::StatusOr<v1::Place> PgRepository::UpdatePlace(const CallContext& ctx, absl::string_view id,
                                                    absl::string_view expected_etag,
                                                    const PlaceMutation& mutation,
                                                    absl::string_view reason) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Place> {
        txn.exec(sql::kBeginRegistryCuration);
        std::optional<PlaceRow> row = LockPlace(txn, id);
        if (!row) return NoSuchPlace("", id);
        if (IsTombstone(row->place)) return TombstoneRefusal(row->place, "updated");
        if (absl::Status s = CheckEtag(expected_etag, row->place); !s.ok()) return s;
        absl::StatusOr<domain::PlaceRecord> record = mutation(row->place);
        if (!record.ok()) return record.status();
        const PlaceEdit edit = Compare(row->place, *record);
        if (!edit.any()) return std::move(row->place);

        absl::StatusOr<std::optional<int64_t>> parent =
            ResolveParent(txn, record->parent_id, row->id, row->place.name());
        if (!parent.ok()) return parent.status();
        if (absl::Status s = WritePlaceRow(txn, id, *record, *parent); !s.ok()) return s;
        std::vector<int64_t> touched;
        if (edit.parent)
          Append(touched, pg::IdColumn(txn.exec_params(sql::kPlaceSubtreeMoved, row->id)));
        if (edit.names) WritePlaceNames(txn, row->id, record->names);
        if (edit.display_name) {
          Append(touched, pg::IdColumn(txn.exec_params(sql::kEventIdsAtPlace, row->id)));
        }
        // Only the name list changed: the row still gets its new revision.
        if (!edit.row) txn.exec_params(sql::kBumpPlace, row->id);
        pg::TouchEvents(txn, touched);
        LogPlaceChange(txn, row->id, "updated", reason);
        return Reread(txn, id);
      });
}

absl::StatusOr<v1::Place> PgRepository::DeletePlace(const CallContext& ctx, absl::string_view id,
                                                    absl::string_view expected_etag,
                                                    absl::string_view reason) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Place> {
        txn.exec(sql::kBeginRegistryCuration);
        std::optional<PlaceRow> row = LockPlace(txn, id);
        if (!row) return NoSuchPlace("", id);
        if (IsTombstone(row->place)) return TombstoneRefusal(row->place, "deleted");
        if (absl::Status s = CheckEtag(expected_etag, row->place); !s.ok()) return s;
        if (std::string refusal = PlaceReferrers(txn, *row); !refusal.empty()) {
          return absl::FailedPreconditionError(refusal);
        }
        txn.exec_params(sql::kMarkPlaceDeleted, row->id);
        txn.exec_params(sql::kDeletePlaceNames, row->id);
        LogPlaceChange(txn, row->id, "deleted", reason);
        return Reread(txn, id);
      });
}

absl::StatusOr<v1::Place> PgRepository::MergePlaces(const CallContext& ctx, absl::string_view id,
                                                    absl::string_view into,
                                                    absl::string_view expected_etag,
                                                    absl::string_view expected_into_etag,
                                                    absl::string_view reason) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Place> {
        txn.exec(sql::kBeginRegistryCuration);
        txn.exec_params(sql::kLockPlacesInOrder,
                        TextArrayLiteral({std::string(id), std::string(into)}));
        std::optional<PlaceRow> merged = LockPlace(txn, id);
        if (!merged) return NoSuchPlace("", id);
        std::optional<PlaceRow> survivor = LockPlace(txn, into);
        if (!survivor) return NoSuchPlace("into", into);
        // A retried merge finds its own result.
        if (merged->place.merged_into() == survivor->place.name()) {
          return std::move(survivor->place);
        }
        if (merged->id == survivor->id) {
          return absl::FailedPreconditionError(
              absl::StrCat("into: names ", merged->place.name(),
                           " itself; a place cannot be merged into itself"));
        }
        for (const PlaceRow* row : {&*merged, &*survivor}) {
          if (IsTombstone(row->place)) return TombstoneRefusal(row->place, "merged");
        }
        if (absl::Status s = CheckEtag(expected_etag, merged->place); !s.ok()) return s;
        if (absl::Status s = CheckEtag(expected_into_etag, survivor->place); !s.ok()) return s;
        if (txn.exec_params1(sql::kPlaceIsBelow, survivor->id, merged->id)[0].as<bool>()) {
          return absl::FailedPreconditionError(
              absl::StrCat("into: ", survivor->place.name(), " lies below ", merged->place.name(),
                           "; move it elsewhere first, or merge the other way"));
        }
        std::vector<int64_t> touched = pg::IdColumn(
            txn.exec_params(sql::kMergePlace, merged->id, survivor->id, std::string(reason)));
        txn.exec_params(sql::kMarkPlaceMerged, merged->id, std::string(into));
        txn.exec_params(sql::kBumpPlace, survivor->id);
        LogPlaceChange(txn, merged->id, "merged", reason, into);
        LogPlaceChange(txn, survivor->id, "updated", reason);
        pg::TouchEvents(txn, touched);
        return Reread(txn, into);
      });
}

absl::StatusOr<v1::Place> PgRepository::SplitPlace(const CallContext& ctx, absl::string_view id,
                                                   absl::string_view reason) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Place> {
        txn.exec(sql::kBeginRegistryCuration);
        std::optional<PlaceRow> merged = LockPlace(txn, id);
        if (!merged) return NoSuchPlace("", id);
        if (merged->place.merged_into().empty()) {
          return absl::FailedPreconditionError(absl::StrCat(
              merged->place.name(),
              IsTombstone(merged->place) ? " was deleted, not merged" : " is not merged",
              "; only a merge can be split"));
        }
        pqxx::result record = txn.exec_params(sql::kMergeSurvivor, merged->id);
        if (record.empty()) {
          return absl::FailedPreconditionError(
              absl::StrCat(merged->place.name(), " has no record of its merge to undo"));
        }
        std::optional<PlaceRow> survivor = LockPlace(txn, record[0][0].as<std::string>());
        if (IsTombstone(survivor->place)) {
          return absl::FailedPreconditionError(absl::StrCat(
              merged->place.name(), " was merged into ", survivor->place.name(), ", which ",
              survivor->place.merged_into().empty()
                  ? "has been deleted since"
                  : absl::StrCat("has been merged into ", survivor->place.merged_into(),
                                 " since; split ", survivor->place.name(), " first")));
        }
        std::vector<int64_t> touched =
            pg::IdColumn(txn.exec_params(sql::kSplitPlace, merged->id, std::string(reason)));
        txn.exec_params(sql::kMarkPlaceRevived, merged->id);
        txn.exec_params(sql::kBumpPlace, survivor->id);
        LogPlaceChange(txn, merged->id, "split", reason);
        LogPlaceChange(txn, survivor->id, "updated", reason);
        pg::TouchEvents(txn, touched);
        return Reread(txn, id);
      });
}

}  // namespace timeline::storage
