// Creating what a batch names and the database lacks: actors, places (under their country and
// administrative divisions, each found or created in turn), sources, and the places of
// countries. Creating actors and places is serialized across batches (sql::kLockNameCreation),
// and a name is looked for again under the lock, since another batch may have created it
// meanwhile; creating sources is not (CreateSource says why).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/ingest_notes.h"
#include "domain/resource_name.h"
#include "domain/time_span.h"
#include "normalize/match_key.h"
#include "storage/ingest_sql.h"
#include "storage/pg_directory_rows.h"
#include "storage/pg_name_common.h"
#include "storage/pg_name_resolver.h"
#include "storage/pg_place_time_zones.h"
#include "storage/pg_values.h"
#include "storage/query_builder.h"
#include "unicode/locid.h"
#include "unicode/unistr.h"

namespace timeline::storage::pg {
namespace {

using domain::kActors;
using domain::kPlaces;
using domain::ResourceName;

// The resource id to try at `attempt` (from 1) when `slug` may be taken: the slug, then numbered
// variants, then random ids.
std::string CandidateResourceId(const std::string& slug, int attempt) {
  return attempt == 1   ? slug
         : attempt < 50 ? absl::StrCat(slug, "-", attempt)
                        : domain::GenerateResourceId();
}

std::string CountryName(const std::string& code, const char* language) {
  icu::UnicodeString name;
  icu::Locale("", code.c_str()).getDisplayCountry(icu::Locale(language), name);
  std::string out;
  name.toUTF8String(out);
  return out;
}

}  // namespace

void NameResolver::WarnNew(NameResult& result, absl::string_view code, absl::string_view collection,
                           const std::string& name, const normalize::NameDecision& decision) {
  std::string message = absl::StrCat("created ", ResourceName(collection, result.ref->resource_id),
                                     " for \"", name, "\"");
  if (!decision.also.empty()) {
    absl::StrAppend(&message, "; not linked to ", Describe(decision.also));
  }
  result.warnings.push_back({code, std::move(message)});
}

bool NameResolver::LockCreation() {
  if (creation_locked_) return false;
  txn_.exec(sql::kLockNameCreation);
  creation_locked_ = true;
  return true;
}

NameResult NameResolver::CreateActor(const v1::IngestActor& a, const std::vector<std::string>& keys,
                                     const normalize::NameDecision& decision) {
  const std::string country = absl::AsciiStrToUpper(a.country_code());
  if (LockCreation()) {
    // Another batch may have created the name while this one waited for the lock.
    // Only one the decision would have linked: an actor of another country is not this one.
    pqxx::result again = txn_.exec_prepared("ingest_actors_by_keys", TextArrayLiteral(keys));
    for (const pqxx::row& row : again) {
      const std::string row_country = row[4].as<std::string>();
      if (!country.empty() && !row_country.empty() && row_country != country) continue;
      NameResult r;
      r.ref = RefOf(row);
      return r;
    }
  }
  const std::string kind = a.kind() == v1::ACTOR_KIND_UNSPECIFIED
                               ? "organization"
                               : KindText(v1::ActorKind_descriptor(), a.kind());
  const std::string slug = normalize::ResourceIdFromName(a.name(), "", "actor");
  const std::vector<domain::NameRecord> names = NameRecordsOf(a.name(), a.language(), a.aliases());
  const NameArrays arrays = NameArraysOf(names);
  NameResult result;
  for (int attempt = 1; !result.ref; ++attempt) {
    const std::string id = CandidateResourceId(slug, attempt);
    pqxx::result inserted = txn_.exec_prepared("ingest_insert_actor", id, a.name(), kind, country,
                                               "", "", arrays.names, arrays.languages, arrays.keys);
    if (inserted.empty()) continue;
    result.ref = Ref{inserted[0][0].as<int64_t>(), id};
  }
  created_names_ += static_cast<int>(names.size());
  WarnNew(result, domain::kNoteNewActor, kActors, a.name(), decision);
  if (a.kind() == v1::ACTOR_KIND_UNSPECIFIED) {
    result.warnings.back().message += " (kind not given: stored as ORGANIZATION)";
  }
  return result;
}

Ref NameResolver::InsertPlace(const domain::PlaceRecord& given, const std::string& slug,
                              const std::optional<Ref>& parent, std::string* time_zone) {
  const domain::PlaceRecord record =
      WithTimeZone(txn_, given, parent ? std::optional<int64_t>(parent->id) : std::nullopt);
  if (time_zone != nullptr) *time_zone = record.time_zone;
  const NameArrays arrays = NameArraysOf(record.names);
  for (int attempt = 1;; ++attempt) {
    const std::string id = CandidateResourceId(slug, attempt);
    std::vector<NullableText> values =
        PlaceValues(id, record, parent ? NullableText{absl::StrCat(parent->id)} : NullableText{});
    values.insert(values.end(), {NullableText{arrays.names}, NullableText{arrays.languages},
                                 NullableText{arrays.keys}});
    pqxx::result inserted = ExecWith(txn_, "ingest_insert_place", values);
    if (inserted.empty()) continue;
    created_names_ += static_cast<int>(record.names.size());
    return Ref{inserted[0][0].as<int64_t>(), id};
  }
}

std::vector<Ref> NameResolver::InsertPlaces(const std::vector<NewPlace>& places) {
  std::vector<domain::PlaceRecord> records;
  for (const NewPlace& p : places) {
    records.push_back(WithTimeZone(txn_, p.record,
                                   p.parent ? std::optional<int64_t>(p.parent->id) : std::nullopt));
  }
  std::vector<Ref> refs(places.size());
  std::vector<int> attempt(places.size(), 1);
  std::vector<size_t> pending(places.size());
  for (size_t i = 0; i < places.size(); ++i) pending[i] = i;
  while (!pending.empty()) {
    // Ids unique within the statement: two rows of one name ("Kersa") get "kersa" and "kersa-2".
    std::set<std::string> used;
    std::map<std::string, size_t> row_of;
    std::vector<std::vector<NullableText>> columns;
    for (size_t i : pending) {
      std::string id = CandidateResourceId(places[i].slug, attempt[i]);
      while (!used.insert(id).second) id = CandidateResourceId(places[i].slug, ++attempt[i]);
      row_of[id] = i;
      const std::vector<NullableText> values = PlaceValues(
          id, records[i],
          places[i].parent ? NullableText{absl::StrCat(places[i].parent->id)} : NullableText{});
      columns.resize(values.size());
      for (size_t c = 0; c < values.size(); ++c) columns[c].push_back(values[c]);
    }
    std::vector<std::string> arrays;
    for (const std::vector<NullableText>& column : columns) {
      arrays.push_back(NullableArrayLiteral(column));
    }
    std::vector<const char*> params;
    for (const std::string& a : arrays) params.push_back(a.c_str());
    for (const pqxx::row& r :
         txn_.exec_params(sql::kInsertPlaces, pqxx::prepare::make_dynamic_params(params))) {
      const std::string id = r[1].as<std::string>();
      refs[row_of.at(id)] = Ref{r[0].as<int64_t>(), id};
    }
    std::vector<size_t> taken;
    for (size_t i : pending) {
      if (refs[i].id == 0) {
        ++attempt[i];
        taken.push_back(i);
      }
    }
    pending = std::move(taken);
  }
  std::vector<std::string> owners, ordinals, names, languages, keys;
  for (size_t i = 0; i < places.size(); ++i) {
    for (size_t n = 0; n < records[i].names.size(); ++n) {
      const domain::NameRecord& name = records[i].names[n];
      owners.push_back(absl::StrCat(refs[i].id));
      ordinals.push_back(absl::StrCat(n));
      names.push_back(name.name);
      languages.push_back(name.language);
      keys.push_back(name.match_key);
    }
  }
  if (!names.empty()) {
    created_names_ += static_cast<int>(names.size());
    txn_.exec_params(sql::kInsertPlacesNames, TextArrayLiteral(owners), TextArrayLiteral(ordinals),
                     TextArrayLiteral(names), TextArrayLiteral(languages), TextArrayLiteral(keys));
  }
  return refs;
}

std::optional<Ref> NameResolver::AdminChain(const v1::IngestPlace& p, std::optional<Ref> parent,
                                            const std::string& country,
                                            std::vector<Warning>& warnings) {
  for (int i = 0; i < p.admin_names_size(); ++i) {
    const std::string& name = p.admin_names(i);
    const std::string kind = i == 0 ? "admin_region" : "admin_district";
    PlaceQuery division;
    division.keys = {normalize::MatchKey(name)};
    division.scope = parent;
    division.kind = kind;
    division.kind_stated = false;
    division.country = country;
    for (int j = 0; j < i; ++j)
      division.admin_keys.push_back(normalize::MatchKey(p.admin_names(j)));
    const std::vector<std::string>& keys = division.keys;
    // Every new settlement of a region asks for the region and its district again: thousands of
    // look-ups per batch of a real export, each with the same answer.
    const std::string cache_key = DivisionCacheKey(division);
    if (std::optional<Ref> known = KnownDivision(cache_key)) {
      parent = std::move(known);
      continue;
    }
    normalize::NameDecision decision = DecidePlace(division);
    if (decision.link) {
      parent = Ref{decision.link->id, decision.link->resource_id};
      RememberDivision(cache_key, *parent);
      continue;
    }
    domain::PlaceRecord record;
    record.display_name = name;
    record.kind = i == 0 ? v1::ADMIN_REGION : v1::ADMIN_DISTRICT;
    record.country_code = country;
    record.names = {{name, "", keys[0]}};
    const std::string prefix = parent ? parent->resource_id : absl::AsciiStrToLower(country);
    parent = InsertPlace(record, normalize::ResourceIdFromName(name, prefix, "place"), parent);
    RememberDivision(cache_key, *parent);
    warnings.push_back(
        {domain::kNoteNewPlace, absl::StrCat("created ", ResourceName(kPlaces, parent->resource_id),
                                             " for the division \"", name, "\"")});
  }
  return parent;
}

NameResult NameResolver::CreatePlace(const v1::IngestPlace& p, const PlaceQuery& q,
                                     const std::string& nearby_zone,
                                     const normalize::NameDecision& decision) {
  NameResult result;
  const std::string& country = q.country;
  if (LockCreation()) {
    PlaceQuery equal_only = q;
    equal_only.similar = false;
    normalize::NameDecision again = DecidePlace(equal_only);
    if (again.link && again.link->score == 1.0) {
      result.ref = Ref{again.link->id, again.link->resource_id};
      result.time_zone = TimeZoneOf(result.ref->id);
      return result;
    }
  }
  const std::optional<Ref> parent = AdminChain(p, q.scope, country, result.warnings);
  const domain::PlaceRecord record =
      PlaceRecordOf(p, country, !p.time_zone().empty() ? p.time_zone() : nearby_zone);
  const std::string prefix = absl::AsciiStrToLower(country);
  result.ref = InsertPlace(record, normalize::ResourceIdFromName(p.name(), prefix, "place"), parent,
                           &result.time_zone);
  // The place's own zone, else (none found for it) its nearest ancestor's, if one has one.
  if (result.time_zone.empty()) result.time_zone = TimeZoneOf(result.ref->id);
  if (decision.ambiguous) {
    result.warnings.push_back(
        {domain::kNoteAmbiguousName,
         absl::StrCat("\"", p.name(), "\" matches several places equally well (",
                      Describe(decision.also), "); none is taken for it")});
  }
  WarnNew(result, domain::kNoteNewPlace, kPlaces, p.name(), decision);
  if (!parent) {
    result.warnings.back().message +=
        " at the top level (no country, division or known place nearby)";
  }
  return result;
}

// Not under the name creation lock: a news feed brings new source URLs in every batch, and a
// stream holding that lock until it commits would make every other one wait. A stream creating
// the same URL at the same time makes this insert wait for it; once it has committed, the insert
// does nothing and the source is read back.
NameResult NameResolver::CreateSource(const v1::IngestSource& s) {
  std::string slug = s.url();
  if (size_t scheme = slug.find("://"); scheme != std::string::npos) slug.erase(0, scheme + 3);
  slug = normalize::ResourceIdFromName(slug, "", "source", 60);
  std::optional<domain::Micros> published;
  if (s.has_published_time()) published = domain::FromTimestamp(s.published_time());
  for (int attempt = 1;; ++attempt) {
    const std::string id = CandidateResourceId(slug, attempt);
    std::vector<NullableText> values = {
        {id}, {s.url()}, {s.publisher()}, {s.language()}, NullableMicros(published), {s.title()}};
    pqxx::result inserted = ExecWith(txn_, "ingest_insert_source", values);
    if (!inserted.empty()) {
      NameResult result;
      result.ref = Ref{inserted[0][0].as<int64_t>(), id};
      result.published_time = published;
      return result;
    }
    // Either the URL came in meanwhile, or the resource id is another source's: try the next.
    pqxx::result existing = txn_.exec_prepared("ingest_source_by_url", s.url());
    if (!existing.empty()) return SourceRow(existing[0]);
  }
}

NameResult NameResolver::CreateCountry(const std::string& code) {
  LockCreation();
  NameResult result;
  pqxx::result found = txn_.exec_prepared("ingest_country_place", code);
  if (!found.empty()) {
    result.ref = RefOf(found[0]);
    return result;
  }
  domain::PlaceRecord record;
  record.display_name = CountryName(code, "en");
  record.kind = v1::COUNTRY;
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
  return result;
}

void NameResolver::AnalyzeIfGrown() {
  if (created_names_ < kAnalyzeAfterNames) return;
  // Once a name table has doubled: plans made for half its rows still choose the same index
  // look-ups (and the planner scales row counts to a table's current size), and autovacuum
  // refreshes the statistics meanwhile once a tenth of the rows are new
  // (autovacuum_analyze_scale_factor). Analyzing at every batch of a large import cost a third
  // of its statement time; at every tenth of the rows new, 15 of the 20 batches of a
  // 20,000-row GeoNames import, 8% of its time.
  if (!txn_.exec1(sql::kNameTablesHaveDoubled)[0].as<bool>()) return;
  txn_.exec(sql::kAnalyzeNameTables);
  created_names_ = 0;
}

}  // namespace timeline::storage::pg
