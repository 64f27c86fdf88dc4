// Fixture files (tests/data/) read twice: as timeline-ingest reads them (its format readers,
// clients/ingest/formats) to send to the service, and as plain columns for ground truth, so that
// a test compares what the service answers with what the file says.
//
//   std::vector<v1::IngestRecord> records = AcledFixtureRecords("acled-....csv");
//   FixtureTable rows = ReadFixtureTable("acled-....csv", ',');
//   double lat = rows.Number(0, "LATITUDE");
#pragma once

#include <string>
#include <vector>

#include "timeline/v1/ingest.pb.h"

namespace timeline::testing {

// The full path of a file in tests/data/.
std::string FixturePath(const std::string& name);

// The records the ingest job's ACLED reader makes of the file; throws on a line it rejects.
std::vector<v1::IngestRecord> AcledFixtureRecords(const std::string& name);
// The gazetteer rows the ingest job's GeoNames reader makes of the file (no header).
std::vector<v1::IngestPlace> GeoNamesFixturePlaces(const std::string& name);

// A delimited file as text cells: quoted cells (with doubled quotes and line breaks) for CSV,
// no quoting for tab-separated files. Cells keep their bytes; Cell() trims ASCII and no-break
// spaces, as a reader of the file would.
struct FixtureTable {
  std::vector<std::string> header;  // empty for a file without one
  std::vector<std::vector<std::string>> rows;

  // The trimmed cell of `row` in the column named `column` (header) or numbered `index`.
  std::string Cell(size_t row, const std::string& column) const;
  std::string Cell(size_t row, size_t index) const;
  double Number(size_t row, const std::string& column) const;
};
FixtureTable ReadFixtureTable(const std::string& name, char delimiter, bool has_header);

}  // namespace timeline::testing
