// Raw ingest records (IngestService): the checks made before any name is looked up, and the
// record's completion into an EventRecord once its names are resolved.
//
// A record passes CheckIngestRecord() before storage resolves or creates anything for it, so a
// rejected record never leaves a new actor or place behind. FinishIngestRecord() then reads the
// date expression (normalize/date/date_expression.h) in the zone of the record's place and
// builds the EventRecord that CreateEvent would store; the words of a date only ever warn.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/records.h"
#include "domain/time_span.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::domain {

// Stable codes of IngestNote.code.
inline constexpr absl::string_view kNoteInvalidArgument = "INVALID_ARGUMENT";
inline constexpr absl::string_view kNoteNotFound = "NOT_FOUND";
inline constexpr absl::string_view kNoteUnknownName = "UNKNOWN_NAME";
inline constexpr absl::string_view kNoteDuplicateInBatch = "DUPLICATE_IN_BATCH";
inline constexpr absl::string_view kNoteDeleted = "DELETED";
inline constexpr absl::string_view kNoteMerged = "MERGED";
inline constexpr absl::string_view kNoteAmbiguousName = "AMBIGUOUS_NAME";
inline constexpr absl::string_view kNoteNewActor = "NEW_ACTOR";
inline constexpr absl::string_view kNoteNewPlace = "NEW_PLACE";
inline constexpr absl::string_view kNoteUnresolvedDate = "UNRESOLVED_DATE";
inline constexpr absl::string_view kNoteNoExternalId = "NO_EXTERNAL_ID";
inline constexpr absl::string_view kNoteDateIgnored = "DATE_IGNORED";
inline constexpr absl::string_view kNoteDateAssumed = "DATE_ASSUMED";

v1::IngestNote Note(std::string field, absl::string_view code, std::string message);

// "records[7]": the field path of the record at `index` of a stream.
std::string RecordField(int index);

// Every problem of the record itself, each naming its field under `field` ("records[7]").
std::vector<v1::IngestNote> CheckIngestRecord(const v1::IngestRecord& record,
                                              absl::string_view field);

// The SHA-256 of a stream's settings and records, fed message by message: a request_id reused
// with another fingerprint is another stream, not a retry.
class StreamFingerprint {
 public:
  StreamFingerprint();
  ~StreamFingerprint();
  void Add(const google::protobuf::Message& message);
  void Add(absl::string_view bytes);
  std::string HexDigest();  // once, at the end

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Checks of one gazetteer row for IngestPlaces: name, country_code, geonames_id and location are
// required there.
std::vector<v1::IngestNote> CheckGazetteerPlace(const v1::IngestPlace& place,
                                                absl::string_view field);

// What storage found for a record's references.
struct ResolvedLinks {
  std::vector<std::string> actor_ids;  // one per record actor, in order
  std::vector<std::string> place_ids;  // one per record place, in order
  std::string source_id;               // empty when the record has no source
  std::string place_time_zone;         // the first place's zone (or its nearest ancestor's)
  std::optional<Micros> source_published_time;  // of the resolved source
};

struct FinishedRecord {
  EventRecord record;
  std::vector<v1::IngestNote> warnings;
};

// The record as an EventRecord, each actor and place linked once per role. For a record that
// passed CheckIngestRecord() it fails only on what resolution changed; then the violations name
// the record's fields.
absl::StatusOr<FinishedRecord> FinishIngestRecord(const v1::IngestRecord& record,
                                                  absl::string_view field,
                                                  const ResolvedLinks& links);

}  // namespace timeline::domain
