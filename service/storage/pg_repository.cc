#include "storage/pg_repository.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/field_checks.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "google/protobuf/util/message_differencer.h"
#include "pqxx/pqxx"
#include "storage/db_enums.h"
#include "storage/event_query_sql.h"
#include "storage/pg_actor_roles.h"
#include "storage/pg_directory_rows.h"
#include "storage/pg_event_rows.h"
#include "storage/pg_name_resolver.h"
#include "storage/pg_place_time_zones.h"
#include "storage/pg_request_ids.h"
#include "storage/pg_selection.h"
#include "storage/pg_transaction.h"
#include "storage/pg_values.h"
#include "storage/place_query_sql.h"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

using namespace pg;  // NOLINT: the shared pieces of this implementation
using domain::kActors;
using domain::kEvents;
using domain::kPlaces;
using domain::kSources;
using domain::ResourceName;

// A page of places nearest first: the next page continues after the last place's distance
// (as PostgreSQL printed it) and internal id.
Page<v1::Place> NearestPlacesPage(pqxx::transaction_base& txn, const pqxx::result& result,
                                  std::vector<PlaceRow> rows, int page_size) {
  Page<v1::Place> page;
  if (static_cast<int>(rows.size()) > page_size) {
    rows.resize(page_size);
    domain::PageCursor next;
    next.sort_key = result[page_size - 1][kDistanceColumn].as<std::string>();
    next.last_id = rows.back().id;
    page.next = next;
  }
  page.items = FinishPlaces(txn, std::move(rows));
  return page;
}

// Name-list paging: ranked searches page by offset, plain listings by the last resource id.
template <typename T>
Page<T> MakeNamePage(std::vector<T> items, const domain::NameQuery& q, bool ranked, auto last_key) {
  Page<T> page;
  if (static_cast<int>(items.size()) > q.page_size) {
    items.resize(q.page_size);
    domain::PageCursor next;
    if (ranked) {
      next.offset = (q.after ? q.after->offset : 0) + q.page_size;
    } else {
      next.sort_key = last_key(items.back());
    }
    page.next = next;
  }
  page.items = std::move(items);
  return page;
}

void PrepareStatements(pqxx::connection& c) {
  {
    pqxx::nontransaction t(c);
    t.exec(sql::kSessionSettings);
  }
  c.prepare("insert_event", sql::kInsertEvent);
  c.prepare("update_event", sql::kUpdateEvent);
  c.prepare("mark_event_deleted", sql::kMarkEventDeleted);
  c.prepare("delete_event_actors", sql::kDeleteEventActors);
  c.prepare("delete_event_places", sql::kDeleteEventPlaces);
  c.prepare("delete_event_sources", sql::kDeleteEventSources);
  c.prepare("delete_external_ids", sql::kDeleteExternalIds);
  c.prepare("insert_event_actor", sql::kInsertEventActor);
  c.prepare("insert_event_place", sql::kInsertEventPlace);
  c.prepare("insert_event_source", sql::kInsertEventSource);
  c.prepare("insert_external_id", sql::kInsertExternalId);
  c.prepare("external_id_owner", sql::kExternalIdOwner);
  c.prepare("insert_change", sql::kInsertChange);
  c.prepare("lock_request", sql::kLockRequest);
  c.prepare("find_request", sql::kFindRequest);
  c.prepare("record_request", sql::kRecordRequest);
  c.prepare("insert_actor", sql::kInsertActor);
  c.prepare("insert_actor_name", sql::kInsertActorName);
  c.prepare("insert_place", sql::kInsertPlace);
  c.prepare("insert_place_name", sql::kInsertPlaceName);
  c.prepare("place_internal_id", sql::kPlaceInternalId);
  c.prepare("insert_source", sql::kInsertSource);
  // What every read runs (a call's start, its ids, a page's children): planning the children's
  // four-way UNION afresh took about as long as running it for a page of 50.
  c.prepare(sql::kStartCallStatement, sql::kStartCall);
  c.prepare(sql::kEventChildrenStatement, sql::EventChildrenOf(/*by_key=*/false));
  c.prepare(sql::kEventChildrenByKeyStatement, sql::EventChildrenOf(/*by_key=*/true));
  c.prepare(sql::kLiveActorIdsStatement, sql::LiveIdsOf("actors"));
  c.prepare(sql::kLivePlaceIdsStatement, sql::LiveIdsOf("places"));
  PrepareIngestStatements(c);
}

