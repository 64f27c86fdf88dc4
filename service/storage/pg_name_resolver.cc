#include "storage/pg_name_resolver.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "domain/ingest_notes.h"
#include "domain/resource_name.h"
#include "normalize/match_key.h"
#include "storage/event_query_sql.h"
#include "storage/ingest_sql.h"
#include "storage/pg_values.h"
#include "storage/pg_directory_rows.h"
#include "unicode/locid.h"
#include "unicode/uloc.h"
#include "unicode/unistr.h"

namespace timeline::storage::pg {
namespace {

using domain::kActors;
using domain::kPlaces;
using domain::kSources;
using domain::Note;
using domain::ResourceName;

constexpr double kNearestPlaceMeters = 50'000;

std::string KeysKey(const std::vector<std::string>& keys) { return absl::StrJoin(keys, "\x1f"); }

NameResult Rejected(std::string field, absl::string_view code, std::string message) {
  NameResult r;
  r.error = Note(std::move(field), code, std::move(message));
  return r;
}

std::string Describe(const std::vector<normalize::NameCandidate>& candidates) {
  return absl::StrJoin(candidates, ", ", [](std::string* out, const normalize::NameCandidate& c) {
    absl::StrAppend(out, c.display_name, " (", c.resource_id, ", similarity ",
                    absl::StrFormat("%.2f", c.score), ")");
  });
}

std::vector<std::string> KeysOf(const std::string& name,
                                const google::protobuf::RepeatedPtrField<std::string>& aliases) {
  std::vector<std::string> keys = {normalize::MatchKey(name)};
  for (const std::string& a : aliases) keys.push_back(normalize::MatchKey(a));
  std::sort(keys.begin() + 1, keys.end());
  keys.erase(std::unique(keys.begin() + 1, keys.end()), keys.end());
  keys.erase(std::remove(keys.begin() + 1, keys.end(), keys[0]), keys.end());
  return keys;
}

std::vector<domain::NameRecord> NameRecordsOf(
    const std::string& name, const std::string& language,
    const google::protobuf::RepeatedPtrField<std::string>& aliases) {
  std::vector<domain::NameRecord> names = {{name, language, normalize::MatchKey(name)}};
  for (const std::string& a : aliases) {
    const bool seen = std::any_of(names.begin(), names.end(),
                                  [&](const domain::NameRecord& n) { return n.name == a; });
    if (!seen) names.push_back({a, "", normalize::MatchKey(a)});
  }
  return names;
}

bool IsIsoCountry(const std::string& code) {
  for (const char* const* c = uloc_getISOCountries(); *c != nullptr; ++c) {
    if (code == *c) return true;
  }
  return false;
}

std::string CountryName(const std::string& code, const char* language) {
  icu::UnicodeString name;
  icu::Locale("", code.c_str()).getDisplayCountry(icu::Locale(language), name);
  std::string out;
  name.toUTF8String(out);
  return out;
}

// Reads a decision's candidates from query rows: id, resource id, display name, kind, country,
// [distance km,] score.
std::vector<normalize::NameCandidate> Candidates(const pqxx::result& rows, bool has_distance,
                                                 const std::string& kind,
                                                 const std::string& country) {
  std::vector<normalize::NameCandidate> out;
  for (const pqxx::row& r : rows) {
    normalize::NameCandidate c;
    c.id = r[0].as<int64_t>();
    c.resource_id = r[1].as<std::string>();
    c.display_name = r[2].as<std::string>();
    c.kind_matches = kind.empty() || r[3].as<std::string>() == kind;
    c.country_matches = country.empty() || r[4].as<std::string>() == country;
    int score_column = 5;
    if (has_distance) {
      if (!r[5].is_null()) c.distance_km = r[5].as<double>();
      score_column = 6;
    }
    c.score = r[score_column].is_null() ? 1.0 : r[score_column].as<double>();
    if (static_cast<int>(r.size()) > score_column + 1)
      c.key = r[score_column + 1].as<std::string>();
    out.push_back(std::move(c));
  }
  return out;
}

// A created name as later records of the batch see it: linked, no longer new.
NameResult WithoutNewNotes(NameResult result) {
  std::erase_if(result.warnings, [](const Warning& w) {
    return w.code == domain::kNoteNewActor || w.code == domain::kNoteNewPlace;
  });
  return result;
}

}  // namespace

std::optional<NameResult> NameCache::Find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void NameCache::Add(const std::vector<std::pair<std::string, NameResult>>& entries) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() + entries.size() > kMaxEntries) entries_.clear();
  for (const auto& [key, result] : entries) entries_.insert_or_assign(key, result);
}

void NameCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.clear();
}

std::optional<NameResult> NameResolver::Shared(const std::string& key) const {
  if (shared_ == nullptr) return std::nullopt;
  return shared_->Find(key);
}

void NameResolver::Remember(std::map<std::string, NameResult>& cache, const std::string& key,
                            const std::string& shared_key, const NameResult& result) {
  NameResult seen = WithoutNewNotes(result);
  cache[key] = seen;
  if (seen.ref && !seen.error) resolved_.emplace_back(shared_key, std::move(seen));
}

NameResult NameResolver::Actor(const v1::IngestActor& a, bool create) {
  if (!a.actor().empty()) {
    return Cached(actor_cache_, "=" + a.actor(), [&] {
      return Existing("ingest_actor_by_resource_id", kActors, a.actor(), "actor");
    });
  }
  const std::vector<std::string> keys = KeysOf(a.name(), a.aliases());
  const std::string kind = KindText(v1::ActorKind_descriptor(), a.kind());
  const std::string country = absl::AsciiStrToUpper(a.country_code());
  const std::string key = absl::StrCat(kind, "|", country, "|", KeysKey(keys));
  if (auto hit = actor_cache_.find(key); hit != actor_cache_.end()) return hit->second;
  if (auto known = Shared("actor|" + key)) return actor_cache_[key] = *known;
  if (!create && missing_.contains("actor|" + key)) return {};

  std::vector<normalize::NameCandidate> candidates = Candidates(
      txn_.exec_prepared("ingest_actors_by_keys", TextArrayLiteral(keys)), false, kind, country);
  if (candidates.empty()) {
    candidates =
        Candidates(txn_.exec_prepared("ingest_actors_similar_to", keys[0]), false, kind, country);
  }
  normalize::NameDecision decision = normalize::DecideName(keys[0], std::move(candidates));
  NameResult result;
  if (decision.link) {
    result = Linked(*decision.link, decision, a.name());
  } else if (strict_) {
    return Rejected("name", domain::kNoteUnknownName, UnknownMessage("actor", a.name(), decision));
  } else if (!create) {
    missing_.insert("actor|" + key);
    return {};
  } else {
    result = CreateActor(a, keys, decision);
  }
  Remember(actor_cache_, key, "actor|" + key, result);
  return result;
}

