// The event row codec: how an event crosses into and out of its tables — the columns of an
// `events` row (EventColumn, in the order of sql::kEventColumns), the reader of a row and its
// links, and the writers: INSERT and UPDATE for single calls, COPY for ingested batches. Every
// event → column mapping is written here once. Internal to storage/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/event_record.h"
#include "pqxx/pqxx"
#include "storage/pg_values.h"
#include "timeline/v1/event.pb.h"

namespace timeline::storage::pg {

// The columns of sql::kEventColumns, in order.
enum EventColumn : int {
  kId,
  kResourceId,
  kTitle,
  kSummary,
  kEventType,
  kStartMicros,
  kEndMicros,
  kPrecision,
  kTimeZone,
  kTimeText,
  kFatalitiesLow,
  kFatalitiesBest,
  kFatalitiesHigh,
  kInjuredLow,
  kInjuredBest,
  kInjuredHigh,
  kCreateMicros,
  kUpdateMicros,
  kDeleteMicros,
  kRevision,
  kSortTime,
  kMergedInto,
  kEventColumnCount
};

struct EventRow {
  int64_t id;
  std::optional<std::string> sort_key;
  v1::Event event;
};

// --- Reading ---

// The event of a row that starts with sql::kEventColumns; its links are loaded separately.
EventRow ReadEventRow(const pqxx::row& r);
// Fills actors, places, sources and external ids of `rows` with four queries in all.
void LoadEventChildren(pqxx::transaction_base& txn, std::vector<EventRow>& rows);
// The whole event, or none.
std::optional<EventRow> FindEvent(pqxx::transaction_base& txn, absl::string_view id,
                                  bool for_update);
absl::Status EventNotFound(absl::string_view id);
// ABORTED: the caller's etag is not the event's.
absl::Status StaleEtag(absl::string_view expected, const v1::Event& event);

// --- Writing one event ---

// Inserts the event row; its internal id, or none when the resource id is taken.
std::optional<int64_t> InsertEvent(pqxx::transaction_base& txn, absl::string_view resource_id,
                                   const domain::EventRecord& record);
// Writes the links of a new event; a missing referenced resource fails naming its field.
absl::Status WriteEventLinks(pqxx::transaction_base& txn, int64_t event_id,
                             const domain::EventRecord& record);
// Rewrites the row and the links of event `event_id` (a new revision).
absl::Status RewriteEvent(pqxx::transaction_base& txn, int64_t event_id,
                          const domain::EventRecord& record);

// --- Writing many new events (ingestion) ---

struct CopiedEvent {
  int64_t id;  // from sql::kNextEventIds
  std::string resource_id;
  const domain::EventRecord* record;
  // The internal ids of what the record links, one per record.actors / places / sources entry.
  std::vector<int64_t> actor_ids, place_ids, source_ids;
  std::string content_hash;  // hex
};
// Writes the events, their links and external ids with COPY, and a "created" change each.
void CopyEvents(pqxx::transaction_base& txn, const std::vector<CopiedEvent>& events);

}  // namespace timeline::storage::pg
