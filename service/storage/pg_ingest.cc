// PgRepository::IngestEvents / IngestPlaces: name resolution, idempotent upserts by external id
// and the bulk write of new events with COPY, all in the stream's one transaction.
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "domain/ingest_record.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "google/protobuf/util/message_differencer.h"
#include "normalize/match_key.h"
#include "normalize/name_resolution.h"
#include "storage/event_query_sql.h"
#include "storage/ingest_sql.h"
#include "storage/pg_repository.h"
#include "storage/pg_support.h"
#include "unicode/locid.h"
#include "unicode/uloc.h"
#include "unicode/unistr.h"

namespace timeline::storage {
namespace {

using namespace pg;  // NOLINT: the shared pieces of this implementation
using domain::kActors;
using domain::kPlaces;
using domain::kSources;
using domain::Note;
using domain::ResourceName;

constexpr double kNearestPlaceMeters = 50'000;
constexpr int kExternalIdBuckets = 64;

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string KeysKey(const std::vector<std::string>& keys) { return absl::StrJoin(keys, "\x1f"); }

// --- What a name resolved to --------------------------------------------------------------------

struct Ref {
  int64_t id = 0;
  std::string resource_id;
};

struct Warning {
  absl::string_view code;
  std::string message;
};

struct NameResult {
  std::optional<Ref> ref;               // unset: rejected, or not created on a dry pass
  std::optional<v1::IngestNote> error;  // field relative to the name ("name", "place")
  std::vector<Warning> warnings;
  std::string time_zone;                         // places: own or nearest ancestor's zone
  std::optional<domain::Micros> published_time;  // sources
};

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

// --- Name resolution ----------------------------------------------------------------------------

// Resolves (and, when asked, creates) the actors, places and sources a batch names. Results are
// cached for the batch, so a name repeated across records costs one lookup.
class Resolver {
 public:
  Resolver(pqxx::work& txn, bool strict) : txn_(txn), strict_(strict) {}

  NameResult Actor(const v1::IngestActor& a, bool create) {
    if (!a.actor().empty()) {
      return Cached(actor_cache_, "=" + a.actor(),
                    [&] { return Existing(sql::kActorByResourceId, kActors, a.actor(), "actor"); });
    }
    const std::vector<std::string> keys = KeysOf(a.name(), a.aliases());
    const std::string kind = KindText(v1::ActorKind_descriptor(), a.kind());
    const std::string country = absl::AsciiStrToUpper(a.country_code());
    const std::string key = absl::StrCat(kind, "|", country, "|", KeysKey(keys));
    if (auto hit = actor_cache_.find(key); hit != actor_cache_.end()) return hit->second;

    std::vector<normalize::NameCandidate> candidates = Candidates(
        txn_.exec_params(sql::kActorsByKeys, TextArrayLiteral(keys)), false, kind, country);
    if (candidates.empty()) {
      candidates =
          Candidates(txn_.exec_params(sql::kActorsSimilarTo, keys[0]), false, kind, country);
    }
    normalize::NameDecision decision = normalize::DecideName(keys[0], std::move(candidates));
    NameResult result;
    if (decision.link) {
      result = Linked(*decision.link, decision, a.name());
    } else if (strict_) {
      return Rejected("name", domain::kNoteUnknownName,
                      UnknownMessage("actor", a.name(), decision));
    } else if (!create) {
      return {};
    } else {
      result = CreateActor(a, keys, decision);
    }
    actor_cache_[key] = result;
    return result;
  }