NameResult NameResolver::Place(const v1::IngestPlace& p, bool create) {
  if (!p.place().empty()) {
    return Cached(place_cache_, "=" + p.place(), [&] {
      NameResult r = Existing("ingest_place_by_resource_id", kPlaces, p.place(), "place");
      if (r.ref) r.time_zone = TimeZoneOf(r.ref->id);
      return r;
    });
  }
  if (p.geonames_id() > 0) {
    pqxx::result found = txn_.exec_prepared("ingest_place_by_geonames_id", p.geonames_id());
    if (!found.empty()) {
      NameResult r;
      r.ref = Ref{found[0][0].as<int64_t>(), found[0][1].as<std::string>()};
      r.time_zone = TimeZoneOf(r.ref->id);
      return r;
    }
    if (p.name().empty()) {
      return Rejected("geonames_id", domain::kNoteNotFound,
                      absl::StrCat("no place has GeoNames id ", p.geonames_id(),
                                   " (import the gazetteer first, or give a name)"));
    }
  }
  std::string country = absl::AsciiStrToUpper(p.country_code());
  const std::vector<std::string> keys = KeysOf(p.name(), p.aliases());
  const std::string key = absl::StrCat(
      KindText(v1::PlaceKind_descriptor(), p.kind()), "|", country, "|",
      absl::StrJoin(p.admin_names(), "/"), "|", KeysKey(keys), "|",
      p.has_location()
          ? absl::StrFormat("%.7f,%.7f", p.location().latitude(), p.location().longitude())
          : "");
  if (auto hit = place_cache_.find(key); hit != place_cache_.end()) return hit->second;
  if (auto known = Shared("place|" + key)) return place_cache_[key] = *known;
  if (!create && missing_.contains("place|" + key)) return {};
  std::string nearby_zone;
  if (country.empty() && p.has_location()) {
    pqxx::result near = txn_.exec_prepared("ingest_nearest_known_place", p.location().latitude(),
                                           p.location().longitude(), kNearestPlaceMeters);
    if (!near.empty()) {
      country = near[0][0].as<std::string>();
      nearby_zone = near[0][1].as<std::string>();
    }
  }

  std::optional<Ref> scope;
  std::vector<Warning> country_notes;  // a country created for this place
  if (!country.empty()) {
    NameResult c = Country(country, create);
    if (c.error) {
      c.error->set_field("country_code");
      return c;
    }
    if (!c.ref) {
      if (strict_) return Undecided(p.name(), "place");
      if (!create) {
        missing_.insert("place|" + key);
        return {};
      }
    } else {
      scope = c.ref;
      country_notes = std::move(c.warnings);
    }
  }
  const std::string kind = KindText(v1::PlaceKind_descriptor(), p.kind());
  normalize::NameDecision decision =
      DecidePlace(keys, scope, p.has_location() ? &p.location() : nullptr, kind, country);
  NameResult result;
  if (decision.link) {
    result = Linked(*decision.link, decision, p.name());
    result.time_zone = TimeZoneOf(result.ref->id);
  } else if (strict_) {
    return Rejected("name", domain::kNoteUnknownName, UnknownMessage("place", p.name(), decision));
  } else if (!create) {
    missing_.insert("place|" + key);
    return {};
  } else {
    result = CreatePlace(p, keys, scope, country, nearby_zone, decision);
  }
  Remember(place_cache_, key, "place|" + key, result);
  result.warnings.insert(result.warnings.begin(), country_notes.begin(), country_notes.end());
  return result;
}

NameResult NameResolver::Source(const v1::IngestSource& s, bool create) {
  if (!s.source().empty()) {
    return Cached(source_cache_, "=" + s.source(), [&] {
      absl::StatusOr<std::string> id = domain::ParseResourceName(s.source(), kSources, "source");
      pqxx::result r =
          txn_.exec_prepared("ingest_source_by_resource_id", id.ok() ? *id : s.source());
      if (r.empty()) {
        return Rejected("source", domain::kNoteNotFound,
                        absl::StrCat(s.source(), " does not exist"));
      }
      return SourceRow(r[0]);
    });
  }
  if (auto hit = source_cache_.find(s.url()); hit != source_cache_.end()) return hit->second;
  if (auto known = Shared("source|" + s.url())) return source_cache_[s.url()] = *known;
  if (!create && missing_.contains("source|" + s.url())) return {};
  pqxx::result r = txn_.exec_prepared("ingest_source_by_url", s.url());
  NameResult result;
  if (!r.empty()) {
    result = SourceRow(r[0]);
  } else if (!create) {
    missing_.insert("source|" + s.url());
    return {};
  } else {
    result = CreateSource(s);
  }
  Remember(source_cache_, s.url(), "source|" + s.url(), result);
  return result;
}

NameResult NameResolver::Country(const std::string& code, bool create) {
  if (auto hit = country_cache_.find(code); hit != country_cache_.end()) return hit->second;
  if (!IsIsoCountry(code)) {
    return Rejected("country_code", domain::kNoteInvalidArgument,
                    absl::StrCat("\"", code, "\" is not an ISO 3166-1 country code"));
  }
  pqxx::result found = txn_.exec_prepared("ingest_country_place", code);
  NameResult result;
  if (!found.empty()) {
    result.ref = Ref{found[0][0].as<int64_t>(), found[0][1].as<std::string>()};
  } else if (!create) {
    return {};
  } else {
    LockCreation();
    found = txn_.exec_prepared("ingest_country_place", code);
    if (!found.empty()) {
      result.ref = Ref{found[0][0].as<int64_t>(), found[0][1].as<std::string>()};
    } else {
      domain::PlaceRecord record;
      record.display_name = CountryName(code, "en");
      record.kind = "country";
      record.country_code = code;
      for (const char* language : {"en", "fr", "ar"}) {
        std::string name = CountryName(code, language);
        record.names.push_back({name, language, normalize::MatchKey(name)});
      }
      result.ref = InsertPlace(record, absl::AsciiStrToLower(code), std::nullopt);
      result.warnings.push_back(
          {domain::kNoteNewPlace,
           absl::StrCat("created ", ResourceName(kPlaces, result.ref->resource_id), " for country ",
                        code)});
    }
  }
  country_cache_[code] = WithoutNewNotes(result);
  return result;
}

