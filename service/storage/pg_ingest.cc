// PgRepository::IngestEvents / IngestPlaces: the records' checks and names (pg_name_resolver.h),
// idempotent upserts by external id and the bulk write of new events with COPY, all in the
// stream's one transaction.
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "domain/ingest_record.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "google/protobuf/util/message_differencer.h"
#include "storage/event_query_sql.h"
#include "storage/ingest_sql.h"
#include "storage/pg_name_resolver.h"
#include "storage/pg_repository.h"
#include "storage/pg_support.h"

namespace timeline::storage {
namespace {

using namespace pg;  // NOLINT: the shared pieces of this implementation
using domain::kActors;
using domain::kPlaces;
using domain::kSources;
using domain::Note;
using domain::ResourceName;

constexpr int kExternalIdBuckets = 64;

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
bool ResolveRecord(NameResolver& resolver, const v1::IngestRecord& r, const std::string& f,
                   bool create, v1::IngestResult& result, domain::ResolvedLinks* links,
                   Accepted* accepted) {
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
  domain::StreamFingerprint fingerprint;
  fingerprint.Add(RecordAsEvent(record));
  return fingerprint.HexDigest();
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
  std::string merged_into;  // resource id of the event it was merged into, if it was
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
  for (const pqxx::row& r : txn.exec_prepared("ingest_events_by_external_ids",
                                              TextArrayLiteral(systems), TextArrayLiteral(ids))) {
    out[{r[0].as<std::string>(), r[1].as<std::string>()}] =
        Existing{r[2].as<int64_t>(), r[3].as<std::string>(), r[4].as<std::string>(),
                 r[5].as<bool>(), r[6].as<std::string>()};
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
  std::vector<std::pair<std::string, pg::NameResult>> resolved;
  absl::StatusOr<v1::IngestEventsResponse> response = InTransaction(
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

        NameResolver resolver(txn, batch.strict, names_.get());
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
          if (!found->merged_into.empty()) {
            // The record's event lives on in the one it was merged into; re-ingesting it must
            // neither undo the merge nor bring the record back as a new event.
            const std::string survivor = ResourceName(domain::kEvents, found->merged_into);
            *result.add_warnings() =
                Note(domain::RecordField(a.index) + ".external_id", domain::kNoteMerged,
                     absl::StrCat(result.event(), " has this external id and was merged into ",
                                  survivor, "; the record changes nothing"));
            result.set_event(survivor);
            result.set_outcome(v1::IngestResult::UNCHANGED);
            continue;
          }
          if (found->deleted) {
            *result.add_errors() =
                Note(domain::RecordField(a.index) + ".external_id", domain::kNoteDeleted,
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
        resolved = resolver.resolved();
        return response;
      },
      /*commit=*/!batch.validate_only);
  // Only what a committed batch resolved may serve the next ones.
  if (response.ok() && !batch.validate_only) names_->Add(resolved);
  return response;
}

absl::StatusOr<v1::IngestPlacesResponse> PgRepository::IngestPlaces(
    const CallContext& ctx, const IngestBatch& batch, const std::vector<IngestPlaceItem>& items) {
  absl::StatusOr<v1::IngestPlacesResponse> response = InTransaction(
      pool_, cancel_watcher_, ctx,
      [&](pqxx::work& txn) -> absl::StatusOr<v1::IngestPlacesResponse> {
        auto earlier = EarlierResponse<v1::IngestPlacesResponse>(txn, "IngestPlaces", batch);
        if (!earlier.ok()) return earlier.status();
        if (*earlier) return **earlier;
        v1::IngestPlacesResponse response;
        NameResolver resolver(txn, /*strict=*/false, /*shared=*/nullptr);
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
  // Gazetteer rows change places (zones, names) and may make a name resolve elsewhere: what
  // earlier batches resolved is asked again.
  if (response.ok() && !batch.validate_only &&
      response->created_count() + response->updated_count() > 0) {
    names_->Clear();
  }
  return response;
}

}  // namespace timeline::storage
