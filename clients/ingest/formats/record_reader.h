// Readers of the input formats timeline-ingest understands, one record at a time.
//
// Every reader turns one line (or one CSV record, which may span lines) of its format into an
// IngestRecord (events) or an IngestPlace (gazetteer rows), mapping the format's columns onto
// the ingest API as documented in clients/ingest/README.md. A malformed line does not stop the
// reader: it comes back as an error item carrying its line number, and reading goes on.
//
// Readers hold one record in memory at a time, whatever the file's size.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest {

enum class Format {
  kJsonLines,  // one IngestRecord per line, in proto JSON
  kAcled,      // ACLED CSV export: the current lower-case layout or the pre-2019 upper-case one
  kUcdpGed,    // UCDP GED CSV
  kGdelt,      // GDELT 2.0 events: 61 tab-separated columns, no header
  kGeoNames,   // GeoNames gazetteer dump (cities15000 etc.): 19 tab-separated columns → places
};

// "jsonl", "acled", "ucdp", "gdelt", "geonames".
absl::string_view FormatName(Format format);
absl::StatusOr<Format> ParseFormatName(absl::string_view name);

// Guesses the format from a file name and its first line (the header of CSV files).
// INVALID_ARGUMENT naming what was seen when nothing fits.
absl::StatusOr<Format> DetectFormat(absl::string_view path, absl::string_view first_line);

// Whether a format yields places (IngestPlace) rather than events (IngestRecord).
bool YieldsPlaces(Format format);

struct ReadItem {
  enum class Kind { kEvent, kPlace, kError };
  Kind kind = Kind::kError;
  int64_t line = 0;        // 1-based line number where the record starts
  v1::IngestRecord event;  // kEvent
  v1::IngestPlace place;   // kPlace
  std::string error;       // kError: what is wrong with the line, for people
};

class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // The next item; false at the end of the input. A header line is consumed, not returned.
  virtual bool Next(ReadItem* item) = 0;
};

// Reads `in` (which must outlive the reader) as `format`.
std::unique_ptr<RecordReader> OpenReader(Format format, std::istream& in);

}  // namespace timeline::ingest
