// How an ingest batch finds, or creates, the actors, places and sources its records name: the
// queries and writes behind the rules of normalize/name_resolution.h. Used by
// pg_ingest_transaction.cc inside the batch's transaction; internal to storage/.
//
// One class, defined by stage: pg_name_cache.cc (what earlier batches resolved),
// pg_name_lookup.cc (equal match keys, then similar ones), pg_name_creation.cc (new actors,
// places with their administrative divisions, sources and countries) and pg_gazetteer.cc
// (IngestPlaces rows); pg_name_common.h holds what they share.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "domain/directory_records.h"
#include "normalize/name_resolution.h"
#include "pqxx/pqxx"
#include "storage/pg_name_cache.h"
#include "storage/pg_stream_order.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::storage::pg {

// What a place look-up asks: the name, where to look, and what the record says of the place.
struct PlaceQuery {
  std::vector<std::string> keys;  // match keys of the name, then of its aliases
  std::optional<Ref> scope;       // only places at or below this one (its country)
  const v1::LatLng* location = nullptr;
  std::string kind;         // as stored ("settlement"), preferred; empty: any kind
  bool kind_stated = true;  // the record states `kind` (a division's kind is only assumed: a
                            // division may be named after a city the record names as its own)
  std::string country;      // ISO code, or empty
  std::vector<std::string> admin_keys;  // match keys of the record's divisions, largest first
  bool similar = true;  // also similar names when no key is equal (not for gazetteer rows and
                        // re-checks under the creation lock, which want equal keys only)
};

// A place for NameResolver::InsertPlaces.
struct NewPlace {
  domain::PlaceRecord record;
  std::string slug;  // what its resource id is made from
  std::optional<Ref> parent;
};

// What a gazetteer row did (NameResolver::Gazetteer).
struct GazetteerOutcome {
  v1::IngestResult::Outcome outcome = v1::IngestResult::OUTCOME_UNSPECIFIED;
  Ref ref;
  std::vector<v1::IngestNote> warnings;  // a merge, an ambiguity
  std::optional<v1::IngestNote> error;   // set: the row is refused (outcome unset)
};

// Resolves (and, when asked, creates) the actors, places and sources a batch names. Results are
// cached for the batch, so a name repeated across records costs one lookup.
class NameResolver {
 public:
  // `shared` may be null (no cache across batches); `order` is awaited before the first name
  // is decided anew (not from a cache) and may be null.
  NameResolver(pqxx::work& txn, bool strict, const NameCache* shared, StreamOrder* order)
      : txn_(txn), strict_(strict), shared_(shared), order_(order) {}

  // What this batch resolved, for NameCache::Add once the batch has committed.
  const std::vector<std::pair<std::string, NameResult>>& resolved() const { return resolved_; }

  NameResult Actor(const v1::IngestActor& a, bool create);

  NameResult Place(const v1::IngestPlace& p, bool create);

  NameResult Source(const v1::IngestSource& s, bool create);

  // A country's place by ISO code, created (with its English, French and Arabic names from ICU)
  // when missing: a code is exact, so creating it is no guess.
  NameResult Country(const std::string& code, bool create);

  // Gazetteer rows, each: the place with its GeoNames id updated to the row, or an existing
  // place of the row merged into (normalize/gazetteer_merge.h), or a new place under its
  // country. As if the rows came one after the other, in a few statements for all of them.
  std::vector<GazetteerOutcome> Gazetteer(const std::vector<const v1::IngestPlace*>& rows);

  // Refreshes the planner's statistics after a batch that added many names, when a name table
  // has at least doubled since they were last refreshed: a first import into an empty database
  // otherwise keeps being planned as if the tables were empty (sequential scans per lookup,
  // slower with every batch) until autovacuum comes round.
  void AnalyzeIfGrown();

 private:
  static constexpr int kAnalyzeAfterNames = 200;

  // --- The caches (pg_name_cache.cc) ---

  template <typename Fn>
  NameResult Cached(std::map<std::string, NameResult>& cache, const std::string& key, Fn&& fn) {
    if (auto hit = cache.find(key); hit != cache.end()) return hit->second;
    return cache[key] = fn();
  }

  // The shared cache's entry for `key`, or unset.
  std::optional<NameResult> Shared(const std::string& key) const;
  // Keeps a result for this batch and, once committed, for the next ones.
  void Remember(std::map<std::string, NameResult>& cache, const std::string& key,
                const std::string& shared_key, const NameResult& result);

