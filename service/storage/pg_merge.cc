// PgRepository::MergeEvents: two reports of one happening become one event.
#include "absl/strings/str_cat.h"
#include "domain/event_record.h"
#include "domain/resource_name.h"
#include "google/protobuf/util/message_differencer.h"
#include "storage/pg_event_rows.h"
#include "storage/pg_repository.h"
#include "storage/pg_transaction.h"
#include "storage/pg_values.h"
#include "storage/query_builder.h"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

using pg::EventRow;

// `into` with what `merged` adds: actors and places in roles it lacks, sources it does not cite
// with the same words. Its own title, time and counts stay.
v1::Event Absorb(v1::Event into, const v1::Event& merged) {
  using google::protobuf::util::MessageDifferencer;
  auto contains = [](const auto& list, const auto& item) {
    for (const auto& x : list) {
      if (MessageDifferencer::Equals(x, item)) return true;
    }
    return false;
  };
  for (v1::EventActor a : merged.actors()) {
    a.clear_display_name();
    bool known = false;
    for (const auto& x : into.actors()) known |= x.actor() == a.actor() && x.role() == a.role();
    if (!known) *into.add_actors() = a;
  }
  for (v1::EventPlace p : merged.places()) {
    p.clear_display_name();
    bool known = false;
    for (const auto& x : into.places()) known |= x.place() == p.place() && x.role() == p.role();
    if (!known) *into.add_places() = p;
  }
  for (const v1::EventSource& s : merged.sources()) {
    if (!contains(into.sources(), s)) *into.add_sources() = s;
  }
  return into;
}

}  // namespace

absl::StatusOr<v1::Event> PgRepository::MergeEvents(const CallContext& ctx, absl::string_view id,
                                                    absl::string_view into,
                                                    absl::string_view expected_etag,
                                                    absl::string_view expected_into_etag) {
  return pg::InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<v1::Event> {
        txn.exec_params(sql::kLockEventsInOrder,
                        TextArrayLiteral({std::string(id), std::string(into)}));
        std::optional<EventRow> merged = pg::FindEvent(txn, id, /*for_update=*/false);
        if (!merged) return pg::EventNotFound(id);
        std::optional<EventRow> survivor = pg::FindEvent(txn, into, /*for_update=*/false);
        if (!survivor) {
          return absl::NotFoundError(absl::StrCat(
              "into: ", domain::ResourceName(domain::kEvents, into), " does not exist"));
        }
        // A retried merge finds its own result.
        if (merged->event.merged_into() == survivor->event.name()) {
          return std::move(survivor->event);
        }
        for (const EventRow* row : {&*merged, &*survivor}) {
          if (row->event.has_delete_time()) {
            return absl::FailedPreconditionError(
                absl::StrCat(row->event.name(), " is deleted and cannot be merged"));
          }
        }
        if (!expected_etag.empty() && expected_etag != merged->event.etag()) {
          return pg::StaleEtag(expected_etag, merged->event);
        }
        if (!expected_into_etag.empty() && expected_into_etag != survivor->event.etag()) {
          return pg::StaleEtag(expected_into_etag, survivor->event);
        }
        v1::Event combined = Absorb(survivor->event, merged->event);
        absl::StatusOr<domain::EventRecord> record = domain::EventRecordFromProto(combined, "into");
        if (!record.ok()) return record.status();
        const bool survivor_changes = !domain::RecordMatchesEvent(*record, survivor->event);
        if (survivor_changes) {
          if (absl::Status s = pg::RewriteEvent(txn, survivor->id, *record); !s.ok()) return s;
        }
        txn.exec_params(sql::kMarkEventMerged, merged->id, std::string(into));
        if (survivor_changes) txn.exec_prepared("insert_change", survivor->id, "updated");
        txn.exec_prepared("insert_change", merged->id, "merged");
        return std::move(pg::FindEvent(txn, into, false)->event);
      });
}

}  // namespace timeline::storage