  NameResult Place(const v1::IngestPlace& p, bool create) {
    if (!p.place().empty()) {
      return Cached(place_cache_, "=" + p.place(), [&] {
        NameResult r = Existing(sql::kPlaceByResourceId, kPlaces, p.place(), "place");
        if (r.ref) r.time_zone = TimeZoneOf(r.ref->id);
        return r;
      });
    }
    if (p.geonames_id() > 0) {
      pqxx::result found = txn_.exec_params(sql::kPlaceByGeoNamesId, p.geonames_id());
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
    std::string nearby_zone;
    if (country.empty() && p.has_location()) {
      pqxx::result near = txn_.exec_params(sql::kNearestKnownPlace, p.location().latitude(),
                                           p.location().longitude(), kNearestPlaceMeters);
      if (!near.empty()) {
        country = near[0][0].as<std::string>();
        nearby_zone = near[0][1].as<std::string>();
      }
    }
    const std::vector<std::string> keys = KeysOf(p.name(), p.aliases());
    const std::string key = absl::StrCat(
        country, "|", absl::StrJoin(p.admin_names(), "/"), "|", KeysKey(keys), "|",
        p.has_location()
            ? absl::StrFormat("%.7f,%.7f", p.location().latitude(), p.location().longitude())
            : "");
    if (auto hit = place_cache_.find(key); hit != place_cache_.end()) return hit->second;

    std::optional<Ref> scope;
    if (!country.empty()) {
      NameResult c = Country(country, create);
      if (c.error) {
        c.error->set_field("country_code");
        return c;
      }
      if (!c.ref) {
        if (strict_ || !create) return Undecided(p.name(), "place");
      } else {
        scope = c.ref;
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
      return Rejected("name", domain::kNoteUnknownName,
                      UnknownMessage("place", p.name(), decision));
    } else if (!create) {
      return {};
    } else {
      result = CreatePlace(p, keys, scope, country, nearby_zone, decision);
    }
    place_cache_[key] = result;
    return result;
  }

  NameResult Source(const v1::IngestSource& s, bool create) {
    if (!s.source().empty()) {
      return Cached(source_cache_, "=" + s.source(), [&] {
        absl::StatusOr<std::string> id = domain::ParseResourceName(s.source(), kSources, "source");
        pqxx::result r = txn_.exec_params(sql::kSourceByResourceId, id.ok() ? *id : s.source());
        if (r.empty()) {
          return Rejected("source", domain::kNoteNotFound,
                          absl::StrCat(s.source(), " does not exist"));
        }
        return SourceRow(r[0]);
      });
    }
    if (auto hit = source_cache_.find(s.url()); hit != source_cache_.end()) return hit->second;
    pqxx::result r = txn_.exec_params(sql::kSourceByUrl, s.url());
    if (!r.empty()) return source_cache_[s.url()] = SourceRow(r[0]);
    if (!create) return {};
    return source_cache_[s.url()] = CreateSource(s);
  }

  // A country's place by ISO code, created (with its English, French and Arabic names from ICU)
  // when missing: a code is exact, so creating it is no guess.
  NameResult Country(const std::string& code, bool create) {
    if (auto hit = country_cache_.find(code); hit != country_cache_.end()) return hit->second;
    if (!IsIsoCountry(code)) {
      return Rejected("country_code", domain::kNoteInvalidArgument,
                      absl::StrCat("\"", code, "\" is not an ISO 3166-1 country code"));
    }
    pqxx::result found = txn_.exec_params(sql::kCountryPlace, code);
    NameResult result;
    if (!found.empty()) {
      result.ref = Ref{found[0][0].as<int64_t>(), found[0][1].as<std::string>()};
    } else if (!create) {
      return {};
    } else {
      LockCreation();
      found = txn_.exec_params(sql::kCountryPlace, code);
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
             absl::StrCat("created ", ResourceName(kPlaces, result.ref->resource_id),
                          " for country ", code)});
      }
    }
    country_cache_[code] = result;
    return result;
  }

  // A gazetteer row: the place with its GeoNames id updated to the row, or a curated place of the
  // same name nearby adopted (given the id), or a new place under its country.
  v1::IngestResult::Outcome Gazetteer(const v1::IngestPlace& p, Ref& ref) {
    const domain::PlaceRecord record = GazetteerRecord(p);
    pqxx::result found = txn_.exec_params(sql::kGazetteerPlace, p.geonames_id());
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
      InsertNames(sql::kInsertPlaceNames, ref.id, record.names);
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
        txn_.exec_params(sql::kAdoptGeoNamesId, decision.link->id, p.geonames_id())
                .affected_rows() == 1) {
      ref = Ref{decision.link->id, decision.link->resource_id};
      return v1::IngestResult::UPDATED;
    }
    LockCreation();
    ref = InsertPlace(record,
                      normalize::ResourceIdFromName(
                          p.name(), absl::AsciiStrToLower(record.country_code), "place"),
                      country.ref);
    return v1::IngestResult::CREATED;
  }

