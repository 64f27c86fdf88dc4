// PgRepository's change log: reading it for WatchEvents, and the listener that wakes watchers.
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "domain/time_span.h"
#include "storage/event_query_sql.h"
#include "storage/pg_change_listener.h"
#include "storage/pg_event_rows.h"
#include "storage/pg_repository.h"
#include "storage/pg_selection.h"
#include "storage/pg_transaction.h"
#include "storage/sql.h"

namespace timeline::storage {

using pg::EventRow;
using pg::InTransaction;

namespace {

// The last position among the next `limit` after `after` (`after` itself when there are none).
int64_t ScanEnd(pqxx::transaction_base& txn, int64_t after, int limit) {
  pqxx::result r = txn.exec_params(sql::kChangeScanEnd, after, limit);
  return r[0][0].is_null() ? after : r[0][0].as<int64_t>();
}

}  // namespace

absl::StatusOr<ChangeBatch> PgRepository::ReadChanges(const CallContext& ctx,
                                                      const domain::EventSelection& selection,
                                                      int64_t after, int limit) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<ChangeBatch> {
        absl::StatusOr<ResolvedSelection> ids = pg::ResolveSelection(txn, selection);
        if (!ids.ok()) return ids.status();
        ChangeBatch batch;
        // Positions become visible in order (migrations/0003_change_feed.sql), so everything
        // up to the end of this scan is final: a later read never finds a lower position.
        batch.scanned_to = ScanEnd(txn, after, limit);
        if (batch.scanned_to == after) return batch;
        SqlWithParams statement = BuildReadChangesSql(selection, *ids, after, batch.scanned_to);
        std::vector<EventRow> rows;  // one per distinct event
        std::unordered_map<int64_t, size_t> row_of_event;
        struct Entry {
          int64_t position;
          std::string kind;
          absl::Time change_time;
          size_t row;
          std::string principal;
          std::string request_id;
        };
        std::vector<Entry> entries;
        for (const pqxx::row& r :
             txn.exec_params(statement.sql, pqxx::prepare::make_dynamic_params(statement.params))) {
          EventRow row = pg::ReadEventRow(r);
          auto [it, added] = row_of_event.try_emplace(row.id, rows.size());
          if (added) rows.push_back(std::move(row));
          entries.push_back({r[kChangePositionColumn].as<int64_t>(),
                             r[kChangeKindColumn].as<std::string>(),
                             absl::FromUnixMicros(r[kChangeMicrosColumn].as<int64_t>()), it->second,
                             r[kChangePrincipalColumn].as<std::string>(""),
                             r[kChangeRequestIdColumn].as<std::string>("")});
        }
        pg::LoadEventChildren(txn, rows);
        for (const Entry& e : entries) {
          batch.changes.push_back(
              {e.position, e.kind, e.change_time, rows[e.row].event, e.principal, e.request_id});
        }
        return batch;
      });
}

absl::StatusOr<int64_t> PgRepository::ChangePosition(const CallContext& ctx,
                                                     std::optional<absl::Time> since) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, [&](pqxx::work& txn) -> absl::StatusOr<int64_t> {
        if (!since) return txn.exec(sql::kLastChangePosition)[0][0].as<int64_t>();
        pqxx::result r = txn.exec_params(
            sql::kChangePositionBefore,
            domain::FormatRfc3339(
                domain::Micros(std::chrono::microseconds(absl::ToUnixMicros(*since)))));
        return r[0][0].as<int64_t>();
      });
}

std::unique_ptr<ChangeSubscription> PgRepository::ListenForChanges(
    std::function<void(int64_t position)> on_change) {
  return std::make_unique<ChangeListener>(database_url_, std::move(on_change));
}

}  // namespace timeline::storage
