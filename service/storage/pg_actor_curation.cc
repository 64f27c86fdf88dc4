// PgRepository's curation of actors: UpdateActor, DeleteActor, MergeActors and SplitActor. Each is
// one curating transaction (begin_registry_curation first), locks the rows it changes in id
// order, logs its changes with the caller's reason and touches the events whose output changed.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/resource_name.h"
#include "storage/actor_curation_sql.h"
#include "storage/db_enums.h"
#include "storage/pg_actor_roles.h"
#include "storage/pg_curation_support.h"
#include "storage/pg_directory_rows.h"
#include "storage/pg_repository.h"
#include "storage/pg_transaction.h"
#include "storage/query_builder.h"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

using domain::kActors;
using domain::ResourceName;
using pg::ActorRow;

struct StoredActor {
  int64_t id;
  v1::Actor actor;
};

std::optional<StoredActor> FindActor(pqxx::transaction_base& txn, absl::string_view id) {
  pqxx::result r = txn.exec_params(sql::ActorByResourceId(), std::string(id));
  if (r.empty()) return std::nullopt;
  ActorRow row = pg::ReadActorRow(r[0]);
  const int64_t internal_id = row.id;
  return StoredActor{internal_id, std::move(pg::FinishActors(txn, {std::move(row)})[0])};
}

absl::Status ActorNotFound(absl::string_view field, absl::string_view id) {
  return absl::NotFoundError(absl::StrCat(field.empty() ? "" : absl::StrCat(field, ": "),
                                          ResourceName(kActors, id), " does not exist"));
}

// FAILED_PRECONDITION for a tombstone, saying what became of it.
absl::Status NotLive(const v1::Actor& actor, absl::string_view verb) {
  if (!actor.merged_into().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        actor.name(), " was merged into ", actor.merged_into(), " and cannot be ", verb));
  }
  return absl::FailedPreconditionError(
      absl::StrCat(actor.name(), " is deleted and cannot be ", verb));
}

// What a live actor's checks before a change find wrong, if anything.
absl::Status CheckLive(const v1::Actor& actor, absl::string_view expected_etag,
                       absl::string_view verb) {
  if (actor.has_delete_time()) return NotLive(actor, verb);
  if (!expected_etag.empty() && expected_etag != actor.etag()) {
    return pg::StaleRegistryEtag(expected_etag, actor.name(), actor.etag());
  }
  return absl::OkStatus();
}

void LogChange(pqxx::transaction_base& txn, int64_t actor_id, absl::string_view kind,
               absl::string_view reason, absl::string_view merged_into = "") {
  txn.exec_params(sql::kLogActorChange, actor_id, std::string(kind), std::string(reason),
                  std::string(merged_into));
}

// "12 events, such as events/a, events/b": the count and up to three examples of referrers
// that `statement` selects (count, resource id), or nothing when there are none.
std::optional<std::string> Referrers(pqxx::transaction_base& txn, const char* statement,
                                     int64_t actor_id, absl::string_view collection,
                                     absl::string_view noun) {
  pqxx::result r = txn.exec_params(statement, actor_id);
  if (r.empty()) return std::nullopt;
  std::vector<std::string> examples;
  for (const pqxx::row& row : r) examples.push_back(ResourceName(collection, row[1].c_str()));
  return absl::StrCat(r[0][0].as<int64_t>(), " ", noun, ", such as ",
                      absl::StrJoin(examples, ", "));
}

absl::Status WriteActorFields(pqxx::dbtransaction& txn, int64_t actor_id,
                              const domain::ActorRecord& record) {
  try {
    pqxx::subtransaction sub(txn, "update_actor");
    sub.exec_params(sql::kUpdateActorFields, actor_id, record.display_name,
                    EnumToDb(v1::ActorKind_descriptor(), record.kind), record.country_code,
                    record.wikidata_id, record.description);
    sub.commit();
  } catch (const pqxx::unique_violation&) {
    return absl::AlreadyExistsError(absl::StrCat("actor.wikidata_id: ", record.wikidata_id,
                                                 " already belongs to another actor"));
  }
  txn.exec_params(sql::kDeleteActorNames, actor_id);
  for (size_t i = 0; i < record.names.size(); ++i) {
    const domain::NameRecord& n = record.names[i];
    txn.exec_prepared("insert_actor_name", actor_id, static_cast<int>(i), n.name, n.language,
                      n.match_key);
  }
  return pg::WriteActorRoles(txn, actor_id, record.roles, "actor");
}