// --- ListEvents SQL -----------------------------------------------------------------------------

}  // namespace

PgRepository::PgRepository(std::string database_url, PoolOptions pool)
    : pool_(database_url, pool,
            [this](pqxx::connection& c) {
              statements_.Reset(c);
              PrepareStatements(c);
            }),
      names_(std::make_unique<pg::NameCache>()),
      database_url_(std::move(database_url)) {}

// --- Events -------------------------------------------------------------------------------------

absl::StatusOr<v1::Event> PgRepository::GetEvent(const CallContext& ctx, absl::string_view id) {
  return InTransaction(pool_, cancel_watcher_, ctx,
                       [&](pqxx::work& txn) -> absl::StatusOr<v1::Event> {
                         std::optional<EventRow> row = FindEvent(txn, id, /*for_update=*/false);
                         if (!row) return EventNotFound(id);
                         return std::move(row->event);
                       });
}

absl::StatusOr<Page<v1::Event>> PgRepository::ListEvents(const CallContext& ctx,
                                                         const domain::EventQuery& q) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, SelectionCost(q.selection),
      [&](pqxx::work& txn) -> absl::StatusOr<Page<v1::Event>> {
        absl::StatusOr<ResolvedSelection> ids = ResolveSelection(txn, q.selection);
        if (!ids.ok()) return ids.status();
        LookUpWalks(txn, q, *ids);
        ListEventsSql statements = BuildListEventsSql(q, *ids);
        if (statements.generic_plan) txn.exec(sql::kUseGenericPlans);
        std::vector<EventRow> rows;
        for (const auto& statement : {statements.dated, statements.unresolved}) {
          // Unresolved events follow the dated ones, so they are needed only while the page has
          // room.
          if (!statement || static_cast<int>(rows.size()) > q.page_size) continue;
          for (const pqxx::row& r : statements_.Exec(txn, *statement, statements.prepare)) {
            EventRow row = ReadEventRow(r);
            row.sort_key = std::nullopt;
            if (!r[kOrderKeyColumn].is_null()) row.sort_key = r[kOrderKeyColumn].as<std::string>();
            rows.push_back(std::move(row));
          }
        }
        Page<v1::Event> page;
        if (static_cast<int>(rows.size()) > q.page_size) {
          rows.resize(q.page_size);
          domain::PageCursor next;
          next.sort_key = rows.back().sort_key;
          next.last_id = rows.back().id;
          page.next = next;
        }
        LoadEventChildren(txn, rows);
        for (EventRow& row : rows) {
          domain::PageCursor cursor;
          cursor.sort_key = row.sort_key;
          cursor.last_id = row.id;
          page.item_cursors.push_back(std::move(cursor));
          page.items.push_back(std::move(row.event));
        }
        return page;
      });
}

absl::StatusOr<v1::Event> PgRepository::CreateEvent(const CallContext& ctx, absl::string_view id,
                                                    const domain::EventRecord& record,
                                                    absl::string_view request_id) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Event> {
        // Links by resource name must not resolve while a curation retires what they name.
        txn.exec(sql::kBeginRegistryUse);
        if (auto earlier = EarlierRequest(txn, "CreateEvent", request_id)) {
          std::optional<EventRow> row = FindEvent(txn, domain::ResourceIdOf(*earlier), false);
          if (!row) return EventNotFound(domain::ResourceIdOf(*earlier));
          return std::move(row->event);
        }
        std::optional<int64_t> inserted = InsertEvent(txn, id, record);
        if (!inserted) {
          return absl::AlreadyExistsError(
              absl::StrCat(ResourceName(kEvents, id), " already exists"));
        }
        const int64_t event_id = *inserted;
        if (absl::Status s = WriteEventLinks(txn, event_id, record); !s.ok()) return s;
        txn.exec_prepared("insert_change", event_id, "created");
        RecordRequest(txn, "CreateEvent", request_id, ResourceName(kEvents, id));
        return std::move(FindEvent(txn, id, false)->event);
      });
}