  // An administrative division's look-up as a cache key: its name's key, kind and country, the
  // place it is looked for under and the divisions above it — everything its decision reads
  // (a division's query has no point, so no similar names either).
  static std::string DivisionCacheKey(const PlaceQuery& division);
  // The division a look-up of `cache_key` found or created earlier in this batch or a committed
  // one, or unset.
  std::optional<Ref> KnownDivision(const std::string& cache_key);
  void RememberDivision(const std::string& cache_key, const Ref& division);

  // --- Lookups (pg_name_lookup.cc) ---

  NameResult Existing(const char* statement, absl::string_view collection, const std::string& name,
                      const std::string& field);

  NameResult SourceRow(const pqxx::row& r);

  NameResult Undecided(const std::string& name, absl::string_view what);

  static NameResult Linked(const normalize::NameCandidate& chosen,
                           const normalize::NameDecision& decision, const std::string& name);

  static std::string UnknownMessage(absl::string_view what, const std::string& name,
                                    const normalize::NameDecision& decision);

  normalize::NameDecision DecidePlace(const PlaceQuery& q);

  std::string TimeZoneOf(int64_t place_id);

  // --- Creation (pg_name_creation.cc) ---

  static void WarnNew(NameResult& result, absl::string_view code, absl::string_view collection,
                      const std::string& name, const normalize::NameDecision& decision);

  // Takes the creation lock for the rest of the transaction. True when this call took it: a
  // decision made before then may be stale (another batch may have created the name meanwhile)
  // and is checked again; decisions made while holding it are not.
  bool LockCreation();

  // Settings for the rest of the transaction, before its first look-up by name:
  //  - pg_trgm's `%` asks for kLinkSimilarity, the score a similar name needs to be linked,
  //    instead of its default 0.3: at 0.3 the index returns most names that share a common word
  //    ("ethnic militia", "forces of") and a look-up costs tens of milliseconds; at 0.6 well
  //    under one;
  //  - the look-ups use generic plans: they are key and index look-ups whose best plan does not
  //    depend on the values, and planning them afresh for each of thousands of new names (a
  //    custom plan per call) cost more than running them.
  void UseLookupSettings();

  // Before a name is decided from what the database holds: the stream this one comes after
  // (StreamOrder) has ended, so that its new names are there to be linked to.
  void AwaitEarlierStream() {
    if (order_) order_->Await();
  }

  NameResult CreateActor(const v1::IngestActor& a, const std::vector<std::string>& keys,
                         const normalize::NameDecision& decision);

  // Inserts a place under `parent` with a free resource id made from `slug`; `time_zone` (if
  // set) receives the zone it was given (pg_place_time_zones.h), possibly none.
  Ref InsertPlace(const domain::PlaceRecord& record, const std::string& slug,
                  const std::optional<Ref>& parent, std::string* time_zone = nullptr);
  // InsertPlace for many places, in one statement (two or three when ids are taken) and one for
  // their names: a statement per place costs more in round trips and in the places table's
  // statement trigger than the inserts themselves.
  std::vector<Ref> InsertPlaces(const std::vector<NewPlace>& places);

  // --- Gazetteer rows (pg_gazetteer.cc) ---

  // The rows `now` of `rows` (no two with one GeoNames id) into `out`.
  void GazetteerRound(const std::vector<const v1::IngestPlace*>& rows,
                      const std::vector<domain::PlaceRecord>& records,
                      const std::vector<size_t>& now, std::vector<GazetteerOutcome>& out);

  // The administrative divisions of a record, each found or created under the previous one.
  std::optional<Ref> AdminChain(const v1::IngestPlace& p, std::optional<Ref> parent,
                                const std::string& country, std::vector<Warning>& warnings);

  NameResult CreatePlace(const v1::IngestPlace& p, const PlaceQuery& q,
                         const std::string& nearby_zone, const normalize::NameDecision& decision);

  NameResult CreateSource(const v1::IngestSource& s);

  // The place of the ISO country `code`, unless another batch created it first.
  NameResult CreateCountry(const std::string& code);

  int created_names_ = 0;
  pqxx::work& txn_;
  const bool strict_;
  bool creation_locked_ = false;
  bool lookup_settings_set_ = false;
  std::map<std::string, NameResult> actor_cache_, place_cache_, source_cache_, country_cache_;
  // Names a dry pass found missing ("actor|<key>", "place|<key>", "source|<url>"): asked again
  // only when they are to be created.
  std::set<std::string> missing_;
  const NameCache* shared_;
  StreamOrder* order_;
  std::vector<std::pair<std::string, NameResult>> resolved_;
};

// Prepares the statements of ingestion on a new connection (named "ingest_*").
void PrepareIngestStatements(pqxx::connection& c);

}  // namespace timeline::storage::pg