// Whether `record` says what `actor` already says: then an update changes nothing.
bool RecordMatches(const domain::ActorRecord& record, const v1::Actor& actor) {
  absl::StatusOr<domain::ActorRecord> current = domain::ActorRecordFromProto(actor, "actor");
  return current.ok() && *current == record;
}

}  // namespace

absl::StatusOr<v1::Actor> PgRepository::UpdateActor(const CallContext& ctx, absl::string_view id,
                                                    absl::string_view expected_etag,
                                                    const ActorMutation& mutation,
                                                    absl::string_view reason) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Actor> {
        txn.exec(sql::kBeginActorCuration);
        txn.exec_params(sql::kLockActorsInOrder, TextArrayLiteral({std::string(id)}));
        std::optional<StoredActor> stored = FindActor(txn, id);
        if (!stored) return ActorNotFound("", id);
        if (absl::Status s = CheckLive(stored->actor, expected_etag, "updated"); !s.ok()) return s;
        absl::StatusOr<domain::ActorRecord> record = mutation(stored->actor);
        if (!record.ok()) return record.status();
        if (RecordMatches(*record, stored->actor)) return std::move(stored->actor);
        if (absl::Status s = WriteActorFields(txn, stored->id, *record); !s.ok()) return s;
        LogChange(txn, stored->id, "updated", reason);
        // Events show their actors' display names.
        if (record->display_name != stored->actor.display_name()) {
          txn.exec_params(sql::kTouchEventsOfActor, stored->id);
        }
        return std::move(FindActor(txn, id)->actor);
      });
}

absl::StatusOr<v1::Actor> PgRepository::DeleteActor(const CallContext& ctx, absl::string_view id,
                                                    absl::string_view expected_etag,
                                                    absl::string_view reason) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Actor> {
        txn.exec(sql::kBeginActorCuration);
        txn.exec_params(sql::kLockActorsInOrder, TextArrayLiteral({std::string(id)}));
        std::optional<StoredActor> stored = FindActor(txn, id);
        if (!stored) return ActorNotFound("", id);
        if (absl::Status s = CheckLive(stored->actor, expected_etag, "deleted"); !s.ok()) return s;
        std::vector<std::string> referrers;
        if (auto events = Referrers(txn, sql::kLiveEventsNamingActor, stored->id, domain::kEvents,
                                    "events")) {
          referrers.push_back(absl::StrCat("is named by ", *events));
        }
        if (auto actors =
                Referrers(txn, sql::kLiveActorsWithRoleIn, stored->id, kActors, "actors")) {
          referrers.push_back(absl::StrCat("is the organization of roles of ", *actors));
        }
        if (!referrers.empty()) {
          return absl::FailedPreconditionError(
              absl::StrCat(stored->actor.name(), " ", absl::StrJoin(referrers, " and "),
                           "; it can be deleted once nothing refers to it (or merged instead)"));
        }
        txn.exec_params(sql::kMarkActorDeleted, stored->id, "");
        txn.exec_params(sql::kDeleteActorNames, stored->id);
        LogChange(txn, stored->id, "deleted", reason);
        return std::move(FindActor(txn, id)->actor);
      });
}

