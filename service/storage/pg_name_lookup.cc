// Finding the actors, places, sources and countries a batch names: by resource name, GeoNames id
// or url when the record gives one; otherwise by equal match keys, then similar ones (pg_trgm),
// with normalize/name_resolution.h deciding which candidate, if any, the name means. A name that
// resolves to nothing goes to creation (pg_name_creation.cc), unless the batch is strict or on
// its dry pass.
#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/ingest_notes.h"
#include "domain/resource_name.h"
#include "normalize/match_key.h"
#include "normalize/place_hierarchy.h"
#include "storage/pg_name_common.h"
#include "storage/pg_name_resolver.h"
#include "storage/pg_values.h"
#include "storage/query_builder.h"
#include "unicode/uloc.h"

namespace timeline::storage::pg {
namespace {

using domain::kActors;
using domain::kPlaces;
using domain::kSources;
using domain::Note;

constexpr double kNearestPlaceMeters = 50'000;

std::string KeysKey(const std::vector<std::string>& keys) { return absl::StrJoin(keys, "\x1f"); }

NameResult Rejected(std::string field, absl::string_view code, std::string message) {
  NameResult r;
  r.error = Note(std::move(field), code, std::move(message));
  return r;
}

bool IsIsoCountry(const std::string& code) {
  for (const char* const* c = uloc_getISOCountries(); *c != nullptr; ++c) {
    if (code == *c) return true;
  }
  return false;
}

// The divisions of a candidate row's last column (ingest_sql.h).
std::vector<normalize::Division> DivisionsOf(const pqxx::field& f) {
  std::vector<normalize::Division> out;
  for (const std::string& element : TextArray(f)) {
    std::vector<std::string> parts = absl::StrSplit(element, '\x1f');
    normalize::Division d;
    d.kind = std::move(parts[0]);
    d.keys.assign(std::make_move_iterator(parts.begin() + 1), std::make_move_iterator(parts.end()));
    out.push_back(std::move(d));
  }
  return out;
}

// Sets what the hierarchy rules (normalize/place_hierarchy.h) say about a place candidate.
void ComparePlace(const PlaceQuery& q, const std::string& candidate_kind,
                  const std::vector<normalize::Division>& divisions, normalize::NameCandidate& c) {
  const bool named_like_division = std::any_of(q.keys.begin(), q.keys.end(), [&](auto& k) {
    return std::find(q.admin_keys.begin(), q.admin_keys.end(), k) != q.admin_keys.end();
  });
  c.kind_conflicts =
      normalize::KindsConflict(q.kind_stated ? q.kind : "", candidate_kind, named_like_division);
  const normalize::AdminComparison path = normalize::CompareAdminPaths(q.admin_keys, divisions);
  c.admin_conflicts = path.conflicts;
  c.admin_matches = path.matches;
  c.same_admin_path = path.same_path;
}

// Reads a decision's candidates from query rows: id, resource id, display name, kind, country,
// [distance km,] score, matched key[, divisions]. `place`: the query of a place's candidates
// (rows with distance and divisions); null for an actor's.
std::vector<normalize::NameCandidate> Candidates(const pqxx::result& rows, const PlaceQuery* place,
                                                 const std::string& kind,
                                                 const std::string& country) {
  const bool has_distance = place != nullptr;
  std::vector<normalize::NameCandidate> out;
  for (const pqxx::row& r : rows) {
    normalize::NameCandidate c;
    c.id = r[0].as<int64_t>();
    c.resource_id = r[1].as<std::string>();
    c.display_name = r[2].as<std::string>();
    c.kind_matches = kind.empty() || r[3].as<std::string>() == kind;
    const std::string candidate_country = r[4].as<std::string>();
    c.country_matches = country.empty() || candidate_country == country;
    c.country_conflicts =
        !country.empty() && !candidate_country.empty() && candidate_country != country;
    c.place = has_distance;
    int score_column = 5;
    if (has_distance) {
      if (!r[5].is_null()) c.distance_km = r[5].as<double>();
      score_column = 6;
    }
    c.score = r[score_column].is_null() ? 1.0 : r[score_column].as<double>();
    if (static_cast<int>(r.size()) > score_column + 1)
      c.key = r[score_column + 1].as<std::string>();
    if (place) ComparePlace(*place, r[3].as<std::string>(), DivisionsOf(r[score_column + 2]), c);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace

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
  // The dry pass asks only whether the record is acceptable, and outside strict mode a name is
  // always acceptable (found or created): looking it up now would only be done again.
  if (!create && !strict_) return {};
  if (!create && missing_.contains("actor|" + key)) return {};

  AwaitEarlierStream();
  UseLookupSettings();
  std::vector<normalize::NameCandidate> candidates = Candidates(
      txn_.exec_prepared("ingest_actors_by_keys_else_similar", TextArrayLiteral(keys), keys[0]),
      nullptr, kind, country);
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
      r.ref = RefOf(found[0]);
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
  // As for actors, but a place can still be refused: a country code that is none, or a place of
  // kind country that is not its country's (decided below).
  if (!create && !strict_ && p.kind() != v1::COUNTRY) {
    if (!country.empty() && !IsIsoCountry(country)) {
      return Rejected("country_code", domain::kNoteInvalidArgument,
                      absl::StrCat("\"", country, "\" is not an ISO 3166-1 country code"));
    }
    return {};
  }
  if (!create && missing_.contains("place|" + key)) return {};
  AwaitEarlierStream();
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
  PlaceQuery query;
  query.keys = keys;
  query.scope = scope;
  query.location = p.has_location() ? &p.location() : nullptr;
  query.kind = KindText(v1::PlaceKind_descriptor(), p.kind());
  query.country = country;
  for (const std::string& name : p.admin_names()) {
    query.admin_keys.push_back(normalize::MatchKey(name));
  }
  normalize::NameDecision decision = DecidePlace(query);
  NameResult result;
  if (decision.link) {
    result = Linked(*decision.link, decision, p.name());
    result.time_zone = TimeZoneOf(result.ref->id);
  } else if (strict_) {
    return Rejected("name", domain::kNoteUnknownName, UnknownMessage("place", p.name(), decision));
  } else if (!create) {
    missing_.insert("place|" + key);
    return {};
  } else if (p.kind() == v1::COUNTRY && scope) {
    // A country is made from its ISO code only (with ICU's names); a second place of kind
    // country inside one cannot exist, and guessing that the name means the coded country could
    // be wrong ("Somaliland" with code SO).
    return Rejected("kind", domain::kNoteInvalidArgument,
                    absl::StrCat("\"", p.name(), "\" is not a known name of country ", country,
                                 "; use one of its names or leave the kind unset"));
  } else {
    result = CreatePlace(p, query, nearby_zone, decision);
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
  if (!create && !strict_) return {};  // as for actors: found or created, it is acceptable
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
    result.ref = RefOf(found[0]);
  } else if (!create) {
    return {};
  } else {
    result = CreateCountry(code);
  }
  country_cache_[code] = WithoutNewNotes(result);
  return result;
}

NameResult NameResolver::Existing(const char* statement, absl::string_view collection,
                                  const std::string& name, const std::string& field) {
  absl::StatusOr<std::string> id = domain::ParseResourceName(name, collection, field);
  pqxx::result r = txn_.exec_prepared(statement, id.ok() ? *id : name);
  if (r.empty()) return Rejected(field, domain::kNoteNotFound, name + " does not exist");
  NameResult result;
  result.ref = RefOf(r[0]);
  return result;
}

NameResult NameResolver::SourceRow(const pqxx::row& r) {
  NameResult result;
  result.ref = RefOf(r);
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
  if (decision.similar) {
    result.warnings.push_back(
        {domain::kNoteSimilarName,
         absl::StrFormat("\"%s\" linked to a similar name: %s (%s), similarity %.2f", name,
                         chosen.display_name, chosen.resource_id, chosen.score)});
  }
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

normalize::NameDecision NameResolver::DecidePlace(const PlaceQuery& q) {
  UseLookupSettings();
  // A similar place links only to one with a point near the record's (name_resolution.h):
  // without a point of its own there is nothing to look for.
  const bool similar = q.similar && q.location != nullptr;
  const std::string keys = TextArrayLiteral(q.keys);
  auto run = [&](const char* statement) {
    const char* scope_param = nullptr;
    std::string scope_text;
    if (q.scope) {
      scope_text = absl::StrCat(q.scope->id);
      scope_param = scope_text.c_str();
    }
    std::string lat, lng;
    if (q.location) {
      lat = pqxx::to_string(q.location->latitude());
      lng = pqxx::to_string(q.location->longitude());
    }
    std::vector<const char*> params = {keys.c_str(), scope_param,
                                       q.location ? lat.c_str() : nullptr,
                                       q.location ? lng.c_str() : nullptr};
    if (similar) params.push_back(q.keys[0].c_str());
    return Candidates(txn_.exec_prepared(statement, pqxx::prepare::make_dynamic_params(params)), &q,
                      q.kind, q.country);
  };
  return normalize::DecideName(
      q.keys[0], run(similar ? "ingest_places_by_keys_else_similar" : "ingest_places_by_keys"));
}

void NameResolver::UseLookupSettings() {
  if (lookup_settings_set_) return;
  txn_.exec(absl::StrCat("SET LOCAL pg_trgm.similarity_threshold = ", normalize::kLinkSimilarity,
                         "; SET LOCAL plan_cache_mode = force_generic_plan"));
  lookup_settings_set_ = true;
}

std::string NameResolver::TimeZoneOf(int64_t place_id) {
  pqxx::result r = txn_.exec_prepared("ingest_place_time_zone", place_id);
  return r.empty() ? "" : r[0][0].as<std::string>();
}

}  // namespace timeline::storage::pg
