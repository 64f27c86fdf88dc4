// What the stages of name resolution share, and the statements they run, prepared once per
// connection.
#include "storage/pg_name_common.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "domain/ingest_notes.h"
#include "normalize/match_key.h"
#include "storage/db_enums.h"
#include "storage/ingest_sql.h"
#include "storage/pg_name_resolver.h"
#include "storage/pg_values.h"
#include "storage/query_builder.h"
#include "storage/sql.h"

namespace timeline::storage::pg {

std::string KindText(const google::protobuf::EnumDescriptor* descriptor, int value) {
  return value == 0 ? "" : EnumToDb(descriptor, value);
}

Ref RefOf(const pqxx::row& row) { return Ref{row[0].as<int64_t>(), row[1].as<std::string>()}; }

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

domain::PlaceRecord PlaceRecordOf(const v1::IngestPlace& p, const std::string& country,
                                  const std::string& time_zone) {
  domain::PlaceRecord record;
  record.display_name = p.name();
  record.kind = p.kind() == v1::PLACE_KIND_UNSPECIFIED ? v1::SETTLEMENT : p.kind();
  record.country_code = country;
  record.geonames_id = p.geonames_id();
  if (p.has_location()) {
    record.location = p.location();
    record.location_precision = p.location_precision() == v1::LOCATION_PRECISION_UNSPECIFIED
                                    ? v1::SETTLEMENT_CENTROID
                                    : p.location_precision();
  }
  record.time_zone = time_zone;
  record.names = NameRecordsOf(p.name(), p.language(), p.aliases());
  return record;
}

NameArrays NameArraysOf(const std::vector<domain::NameRecord>& names) {
  std::vector<std::string> texts, languages, keys;
  for (const domain::NameRecord& n : names) {
    texts.push_back(n.name);
    languages.push_back(n.language);
    keys.push_back(n.match_key);
  }
  return {TextArrayLiteral(texts), TextArrayLiteral(languages), TextArrayLiteral(keys)};
}

std::string Describe(const std::vector<normalize::NameCandidate>& candidates) {
  return absl::StrJoin(candidates, ", ", [](std::string* out, const normalize::NameCandidate& c) {
    absl::StrAppend(out, c.display_name, " (", c.resource_id, ", similarity ",
                    absl::StrFormat("%.2f", c.score));
    if (!c.not_linked_because.empty()) absl::StrAppend(out, ": ", c.not_linked_because);
    absl::StrAppend(out, ")");
  });
}

NameResult WithoutNewNotes(NameResult result) {
  std::erase_if(result.warnings, [](const Warning& w) {
    return w.code == domain::kNoteNewActor || w.code == domain::kNoteNewPlace;
  });
  return result;
}

void PrepareIngestStatements(pqxx::connection& c) {
  c.prepare("ingest_actor_by_resource_id", sql::kActorByResourceId);
  c.prepare("ingest_actors_by_keys", sql::kActorsByKeys);
  c.prepare("ingest_actors_by_keys_else_similar", sql::kActorsByKeysElseSimilar);
  c.prepare("ingest_insert_actor",
            sql::InsertOneWithNames(sql::kInsertActor, 7, "actor_names", "actor_id"));
  c.prepare("ingest_place_by_resource_id", sql::kPlaceByResourceId);
  c.prepare("ingest_place_by_geonames_id", sql::kPlaceByGeoNamesId);
  c.prepare("ingest_country_place", sql::kCountryPlace);
  c.prepare("ingest_nearest_known_place", sql::kNearestKnownPlace);
  c.prepare("ingest_place_time_zone", sql::kPlaceTimeZone);
  c.prepare("ingest_places_by_keys", sql::kPlacesByKeys);
  c.prepare("ingest_places_by_keys_else_similar", sql::kPlacesByKeysElseSimilar);
  c.prepare("ingest_insert_place",
            sql::InsertOneWithNames(sql::kInsertPlace, 11, "place_names", "place_id"));
  c.prepare("ingest_source_by_resource_id", sql::kSourceByResourceId);
  c.prepare("ingest_source_by_url", sql::kSourceByUrl);
  c.prepare("ingest_insert_source", sql::kIngestInsertSource);
  c.prepare("ingest_events_by_external_ids", sql::kEventsByExternalIds);
}

}  // namespace timeline::storage::pg
