// The gazetteer upsert behind IngestPlaces: each row (GeoNames or a curated list) updates the
// place that has its GeoNames id, or merges into the place events (or a curated list) already
// made of it (normalize/gazetteer_merge.h: same name, country and kind, nearby), or becomes a
// new place under its country. A place keeps every name it had; the row's are added. Rows reach
// it checked (ingest/record_checks.h): with a name, a country, a GeoNames id and a location.
//
// A batch is done as a set, as if its rows came one after the other: one statement finds the
// places that have the rows' GeoNames ids, one the merge candidates of all other rows, one
// inserts every new place and one their names; only updates and merges (rare in an import, none
// in a first one) go row by row. Rows that repeat an earlier row's GeoNames id wait for a next
// round, which sees what the first wrote.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/ingest_notes.h"
#include "domain/resource_name.h"
#include "normalize/gazetteer_merge.h"
#include "normalize/match_key.h"
#include "storage/db_enums.h"
#include "storage/ingest_sql.h"
#include "storage/pg_gazetteer_merge.h"
#include "storage/pg_name_common.h"
#include "storage/pg_name_resolver.h"
#include "storage/pg_values.h"

namespace timeline::storage::pg {
namespace {

using domain::kPlaces;
using domain::Note;
using domain::ResourceName;

// "places/ly-tripoli (4.2 km away), places/ly-tripoli-2 (no coordinates)".
std::string DescribeCandidates(const std::vector<normalize::MergeCandidate>& candidates) {
  std::string out;
  for (const normalize::MergeCandidate& c : candidates) {
    if (!out.empty()) out += ", ";
    absl::StrAppend(&out, ResourceName(kPlaces, c.resource_id), " (",
                    c.own_km ? absl::StrFormat("%.1f km away", *c.own_km)
                             : std::string("no coordinates of its own"),
                    ")");
  }
  return out;
}

bool HasEveryName(const StoredGazetteerPlace& stored, const domain::PlaceRecord& record) {
  return std::all_of(record.names.begin(), record.names.end(), [&](const domain::NameRecord& n) {
    return std::find(stored.names.begin(), stored.names.end(), n.name) != stored.names.end();
  });
}

// A row whose GeoNames id a place has: UNCHANGED, or that place updated to the row. Names that
// events or another list gave the place stay; the row's are added.
GazetteerOutcome UpdateToRow(pqxx::transaction_base& txn, const StoredGazetteerPlace& stored,
                             const domain::PlaceRecord& record) {
  GazetteerOutcome out;
  out.ref = stored.ref;
  const std::string kind = EnumToDb(v1::PlaceKind_descriptor(), record.kind);
  const std::string location_precision =
      EnumToDb(v1::LocationPrecision_descriptor(), record.location_precision);
  const bool same = stored.display_name == record.display_name && stored.kind == kind &&
                    stored.latitude == record.location->latitude() &&
                    stored.longitude == record.location->longitude() &&
                    stored.location_precision == location_precision &&
                    stored.time_zone == record.time_zone && HasEveryName(stored, record);
  if (same) {
    out.outcome = v1::IngestResult::UNCHANGED;
    return out;
  }
  txn.exec_params(sql::kUpdateGazetteerPlace, stored.ref.id, record.display_name, kind,
                  record.location->latitude(), record.location->longitude(), location_precision,
                  record.time_zone);
  AddMissingPlaceNames(txn, stored.ref.id, record.names);
  out.outcome = v1::IngestResult::UPDATED;
  return out;
}

// A row whose place was merged away or deleted: a curator's decision that a nightly gazetteer
// import must not undo, so the tombstone takes neither names nor fields (names on it would make
// look-ups find it again). The row is UNCHANGED, answered with the survivor of a merge.
GazetteerOutcome LeaveTombstone(pqxx::transaction_base& txn, const StoredGazetteerPlace& stored) {
  GazetteerOutcome out;
  out.outcome = v1::IngestResult::UNCHANGED;
  out.ref = stored.ref;
  if (!stored.merged_into.empty()) {
    pqxx::result live = txn.exec_params(sql::kPlaceByResourceId, stored.ref.resource_id);
    if (!live.empty()) out.ref = Ref{live[0][0].as<int64_t>(), live[0][1].as<std::string>()};
    out.warnings.push_back(
        Note("", domain::kNoteMerged,
             absl::StrCat(domain::ResourceName(domain::kPlaces, stored.ref.resource_id),
                          " was merged into ",
                          domain::ResourceName(domain::kPlaces, out.ref.resource_id),
                          "; the row is not applied")));
  } else {
    out.warnings.push_back(
        Note("", domain::kNoteDeleted,
             absl::StrCat(domain::ResourceName(domain::kPlaces, stored.ref.resource_id),
                          " was deleted; the row is not applied")));
  }
  return out;
}

// The rows of `rows` to do now: each GeoNames id's first row; the others go to `later`.
std::vector<size_t> FirstOfEachId(const std::vector<const v1::IngestPlace*>& rows,
                                  const std::vector<size_t>& todo, std::vector<size_t>& later) {
  std::set<int64_t> seen;
  std::vector<size_t> now;
  for (size_t i : todo) {
    (seen.insert(rows[i]->geonames_id()).second ? now : later).push_back(i);
  }
  return now;
}

}  // namespace

std::vector<GazetteerOutcome> NameResolver::Gazetteer(
    const std::vector<const v1::IngestPlace*>& rows) {
  AwaitEarlierStream();  // every row is decided from what the database holds
  std::vector<GazetteerOutcome> out(rows.size());
  std::vector<domain::PlaceRecord> records;
  for (const v1::IngestPlace* p : rows) {
    records.push_back(PlaceRecordOf(*p, absl::AsciiStrToUpper(p->country_code()), p->time_zone()));
  }
  std::vector<size_t> todo(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) todo[i] = i;
  while (!todo.empty()) {
    std::vector<size_t> later;
    const std::vector<size_t> now = FirstOfEachId(rows, todo, later);
    GazetteerRound(rows, records, now, out);
    todo = std::move(later);
  }
  return out;
}

void NameResolver::GazetteerRound(const std::vector<const v1::IngestPlace*>& rows,
                                  const std::vector<domain::PlaceRecord>& records,
                                  const std::vector<size_t>& now,
                                  std::vector<GazetteerOutcome>& out) {
  std::vector<int64_t> ids;
  for (size_t i : now) ids.push_back(rows[i]->geonames_id());
  const std::map<int64_t, StoredGazetteerPlace> stored = StoredGazetteerPlaces(txn_, ids);

  // Rows without a place of their GeoNames id: countries adopt the id, the others may merge.
  std::vector<size_t> unknown;
  std::vector<std::optional<Ref>> countries;  // of the unknown rows, their parent if created
  std::vector<MergeQuery> queries;
  for (size_t i : now) {
    const v1::IngestPlace& p = *rows[i];
    if (auto it = stored.find(p.geonames_id()); it != stored.end()) {
      out[i] = it->second.deleted ? LeaveTombstone(txn_, it->second)
                                  : UpdateToRow(txn_, it->second, records[i]);
      continue;
    }
    NameResult country = Country(records[i].country_code, true);
    if (country.error) {  // two letters, but no ISO 3166-1 country's
      out[i].error = std::move(*country.error);
      continue;
    }
    if (records[i].kind == v1::COUNTRY) {
      out[i].ref = *country.ref;
      txn_.exec_params(sql::kAdoptGeoNamesId, out[i].ref.id, p.geonames_id());
      AddMissingPlaceNames(txn_, out[i].ref.id, records[i].names);
      out[i].outcome = v1::IngestResult::UPDATED;
      continue;
    }
    unknown.push_back(i);
    countries.push_back(country.ref);
    queries.push_back({normalize::MatchKey(p.name()), KeysOf(p.name(), p.aliases()),
                       records[i].country_code,
                       EnumToDb(v1::PlaceKind_descriptor(), records[i].kind), p.location()});
  }
  const std::vector<std::vector<normalize::MergeCandidate>> candidates =
      GazetteerMergeCandidates(txn_, queries);

  // In row order, as one after the other: a place an earlier row merged into has a GeoNames id
  // and is no longer a candidate.
  std::set<int64_t> merged_into;
  std::vector<size_t> created;
  std::vector<NewPlace> new_places;
  std::vector<normalize::MergeDecision> decisions;
  for (size_t u = 0; u < unknown.size(); ++u) {
    const size_t i = unknown[u];
    const v1::IngestPlace& p = *rows[i];
    std::vector<normalize::MergeCandidate> still;
    for (const normalize::MergeCandidate& c : candidates[u]) {
      if (!merged_into.contains(c.id)) still.push_back(c);
    }
    normalize::MergeDecision decision = normalize::DecideGazetteerMerge(still, queries[u].kind);
    if (decision.merge_into &&
        MergeGazetteerRow(txn_, decision.merge_into->id, p.geonames_id(), records[i])) {
      merged_into.insert(decision.merge_into->id);
      out[i].ref = Ref{decision.merge_into->id, decision.merge_into->resource_id};
      out[i].outcome = v1::IngestResult::UPDATED;
      out[i].warnings.push_back(
          Note("", domain::kNoteMergedIntoExisting,
               absl::StrCat("merged into ", DescribeCandidates({*decision.merge_into}),
                            ", which has the row's name: it keeps its names and takes the row's "
                            "GeoNames id, names, point and zone")));
      continue;
    }
    created.push_back(i);
    new_places.push_back({records[i],
                          normalize::ResourceIdFromName(
                              p.name(), absl::AsciiStrToLower(records[i].country_code), "place"),
                          countries[u]});
    decisions.push_back(std::move(decision));
  }
  if (created.empty()) return;
  LockCreation();
  const std::vector<Ref> refs = InsertPlaces(new_places);
  for (size_t c = 0; c < created.size(); ++c) {
    GazetteerOutcome& o = out[created[c]];
    o.ref = refs[c];
    o.outcome = v1::IngestResult::CREATED;
    if (!decisions[c].ambiguous.empty()) {
      o.warnings.push_back(Note("", domain::kNoteAmbiguousName,
                                absl::StrCat("created ", ResourceName(kPlaces, o.ref.resource_id),
                                             ": several existing places could be this row, so "
                                             "none was merged: ",
                                             DescribeCandidates(decisions[c].ambiguous))));
    }
  }
}

}  // namespace timeline::storage::pg
