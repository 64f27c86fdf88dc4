// IngestTransaction over PostgreSQL: the operations of one ingest stream in its transaction —
// names through the NameResolver (pg_name_resolver.h), events found by external id, new events
// written with COPY (pg_event_rows.h), stored responses. It keeps the internal ids of what it
// resolved, so that the use case above deals in resource ids only. Internal to storage/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pqxx/pqxx"
#include "storage/ingest_transaction.h"
#include "storage/pg_name_resolver.h"

namespace timeline::storage::pg {

class PgIngestTransaction final : public IngestTransaction {
 public:
  // `shared` may be null (no names from earlier streams); `order` (may be null) is what the
  // stream waits for before deciding a name anew.
  PgIngestTransaction(pqxx::work& txn, bool strict, const NameCache* shared, StreamOrder* order)
      : txn_(txn), resolver_(txn, strict, shared, order) {}

  std::optional<StoredResponse> FindResponse(absl::string_view method,
                                             absl::string_view request_id) override;
  void RememberResponse(absl::string_view method, absl::string_view request_id,
                        const StoredResponse& response) override;
  ResolvedName ResolveActor(const v1::IngestActor& actor, bool create) override;
  ResolvedName ResolvePlace(const v1::IngestPlace& place, bool create) override;
  ResolvedName ResolveSource(const v1::IngestSource& source, bool create) override;
  std::map<ExternalKey, StoredEvent> FindEvents(const std::vector<ExternalKey>& keys) override;
  std::vector<std::string> CreateEvents(const std::vector<NewEvent>& events) override;
  bool UpdateEvent(const std::string& resource_id, domain::EventRecord& record,
                   const std::string& content_hash) override;
  std::vector<GazetteerUpsert> UpsertGazetteerPlaces(
      const std::vector<const v1::IngestPlace*>& rows) override;

  // Once the stream's work is done: refreshes planner statistics if it added many names.
  void Finish() { resolver_.AnalyzeIfGrown(); }
  // What the stream resolved, for NameCache::Add once it has committed.
  const std::vector<std::pair<std::string, NameResult>>& resolved() const {
    return resolver_.resolved();
  }
  // Whether gazetteer rows changed places (then names resolved earlier may resolve elsewhere).
  bool changed_places() const { return changed_places_; }

 private:
  ResolvedName Take(NameResult result, absl::string_view collection);

  pqxx::work& txn_;
  NameResolver resolver_;
  // "actors/x", "places/y", "sources/z" -> internal id, for every name resolved with create.
  std::map<std::string, int64_t> internal_ids_;
  bool changed_places_ = false;
};

}  // namespace timeline::storage::pg
