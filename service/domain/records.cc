#include "domain/records.h"

#include <algorithm>
#include <functional>
#include <regex>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/event_types.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "google/protobuf/util/field_mask_util.h"
#include "normalize/match_key.h"

namespace timeline::domain {
namespace {

using google::protobuf::util::FieldMaskUtil;

constexpr size_t kMaxTitleBytes = 1000;
constexpr size_t kMaxTextBytes = 100'000;
constexpr size_t kMaxNameBytes = 500;
constexpr int kMaxSelectors = 100;

std::string At(absl::string_view field, absl::string_view child, int index) {
  return absl::StrCat(field, ".", child, "[", index, "]");
}

bool IsCountryCode(absl::string_view code) {
  return code.size() == 2 && absl::ascii_isupper(code[0]) && absl::ascii_isupper(code[1]);
}

bool IsLanguageTag(absl::string_view tag) {
  static const std::regex kTag("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$");
  return std::regex_match(tag.begin(), tag.end(), kTag);
}

bool IsWikidataId(absl::string_view id) {
  static const std::regex kQid("^Q[1-9][0-9]*$");
  return std::regex_match(id.begin(), id.end(), kQid);
}

bool IsExternalSystem(absl::string_view system) {
  static const std::regex kSystem("^[a-z][a-z0-9_.-]{0,62}$");
  return std::regex_match(system.begin(), system.end(), kSystem);
}

// Whether an enum field holds a value other than its zero "unspecified" one.
bool IsSetEnum(const google::protobuf::EnumDescriptor* descriptor, int value) {
  return value != 0 && descriptor->FindValueByNumber(value) != nullptr;
}

void CheckCount(const v1::Count& in, const std::string& field, Violations& v, CountRecord& out) {
  auto take = [&](bool has, int32_t value, absl::string_view name, std::optional<int32_t>& slot) {
    if (!has) return;
    if (value < 0) {
      v.Add(absl::StrCat(field, ".", name), "must not be negative");
      return;
    }
    slot = value;
  };
  take(in.has_low(), in.low(), "low", out.low);
  take(in.has_best(), in.best(), "best", out.best);
  take(in.has_high(), in.high(), "high", out.high);
  auto ordered = [](const std::optional<int32_t>& a, const std::optional<int32_t>& b) {
    return !a || !b || *a <= *b;
  };
  if (!ordered(out.low, out.best) || !ordered(out.best, out.high) || !ordered(out.low, out.high)) {
    v.Add(field, "must satisfy low <= best <= high");
  }
}

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
      v.Add(language_field, absl::StrCat("\"", language, "\" is not a BCP 47 language tag"));
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
    const std::string where = At(field, "names", i);
    add(names[i].name(), names[i].language(), where + ".name", where + ".language");
  }
  bool display_listed = std::any_of(out.begin(), out.end(),
                                    [&](const NameRecord& n) { return n.name == display_name; });
  if (!display_listed && !display_name.empty()) {
    add(display_name, "", field + ".display_name", field + ".display_name");
  }
  return out;
}

// Parses an event's links to actors or places: a resource name and a role each, no pair twice.
template <typename Link, typename Out, typename NameOf, typename RoleOf>
void CollectLinks(const google::protobuf::RepeatedPtrField<Link>& links, const std::string& field,
                  absl::string_view child, absl::string_view collection,
                  absl::string_view name_field, NameOf name_of, RoleOf role_of,
                  const google::protobuf::EnumDescriptor* roles, Violations& v,
                  std::vector<Out>& out) {
  std::set<std::pair<std::string, std::string>> seen;
  for (int i = 0; i < links.size(); ++i) {
    const std::string where = At(field, child, i);
    const std::string name = name_of(links[i]);
    absl::StatusOr<std::string> id =
        ParseResourceName(name, collection, absl::StrCat(where, ".", name_field));
    if (!id.ok()) {
      for (auto& fv : FieldViolationsOf(id.status())) v.Add(fv.field, fv.description);
    }
    const int role = role_of(links[i]);
    const bool role_set = IsSetEnum(roles, role);
    if (!role_set) v.Add(where + ".role", "is required");
    if (!id.ok() || !role_set) continue;
    std::string db_role = EnumToDb(roles, role);
    if (!seen.emplace(*id, db_role).second) {
      v.Add(where, absl::StrCat("repeats ", name, " as ", db_role));
      continue;
    }
    out.push_back({*id, std::move(db_role)});
  }
}