absl::StatusOr<v1::Actor> PgRepository::MergeActors(const CallContext& ctx, absl::string_view id,
                                                    absl::string_view into,
                                                    absl::string_view expected_etag,
                                                    absl::string_view expected_into_etag,
                                                    absl::string_view reason) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Actor> {
        txn.exec(sql::kBeginActorCuration);
        txn.exec_params(sql::kLockActorsInOrder,
                        TextArrayLiteral({std::string(id), std::string(into)}));
        std::optional<StoredActor> merged = FindActor(txn, id);
        if (!merged) return ActorNotFound("name", id);
        std::optional<StoredActor> survivor = FindActor(txn, into);
        if (!survivor) return ActorNotFound("into", into);
        // A retried merge finds its own result.
        if (merged->actor.merged_into() == survivor->actor.name()) {
          return std::move(survivor->actor);
        }
        if (merged->id == survivor->id) {
          return absl::FailedPreconditionError(
              absl::StrCat(merged->actor.name(), " cannot be merged into itself"));
        }
        if (absl::Status s = CheckLive(merged->actor, expected_etag, "merged"); !s.ok()) return s;
        if (absl::Status s = CheckLive(survivor->actor, expected_into_etag, "merged into");
            !s.ok()) {
          return s;
        }
        const int64_t merge =
            txn.exec_params1(sql::kOpenActorMerge, merged->id, survivor->id)[0].as<int64_t>();
        txn.exec_params(sql::kRecordMergedNames, merge, merged->id, survivor->id);
        txn.exec_params(sql::kRecordMergedLinks, merge, merged->id, survivor->id);
        txn.exec_params(sql::kGiveMergedNames, merge, survivor->id);
        txn.exec_params(sql::kDeleteActorNames, merged->id);
        txn.exec_params(sql::kDropFoldedLinks, merge, merged->id);
        txn.exec_params(sql::kMoveMergedLinks, merged->id, survivor->id);
        const std::string survivor_id(into);
        txn.exec_params(sql::kMarkActorDeleted, merged->id, survivor_id);
        txn.exec_params(sql::kBumpActor, survivor->id);
        LogChange(txn, merged->id, "merged", reason, survivor_id);
        LogChange(txn, survivor->id, "updated", reason);
        txn.exec_params(sql::kTouchMergedEvents, merge);
        return std::move(FindActor(txn, into)->actor);
      });
}

absl::StatusOr<v1::Actor> PgRepository::SplitActor(const CallContext& ctx, absl::string_view id,
                                                   absl::string_view reason) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Actor> {
        txn.exec(sql::kBeginActorCuration);
        std::optional<StoredActor> merged = FindActor(txn, id);
        if (!merged) return ActorNotFound("", id);
        if (merged->actor.merged_into().empty()) {
          return absl::FailedPreconditionError(
              absl::StrCat(merged->actor.name(), " is not merged into another actor"));
        }
        // What the merge moved is now held by the survivor, or by the actor the survivor was
        // merged into since; nothing holds it when that one was deleted.
        const std::string survivor_id = domain::ResourceIdOf(merged->actor.merged_into());
        pqxx::result holder_row = txn.exec_params(sql::kLiveActorOf, survivor_id);
        std::vector<std::string> locked = {std::string(id)};
        if (!holder_row.empty()) locked.push_back(holder_row[0][1].as<std::string>());
        txn.exec_params(sql::kLockActorsInOrder, TextArrayLiteral(locked));
        pqxx::result open = txn.exec_params(sql::kFindOpenActorMerge, merged->id);
        if (open.empty()) {
          return absl::FailedPreconditionError(
              absl::StrCat(merged->actor.name(), " has no merge to undo"));
        }
        const int64_t merge = open[0][0].as<int64_t>();
        std::vector<int64_t> touched;
        if (!holder_row.empty()) {
          const int64_t holder = holder_row[0][0].as<int64_t>();
          txn.exec_params(sql::kTakeBackNames, merge, holder);
          for (int64_t e :
               pg::IdColumn(txn.exec_params(sql::kReturnMovedLinks, merge, merged->id, holder))) {
            touched.push_back(e);
          }
          for (int64_t e :
               pg::IdColumn(txn.exec_params(sql::kRestoreFoldedLinks, merge, merged->id, holder))) {
            touched.push_back(e);
          }
          txn.exec_params(sql::kBumpActor, holder);
          LogChange(txn, holder, "updated", reason);
        }
        txn.exec_params(sql::kRestoreNames, merge, merged->id);
        txn.exec_params(sql::kReviveActor, merged->id);
        txn.exec_params(sql::kCloseActorMerge, merge);
        LogChange(txn, merged->id, "split", reason);
        txn.exec_params(sql::kTouchEvents, IdArrayLiteral(touched));
        return std::move(FindActor(txn, id)->actor);
      });
}

}  // namespace timeline::storage