 private:
  static domain::PlaceRecord GazetteerRecord(const v1::IngestPlace& p) {
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

  template <typename Fn>
  NameResult Cached(std::map<std::string, NameResult>& cache, const std::string& key, Fn&& fn) {
    if (auto hit = cache.find(key); hit != cache.end()) return hit->second;
    return cache[key] = fn();
  }

  static std::string KindText(const google::protobuf::EnumDescriptor* descriptor, int value) {
    return value == 0 ? "" : domain::EnumToDb(descriptor, value);
  }

  NameResult Existing(const char* statement, absl::string_view collection, const std::string& name,
                      const std::string& field) {
    absl::StatusOr<std::string> id = domain::ParseResourceName(name, collection, field);
    pqxx::result r = txn_.exec_params(statement, id.ok() ? *id : name);
    if (r.empty()) return Rejected(field, domain::kNoteNotFound, name + " does not exist");
    NameResult result;
    result.ref = Ref{r[0][0].as<int64_t>(), r[0][1].as<std::string>()};
    return result;
  }

  NameResult SourceRow(const pqxx::row& r) {
    NameResult result;
    result.ref = Ref{r[0].as<int64_t>(), r[1].as<std::string>()};
    result.published_time = OptMicros(r[2]);
    return result;
  }

  NameResult Undecided(const std::string& name, absl::string_view what) {
    if (strict_) {
      return Rejected("name", domain::kNoteUnknownName,
                      absl::StrCat("no ", what, " named \"", name, "\" in this country"));
    }
    return {};
  }

  static NameResult Linked(const normalize::NameCandidate& chosen,
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

  static std::string UnknownMessage(absl::string_view what, const std::string& name,
                                    const normalize::NameDecision& decision) {
    std::string message = absl::StrCat("no ", what, " is named \"", name, "\" (strict mode)");
    if (!decision.also.empty()) absl::StrAppend(&message, "; similar: ", Describe(decision.also));
    return message;
  }

  static void WarnNew(NameResult& result, absl::string_view code, absl::string_view collection,
                      const std::string& name, const normalize::NameDecision& decision) {
    std::string message = absl::StrCat(
        "created ", ResourceName(collection, result.ref->resource_id), " for \"", name, "\"");
    if (!decision.also.empty()) {
      absl::StrAppend(&message,
                      "; similar but below the link threshold: ", Describe(decision.also));
    }
    result.warnings.push_back({code, std::move(message)});
  }

  // `similar`: also look for similar names when no key is equal (gazetteer rows and re-checks
  // under the creation lock want equal keys only).
  normalize::NameDecision DecidePlace(const std::vector<std::string>& keys,
                                      const std::optional<Ref>& scope, const v1::LatLng* location,
                                      const std::string& kind, const std::string& country,
                                      bool similar = true) {
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
      return Candidates(txn_.exec_params(statement, pqxx::prepare::make_dynamic_params(params)),
                        true, kind, country);
    };
    std::vector<normalize::NameCandidate> candidates =
        run(sql::kPlacesByKeys, TextArrayLiteral(keys));
    if (candidates.empty() && similar) candidates = run(sql::kPlacesSimilarTo, keys[0]);
    return normalize::DecideName(keys[0], std::move(candidates));
  }

  std::string TimeZoneOf(int64_t place_id) {
    pqxx::result r = txn_.exec_params(sql::kPlaceTimeZone, place_id);
    return r.empty() ? "" : r[0][0].as<std::string>();
  }

  // All names of one actor or place in one statement.
  void InsertNames(const char* statement, int64_t owner,
                   const std::vector<domain::NameRecord>& names) {
    created_names_ += static_cast<int>(names.size());
    std::vector<std::string> texts, languages, keys;
    for (const domain::NameRecord& n : names) {
      texts.push_back(n.name);
      languages.push_back(n.language);
      keys.push_back(n.match_key);
    }
    txn_.exec_params(statement, owner, TextArrayLiteral(texts), TextArrayLiteral(languages),
                     TextArrayLiteral(keys));
  }

  void LockCreation() {
    if (creation_locked_) return;
    txn_.exec(sql::kLockNameCreation);
    creation_locked_ = true;
  }

  NameResult CreateActor(const v1::IngestActor& a, const std::vector<std::string>& keys,
                         const normalize::NameDecision& decision) {
    LockCreation();
    // Another batch may have created the name while this one waited for the lock.
    pqxx::result again = txn_.exec_params(sql::kActorsByKeys, TextArrayLiteral(keys));
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
    InsertNames(sql::kInsertActorNames, result.ref->id, names);
    WarnNew(result, domain::kNoteNewActor, kActors, a.name(), decision);
    if (a.kind() == v1::ACTOR_KIND_UNSPECIFIED) {
      result.warnings.back().message += " (kind not given: stored as ORGANIZATION)";
    }
    return result;
  }

  // Inserts a place under `parent` with a free resource id made from `slug`.
  Ref InsertPlace(const domain::PlaceRecord& record, const std::string& slug,
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
      InsertNames(sql::kInsertPlaceNames, ref.id, record.names);
      return ref;
    }
  }

