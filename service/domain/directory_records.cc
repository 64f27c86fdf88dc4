#include "domain/directory_records.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/field_checks.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "normalize/match_key.h"

namespace timeline::domain {
namespace {

constexpr size_t kMaxTextBytes = 100'000;
constexpr size_t kMaxNameBytes = 500;

// Collects names (display name first), each with its match key; duplicates dropped.
template <typename NameProto>
std::vector<NameRecord> CollectNames(absl::string_view display_name,
                                     const google::protobuf::RepeatedPtrField<NameProto>& names,
                                     const std::string& field, Violations& v) {
  std::vector<NameRecord> out;
  std::set<std::pair<std::string, std::string>> seen;
  // `name_field` and `language_field` name the fields the name and language came from.
  auto add = [&](absl::string_view name, absl::string_view language, const std::string& name_field,
                 const std::string& language_field) {
    if (name.empty()) {
      v.Add(name_field, "must not be empty");
      return;
    }
    if (name.size() > kMaxNameBytes) {
      v.Add(name_field, absl::StrCat("is longer than ", kMaxNameBytes, " bytes"));
      return;
    }
    if (!language.empty() && !IsLanguageTag(language)) {
      v.Add(language_field, absl::StrCat(Quoted(language), " is not a BCP 47 language tag"));
      return;
    }
    std::string key = normalize::MatchKey(std::string(name));
    if (key.empty()) {
      v.Add(name_field, "has no letters or digits");
      return;
    }
    if (seen.emplace(std::string(name), std::string(language)).second) {
      out.push_back({std::string(name), std::string(language), std::move(key)});
    }
  };
  for (int i = 0; i < names.size(); ++i) {
    const std::string where = FieldAt(field, "names", i);
    add(names[i].name(), names[i].language(), where + ".name", where + ".language");
  }
  bool display_listed = std::any_of(out.begin(), out.end(),
                                    [&](const NameRecord& n) { return n.name == display_name; });
  if (!display_listed && !display_name.empty()) {
    add(display_name, "", field + ".display_name", field + ".display_name");
  }
  return out;
}

}  // namespace

absl::StatusOr<ActorRecord> ActorRecordFromProto(const v1::Actor& actor, absl::string_view field) {
  Violations v;
  const std::string f(field);
  CheckNoNulBytes(actor, f, v);
  ActorRecord out;
  out.display_name = actor.display_name();
  if (out.display_name.empty()) v.Add(f + ".display_name", "is required");
  if (!IsSetEnum(v1::ActorKind_descriptor(), actor.kind())) {
    v.Add(f + ".kind", "is required");
  } else {
    out.kind = actor.kind();
  }
  out.country_code = actor.country_code();
  if (!out.country_code.empty() && !IsCountryCode(out.country_code)) {
    v.Add(f + ".country_code", "must be an ISO 3166-1 alpha-2 code in upper case (\"ML\")");
  }
  out.wikidata_id = actor.wikidata_id();
  if (!out.wikidata_id.empty() && !IsWikidataId(out.wikidata_id)) {
    v.Add(f + ".wikidata_id", "must look like \"Q56276425\"");
  }
  out.description = actor.description();
  if (out.description.size() > kMaxTextBytes) {
    v.Add(f + ".description", absl::StrCat("is longer than ", kMaxTextBytes, " bytes"));
  }
  out.names = CollectNames(out.display_name, actor.names(), f, v);
  out.roles = CollectRoles(actor.roles(), f, v);
  if (!v.empty()) return v.ToStatus();
  return out;
}

absl::StatusOr<PlaceRecord> PlaceRecordFromProto(const v1::Place& place, absl::string_view field) {
  Violations v;
  const std::string f(field);
  CheckNoNulBytes(place, f, v);
  PlaceRecord out;
  out.display_name = place.display_name();
  if (out.display_name.empty()) v.Add(f + ".display_name", "is required");
  if (!IsSetEnum(v1::PlaceKind_descriptor(), place.kind())) {
    v.Add(f + ".kind", "is required");
  } else {
    out.kind = place.kind();
  }
  if (!place.parent().empty()) {
    absl::StatusOr<std::string> parent = ParseResourceName(place.parent(), kPlaces, f + ".parent");
    if (parent.ok()) {
      out.parent_id = *parent;
    } else {
      AddViolationsOf(parent.status(), v);
    }
    if (place.kind() == v1::COUNTRY) v.Add(f + ".parent", "must be empty for a country");
  }
  out.country_code = place.country_code();
  if (!out.country_code.empty() && !IsCountryCode(out.country_code)) {
    v.Add(f + ".country_code", "must be an ISO 3166-1 alpha-2 code in upper case (\"ML\")");
  }
  if (place.geonames_id() < 0) v.Add(f + ".geonames_id", "must not be negative");
  out.geonames_id = place.geonames_id();
  if (place.has_location()) {
    const v1::LatLng& p = place.location();
    if (!(p.latitude() >= -90 && p.latitude() <= 90)) {
      v.Add(f + ".location.latitude", "must be within [-90, 90]");
    }
    if (!(p.longitude() >= -180 && p.longitude() <= 180)) {
      v.Add(f + ".location.longitude", "must be within [-180, 180]");
    }
    if (place.location_precision() == v1::LOCATION_PRECISION_UNSPECIFIED ||
        !v1::LocationPrecision_IsValid(place.location_precision())) {
      v.Add(f + ".location_precision",
            "is required with a location (EXACT, SETTLEMENT_CENTROID, REGION_CENTROID or "
            "COUNTRY_CENTROID)");
    } else {
      out.location = p;
      out.location_precision = place.location_precision();
    }
  } else if (place.location_precision() != v1::LOCATION_PRECISION_UNSPECIFIED) {
    v.Add(f + ".location_precision", "must be unset when there is no location");
  }
  out.time_zone = place.time_zone();
  if (!out.time_zone.empty()) {
    if (!IsKnownTimeZone(out.time_zone)) {
      v.Add(f + ".time_zone", absl::StrCat(Quoted(out.time_zone), " is not an IANA time zone"));
    }
  }
  out.names = CollectNames(out.display_name, place.names(), f, v);
  if (!v.empty()) return v.ToStatus();
  return out;
}

absl::StatusOr<SourceRecord> SourceRecordFromProto(const v1::Source& source,
                                                   absl::string_view field) {
  Violations v;
  const std::string f(field);
  CheckNoNulBytes(source, f, v);
  SourceRecord out;
  out.url = source.url();
  if (!out.url.empty()) {
    if (!IsHttpUrl(out.url)) v.Add(f + ".url", "must be an http(s) URL");
  }
  out.publisher = source.publisher();
  out.language = source.language();
  if (!out.language.empty() && !IsLanguageTag(out.language)) {
    v.Add(f + ".language", absl::StrCat(Quoted(out.language), " is not a BCP 47 language tag"));
  }
  if (source.has_published_time()) {
    if (IsValidTimestamp(source.published_time())) {
      out.published_time = FromTimestamp(source.published_time());
    } else {
      v.Add(f + ".published_time", "is outside 0001-01-01..9999-12-31 or has invalid nanos");
    }
  }
  out.title = source.title();
  if (out.publisher.empty() && out.url.empty()) {
    v.Add(f + ".publisher", "is required when there is no url");
  }
  if (!v.empty()) return v.ToStatus();
  return out;
}

}  // namespace timeline::domain
