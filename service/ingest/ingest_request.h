// What an ingest stream brings to the use case (ingest_events.h, ingest_places.h): the stream's
// settings and its records, each with the problems found while the stream was read.
#pragma once

#include <string>
#include <vector>

#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest {

// One stream's settings.
struct IngestBatch {
  std::string request_id;  // AIP-155; empty for none
  // The stream of the same import this one comes after (IngestEventsRequest.after_request_id);
  // empty for none.
  std::string after_request_id;
  std::string records_hash;  // hex digest of the stream's records: a reused request_id must match
  bool validate_only = false;
  bool strict = false;
};

// An event record of a stream, with the problems CheckIngestRecord() found (none: acceptable).
struct IngestItem {
  v1::IngestRecord record;
  std::vector<v1::IngestNote> errors;
};

// A gazetteer row of a stream, with the problems CheckGazetteerPlace() found, and the alternate
// names ScreenAliases() dropped from it (ingest/alias_screening.h).
struct IngestPlaceItem {
  v1::IngestPlace place;
  std::vector<v1::IngestNote> errors;
  std::vector<v1::IngestNote> warnings;
};

}  // namespace timeline::ingest