v1::IngestResult::Outcome NameResolver::Gazetteer(const v1::IngestPlace& p, Ref& ref) {
  const domain::PlaceRecord record = GazetteerRecord(p);
  pqxx::result found = txn_.exec_prepared("ingest_gazetteer_place", p.geonames_id());
  if (!found.empty()) {
    const pqxx::row& r = found[0];
    ref = Ref{r[0].as<int64_t>(), r[1].as<std::string>()};
    std::vector<std::string> stored_names = TextArray(r[8]), names;
    for (const auto& n : record.names) names.push_back(n.name);
    const bool same = r[2].as<std::string>() == record.display_name &&
                      r[3].as<std::string>() == record.kind && !r[4].is_null() &&
                      r[4].as<double>() == record.location->latitude() &&
                      r[5].as<double>() == record.location->longitude() &&
                      r[6].as<std::string>() == record.location_precision &&
                      r[7].as<std::string>() == record.time_zone && stored_names == names;
    if (same) return v1::IngestResult::UNCHANGED;
    txn_.exec_params(sql::kUpdateGazetteerPlace, ref.id, record.display_name, record.kind,
                     record.location->latitude(), record.location->longitude(),
                     record.location_precision, record.time_zone);
    txn_.exec_params(sql::kDeletePlaceNames, ref.id);
    InsertNames("ingest_insert_place_names", ref.id, record.names);
    return v1::IngestResult::UPDATED;
  }
  NameResult country = Country(record.country_code, true);
  if (record.kind == "country") {
    ref = *country.ref;
    txn_.exec_params(sql::kAdoptGeoNamesId, ref.id, p.geonames_id());
    return v1::IngestResult::UPDATED;
  }
  normalize::NameDecision decision =
      DecidePlace(KeysOf(p.name(), p.aliases()), country.ref, &p.location(), record.kind,
                  record.country_code, /*similar=*/false);
  if (decision.link && decision.link->score == 1.0 && decision.link->distance_km &&
      txn_.exec_params(sql::kAdoptGeoNamesId, decision.link->id, p.geonames_id()).affected_rows() ==
          1) {
    ref = Ref{decision.link->id, decision.link->resource_id};
    return v1::IngestResult::UPDATED;
  }
  LockCreation();
  ref = InsertPlace(
      record,
      normalize::ResourceIdFromName(p.name(), absl::AsciiStrToLower(record.country_code), "place"),
      country.ref);
  return v1::IngestResult::CREATED;
}

domain::PlaceRecord NameResolver::GazetteerRecord(const v1::IngestPlace& p) {
  domain::PlaceRecord record;
  record.display_name = p.name();
  record.kind = p.kind() == v1::PLACE_KIND_UNSPECIFIED
                    ? "settlement"
                    : KindText(v1::PlaceKind_descriptor(), p.kind());
  record.country_code = absl::AsciiStrToUpper(p.country_code());
  record.geonames_id = p.geonames_id();
  record.location = p.location();
  record.location_precision =
      p.location_precision() == v1::LOCATION_PRECISION_UNSPECIFIED
          ? "settlement_centroid"
          : domain::EnumToDb(v1::LocationPrecision_descriptor(), p.location_precision());
  record.time_zone = p.time_zone();
  record.names = NameRecordsOf(p.name(), p.language(), p.aliases());
  return record;
}

std::string NameResolver::KindText(const google::protobuf::EnumDescriptor* descriptor, int value) {
  return value == 0 ? "" : domain::EnumToDb(descriptor, value);
}

NameResult NameResolver::Existing(const char* statement, absl::string_view collection,
                                  const std::string& name, const std::string& field) {
  absl::StatusOr<std::string> id = domain::ParseResourceName(name, collection, field);
  pqxx::result r = txn_.exec_prepared(statement, id.ok() ? *id : name);
  if (r.empty()) return Rejected(field, domain::kNoteNotFound, name + " does not exist");
  NameResult result;
  result.ref = Ref{r[0][0].as<int64_t>(), r[0][1].as<std::string>()};
  return result;
}

