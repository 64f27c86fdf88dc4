// The checks of a raw ingest record (IngestService), made while the stream is read and before any
// name is looked up, so that a rejected record never leaves a new actor or place behind. The
// size and UTF-8 checks of domain/request_limits.h come first: a record that fails them is
// rejected with those problems alone, its values never parsed. Each
// problem is an IngestNote naming its field under the record's path ("records[7].places[0].name").
#pragma once

#include <vector>

#include "absl/strings/string_view.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest {

// Every problem of an event record: its names, source and date as written, and everything
// CreateEvent checks of an event (domain/event_record.h).
std::vector<v1::IngestNote> CheckIngestRecord(const v1::IngestRecord& record,
                                              absl::string_view field);

// Checks of one gazetteer row for IngestPlaces: name, country_code, geonames_id and location are
// required there.
std::vector<v1::IngestNote> CheckGazetteerPlace(const v1::IngestPlace& place,
                                                absl::string_view field);

}  // namespace timeline::ingest
