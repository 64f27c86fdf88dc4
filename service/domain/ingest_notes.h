// The vocabulary of IngestNote (timeline.v1.IngestResult errors and warnings): stable codes, the
// note itself, and the field path of a record in a stream. Shared by the ingest use case
// (service/ingest/) and the name resolution behind it (storage/pg_name_*), so both speak of a
// record's problems the same way.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::domain {

// Stable codes of IngestNote.code (documented in proto/timeline/v1/ingest.proto).
inline constexpr absl::string_view kNoteInvalidArgument = "INVALID_ARGUMENT";
inline constexpr absl::string_view kNoteNotFound = "NOT_FOUND";
inline constexpr absl::string_view kNoteUnknownName = "UNKNOWN_NAME";
inline constexpr absl::string_view kNoteDuplicateInBatch = "DUPLICATE_IN_BATCH";
inline constexpr absl::string_view kNoteDeleted = "DELETED";
inline constexpr absl::string_view kNoteMerged = "MERGED";
inline constexpr absl::string_view kNoteAmbiguousName = "AMBIGUOUS_NAME";
// A name linked to an actor or place whose name is similar, not equal (a spelling variant).
inline constexpr absl::string_view kNoteSimilarName = "SIMILAR_NAME";
inline constexpr absl::string_view kNoteNewActor = "NEW_ACTOR";
inline constexpr absl::string_view kNoteNewPlace = "NEW_PLACE";
inline constexpr absl::string_view kNoteUnresolvedDate = "UNRESOLVED_DATE";
inline constexpr absl::string_view kNoteNoExternalId = "NO_EXTERNAL_ID";
inline constexpr absl::string_view kNoteDateIgnored = "DATE_IGNORED";
inline constexpr absl::string_view kNoteDateAssumed = "DATE_ASSUMED";
// The record's places have no time zone (docs/places.md): its date is read in UTC.
inline constexpr absl::string_view kNoteNoTimeZone = "NO_TIME_ZONE";
// A gazetteer row's alternate name that is not a name, dropped from the row (ingest/
// alias_screening.h).
inline constexpr absl::string_view kNoteAliasSkipped = "ALIAS_SKIPPED";
// A gazetteer row merged into a place that events created (storage/pg_gazetteer.cc).
inline constexpr absl::string_view kNoteMergedIntoExisting = "MERGED_INTO_EXISTING";

v1::IngestNote Note(std::string field, absl::string_view code, std::string message);

// "records[7]": the field path of the record at `index` of a stream.
std::string RecordField(int index);

}  // namespace timeline::domain