absl::StatusOr<v1::Event> PgRepository::UpdateEvent(const CallContext& ctx, absl::string_view id,
                                                    absl::string_view expected_etag,
                                                    const EventMutation& mutation) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Event> {
        // Before the event's row lock: a curation holding this lock may be waiting for it.
        txn.exec(sql::kBeginRegistryUse);
        std::optional<EventRow> row = FindEvent(txn, id, /*for_update=*/true);
        if (!row) return EventNotFound(id);
        if (row->event.has_delete_time()) {
          return absl::FailedPreconditionError(
              absl::StrCat(row->event.name(), " is deleted and cannot be updated"));
        }
        if (!expected_etag.empty() && expected_etag != row->event.etag()) {
          return StaleEtag(expected_etag, row->event);
        }
        absl::StatusOr<domain::EventRecord> record = mutation(row->event);
        if (!record.ok()) return record.status();
        if (domain::RecordMatchesEvent(*record, row->event)) return std::move(row->event);
        if (absl::Status s = RewriteEvent(txn, row->id, *record); !s.ok()) return s;
        txn.exec_prepared("insert_change", row->id, "updated");
        return std::move(FindEvent(txn, id, false)->event);
      });
}

absl::StatusOr<v1::Event> PgRepository::DeleteEvent(const CallContext& ctx, absl::string_view id,
                                                    absl::string_view expected_etag) {
  return InTransaction(pool_, cancel_watcher_, ctx,
                       [&](pqxx::work& txn) -> absl::StatusOr<v1::Event> {
                         std::optional<EventRow> row = FindEvent(txn, id, /*for_update=*/true);
                         if (!row) return EventNotFound(id);
                         // Deleting twice returns the tombstone: a retried delete is not an error.
                         if (row->event.has_delete_time()) return std::move(row->event);
                         if (!expected_etag.empty() && expected_etag != row->event.etag()) {
                           return StaleEtag(expected_etag, row->event);
                         }
                         txn.exec_prepared("mark_event_deleted", row->id);
                         txn.exec_prepared("insert_change", row->id, "deleted");
                         return std::move(FindEvent(txn, id, false)->event);
                       });
}

// --- Actors -------------------------------------------------------------------------------------

absl::StatusOr<v1::Actor> PgRepository::GetActor(const CallContext& ctx, absl::string_view id) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Actor> {
        pqxx::result r = txn.exec_params(sql::ActorByResourceId(), std::string(id));
        if (r.empty()) {
          return absl::NotFoundError(absl::StrCat(ResourceName(kActors, id), " does not exist"));
        }
        return FinishActors(txn, {ReadActorRow(r[0])})[0];
      });
}

absl::StatusOr<Page<v1::Actor>> PgRepository::ListActors(const CallContext& ctx,
                                                         const domain::NameQuery& q) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<Page<v1::Actor>> {
        const bool ranked = !q.match_key.empty();
        pqxx::result r;
        if (ranked) {
          r = txn.exec_params(sql::SearchActors(), q.match_key, EscapeLike(q.match_key),
                              q.after ? q.after->offset : 0, q.page_size + 1);
        } else {
          r = txn.exec_params(sql::ActorsAfter(), q.after ? q.after->sort_key.value_or("") : "",
                              q.page_size + 1);
        }
        std::vector<ActorRow> rows;
        for (const pqxx::row& row : r) rows.push_back(ReadActorRow(row));
        return MakeNamePage(FinishActors(txn, std::move(rows)), q, ranked,
                            [](const v1::Actor& a) { return domain::ResourceIdOf(a.name()); });
      });
}

