// What the ingest use case (service/ingest/) asks of the database inside one stream's
// transaction: narrow operations with plain names, in resource ids, never SQL or internal ids.
// Repository::RunIngest opens the transaction; PgIngestTransaction implements it.
//
// Operations throw on database errors (the transaction then rolls back and RunIngest maps the
// error to a status), so the use case reads as the sequence of its rules.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "domain/event_record.h"
#include "domain/time_span.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::storage {

// What one name of a record (an actor, a place, a source) resolved to.
struct ResolvedName {
  // Empty when the name is rejected, or (on a dry pass) would be created.
  std::string resource_id;
  std::optional<v1::IngestNote> error;   // field relative to the name ("name", "place")
  std::vector<v1::IngestNote> warnings;  // how the name was linked or created; field empty
  std::string time_zone;                 // places: their own zone or their nearest ancestor's
  std::optional<domain::Micros> published_time;  // sources
};

// (system, id) of an external id.
using ExternalKey = std::pair<std::string, std::string>;

// An event found by one of its external ids.
struct StoredEvent {
  std::string resource_id;
  std::string content_hash;  // of the record that last wrote it (hex), empty if written otherwise
  bool deleted = false;
  std::string merged_into;  // resource id of the event it was merged into, if it was
};

// A new event for CreateEvents.
struct NewEvent {
  const domain::EventRecord* record;  // every reference resolved in this transaction
  std::string content_hash;           // hex
  std::string preferred_id;           // used when free; empty or taken: a random id
};

// What a gazetteer row did.
struct GazetteerUpsert {
  v1::IngestResult::Outcome outcome = v1::IngestResult::OUTCOME_UNSPECIFIED;
  std::string resource_id;
  std::vector<v1::IngestNote> warnings;  // a merge, an ambiguity
  std::optional<v1::IngestNote> error;   // set: the row is refused (a country code no country has)
};

// A stream's stored response (AIP-155).
struct StoredResponse {
  std::string records_hash;  // hex: which records it answered
  std::string response;      // the serialized response message
};

class IngestTransaction {
 public:
  virtual ~IngestTransaction() = default;

  // The response stored for (method, request_id), after waiting for any stream that runs with
  // the same request id now.
  virtual std::optional<StoredResponse> FindResponse(absl::string_view method,
                                                     absl::string_view request_id) = 0;
  // Stores a response for a later retry (kept a week).
  virtual void RememberResponse(absl::string_view method, absl::string_view request_id,
                                const StoredResponse& response) = 0;

  // Finds the actor, place or source a record names; with `create`, creates what is missing
  // (the rules of normalize/name_resolution.h), else only says whether the name is acceptable.
  virtual ResolvedName ResolveActor(const v1::IngestActor& actor, bool create) = 0;
  virtual ResolvedName ResolvePlace(const v1::IngestPlace& place, bool create) = 0;
  virtual ResolvedName ResolveSource(const v1::IngestSource& source, bool create) = 0;

  // The events that have any of these external ids, locked until the stream ends: a stream that
  // asks for one of them meanwhile waits until then.
  virtual std::map<ExternalKey, StoredEvent> FindEvents(const std::vector<ExternalKey>& keys) = 0;
  // Writes new events with their links, external ids and change-log rows; returns their
  // resource ids, in order.
  virtual std::vector<std::string> CreateEvents(const std::vector<NewEvent>& events) = 0;
  // Rewrites the event with `record`, keeping external ids it has beyond the record's (they are
  // added to `record`); returns whether anything changed (a change-log row then says so).
  virtual bool UpdateEvent(const std::string& resource_id, domain::EventRecord& record,
                           const std::string& content_hash) = 0;

  // Gazetteer rows, as if one after the other: each updates the place with its GeoNames id, or
  // gives an existing place the row is (normalize/gazetteer_merge.h) the row's id, names, zone
  // and point, or becomes a new place under its country. One answer per row, in order.
  virtual std::vector<GazetteerUpsert> UpsertGazetteerPlaces(
      const std::vector<const v1::IngestPlace*>& rows) = 0;
};

}  // namespace timeline::storage
