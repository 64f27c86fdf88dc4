#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "formats/readers.h"

namespace timeline::ingest {

void ResetItem(ReadItem* item, int64_t line) {
  item->kind = ReadItem::Kind::kError;
  item->line = line;
  item->event.Clear();
  item->place.Clear();
  item->error.clear();
}

void SetError(ReadItem* item, std::string message) {
  item->kind = ReadItem::Kind::kError;
  item->event.Clear();
  item->place.Clear();
  item->error = std::move(message);
}

absl::string_view CsvRow::Get(int column) const {
  if (column < 0 || static_cast<size_t>(column) >= fields_.size()) return "";
  return Trim(fields_[column]);
}

absl::string_view CsvRow::Name(int column, absl::string_view fallback) const {
  if (column < 0 || static_cast<size_t>(column) >= header_.size()) return fallback;
  return header_[column];
}

CsvTableReader::CsvTableReader(std::istream& in, absl::string_view what,
                               std::vector<std::vector<absl::string_view>> required)
    : csv_(in), what_(what), required_(std::move(required)) {}

int CsvTableReader::Column(std::initializer_list<absl::string_view> names) const {
  for (absl::string_view name : names) {
    auto it = index_.find(AsciiLower(name));
    if (it != index_.end()) return it->second;
  }
  return -1;
}

bool CsvTableReader::Next(ReadItem* item) {
  while (!done_) {
    if (!csv_.Next(&record_)) {
      done_ = true;
      return false;
    }
    ResetItem(item, record_.line);
    if (!header_read_) {
      header_read_ = true;
      header_.clear();
      for (const std::string& f : record_.fields) header_.emplace_back(Trim(f));
      for (size_t i = 0; i < header_.size(); ++i) {
        index_.emplace(AsciiLower(header_[i]), static_cast<int>(i));
      }
      std::vector<std::string> missing;
      for (const auto& group : required_) {
        bool found = false;
        for (absl::string_view name : group) found = found || index_.contains(AsciiLower(name));
        if (!found) missing.emplace_back(group.front());
      }
      if (!record_.error.empty() || !missing.empty()) {
        done_ = true;
        std::vector<std::string> seen;
        for (size_t i = 0; i < header_.size() && i < 8; ++i) seen.push_back(Quoted(header_[i]));
        SetError(item, absl::StrCat("not ", what_, " header: ",
                                    record_.error.empty()
                                        ? absl::StrCat("no column ", absl::StrJoin(missing, ", "))
                                        : record_.error,
                                    " (the first line has ", header_.size(), " fields: ",
                                    absl::StrJoin(seen, ", "), header_.size() > 8 ? ", …)" : ")"));
        return true;
      }
      OnHeader();
      continue;
    }
    if (!record_.error.empty()) {
      SetError(item, record_.error);
      return true;
    }
    if (record_.fields.size() != header_.size()) {
      SetError(item, absl::StrCat("has ", record_.fields.size(), " fields, the header has ",
                                  header_.size()));
      return true;
    }
    MapRow(CsvRow(record_.fields, header_), item);
    return true;
  }
  return false;
}

TsvTableReader::TsvTableReader(std::istream& in, absl::string_view what, size_t columns)
    : lines_(in), what_(what), columns_(columns) {}

bool TsvTableReader::Next(ReadItem* item) {
  int64_t number = 0;
  bool too_long = false;
  while (lines_.Next(&line_, &number, &too_long)) {
    if (Trim(line_).empty() && !too_long) continue;
    ResetItem(item, number);
    if (too_long) {
      SetError(item, absl::StrCat("line is longer than ", line_.size(), " bytes"));
      return true;
    }
    fields_ = absl::StrSplit(line_, '\t');
    if (fields_.size() != columns_) {
      SetError(item, absl::StrCat("has ", fields_.size(), " tab-separated fields, a ", what_,
                                  " row has ", columns_));
      return true;
    }
    for (absl::string_view& f : fields_) f = Trim(f);
    MapRow(fields_, item);
    return true;
  }
  return false;
}

LatLngParse ParseLatLng(absl::string_view latitude, absl::string_view longitude,
                        absl::string_view latitude_column, absl::string_view longitude_column,
                        RowErrors* errors) {
  LatLngParse out;
  if (latitude.empty() && longitude.empty()) return out;
  const std::optional<double> lat = ParseDouble(latitude);
  const std::optional<double> lng = ParseDouble(longitude);
  bool ok = true;
  if (!lat || *lat < -90 || *lat > 90) {
    errors->Add(latitude_column,
                latitude.empty()
                    ? std::string("is empty while the longitude is set")
                    : absl::StrCat(Quoted(latitude), " is not a latitude (-90 to 90)"));
    ok = false;
  }
  if (!lng || *lng < -180 || *lng > 180) {
    errors->Add(longitude_column,
                longitude.empty()
                    ? std::string("is empty while the latitude is set")
                    : absl::StrCat(Quoted(longitude), " is not a longitude (-180 to 180)"));
    ok = false;
  }
  if (ok) {
    out.present = true;
    out.latitude = *lat;
    out.longitude = *lng;
  }
  return out;
}

void AddAdminName(v1::IngestPlace* place, absl::string_view name) {
  name = Trim(name);
  if (name.empty()) return;
  const int n = place->admin_names_size();
  if (n > 0 && absl::EqualsIgnoreCase(place->admin_names(n - 1), name)) return;
  place->add_admin_names(std::string(name));
}

std::vector<std::string> SplitNames(absl::string_view list, char separator) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(list, separator)) {
    part = Trim(part);
    if (!part.empty()) out.emplace_back(part);
  }
  return out;
}

}  // namespace timeline::ingest