absl::StatusOr<v1::Actor> PgRepository::CreateActor(const CallContext& ctx, absl::string_view id,
                                                    const domain::ActorRecord& record,
                                                    absl::string_view request_id) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Actor> {
        std::string resource_id(id);
        if (auto earlier = EarlierRequest(txn, "CreateActor", request_id)) {
          resource_id = domain::ResourceIdOf(*earlier);
        } else {
          pqxx::result inserted;
          try {
            pqxx::subtransaction sub(txn, "insert_actor");
            inserted =
                sub.exec_prepared("insert_actor", resource_id, record.display_name,
                                  EnumToDb(v1::ActorKind_descriptor(), record.kind),
                                  record.country_code, record.wikidata_id, record.description);
            sub.commit();
          } catch (const pqxx::unique_violation&) {
            return absl::AlreadyExistsError(absl::StrCat("actor.wikidata_id: ", record.wikidata_id,
                                                         " already belongs to another actor"));
          }
          if (inserted.empty()) {
            return absl::AlreadyExistsError(
                absl::StrCat(ResourceName(kActors, id), " already exists"));
          }
          const int64_t actor_id = inserted[0][0].as<int64_t>();
          for (size_t i = 0; i < record.names.size(); ++i) {
            const domain::NameRecord& n = record.names[i];
            txn.exec_prepared("insert_actor_name", actor_id, i, n.name, n.language, n.match_key);
          }
          if (absl::Status s = WriteActorRoles(txn, actor_id, record.roles, "actor"); !s.ok()) {
            return s;
          }
          RecordRequest(txn, "CreateActor", request_id, ResourceName(kActors, id));
        }
        pqxx::result r = txn.exec_params(sql::ActorByResourceId(), resource_id);
        return FinishActors(txn, {ReadActorRow(r.at(0))})[0];
      });
}

// --- Places -------------------------------------------------------------------------------------

absl::StatusOr<v1::Place> PgRepository::GetPlace(const CallContext& ctx, absl::string_view id) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Place> {
        pqxx::result r = txn.exec_params(sql::PlaceByResourceId(), std::string(id));
        if (r.empty()) {
          return absl::NotFoundError(absl::StrCat(ResourceName(kPlaces, id), " does not exist"));
        }
        return FinishPlaces(txn, {ReadPlaceRow(r[0])})[0];
      });
}

absl::StatusOr<Page<v1::Place>> PgRepository::ListPlaces(const CallContext& ctx,
                                                         const domain::NameQuery& q) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<Page<v1::Place>> {
        std::optional<int64_t> parent;
        if (!q.parent_id.empty()) {
          pqxx::result p = txn.exec_prepared("place_internal_id", q.parent_id);
          if (p.empty()) {
            return absl::NotFoundError(
                absl::StrCat("parent: ", ResourceName(kPlaces, q.parent_id), " does not exist"));
          }
          parent = p[0][0].as<int64_t>();
        }
        const SqlWithParams statement = BuildListPlacesSql(q, parent);
        pqxx::result r =
            txn.exec_params(statement.sql, pqxx::prepare::make_dynamic_params(statement.params));
        std::vector<PlaceRow> rows;
        for (const pqxx::row& row : r) rows.push_back(ReadPlaceRow(row));
        if (q.near) return NearestPlacesPage(txn, r, std::move(rows), q.page_size);
        return MakeNamePage(FinishPlaces(txn, std::move(rows)), q, !q.match_key.empty(),
                            [](const v1::Place& p) { return domain::ResourceIdOf(p.name()); });
      });
}