  // The administrative divisions of a record, each found or created under the previous one.
  std::optional<Ref> AdminChain(const v1::IngestPlace& p, std::optional<Ref> parent,
                                const std::string& country, std::vector<Warning>& warnings) {
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
      warnings.push_back({domain::kNoteNewPlace,
                          absl::StrCat("created ", ResourceName(kPlaces, parent->resource_id),
                                       " for the division \"", name, "\"")});
    }
    return parent;
  }

  NameResult CreatePlace(const v1::IngestPlace& p, const std::vector<std::string>& keys,
                         const std::optional<Ref>& scope, const std::string& country,
                         const std::string& nearby_zone, const normalize::NameDecision& decision) {
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

  NameResult CreateSource(const v1::IngestSource& s) {
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

 public:
  // Refreshes the planner's statistics after a batch that added many names: a first import into
  // an empty database otherwise keeps being planned as if the tables were empty (sequential
  // scans per lookup, slower with every batch) until autovacuum comes round.
  void AnalyzeIfGrown() {
    if (created_names_ < kAnalyzeAfterNames) return;
    txn_.exec(sql::kAnalyzeNameTables);
    created_names_ = 0;
  }

 private:
  static constexpr int kAnalyzeAfterNames = 200;

  int created_names_ = 0;
  pqxx::work& txn_;
  const bool strict_;
  bool creation_locked_ = false;
  std::map<std::string, NameResult> actor_cache_, place_cache_, source_cache_, country_cache_;
};

// --- Records ------------------------------------------------------------------------------------

struct Accepted {
  size_t index;  // in the stream
  domain::EventRecord record;
  std::map<std::string, int64_t> internal_ids;  // "actors/x", "places/y" -> internal id
  int64_t source_id = 0;
  std::string content_hash;
};

void AddNote(v1::IngestNote note, const std::string& prefix,
             google::protobuf::RepeatedPtrField<v1::IngestNote>* out) {
  note.set_field(absl::StrCat(prefix, ".", note.field()));
  *out->Add() = std::move(note);
}

void AddWarnings(const std::vector<Warning>& warnings, const std::string& field,
                 google::protobuf::RepeatedPtrField<v1::IngestNote>* out) {
  for (const Warning& w : warnings) *out->Add() = Note(field, w.code, w.message);
}

// Resolves every name of a record; with create=false nothing is written and the result only
// says whether the record is acceptable.
bool ResolveRecord(Resolver& resolver, const v1::IngestRecord& r, const std::string& f, bool create,
                   v1::IngestResult& result, domain::ResolvedLinks* links, Accepted* accepted) {
  bool ok = true;
  auto take = [&](NameResult n, const std::string& where, std::string* id, int64_t* internal) {
    // Internal ids are kept by resource name, as actors and places share no namespace.
    if (n.error) {
      AddNote(*n.error, where, result.mutable_errors());
      ok = false;
      return n;
    }
    if (create && n.ref) {
      *id = n.ref->resource_id;
      *internal = n.ref->id;
      AddWarnings(n.warnings, where, result.mutable_warnings());
    }
    return n;
  };
  for (int i = 0; i < r.actors_size(); ++i) {
    std::string id;
    int64_t internal = 0;
    take(resolver.Actor(r.actors(i), create), absl::StrCat(f, ".actors[", i, "]"), &id, &internal);
    if (links) {
      links->actor_ids.push_back(id);
      accepted->internal_ids[ResourceName(kActors, id)] = internal;
    }
  }
  for (int i = 0; i < r.places_size(); ++i) {
    std::string id;
    int64_t internal = 0;
    NameResult n = take(resolver.Place(r.places(i), create), absl::StrCat(f, ".places[", i, "]"),
                        &id, &internal);
    if (links) {
      links->place_ids.push_back(id);
      accepted->internal_ids[ResourceName(kPlaces, id)] = internal;
      if (links->place_time_zone.empty()) links->place_time_zone = n.time_zone;
    }
  }
  if (r.has_source()) {
    std::string id;
    int64_t internal = 0;
    NameResult n = take(resolver.Source(r.source(), create), f + ".source", &id, &internal);
    if (links) {
      links->source_id = id;
      links->source_published_time = n.published_time;
      accepted->source_id = internal;
    }
  }
  return ok;
}

// The fingerprint of what an ingest writes for a record.
std::string ContentHash(const domain::EventRecord& record) {
  std::string bytes;
  RecordAsEvent(record).SerializeToString(&bytes);
  return Sha256Hex(bytes);
}

// An event id made from the record's external id ("acled" / "MLI123" -> "acled-mli123"), so
// imported events have recognizable names; empty when none fits.
std::string EventIdFor(const domain::EventRecord& record) {
  if (record.external_ids.empty()) return "";
  const auto& x = record.external_ids[0];
  std::string id = normalize::ResourceIdFromName(x.id, x.system, "event", 63);
  return domain::IsValidResourceId(id) ? id : "";
}

std::string SpanLiteral(const domain::Span& span) {
  std::string lower =
      span.start ? absl::StrCat("[\"", domain::FormatRfc3339(*span.start), "\"") : std::string("(");
  std::string upper =
      span.end ? absl::StrCat("\"", domain::FormatRfc3339(*span.end), "\")") : std::string(")");
  return absl::StrCat(lower, ",", upper);
}

template <size_t N>
void WriteRow(pqxx::stream_to& stream, const std::array<NullableText, N>& values) {
  [&]<size_t... I>(std::index_sequence<I...>) { stream << std::make_tuple(values[I].get()...); }
  (std::make_index_sequence<N>());
}

// Writes new events and their links with COPY: the bulk path of ingestion.
void CopyNewEvents(pqxx::work& txn, std::vector<Accepted*>& created,
                   std::vector<std::string>& names) {
  if (created.empty()) return;
  std::vector<int64_t> ids;
  for (const pqxx::row& r : txn.exec_params(sql::kNextEventIds, static_cast<int>(created.size()))) {
    ids.push_back(r[0].as<int64_t>());
  }
  // Ids from external ids where free, random ones otherwise.
  std::vector<std::string> wanted;
  for (Accepted* a : created) wanted.push_back(EventIdFor(a->record));
  std::set<std::string> taken;
  for (const pqxx::row& r : txn.exec_params(sql::kTakenEventIds, TextArrayLiteral(wanted))) {
    taken.insert(r[0].as<std::string>());
  }
  names.clear();
  for (const std::string& w : wanted) {
    const bool usable = !w.empty() && taken.insert(w).second;
    names.push_back(usable ? w : domain::GenerateResourceId());
  }
  {
    pqxx::stream_to events(
        txn, "events",
        std::vector<std::string>{"id", "resource_id", "title", "summary", "event_type", "span",
                                 "time_precision", "time_zone", "time_text", "fatalities_low",
                                 "fatalities_best", "fatalities_high", "injured_low",
                                 "injured_best", "injured_high", "content_hash"});
    for (size_t i = 0; i < created.size(); ++i) {
      const domain::EventRecord& r = created[i]->record;
      WriteRow<16>(events, {NullableText{absl::StrCat(ids[i])},
                            {names[i]},
                            {r.title},
                            {r.summary},
                            {r.event_type},
                            r.time.resolved() ? NullableText{SpanLiteral(r.time)} : NullableText{},
                            {domain::PrecisionToDb(r.time.precision)},
                            {r.time.time_zone},
                            {r.time.text},
                            Nullable(r.fatalities.low),
                            Nullable(r.fatalities.best),
                            Nullable(r.fatalities.high),
                            Nullable(r.injured.low),
                            Nullable(r.injured.best),
                            Nullable(r.injured.high),
                            {"\\x" + created[i]->content_hash}});
    }
    events.complete();
  }
  {
    pqxx::stream_to actors(txn, "event_actors",
                           std::vector<std::string>{"event_id", "actor_id", "role", "ordinal"});
    for (size_t i = 0; i < created.size(); ++i) {
      const Accepted& a = *created[i];
      for (size_t j = 0; j < a.record.actors.size(); ++j) {
        const int64_t actor = a.internal_ids.at(ResourceName(kActors, a.record.actors[j].actor_id));
        WriteRow<4>(actors, {NullableText{absl::StrCat(ids[i])},
                             {absl::StrCat(actor)},
                             {a.record.actors[j].role},
                             {absl::StrCat(j)}});
      }
    }
    actors.complete();
  }
  {
    pqxx::stream_to places(txn, "event_places",
                           std::vector<std::string>{"event_id", "place_id", "role", "ordinal"});
    for (size_t i = 0; i < created.size(); ++i) {
      const Accepted& a = *created[i];
      for (size_t j = 0; j < a.record.places.size(); ++j) {
        const int64_t place = a.internal_ids.at(ResourceName(kPlaces, a.record.places[j].place_id));
        WriteRow<4>(places, {NullableText{absl::StrCat(ids[i])},
                             {absl::StrCat(place)},
                             {a.record.places[j].role},
                             {absl::StrCat(j)}});
      }
    }
    places.complete();
  }
  {
    pqxx::stream_to sources(
        txn, "event_sources",
        std::vector<std::string>{"event_id", "ordinal", "source_id", "quote", "claims"});
    for (size_t i = 0; i < created.size(); ++i) {
      const Accepted& a = *created[i];
      if (a.record.sources.empty()) continue;
      const auto& s = a.record.sources[0];
      WriteRow<5>(sources, {NullableText{absl::StrCat(ids[i])},
                            {"0"},
                            {absl::StrCat(a.source_id)},
                            {s.quote},
                            {TextArrayLiteral(s.claims)}});
    }
    sources.complete();
  }
  {
    pqxx::stream_to external(txn, "external_ids",
                             std::vector<std::string>{"system", "external_id", "event_id"});
    for (size_t i = 0; i < created.size(); ++i) {
      for (const auto& x : created[i]->record.external_ids) {
        WriteRow<3>(external, {NullableText{x.system}, {x.id}, {absl::StrCat(ids[i])}});
      }
    }
    external.complete();
  }
  {
    pqxx::stream_to changes(txn, "changes", std::vector<std::string>{"event_id", "kind"});
    for (size_t i = 0; i < created.size(); ++i) {
      WriteRow<2>(changes, {NullableText{absl::StrCat(ids[i])}, {"created"}});
    }
    changes.complete();
  }
}

struct Existing {
  int64_t id;
  std::string resource_id;
  std::string content_hash;
  bool deleted;
};

using ExternalKey = std::pair<std::string, std::string>;

std::map<ExternalKey, Existing> ExistingEvents(pqxx::work& txn,
                                               const std::vector<ExternalKey>& keys) {
  std::vector<std::string> systems, ids;
  for (const auto& [system, id] : keys) {
    systems.push_back(system);
    ids.push_back(id);
  }
  std::map<ExternalKey, Existing> out;
  if (keys.empty()) return out;
  for (const pqxx::row& r : txn.exec_params(sql::kEventsByExternalIds, TextArrayLiteral(systems),
                                            TextArrayLiteral(ids))) {
    out[{r[0].as<std::string>(), r[1].as<std::string>()}] = Existing{
        r[2].as<int64_t>(), r[3].as<std::string>(), r[4].as<std::string>(), r[5].as<bool>()};
  }
  return out;
}

// Rewrites an existing event with a record: UPDATED, or UNCHANGED when it already says the same.
// External ids the event has beyond the record's are kept.
v1::IngestResult::Outcome UpdateFromRecord(pqxx::work& txn, const Existing& existing, Accepted& a) {
  std::optional<EventRow> row = FindEvent(txn, existing.resource_id, /*for_update=*/true);
  for (const v1::ExternalId& x : row->event.external_ids()) {
    const bool known =
        std::any_of(a.record.external_ids.begin(), a.record.external_ids.end(),
                    [&](const auto& r) { return r.system == x.system() && r.id == x.id(); });
    if (!known) a.record.external_ids.push_back({x.system(), x.id()});
  }
  v1::IngestResult::Outcome outcome = v1::IngestResult::UNCHANGED;
  if (!google::protobuf::util::MessageDifferencer::Equals(Comparable(row->event),
                                                          RecordAsEvent(a.record))) {
    std::vector<NullableText> values = {{absl::StrCat(row->id)}};
    for (NullableText& v : EventValues(a.record)) values.push_back(std::move(v));
    ExecWith(txn, "update_event", values);
    DeleteEventLinks(txn, row->id);
    if (absl::Status s = WriteEventLinks(txn, row->id, a.record); !s.ok()) {
      throw std::runtime_error(std::string(s.message()));
    }
    txn.exec_prepared("insert_change", row->id, "updated");
    outcome = v1::IngestResult::UPDATED;
  }
  txn.exec_params(sql::kSetContentHash, row->id, a.content_hash);
  return outcome;
}

int BucketOf(const ExternalKey& key) {
  return static_cast<int>(std::hash<std::string>{}(absl::StrCat(key.first, "\x1f", key.second)) %
                          kExternalIdBuckets);
}

// The earlier response to this request_id; INVALID_ARGUMENT when it came with other records.
template <typename Response>
absl::StatusOr<std::optional<Response>> EarlierResponse(pqxx::work& txn, absl::string_view method,
                                                        const IngestBatch& batch) {
  if (batch.request_id.empty() || batch.validate_only) return std::optional<Response>();
  txn.exec_prepared("lock_request", std::string(method), batch.request_id);
  pqxx::result r = txn.exec_params(sql::kFindIngestRequest, std::string(method), batch.request_id);
  if (r.empty()) return std::optional<Response>();
  if (r[0][0].as<std::string>() != batch.records_hash) {
    return domain::InvalidField("request_id",
                                "was already used for a stream with other records; use a new "
                                "request_id for new content");
  }
  std::string bytes;
  absl::Base64Unescape(r[0][1].as<std::string>(), &bytes);
  Response response;
  if (!response.ParseFromString(bytes)) return absl::InternalError("stored response unreadable");
  return std::optional<Response>(std::move(response));
}

template <typename Response>
void RememberResponse(pqxx::work& txn, absl::string_view method, const IngestBatch& batch,
                      const Response& response) {
  if (batch.request_id.empty() || batch.validate_only) return;
  txn.exec(sql::kForgetOldIngestRequests);
  txn.exec_params(sql::kRecordIngestRequest, std::string(method), batch.request_id,
                  batch.records_hash, absl::Base64Escape(response.SerializeAsString()));
}

template <typename Response, typename Result>
void Count(Response& response, const Result& result) {
  switch (result.outcome()) {
    case v1::IngestResult::CREATED:
      response.set_created_count(response.created_count() + 1);
      break;
    case v1::IngestResult::UPDATED:
      response.set_updated_count(response.updated_count() + 1);
      break;
    case v1::IngestResult::UNCHANGED:
      response.set_unchanged_count(response.unchanged_count() + 1);
      break;
    default:
      response.set_rejected_count(response.rejected_count() + 1);
  }
}

}  // namespace

