#include "formats/record_reader.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "formats/readers.h"

namespace timeline::ingest {
namespace {

constexpr std::array<std::pair<absl::string_view, Format>, 5> kNames = {{
    {"jsonl", Format::kJsonLines},
    {"acled", Format::kAcled},
    {"ucdp", Format::kUcdpGed},
    {"gdelt", Format::kGdelt},
    {"geonames", Format::kGeoNames},
}};

std::string AllNames() {
  return absl::StrJoin(kNames, ", ", [](std::string* out, const auto& n) {
    out->append(n.first.data(), n.first.size());
  });
}

}  // namespace

absl::string_view FormatName(Format format) {
  for (const auto& [name, f] : kNames) {
    if (f == format) return name;
  }
  return "unknown";
}

absl::StatusOr<Format> ParseFormatName(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(Trim(name));
  for (const auto& [n, f] : kNames) {
    if (lower == n) return f;
  }
  // Accepted spellings besides the names above.
  if (lower == "ndjson" || lower == "json") return Format::kJsonLines;
  if (lower == "ucdp-ged" || lower == "ged") return Format::kUcdpGed;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown input format \"", name, "\"; one of: ", AllNames()));
}

absl::StatusOr<Format> DetectFormat(absl::string_view path, absl::string_view first_line) {
  const std::string lower_path = absl::AsciiStrToLower(path);
  if (absl::EndsWith(lower_path, ".jsonl") || absl::EndsWith(lower_path, ".ndjson")) {
    return Format::kJsonLines;
  }
  absl::string_view line = first_line;
  if (absl::StartsWith(line, "\xEF\xBB\xBF")) line.remove_prefix(3);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);

  const std::string lower = absl::AsciiStrToLower(line);
  if (absl::StrContains(lower, "event_id_cnty")) return Format::kAcled;
  if (absl::StrContains(lower, "date_start") && absl::StrContains(lower, "side_a")) {
    return Format::kUcdpGed;
  }
  const std::vector<absl::string_view> tabs = absl::StrSplit(line, '\t');
  const bool numeric_first = !tabs.empty() && IsDigits(tabs.front());
  if (numeric_first && tabs.size() == 61) return Format::kGdelt;
  if (numeric_first && tabs.size() == 19) return Format::kGeoNames;
  if (absl::StartsWith(Trim(line), "{")) return Format::kJsonLines;

  const size_t commas = std::count(line.begin(), line.end(), ',');
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot tell the input format of \"", path, "\": its first line ", Quoted(line), " has ",
      commas + 1, " comma-separated and ", tabs.size(),
      " tab-separated fields, and is neither an ACLED header (event_id_cnty), a UCDP GED header "
      "(date_start, side_a), a GDELT 2.0 event row (61 tab-separated fields), a GeoNames row (19) "
      "nor a JSON object; name the format (",
      AllNames(), ")"));
}

bool YieldsPlaces(Format format) { return format == Format::kGeoNames; }

std::unique_ptr<RecordReader> OpenReader(Format format, std::istream& in) {
  switch (format) {
    case Format::kJsonLines:
      return NewJsonLinesReader(in);
    case Format::kAcled:
      return NewAcledReader(in);
    case Format::kUcdpGed:
      return NewUcdpGedReader(in);
    case Format::kGdelt:
      return NewGdeltReader(in);
    case Format::kGeoNames:
      return NewGeoNamesReader(in);
  }
  return nullptr;
}

}  // namespace timeline::ingest