absl::StatusOr<v1::Place> PgRepository::CreatePlace(const CallContext& ctx, absl::string_view id,
                                                    const domain::PlaceRecord& record,
                                                    absl::string_view request_id) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Place> {
        std::string resource_id(id);
        if (auto earlier = EarlierRequest(txn, "CreatePlace", request_id)) {
          resource_id = domain::ResourceIdOf(*earlier);
        } else {
          NullableText parent;
          std::optional<int64_t> parent_row;
          if (!record.parent_id.empty()) {
            pqxx::result p = txn.exec_prepared("place_internal_id", record.parent_id);
            if (p.empty()) {
              return domain::InvalidField(
                  "place.parent",
                  absl::StrCat(ResourceName(kPlaces, record.parent_id), " does not exist"));
            }
            parent.value = p[0][0].as<std::string>();
            parent_row = p[0][0].as<int64_t>();
          }
          // A place created without a zone takes the one the zone rules give.
          const std::vector<NullableText> values =
              PlaceValues(resource_id, WithTimeZone(txn, record, parent_row), parent);
          pqxx::result inserted;
          try {
            pqxx::subtransaction sub(txn, "insert_place");
            inserted = ExecWith(sub, "insert_place", values);
            sub.commit();
          } catch (const pqxx::unique_violation&) {
            return absl::AlreadyExistsError(absl::StrCat("place.geonames_id: GeoNames id ",
                                                         record.geonames_id,
                                                         " already belongs to another place"));
          }
          if (inserted.empty()) {
            return absl::AlreadyExistsError(
                absl::StrCat(ResourceName(kPlaces, id), " already exists"));
          }
          const int64_t place_id = inserted[0][0].as<int64_t>();
          for (size_t i = 0; i < record.names.size(); ++i) {
            const domain::NameRecord& n = record.names[i];
            txn.exec_prepared("insert_place_name", place_id, i, n.name, n.language, n.match_key);
          }
          RecordRequest(txn, "CreatePlace", request_id, ResourceName(kPlaces, id));
        }
        pqxx::result r = txn.exec_params(sql::PlaceByResourceId(), resource_id);
        return FinishPlaces(txn, {ReadPlaceRow(r.at(0))})[0];
      });
}

// --- Sources ------------------------------------------------------------------------------------

absl::StatusOr<v1::Source> PgRepository::GetSource(const CallContext& ctx, absl::string_view id) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Source> {
        pqxx::result r = txn.exec_params(sql::SourceByResourceId(), std::string(id));
        if (r.empty()) {
          return absl::NotFoundError(absl::StrCat(ResourceName(kSources, id), " does not exist"));
        }
        return ReadSourceRow(r[0]);
      });
}

absl::StatusOr<Page<v1::Source>> PgRepository::ListSources(const CallContext& ctx,
                                                           const domain::NameQuery& q) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<Page<v1::Source>> {
        pqxx::result r = txn.exec_params(
            sql::SourcesAfter(), q.after ? q.after->sort_key.value_or("") : "", q.page_size + 1);
        std::vector<v1::Source> items;
        for (const pqxx::row& row : r) items.push_back(ReadSourceRow(row));
        return MakeNamePage(std::move(items), q, /*ranked=*/false,
                            [](const v1::Source& s) { return domain::ResourceIdOf(s.name()); });
      });
}

absl::StatusOr<v1::Source> PgRepository::CreateSource(const CallContext& ctx, absl::string_view id,
                                                      const domain::SourceRecord& record,
                                                      absl::string_view request_id) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Source> {
        std::string resource_id(id);
        if (auto earlier = EarlierRequest(txn, "CreateSource", request_id)) {
          resource_id = domain::ResourceIdOf(*earlier);
        } else {
          std::vector<NullableText> values = {{resource_id},
                                              {record.url},
                                              {record.publisher},
                                              {record.language},
                                              NullableMicros(record.published_time),
                                              {record.title}};
          pqxx::result inserted;
          try {
            pqxx::subtransaction sub(txn, "insert_source");
            inserted = ExecWith(sub, "insert_source", values);
            sub.commit();
          } catch (const pqxx::unique_violation&) {
            return absl::AlreadyExistsError(
                absl::StrCat("source.url: ", domain::Quoted(record.url), " is already a source"));
          }
          if (inserted.empty()) {
            return absl::AlreadyExistsError(
                absl::StrCat(ResourceName(kSources, id), " already exists"));
          }
          RecordRequest(txn, "CreateSource", request_id, ResourceName(kSources, id));
        }
        pqxx::result r = txn.exec_params(sql::SourceByResourceId(), resource_id);
        return ReadSourceRow(r.at(0));
      });
}

absl::Status PgRepository::Ping(const CallContext& ctx) {
  absl::StatusOr<bool> ok =
      InTransaction(pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<bool> {
        txn.exec(sql::kPing);
        return true;
      });
  return ok.status();
}

absl::Status PgRepository::DatabaseHealth() {
  std::call_once(probe_started_, [&] { probe_ = std::make_unique<HealthProbe>(database_url_); });
  // Waits only for the very first probe.
  return probe_->Status(absl::Now() + absl::Seconds(3));
}

}  // namespace timeline::storage
