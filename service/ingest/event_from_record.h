// A raw ingest record completed into the EventRecord that CreateEvent would store, once storage
// has resolved its names: the date expression read in the zone of the record's place against the
// best reference time there is, each actor and place linked once per role. The words of a date
// only ever warn: a date that cannot be read leaves the event unresolved, never rejected.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/event_record.h"
#include "domain/time_span.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest {

// What storage found for a record's references.
struct ResolvedLinks {
  std::vector<std::string> actor_ids;  // one per record actor, in order
  std::vector<std::string> place_ids;  // one per record place, in order
  std::string source_id;               // empty when the record has no source
  std::string place_time_zone;         // the first place's zone (or its nearest ancestor's)
  std::optional<domain::Micros> source_published_time;  // of the resolved source
};

struct FinishedRecord {
  domain::EventRecord record;
  std::vector<v1::IngestNote> warnings;
};

// The record as an EventRecord. For a record that passed CheckIngestRecord() it fails only on
// what resolution changed; then the violations name the record's fields.
absl::StatusOr<FinishedRecord> FinishIngestRecord(const v1::IngestRecord& record,
                                                  absl::string_view field,
                                                  const ResolvedLinks& links);

}  // namespace timeline::ingest