int PageSize(int32_t requested, Violations& v) {
  if (requested < 0) {
    v.Add("page_size", "must not be negative");
    return kDefaultPageSize;
  }
  if (requested == 0) return kDefaultPageSize;
  return std::min<int>(requested, kMaxPageSize);
}

std::optional<PageCursor> DecodeToken(const std::string& token, const std::string& fingerprint,
                                      const PageTokenCodec& codec, Violations& v) {
  if (token.empty()) return std::nullopt;
  absl::StatusOr<PageCursor> cursor = codec.Decode(token, fingerprint);
  if (!cursor.ok()) {
    for (auto& fv : FieldViolationsOf(cursor.status())) v.Add(fv.field, fv.description);
    return std::nullopt;
  }
  return *cursor;
}

// Reads a request's `near` and `bounding_box` (ListPlaces and every event selection).
template <typename Request>
void ReadArea(const Request& request, std::optional<GeoCircle>& near,
              std::optional<GeoBox>& bounding_box, Violations& v) {
  if (request.has_near()) {
    absl::StatusOr<GeoCircle> circle = NormalizeNear(request.near(), "near");
    if (circle.ok()) {
      near = *circle;
    } else {
      for (auto& fv : FieldViolationsOf(circle.status())) v.Add(fv.field, fv.description);
    }
  }
  if (request.has_bounding_box()) {
    absl::StatusOr<GeoBox> box = NormalizeBoundingBox(request.bounding_box(), "bounding_box");
    if (box.ok()) {
      bounding_box = *box;
    } else {
      for (auto& fv : FieldViolationsOf(box.status())) v.Add(fv.field, fv.description);
    }
  }
}

// `extra` reads what one list request adds to the common fields.
template <typename Request>
absl::StatusOr<NameQuery> NameQueryFrom(
    const Request& request, const PageTokenCodec& codec, std::string query,
    const std::function<void(NameQuery&, Violations&)>& extra = nullptr) {
  Violations v;
  NameQuery out;
  out.page_size = PageSize(request.page_size(), v);
  if (query.size() > kMaxNameBytes) {
    v.Add("query", absl::StrCat("is longer than ", kMaxNameBytes, " bytes"));
  } else if (!query.empty()) {
    out.match_key = normalize::MatchKey(query);
    if (out.match_key.empty()) v.Add("query", "has no letters or digits");
  }
  if (extra) extra(out, v);
  out.fingerprint = RequestFingerprint(request);
  out.after = DecodeToken(request.page_token(), out.fingerprint, codec, v);
  if (!v.empty()) return v.ToStatus();
  return out;
}

}  // namespace

std::string EnumToDb(const google::protobuf::EnumDescriptor* descriptor, int value) {
  const auto* v = descriptor->FindValueByNumber(value);
  return v == nullptr ? "" : absl::AsciiStrToLower(v->name());
}

int EnumFromDb(const google::protobuf::EnumDescriptor* descriptor, absl::string_view text) {
  const auto* v = descriptor->FindValueByName(absl::AsciiStrToUpper(text));
  return v == nullptr ? 0 : v->number();
}

const std::set<std::string, std::less<>>& ClaimPathSet() {
  static const auto* paths = new std::set<std::string, std::less<>>{
      "title", "summary", "event_type", "time", "actors", "places", "fatalities", "injured"};
  return *paths;
}