NameResult NameResolver::SourceRow(const pqxx::row& r) {
  NameResult result;
  result.ref = Ref{r[0].as<int64_t>(), r[1].as<std::string>()};
  result.published_time = OptMicros(r[2]);
  return result;
}

NameResult NameResolver::Undecided(const std::string& name, absl::string_view what) {
  if (strict_) {
    return Rejected("name", domain::kNoteUnknownName,
                    absl::StrCat("no ", what, " named \"", name, "\" in this country"));
  }
  return {};
}

NameResult NameResolver::Linked(const normalize::NameCandidate& chosen,
                                const normalize::NameDecision& decision, const std::string& name) {
  NameResult result;
  result.ref = Ref{chosen.id, chosen.resource_id};
  if (decision.ambiguous) {
    result.warnings.push_back(
        {domain::kNoteAmbiguousName,
         absl::StrCat("\"", name, "\" matches several equally well; linked the oldest, ",
                      chosen.display_name, " (", chosen.resource_id, "); also ",
                      Describe(decision.also))});
  }
  return result;
}

std::string NameResolver::UnknownMessage(absl::string_view what, const std::string& name,
                                         const normalize::NameDecision& decision) {
  std::string message = absl::StrCat("no ", what, " is named \"", name, "\" (strict mode)");
  if (!decision.also.empty()) absl::StrAppend(&message, "; similar: ", Describe(decision.also));
  return message;
}

void NameResolver::WarnNew(NameResult& result, absl::string_view code, absl::string_view collection,
                           const std::string& name, const normalize::NameDecision& decision) {
  std::string message = absl::StrCat("created ", ResourceName(collection, result.ref->resource_id),
                                     " for \"", name, "\"");
  if (!decision.also.empty()) {
    absl::StrAppend(&message, "; similar but below the link threshold: ", Describe(decision.also));
  }
  result.warnings.push_back({code, std::move(message)});
}

normalize::NameDecision NameResolver::DecidePlace(const std::vector<std::string>& keys,
                                                  const std::optional<Ref>& scope,
                                                  const v1::LatLng* location,
                                                  const std::string& kind,
                                                  const std::string& country, bool similar) {
  auto run = [&](const char* statement, const std::string& keys_param) {
    const char* scope_param = nullptr;
    std::string scope_text;
    if (scope) {
      scope_text = absl::StrCat(scope->id);
      scope_param = scope_text.c_str();
    }
    std::string lat, lng;
    if (location) {
      lat = pqxx::to_string(location->latitude());
      lng = pqxx::to_string(location->longitude());
    }
    std::vector<const char*> params = {keys_param.c_str(), scope_param,
                                       location ? lat.c_str() : nullptr,
                                       location ? lng.c_str() : nullptr};
    return Candidates(txn_.exec_prepared(statement, pqxx::prepare::make_dynamic_params(params)),
                      true, kind, country);
  };
  std::vector<normalize::NameCandidate> candidates =
      run("ingest_places_by_keys", TextArrayLiteral(keys));
  if (candidates.empty() && similar) candidates = run("ingest_places_similar_to", keys[0]);
  return normalize::DecideName(keys[0], std::move(candidates));
}

std::string NameResolver::TimeZoneOf(int64_t place_id) {
  pqxx::result r = txn_.exec_prepared("ingest_place_time_zone", place_id);
  return r.empty() ? "" : r[0][0].as<std::string>();
}

void NameResolver::InsertNames(const char* statement, int64_t owner,
                               const std::vector<domain::NameRecord>& names) {
  created_names_ += static_cast<int>(names.size());
  std::vector<std::string> texts, languages, keys;
  for (const domain::NameRecord& n : names) {
    texts.push_back(n.name);
    languages.push_back(n.language);
    keys.push_back(n.match_key);
  }
  txn_.exec_prepared(statement, owner, TextArrayLiteral(texts), TextArrayLiteral(languages),
                     TextArrayLiteral(keys));
}

void NameResolver::LockCreation() {
  if (creation_locked_) return;
  txn_.exec(sql::kLockNameCreation);
  creation_locked_ = true;
}

