// Private to the format readers: the readers of each format and the two table skeletons they share
// (a CSV file with a header row; a tab-separated file with a fixed column count and no header).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <istream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "formats/csv.h"
#include "formats/fields.h"
#include "formats/record_reader.h"

namespace timeline::ingest {

std::unique_ptr<RecordReader> NewJsonLinesReader(std::istream& in);
std::unique_ptr<RecordReader> NewAcledReader(std::istream& in);
std::unique_ptr<RecordReader> NewUcdpGedReader(std::istream& in);
std::unique_ptr<RecordReader> NewGdeltReader(std::istream& in);
std::unique_ptr<RecordReader> NewGeoNamesReader(std::istream& in);

// The event-type mappings, exposed for tests.
// ACLED sub-event type first ("Air/drone strike"), then event type (also the pre-2019 ones).
std::string AcledEventType(absl::string_view event_type, absl::string_view sub_event_type);
// inter1/inter2: numeric codes 1-8 or the words of newer exports ("State forces").
v1::ActorKind AcledActorKind(absl::string_view inter);
// The CAMEO event code's most specific known prefix ("0431" -> "visit").
std::string CameoEventType(absl::string_view event_code);

// Empties an item for reuse.
void ResetItem(ReadItem* item, int64_t line);
void SetError(ReadItem* item, std::string message);

// One data row of a CSV table, its values trimmed, looked up by column index (-1: the header has
// no such column, the value is "").
class CsvRow {
 public:
  CsvRow(const std::vector<std::string>& fields, const std::vector<std::string>& header)
      : fields_(fields), header_(header) {}
  absl::string_view Get(int column) const;
  // The column's name as the header writes it ("EVENT_DATE"), or `fallback` when absent.
  absl::string_view Name(int column, absl::string_view fallback) const;

 private:
  const std::vector<std::string>& fields_;
  const std::vector<std::string>& header_;
};

// A CSV table whose first record is its header. Rows whose field count differs from the header's
// are errors; the others go to MapRow().
class CsvTableReader : public RecordReader {
 public:
  // `what` names the format in errors, with its article ("an ACLED"); `required` columns must be in
  // the header (the first name of each group, or any of its alternatives), else the header line is
  // reported and nothing more is read.
  CsvTableReader(std::istream& in, absl::string_view what,
                 std::vector<std::vector<absl::string_view>> required);
  bool Next(ReadItem* item) final;

 protected:
  // The index of the first of `names` the header has (case-insensitive), -1 when none.
  int Column(std::initializer_list<absl::string_view> names) const;
  // Called once the header is read: look the columns up.
  virtual void OnHeader() = 0;
  // Maps one row with the header's field count; sets the item's kind and content or an error.
  virtual void MapRow(const CsvRow& row, ReadItem* item) = 0;

 private:
  CsvReader csv_;
  std::string what_;
  std::vector<std::vector<absl::string_view>> required_;
  CsvRecord record_;
  std::vector<std::string> header_;
  std::map<std::string, int, std::less<>> index_;  // lower-case name -> first index
  bool header_read_ = false;
  bool done_ = false;
};

// A tab-separated file without header and with a fixed number of columns; no quoting.
class TsvTableReader : public RecordReader {
 public:
  TsvTableReader(std::istream& in, absl::string_view what, size_t columns);
  bool Next(ReadItem* item) final;

 protected:
  virtual void MapRow(const std::vector<absl::string_view>& fields, ReadItem* item) = 0;

 private:
  LineReader lines_;
  std::string what_;
  size_t columns_;
  std::string line_;
  std::vector<absl::string_view> fields_;
};

// Shared by the event readers.
struct LatLngParse {
  bool present = false;
  double latitude = 0;
  double longitude = 0;
};
// Both empty: not present. Both valid numbers in range: present. Anything else: errors naming
// the columns.
LatLngParse ParseLatLng(absl::string_view latitude, absl::string_view longitude,
                        absl::string_view latitude_column, absl::string_view longitude_column,
                        RowErrors* errors);

// Appends an administrative division's name unless it is empty or repeats the previous one
// (case-insensitively): ACLED's admin1 "Bamako", admin2 "Bamako" is one division.
void AddAdminName(v1::IngestPlace* place, absl::string_view name);

// Splits "A; B;C" into trimmed, non-empty names.
std::vector<std::string> SplitNames(absl::string_view list, char separator = ';');

}  // namespace timeline::ingest