bool IsClaimPath(absl::string_view path) { return ClaimPathSet().contains(path); }

std::string ClaimPaths() { return absl::StrJoin(ClaimPathSet(), ", "); }

absl::StatusOr<EventRecord> EventRecordFromProto(const v1::Event& event, absl::string_view field) {
  Violations v;
  const std::string f(field);
  CheckNoNulBytes(event, f, v);
  EventRecord out;

  out.title = event.title();
  if (out.title.empty()) v.Add(f + ".title", "is required");
  if (out.title.size() > kMaxTitleBytes) {
    v.Add(f + ".title", absl::StrCat("is longer than ", kMaxTitleBytes, " bytes"));
  }
  out.summary = event.summary();
  if (out.summary.size() > kMaxTextBytes) {
    v.Add(f + ".summary", absl::StrCat("is longer than ", kMaxTextBytes, " bytes"));
  }
  out.event_type = event.event_type();
  if (out.event_type.empty()) {
    v.Add(f + ".event_type", absl::StrCat("is required; one of: ", EventTypeNames()));
  } else if (!IsKnownEventType(out.event_type)) {
    v.Add(f + ".event_type", absl::StrCat("\"", out.event_type,
                                          "\" is not an event type; one of: ", EventTypeNames()));
  }

  if (!event.has_time()) {
    v.Add(f + ".time", "is required (precision PRECISION_UNKNOWN for an unresolved time)");
  } else {
    absl::StatusOr<Span> span = NormalizeTimeSpan(event.time(), f + ".time");
    if (span.ok()) {
      out.time = *std::move(span);
    } else {
      for (auto& fv : FieldViolationsOf(span.status())) v.Add(fv.field, fv.description);
    }
  }

  CollectLinks(
      event.actors(), f, "actors", kActors, "actor",
      [](const v1::EventActor& a) { return a.actor(); },
      [](const v1::EventActor& a) { return static_cast<int>(a.role()); },
      v1::ActorRole_descriptor(), v, out.actors);
  CollectLinks(
      event.places(), f, "places", kPlaces, "place",
      [](const v1::EventPlace& p) { return p.place(); },
      [](const v1::EventPlace& p) { return static_cast<int>(p.role()); },
      v1::PlaceRole_descriptor(), v, out.places);

  CheckCount(event.fatalities(), f + ".fatalities", v, out.fatalities);
  CheckCount(event.injured(), f + ".injured", v, out.injured);

  for (int i = 0; i < event.sources_size(); ++i) {
    const v1::EventSource& s = event.sources(i);
    const std::string where = At(f, "sources", i);
    absl::StatusOr<std::string> id = ParseResourceName(s.source(), kSources, where + ".source");
    if (!id.ok()) {
      for (auto& fv : FieldViolationsOf(id.status())) v.Add(fv.field, fv.description);
    }
    if (s.quote().empty()) v.Add(where + ".quote", "is required: the source's own words");
    if (s.quote().size() > kMaxTextBytes) {
      v.Add(where + ".quote", absl::StrCat("is longer than ", kMaxTextBytes, " bytes"));
    }
    std::vector<std::string> claims;
    for (int j = 0; j < s.claims_size(); ++j) {
      if (!IsClaimPath(s.claims(j))) {
        v.Add(absl::StrCat(where, ".claims[", j, "]"),
              absl::StrCat("\"", s.claims(j), "\" is not one of: ", ClaimPaths()));
      } else if (std::find(claims.begin(), claims.end(), s.claims(j)) == claims.end()) {
        claims.push_back(s.claims(j));
      }
    }
    if (id.ok()) out.sources.push_back({*id, s.quote(), std::move(claims)});
  }

  std::set<std::pair<std::string, std::string>> external;
  for (int i = 0; i < event.external_ids_size(); ++i) {
    const v1::ExternalId& x = event.external_ids(i);
    const std::string where = At(f, "external_ids", i);
    if (!IsExternalSystem(x.system())) {
      v.Add(where + ".system", "must be lower case letters, digits, '_', '.' or '-' (\"acled\")");
    }
    if (x.id().empty()) v.Add(where + ".id", "is required");
    if (!external.emplace(x.system(), x.id()).second) {
      v.Add(where, absl::StrCat("repeats ", x.system(), "/", x.id()));
      continue;
    }
    out.external_ids.push_back({x.system(), x.id()});
  }

  if (!v.empty()) return v.ToStatus();
  return out;
}

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
    out.kind = EnumToDb(v1::ActorKind_descriptor(), actor.kind());
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
    out.kind = EnumToDb(v1::PlaceKind_descriptor(), place.kind());
  }
  if (!place.parent().empty()) {
    absl::StatusOr<std::string> parent = ParseResourceName(place.parent(), kPlaces, f + ".parent");
    if (parent.ok()) {
      out.parent_id = *parent;
    } else {
      for (auto& fv : FieldViolationsOf(parent.status())) v.Add(fv.field, fv.description);
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
      out.location_precision =
          EnumToDb(v1::LocationPrecision_descriptor(), place.location_precision());
    }
  } else if (place.location_precision() != v1::LOCATION_PRECISION_UNSPECIFIED) {
    v.Add(f + ".location_precision", "must be unset when there is no location");
  }
  out.time_zone = place.time_zone();
  if (!out.time_zone.empty()) {
    if (!IsKnownTimeZone(out.time_zone)) {
      v.Add(f + ".time_zone", absl::StrCat("\"", out.time_zone, "\" is not an IANA time zone"));
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
    static const std::regex kUrl("^https?://[^\\s/$.?#][^\\s]*$", std::regex::icase);
    if (!std::regex_match(out.url, kUrl)) v.Add(f + ".url", "must be an http(s) URL");
  }
  out.publisher = source.publisher();
  out.language = source.language();
  if (!out.language.empty() && !IsLanguageTag(out.language)) {
    v.Add(f + ".language", absl::StrCat("\"", out.language, "\" is not a BCP 47 language tag"));
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

absl::StatusOr<v1::Event> ApplyEventUpdate(const v1::Event& current, const v1::Event& patch,
                                           const google::protobuf::FieldMask& update_mask) {
  static const std::vector<std::string> kUpdatable = {
      "title",  "summary",    "event_type", "time",    "actors",
      "places", "fatalities", "injured",    "sources", "external_ids"};
  google::protobuf::FieldMask mask;
  if (update_mask.paths_size() == 1 && update_mask.paths(0) == "*") {
    for (const auto& p : kUpdatable) mask.add_paths(p);
  } else if (update_mask.paths_size() == 0) {
    std::vector<const google::protobuf::FieldDescriptor*> set_fields;
    patch.GetReflection()->ListFields(patch, &set_fields);
    for (const auto* fd : set_fields) {
      if (std::find(kUpdatable.begin(), kUpdatable.end(), fd->name()) != kUpdatable.end()) {
        mask.add_paths(fd->name());
      }
    }
  } else {
    Violations v;
    for (int i = 0; i < update_mask.paths_size(); ++i) {
      const std::string& p = update_mask.paths(i);
      if (std::find(kUpdatable.begin(), kUpdatable.end(), p) == kUpdatable.end()) {
        v.Add(absl::StrCat("update_mask.paths[", i, "]"),
              absl::StrCat("\"", p, "\" cannot be updated; one of: ",
                           absl::StrJoin(kUpdatable, ", "), " or \"*\""));
      } else {
        mask.add_paths(p);
      }
    }
    if (!v.empty()) return v.ToStatus();
  }
  v1::Event merged = current;
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(patch, mask, options, &merged);
  return merged;
}

namespace {

// Reads the selectors every event-selecting request spells the same way into `out`.
template <typename Request>
void ReadSelection(const Request& request, EventSelection& out, Violations& v) {
  auto parse_all = [&](const auto& names, absl::string_view collection, absl::string_view field,
                       std::vector<std::string>& ids) {
    if (names.size() > kMaxSelectors) {
      v.Add(std::string(field), absl::StrCat("lists more than ", kMaxSelectors, " values"));
      return;
    }
    for (int i = 0; i < names.size(); ++i) {
      absl::StatusOr<std::string> id =
          ParseResourceName(names[i], collection, absl::StrCat(field, "[", i, "]"));
      if (id.ok()) {
        ids.push_back(*id);
      } else {
        for (auto& fv : FieldViolationsOf(id.status())) v.Add(fv.field, fv.description);
      }
    }
  };
  parse_all(request.actors(), kActors, "actors", out.actor_ids);
  parse_all(request.places(), kPlaces, "places", out.place_ids);
  for (int i = 0; i < request.event_types_size(); ++i) {
    if (!IsKnownEventType(request.event_types(i))) {
      v.Add(absl::StrCat("event_types[", i, "]"),
            absl::StrCat("\"", request.event_types(i),
                         "\" is not an event type; one of: ", EventTypeNames()));
    } else {
      out.event_types.push_back(request.event_types(i));
    }
  }
  if (request.has_time_range()) {
    absl::StatusOr<RangeFilter> range = NormalizeTimeRange(request.time_range(), "time_range");
    if (range.ok()) {
      out.time_range = *range;
    } else {
      for (auto& fv : FieldViolationsOf(range.status())) v.Add(fv.field, fv.description);
    }
  }
  ReadArea(request, out.near, out.bounding_box, v);
  out.include_imprecise_locations = request.include_imprecise_locations();
  absl::StatusOr<std::optional<FilterExpr>> filter = ParseFilter(request.filter(), "filter");
  if (filter.ok()) {
    out.filter = *std::move(filter);
  } else {
    for (auto& fv : FieldViolationsOf(filter.status())) v.Add(fv.field, fv.description);
  }
}

// order_by: a key, then optionally "asc" or "desc".
std::optional<EventOrder> ParseEventOrder(absl::string_view order_by) {
  static constexpr struct {
    absl::string_view name;
    EventOrderKey key;
  } kKeys[] = {{"start_time", EventOrderKey::kStartTime},
               {"fatalities.best", EventOrderKey::kFatalitiesBest},
               {"update_time", EventOrderKey::kUpdateTime}};
  std::vector<absl::string_view> words = absl::StrSplit(order_by, ' ', absl::SkipWhitespace());
  if (words.empty()) return EventOrder{};
  if (words.size() > 2 || (words.size() == 2 && words[1] != "asc" && words[1] != "desc")) {
    return std::nullopt;
  }
  for (const auto& k : kKeys) {
    if (words[0] == k.name) return EventOrder{k.key, words.size() == 2 && words[1] == "desc"};
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<EventQuery> EventQueryFromRequest(const v1::ListEventsRequest& request,
                                                 const PageTokenCodec& codec) {
  Violations v;
  EventQuery out;
  out.page_size = PageSize(request.page_size(), v);
  ReadSelection(request, out.selection, v);
  if (std::optional<EventOrder> order = ParseEventOrder(request.order_by())) {
    out.order = *order;
  } else {
    v.Add("order_by", absl::StrCat("\"", request.order_by(),
                                   "\" is not supported; use start_time, fatalities.best or "
                                   "update_time, optionally followed by asc or desc"));
  }
  out.selection.show_deleted = request.show_deleted();
  out.fingerprint = RequestFingerprint(request);
  out.after = DecodeToken(request.page_token(), out.fingerprint, codec, v);
  if (!v.empty()) return v.ToStatus();
  return out;
}

absl::StatusOr<EventQuery> ExportQueryFromRequest(const v1::ExportEventsRequest& request,
                                                  const PageTokenCodec& codec, int batch_size) {
  v1::ListEventsRequest list;
  *list.mutable_actors() = request.actors();
  *list.mutable_places() = request.places();
  if (request.has_time_range()) *list.mutable_time_range() = request.time_range();
  *list.mutable_event_types() = request.event_types();
  list.set_filter(request.filter());
  if (request.has_near()) *list.mutable_near() = request.near();
  if (request.has_bounding_box()) *list.mutable_bounding_box() = request.bounding_box();
  list.set_include_imprecise_locations(request.include_imprecise_locations());
  list.set_order_by(request.order_by());
  list.set_show_deleted(request.show_deleted());
  list.set_page_token(request.resume_token());
  list.set_page_size(batch_size);
  absl::StatusOr<EventQuery> query = EventQueryFromRequest(list, codec);
  if (query.ok() || !absl::IsInvalidArgument(query.status())) return query;
  Violations v;
  for (FieldViolation& fv : FieldViolationsOf(query.status())) {
    v.Add(fv.field == "page_token" ? "resume_token" : fv.field, fv.description);
  }
  return v.ToStatus();
}

absl::StatusOr<WatchQuery> WatchQueryFromRequest(const v1::WatchEventsRequest& request) {
  Violations v;
  WatchQuery out;
  ReadSelection(request, out.selection, v);
  out.selection.show_deleted = true;
  v1::WatchEventsRequest selection_only = request;
  selection_only.clear_cursor();
  selection_only.clear_start_time();
  out.selection_key = RequestFingerprint(selection_only);
  if (!request.cursor().empty()) {
    int64_t position = 0;
    if (!absl::SimpleAtoi(request.cursor(), &position) || position < 0) {
      v.Add("cursor", absl::StrCat("\"", request.cursor(),
                                   "\" is not a cursor; send back the cursor of a change"));
    } else {
      out.after_position = position;
    }
  } else if (request.has_start_time()) {
    if (!IsValidTimestamp(request.start_time())) {
      v.Add("start_time", "is not a valid time");
    } else {
      out.since = FromTimestamp(request.start_time());
    }
  }
  if (!v.empty()) return v.ToStatus();
  return out;
}

std::string WatchCursor(int64_t position) { return absl::StrCat(position); }

void ReadEventSelection(const v1::CountEventsRequest& request, EventSelection& out, Violations& v) {
  ReadSelection(request, out, v);
}

void ReadEventSelection(const v1::ListRelatedActorsRequest& request, EventSelection& out,
                        Violations& v) {
  ReadSelection(request, out, v);
}

int ReadPageSize(int32_t requested, Violations& v) { return PageSize(requested, v); }

std::optional<PageCursor> ReadPageToken(const std::string& token, const std::string& fingerprint,
                                        const PageTokenCodec& codec, Violations& v) {
  return DecodeToken(token, fingerprint, codec, v);
}

absl::StatusOr<NameQuery> ActorQueryFromRequest(const v1::ListActorsRequest& request,
                                                const PageTokenCodec& codec) {
  return NameQueryFrom(request, codec, request.query());
}

absl::StatusOr<NameQuery> PlaceQueryFromRequest(const v1::ListPlacesRequest& request,
                                                const PageTokenCodec& codec) {
  return NameQueryFrom(request, codec, request.query(), [&](NameQuery& out, Violations& v) {
    if (!request.parent().empty()) {
      absl::StatusOr<std::string> parent = ParseResourceName(request.parent(), kPlaces, "parent");
      if (parent.ok()) {
        out.parent_id = *parent;
      } else {
        for (auto& fv : FieldViolationsOf(parent.status())) v.Add(fv.field, fv.description);
      }
    }
    ReadArea(request, out.near, out.bounding_box, v);
  });
}

absl::StatusOr<NameQuery> SourceQueryFromRequest(const v1::ListSourcesRequest& request,
                                                 const PageTokenCodec& codec) {
  return NameQueryFrom(request, codec, "");
}

}  // namespace timeline::domain