absl::StatusOr<v1::IngestEventsResponse> PgRepository::IngestEvents(
    const CallContext& ctx, const IngestBatch& batch, const std::vector<IngestItem>& items) {
  return InTransaction(
      pool_, cancel_watcher_, ctx,
      [&](pqxx::work& txn) -> absl::StatusOr<v1::IngestEventsResponse> {
        auto earlier = EarlierResponse<v1::IngestEventsResponse>(txn, "IngestEvents", batch);
        if (!earlier.ok()) return earlier.status();
        if (*earlier) return **earlier;

        v1::IngestEventsResponse response;
        std::vector<v1::IngestResult> results(items.size());
        std::vector<bool> acceptable(items.size(), false);
        std::map<ExternalKey, size_t> first_with;
        std::vector<int> buckets;
        for (size_t i = 0; i < items.size(); ++i) {
          results[i].set_index(static_cast<int>(i));
          for (const auto& e : items[i].errors) *results[i].add_errors() = e;
          if (!items[i].errors.empty()) continue;
          const v1::IngestRecord& r = items[i].record;
          if (r.has_external_id()) {
            ExternalKey key{r.external_id().system(), r.external_id().id()};
            auto [it, fresh] = first_with.emplace(key, i);
            if (!fresh) {
              *results[i].add_errors() =
                  Note(domain::RecordField(i) + ".external_id", domain::kNoteDuplicateInBatch,
                       absl::StrCat("repeats the external id of records[", it->second, "]"));
              continue;
            }
            buckets.push_back(BucketOf(key));
          }
          acceptable[i] = true;
        }
        txn.exec_params(sql::kLockExternalIdBuckets,
                        IdArrayLiteral(std::vector<int64_t>(buckets.begin(), buckets.end())));

        Resolver resolver(txn, batch.strict);
        // A dry pass first, so a record rejected for one name creates no other name.
        for (size_t i = 0; i < items.size(); ++i) {
          if (!acceptable[i]) continue;
          acceptable[i] = ResolveRecord(resolver, items[i].record, domain::RecordField(i), false,
                                        results[i], nullptr, nullptr);
        }
        std::vector<Accepted> accepted;
        for (size_t i = 0; i < items.size(); ++i) {
          if (!acceptable[i]) continue;
          const std::string f = domain::RecordField(i);
          domain::ResolvedLinks links;
          Accepted a{i, {}, {}, 0, {}};
          ResolveRecord(resolver, items[i].record, f, true, results[i], &links, &a);
          absl::StatusOr<domain::FinishedRecord> finished =
              domain::FinishIngestRecord(items[i].record, f, links);
          if (!finished.ok()) {
            for (const auto& fv : domain::FieldViolationsOf(finished.status())) {
              *results[i].add_errors() =
                  Note(fv.field, domain::kNoteInvalidArgument, fv.description);
            }
            continue;
          }
          a.record = std::move(finished->record);
          for (auto& w : finished->warnings) *results[i].add_warnings() = std::move(w);
          a.content_hash = ContentHash(a.record);
          accepted.push_back(std::move(a));
        }

        std::vector<ExternalKey> keys;
        for (const Accepted& a : accepted) {
          for (const auto& x : a.record.external_ids) keys.emplace_back(x.system, x.id);
        }
        const std::map<ExternalKey, Existing> existing = ExistingEvents(txn, keys);
        std::vector<Accepted*> created;
        for (Accepted& a : accepted) {
          v1::IngestResult& result = results[a.index];
          const Existing* found = nullptr;
          for (const auto& x : a.record.external_ids) {
            if (auto it = existing.find({x.system, x.id}); it != existing.end()) {
              found = &it->second;
            }
          }
          if (!found) {
            created.push_back(&a);
            continue;
          }
          result.set_event(ResourceName(domain::kEvents, found->resource_id));
          if (found->deleted) {
            *result.add_errors() = Note(domain::RecordField(a.index) + ".external_id", "DELETED",
                                        absl::StrCat(result.event(),
                                                     " has this external id and was deleted; it is "
                                                     "not brought back by ingestion"));
            result.clear_event();
            continue;
          }
          result.set_outcome(found->content_hash == a.content_hash
                                 ? v1::IngestResult::UNCHANGED
                                 : UpdateFromRecord(txn, *found, a));
        }
        std::vector<std::string> names;
        CopyNewEvents(txn, created, names);
        for (size_t i = 0; i < created.size(); ++i) {
          results[created[i]->index].set_event(ResourceName(domain::kEvents, names[i]));
          results[created[i]->index].set_outcome(v1::IngestResult::CREATED);
        }

        for (const Accepted& a : accepted) {
          v1::IngestResult& result = results[a.index];
          if (result.errors_size() > 0) continue;
          for (const auto& x : a.record.actors)
            result.add_actors(ResourceName(kActors, x.actor_id));
          for (const auto& x : a.record.places)
            result.add_places(ResourceName(kPlaces, x.place_id));
          if (!a.record.sources.empty()) {
            result.set_source(ResourceName(kSources, a.record.sources[0].source_id));
          }
          *result.mutable_time() = domain::SpanToProto(a.record.time);
        }
        for (v1::IngestResult& result : results) {
          if (result.errors_size() > 0) {
            result.set_outcome(v1::IngestResult::REJECTED);
            result.clear_warnings();
          }
          Count(response, result);
          *response.add_results() = std::move(result);
        }
        resolver.AnalyzeIfGrown();
        RememberResponse(txn, "IngestEvents", batch, response);
        return response;
      },
      /*commit=*/!batch.validate_only);
}

