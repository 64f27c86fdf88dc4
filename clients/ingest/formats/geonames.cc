// GeoNames gazetteer dumps (allCountries.txt, cities15000.txt, ...): 19 tab-separated columns, no
// header, one place per line. The mapping is documented in clients/ingest/README.md.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "formats/readers.h"

namespace timeline::ingest {
namespace {

enum Col : size_t {
  kGeonameId = 0,
  kName = 1,
  kAsciiName = 2,
  kAlternateNames = 3,
  kLatitude = 4,
  kLongitude = 5,
  kFeatureClass = 6,
  kFeatureCode = 7,
  kCountryCode = 8,
  kTimeZone = 17,
  kColumns = 19,
};

// "BKO", "GABS": airport codes among the alternate names.
bool IsCodeLike(absl::string_view s) {
  if (s.size() < 3 || s.size() > 4) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return absl::ascii_isupper(static_cast<unsigned char>(c)); });
}

bool IsUrl(absl::string_view s) {
  return absl::StrContains(s, "://") || absl::StartsWithIgnoreCase(s, "www.");
}

class GeoNamesReader final : public TsvTableReader {
 public:
  explicit GeoNamesReader(std::istream& in) : TsvTableReader(in, "GeoNames", kColumns) {}

 private:
  void MapRow(const std::vector<absl::string_view>& f, ReadItem* item) override {
    RowErrors errors;
    int64_t id = 0;
    if (IsDigits(f[kGeonameId])) id = ParseInt(f[kGeonameId]).value_or(0);
    if (id <= 0) {
      errors.Add("geonameid", f[kGeonameId].empty()
                                  ? std::string("is empty")
                                  : absl::StrCat(Quoted(f[kGeonameId]), " is not a GeoNames id"));
    }
    if (f[kName].empty()) errors.Add("name", "is empty");
    const LatLngParse at =
        ParseLatLng(f[kLatitude], f[kLongitude], "latitude", "longitude", &errors);
    if (!at.present && errors.empty()) errors.Add("latitude", "is empty");
    const absl::string_view country = f[kCountryCode];
    if (country.empty()) {
      errors.Add("country code", "is empty");
    } else if (country.size() != 2 ||
               !absl::ascii_isalpha(static_cast<unsigned char>(country[0])) ||
               !absl::ascii_isalpha(static_cast<unsigned char>(country[1]))) {
      errors.Add("country code", absl::StrCat(Quoted(country), " is not an ISO 3166 alpha-2 code"));
    }
    if (!errors.empty()) {
      SetError(item, errors.Message());
      return;
    }

    item->kind = ReadItem::Kind::kPlace;
    v1::IngestPlace& p = item->place;
    p.set_name(std::string(f[kName]));
    std::vector<absl::string_view> seen = {f[kName]};
    auto add_alias = [&](absl::string_view alias) {
      alias = Trim(alias);
      if (alias.empty() || IsCodeLike(alias) || IsUrl(alias)) return;
      if (std::find(seen.begin(), seen.end(), alias) != seen.end()) return;
      seen.push_back(alias);
      p.add_aliases(std::string(alias));
    };
    add_alias(f[kAsciiName]);
    for (absl::string_view alias : absl::StrSplit(f[kAlternateNames], ',')) add_alias(alias);

    p.set_country_code(absl::AsciiStrToUpper(country));
    p.set_geonames_id(id);
    p.mutable_location()->set_latitude(at.latitude);
    p.mutable_location()->set_longitude(at.longitude);

    const absl::string_view feature_class = f[kFeatureClass];
    const absl::string_view code = f[kFeatureCode];
    if (absl::StartsWith(code, "PCL") && code != "PCLH") {
      p.set_kind(v1::COUNTRY);
    } else if (code == "ADM1") {
      p.set_kind(v1::ADMIN_REGION);
    } else if (code == "ADM2" || code == "ADM3" || code == "ADM4" || code == "ADM5") {
      p.set_kind(v1::ADMIN_DISTRICT);
    } else if (feature_class == "P") {
      p.set_kind(v1::SETTLEMENT);
    } else {
      p.set_kind(v1::AREA);
    }
    if (p.kind() == v1::COUNTRY) {
      p.set_location_precision(v1::COUNTRY_CENTROID);
    } else if (feature_class == "P") {
      p.set_location_precision(v1::SETTLEMENT_CENTROID);
    } else if (feature_class == "S") {
      p.set_location_precision(v1::EXACT);
    } else {
      p.set_location_precision(v1::REGION_CENTROID);
    }
    p.set_time_zone(std::string(f[kTimeZone]));
  }
};

}  // namespace

std::unique_ptr<RecordReader> NewGeoNamesReader(std::istream& in) {
  return std::make_unique<GeoNamesReader>(in);
}

}  // namespace timeline::ingest