NameResult NameResolver::CreateActor(const v1::IngestActor& a, const std::vector<std::string>& keys,
                                     const normalize::NameDecision& decision) {
  LockCreation();
  // Another batch may have created the name while this one waited for the lock.
  pqxx::result again = txn_.exec_prepared("ingest_actors_by_keys", TextArrayLiteral(keys));
  if (!again.empty()) {
    NameResult r;
    r.ref = Ref{again[0][0].as<int64_t>(), again[0][1].as<std::string>()};
    return r;
  }
  const std::string kind = a.kind() == v1::ACTOR_KIND_UNSPECIFIED
                               ? "organization"
                               : KindText(v1::ActorKind_descriptor(), a.kind());
  const std::string slug = normalize::ResourceIdFromName(a.name(), "", "actor");
  NameResult result;
  for (int attempt = 1; !result.ref; ++attempt) {
    const std::string id = attempt == 1   ? slug
                           : attempt < 50 ? absl::StrCat(slug, "-", attempt)
                                          : domain::GenerateResourceId();
    pqxx::result inserted = txn_.exec_prepared("insert_actor", id, a.name(), kind,
                                               absl::AsciiStrToUpper(a.country_code()), "", "");
    if (inserted.empty()) continue;
    result.ref = Ref{inserted[0][0].as<int64_t>(), id};
  }
  const auto names = NameRecordsOf(a.name(), a.language(), a.aliases());
  InsertNames("ingest_insert_actor_names", result.ref->id, names);
  WarnNew(result, domain::kNoteNewActor, kActors, a.name(), decision);
  if (a.kind() == v1::ACTOR_KIND_UNSPECIFIED) {
    result.warnings.back().message += " (kind not given: stored as ORGANIZATION)";
  }
  return result;
}

Ref NameResolver::InsertPlace(const domain::PlaceRecord& record, const std::string& slug,
                              const std::optional<Ref>& parent) {
  for (int attempt = 1;; ++attempt) {
    const std::string id = attempt == 1   ? slug
                           : attempt < 50 ? absl::StrCat(slug, "-", attempt)
                                          : domain::GenerateResourceId();
    const std::vector<NullableText> values =
        PlaceValues(id, record, parent ? NullableText{absl::StrCat(parent->id)} : NullableText{});
    pqxx::result inserted = ExecWith(txn_, "insert_place", values);
    if (inserted.empty()) continue;
    Ref ref{inserted[0][0].as<int64_t>(), id};
    InsertNames("ingest_insert_place_names", ref.id, record.names);
    return ref;
  }
}

std::optional<Ref> NameResolver::AdminChain(const v1::IngestPlace& p, std::optional<Ref> parent,
                                            const std::string& country,
                                            std::vector<Warning>& warnings) {
  for (int i = 0; i < p.admin_names_size(); ++i) {
    const std::string& name = p.admin_names(i);
    const std::string kind = i == 0 ? "admin_region" : "admin_district";
    const std::vector<std::string> keys = {normalize::MatchKey(name)};
    normalize::NameDecision decision = DecidePlace(keys, parent, nullptr, kind, country);
    if (decision.link) {
      parent = Ref{decision.link->id, decision.link->resource_id};
      continue;
    }
    domain::PlaceRecord record;
    record.display_name = name;
    record.kind = kind;
    record.country_code = country;
    record.names = {{name, "", keys[0]}};
    const std::string prefix = parent ? parent->resource_id : absl::AsciiStrToLower(country);
    parent = InsertPlace(record, normalize::ResourceIdFromName(name, prefix, "place"), parent);
    warnings.push_back(
        {domain::kNoteNewPlace, absl::StrCat("created ", ResourceName(kPlaces, parent->resource_id),
                                             " for the division \"", name, "\"")});
  }
  return parent;
}