absl::StatusOr<v1::IngestPlacesResponse> PgRepository::IngestPlaces(
    const CallContext& ctx, const IngestBatch& batch, const std::vector<IngestPlaceItem>& items) {
  return InTransaction(
      pool_, cancel_watcher_, ctx,
      [&](pqxx::work& txn) -> absl::StatusOr<v1::IngestPlacesResponse> {
        auto earlier = EarlierResponse<v1::IngestPlacesResponse>(txn, "IngestPlaces", batch);
        if (!earlier.ok()) return earlier.status();
        if (*earlier) return **earlier;
        v1::IngestPlacesResponse response;
        Resolver resolver(txn, /*strict=*/false);
        for (size_t i = 0; i < items.size(); ++i) {
          v1::IngestPlaceResult result;
          result.set_index(static_cast<int>(i));
          for (const auto& e : items[i].errors) *result.add_errors() = e;
          if (result.errors_size() > 0) {
            result.set_outcome(v1::IngestResult::REJECTED);
          } else {
            Ref ref;
            result.set_outcome(resolver.Gazetteer(items[i].place, ref));
            result.set_place(ResourceName(kPlaces, ref.resource_id));
          }
          Count(response, result);
          *response.add_results() = std::move(result);
        }
        resolver.AnalyzeIfGrown();
        RememberResponse(txn, "IngestPlaces", batch, response);
        return response;
      },
      /*commit=*/!batch.validate_only);
}

}  // namespace timeline::storage
