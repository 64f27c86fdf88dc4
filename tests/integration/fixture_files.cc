#include "fixture_files.h"

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "formats/record_reader.h"

namespace timeline::testing {
namespace {

std::string ReadWhole(const std::string& name) {
  std::ifstream in(FixturePath(name), std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + FixturePath(name));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every item a reader of `format` makes of the file; throws on an error item.
std::vector<ingest::ReadItem> ReadItems(ingest::Format format, const std::string& name) {
  std::ifstream in(FixturePath(name), std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + FixturePath(name));
  std::unique_ptr<ingest::RecordReader> reader = ingest::OpenReader(format, in);
  std::vector<ingest::ReadItem> items;
  ingest::ReadItem item;
  while (reader->Next(&item)) {
    if (item.kind == ingest::ReadItem::Kind::kError) {
      throw std::runtime_error(absl::StrCat(name, ":", item.line, ": ", item.error));
    }
    items.push_back(item);
  }
  return items;
}

// `s` without leading and trailing ASCII white space and no-break spaces (U+00A0).
std::string Trimmed(std::string s) {
  constexpr absl::string_view kNoBreakSpace = "\xC2\xA0";
  absl::string_view v = s;
  for (bool changed = true; changed;) {
    const size_t before = v.size();
    v = absl::StripAsciiWhitespace(v);
    absl::ConsumePrefix(&v, kNoBreakSpace);
    absl::ConsumeSuffix(&v, kNoBreakSpace);
    changed = v.size() != before;
  }
  return std::string(v);
}

}  // namespace

std::string FixturePath(const std::string& name) {
  return absl::StrCat(TIMELINE_TEST_DATA_DIR, "/", name);
}

std::vector<v1::IngestRecord> AcledFixtureRecords(const std::string& name) {
  std::vector<v1::IngestRecord> records;
  for (auto& item : ReadItems(ingest::Format::kAcled, name)) records.push_back(item.event);
  return records;
}

std::vector<v1::IngestPlace> GeoNamesFixturePlaces(const std::string& name) {
  std::vector<v1::IngestPlace> places;
  for (auto& item : ReadItems(ingest::Format::kGeoNames, name)) places.push_back(item.place);
  return places;
}

FixtureTable ReadFixtureTable(const std::string& name, char delimiter, bool has_header) {
  std::string text = ReadWhole(name);
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::vector<std::vector<std::string>> lines(1);
  std::string cell;
  bool quoted = false;
  const bool csv = delimiter == ',';
  auto end_cell = [&] { lines.back().push_back(std::move(cell)), cell.clear(); };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"', ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (csv && c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      end_cell();
    } else if (c == '\n') {
      end_cell();
      lines.emplace_back();
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (!cell.empty() || !lines.back().empty()) end_cell();
  if (lines.back().empty()) lines.pop_back();
  FixtureTable table;
  if (has_header && !lines.empty()) {
    table.header = lines.front();
    lines.erase(lines.begin());
  }
  table.rows = std::move(lines);
  return table;
}

std::string FixtureTable::Cell(size_t row, size_t index) const {
  if (row >= rows.size() || index >= rows[row].size()) {
    throw std::runtime_error(absl::StrCat("no cell ", index, " in row ", row));
  }
  return Trimmed(rows[row][index]);
}

std::string FixtureTable::Cell(size_t row, const std::string& column) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == column) return Cell(row, i);
  }
  throw std::runtime_error("no column " + column);
}

double FixtureTable::Number(size_t row, const std::string& column) const {
  return std::stod(Cell(row, column));
}

}  // namespace timeline::testing