NameResult NameResolver::CreatePlace(const v1::IngestPlace& p, const std::vector<std::string>& keys,
                                     const std::optional<Ref>& scope, const std::string& country,
                                     const std::string& nearby_zone,
                                     const normalize::NameDecision& decision) {
  LockCreation();
  NameResult result;
  normalize::NameDecision again =
      DecidePlace(keys, scope, p.has_location() ? &p.location() : nullptr, "", country,
                  /*similar=*/false);
  if (again.link && again.link->score == 1.0) {
    result.ref = Ref{again.link->id, again.link->resource_id};
    result.time_zone = TimeZoneOf(result.ref->id);
    return result;
  }
  const std::optional<Ref> parent = AdminChain(p, scope, country, result.warnings);
  domain::PlaceRecord record;
  record.display_name = p.name();
  record.kind = p.kind() == v1::PLACE_KIND_UNSPECIFIED
                    ? "settlement"
                    : KindText(v1::PlaceKind_descriptor(), p.kind());
  record.country_code = country;
  record.geonames_id = p.geonames_id();
  if (p.has_location()) {
    record.location = p.location();
    record.location_precision =
        p.location_precision() == v1::LOCATION_PRECISION_UNSPECIFIED
            ? "settlement_centroid"
            : domain::EnumToDb(v1::LocationPrecision_descriptor(), p.location_precision());
  }
  record.time_zone = !p.time_zone().empty() ? p.time_zone() : nearby_zone;
  record.names = NameRecordsOf(p.name(), p.language(), p.aliases());
  const std::string prefix = absl::AsciiStrToLower(country);
  result.ref =
      InsertPlace(record, normalize::ResourceIdFromName(p.name(), prefix, "place"), parent);
  result.time_zone = TimeZoneOf(result.ref->id);
  WarnNew(result, domain::kNoteNewPlace, kPlaces, p.name(), decision);
  if (!parent) {
    result.warnings.back().message +=
        " at the top level (no country, division or known place nearby)";
  }
  return result;
}

NameResult NameResolver::CreateSource(const v1::IngestSource& s) {
  std::string slug = s.url();
  if (size_t scheme = slug.find("://"); scheme != std::string::npos) slug.erase(0, scheme + 3);
  slug = normalize::ResourceIdFromName(slug, "", "source", 60);
  NameResult result;
  for (int attempt = 1; !result.ref; ++attempt) {
    const std::string id = attempt == 1   ? slug
                           : attempt < 50 ? absl::StrCat(slug, "-", attempt)
                                          : domain::GenerateResourceId();
    std::optional<domain::Micros> published;
    if (s.has_published_time()) published = domain::FromTimestamp(s.published_time());
    std::vector<NullableText> values = {
        {id}, {s.url()}, {s.publisher()}, {s.language()}, NullableMicros(published), {s.title()}};
    pqxx::result inserted = ExecWith(txn_, "insert_source", values);
    if (!inserted.empty()) {
      result.ref = Ref{inserted[0][0].as<int64_t>(), id};
      result.published_time = published;
    }
  }
  return result;
}

void NameResolver::AnalyzeIfGrown() {
  if (created_names_ < kAnalyzeAfterNames) return;
  txn_.exec(sql::kAnalyzeNameTables);
  created_names_ = 0;
}

}  // namespace timeline::storage::pg

namespace timeline::storage::pg {

void PrepareIngestStatements(pqxx::connection& c) {
  c.prepare("ingest_actor_by_resource_id", sql::kActorByResourceId);
  c.prepare("ingest_actors_by_keys", sql::kActorsByKeys);
  c.prepare("ingest_actors_similar_to", sql::kActorsSimilarTo);
  c.prepare("ingest_insert_actor_names", sql::kInsertActorNames);
  c.prepare("ingest_place_by_resource_id", sql::kPlaceByResourceId);
  c.prepare("ingest_place_by_geonames_id", sql::kPlaceByGeoNamesId);
  c.prepare("ingest_country_place", sql::kCountryPlace);
  c.prepare("ingest_nearest_known_place", sql::kNearestKnownPlace);
  c.prepare("ingest_place_time_zone", sql::kPlaceTimeZone);
  c.prepare("ingest_places_by_keys", sql::kPlacesByKeys);
  c.prepare("ingest_places_similar_to", sql::kPlacesSimilarTo);
  c.prepare("ingest_gazetteer_place", sql::kGazetteerPlace);
  c.prepare("ingest_insert_place_names", sql::kInsertPlaceNames);
  c.prepare("ingest_source_by_resource_id", sql::kSourceByResourceId);
  c.prepare("ingest_source_by_url", sql::kSourceByUrl);
  c.prepare("ingest_events_by_external_ids", sql::kEventsByExternalIds);
}

}  // namespace timeline::storage::pg
