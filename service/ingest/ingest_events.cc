#include "ingest/ingest_events.h"

#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/ingest_notes.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "ingest/event_from_record.h"
#include "ingest/stream_fingerprint.h"
#include "ingest/stream_responses.h"
#include "normalize/name_resolution.h"

namespace timeline::ingest {
namespace {

using domain::Note;
using domain::RecordField;
using domain::ResourceName;
using storage::ExternalKey;
using storage::IngestTransaction;
using storage::ResolvedName;

// A record whose names resolved and whose event record is complete.
struct Accepted {
  size_t index;  // in the stream
  domain::EventRecord record;
  std::string content_hash;
};

// `note` with its field, relative to `prefix` (empty: `prefix` itself), made absolute.
void AddNote(v1::IngestNote note, const std::string& prefix,
             google::protobuf::RepeatedPtrField<v1::IngestNote>* out) {
  note.set_field(note.field().empty() ? prefix : absl::StrCat(prefix, ".", note.field()));
  *out->Add() = std::move(note);
}

// Resolving a record's names. With create=false (the dry pass) nothing is written and the
// answer only says whether the record is acceptable; with create=true, `links` receives what the
// names resolved to, and the result their warnings.
class RecordNames {
 public:
  RecordNames(IngestTransaction& tx, const v1::IngestRecord& r, std::string field, bool create,
              v1::IngestResult& result, ResolvedLinks* links)
      : tx_(tx), r_(r), f_(std::move(field)), create_(create), result_(result), links_(links) {}

  // Each returns whether every name it resolved is acceptable.
  bool ActorsAndPlaces() {
    bool ok = true;
    for (int i = 0; i < r_.actors_size(); ++i) {
      ResolvedName n =
          Take(tx_.ResolveActor(r_.actors(i), create_), absl::StrCat(f_, ".actors[", i, "]"), ok);
      if (links_) links_->actor_ids.push_back(n.resource_id);
    }
    for (int i = 0; i < r_.places_size(); ++i) {
      ResolvedName n =
          Take(tx_.ResolvePlace(r_.places(i), create_), absl::StrCat(f_, ".places[", i, "]"), ok);
      if (links_) {
        links_->place_ids.push_back(n.resource_id);
        if (links_->place_time_zone.empty()) links_->place_time_zone = n.time_zone;
      }
    }
    return ok;
  }

  bool Source() {
    bool ok = true;
    if (!r_.has_source()) return ok;
    ResolvedName n = Take(tx_.ResolveSource(r_.source(), create_), f_ + ".source", ok);
    if (links_) {
      links_->source_id = n.resource_id;
      links_->source_published_time = n.published_time;
    }
    return ok;
  }

  bool All() {
    const bool actors_and_places = ActorsAndPlaces();
    return Source() && actors_and_places;
  }

 private:
  ResolvedName Take(ResolvedName n, const std::string& where, bool& ok) {
    if (n.error) {
      AddNote(*n.error, where, result_.mutable_errors());
      ok = false;
    } else if (create_) {
      for (v1::IngestNote& w : n.warnings) AddNote(std::move(w), where, result_.mutable_warnings());
    }
    return n;
  }

  IngestTransaction& tx_;
  const v1::IngestRecord& r_;
  const std::string f_;
  const bool create_;
  v1::IngestResult& result_;
  ResolvedLinks* links_;
};

// The fingerprint of what an ingest writes for a record.
std::string ContentHash(const domain::EventRecord& record) {
  StreamFingerprint fingerprint;
  fingerprint.Add(domain::EventRecordAsProto(record));
  return fingerprint.HexDigest();
}

// An event id made from the record's external id ("acled" / "MLI123" -> "acled-mli123"), so
// imported events have recognizable names; empty when none fits.
std::string PreferredEventId(const domain::EventRecord& record) {
  if (record.external_ids.empty()) return "";
  const auto& x = record.external_ids[0];
  std::string id = normalize::ResourceIdFromName(x.id, x.system, "event", 63);
  return domain::IsValidResourceId(id) ? id : "";
}

// Each record's own problems, and records that repeat an earlier record's external id. Returns
// which records are still acceptable.
std::vector<bool> CheckStream(const std::vector<IngestItem>& items,
                              std::vector<v1::IngestResult>& results) {
  std::vector<bool> acceptable(items.size(), false);
  std::map<ExternalKey, size_t> first_with;
  for (size_t i = 0; i < items.size(); ++i) {
    results[i].set_index(static_cast<int>(i));
    for (const auto& e : items[i].errors) *results[i].add_errors() = e;
    if (!items[i].errors.empty()) continue;
    const v1::IngestRecord& r = items[i].record;
    if (r.has_external_id()) {
      auto [it, fresh] =
          first_with.emplace(ExternalKey{r.external_id().system(), r.external_id().id()}, i);
      if (!fresh) {
        *results[i].add_errors() =
            Note(RecordField(i) + ".external_id", domain::kNoteDuplicateInBatch,
                 absl::StrCat("repeats the external id of records[", it->second, "]"));
        continue;
      }
    }
    acceptable[i] = true;
  }
  return acceptable;
}

// Resolves the names of the acceptable records — a dry pass first, so that a record rejected
// for one name creates no other name — and completes their event records.
std::vector<Accepted> AcceptRecords(IngestTransaction& tx, const std::vector<IngestItem>& items,
                                    std::vector<bool>& acceptable,
                                    std::vector<v1::IngestResult>& results) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (!acceptable[i]) continue;
    acceptable[i] =
        RecordNames(tx, items[i].record, RecordField(i), false, results[i], nullptr).All();
  }
  // Every actor and place before any source: creating actors and places takes a lock held until
  // commit (storage/pg_name_creation.cc) and creating sources does not, so no stream waits for
  // that lock while its new sources keep another stream, which holds it, waiting on their URLs.
  std::vector<ResolvedLinks> links(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (!acceptable[i]) continue;
    RecordNames(tx, items[i].record, RecordField(i), true, results[i], &links[i]).ActorsAndPlaces();
  }
  for (size_t i = 0; i < items.size(); ++i) {
    if (!acceptable[i]) continue;
    RecordNames(tx, items[i].record, RecordField(i), true, results[i], &links[i]).Source();
  }
  std::vector<Accepted> accepted;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!acceptable[i]) continue;
    const std::string f = RecordField(i);
    absl::StatusOr<FinishedRecord> finished = FinishIngestRecord(items[i].record, f, links[i]);
    if (!finished.ok()) {
      for (const auto& fv : domain::FieldViolationsOf(finished.status())) {
        *results[i].add_errors() = Note(fv.field, domain::kNoteInvalidArgument, fv.description);
      }
      continue;
    }
    for (auto& w : finished->warnings) *results[i].add_warnings() = std::move(w);
    std::string hash = ContentHash(finished->record);
    accepted.push_back({i, std::move(finished->record), std::move(hash)});
  }
  return accepted;
}

// What an accepted record does to the event that already has its external id.
void ApplyToStored(IngestTransaction& tx, const storage::StoredEvent& found, Accepted& a,
                   v1::IngestResult& result) {
  result.set_event(ResourceName(domain::kEvents, found.resource_id));
  const std::string field = RecordField(a.index) + ".external_id";
  if (!found.merged_into.empty()) {
    // The record's event lives on in the one it was merged into; re-ingesting it must neither
    // undo the merge nor bring the record back as a new event.
    const std::string survivor = ResourceName(domain::kEvents, found.merged_into);
    *result.add_warnings() =
        Note(field, domain::kNoteMerged,
             absl::StrCat(result.event(), " has this external id and was merged into ", survivor,
                          "; the record changes nothing"));
    result.set_event(survivor);
    result.set_outcome(v1::IngestResult::UNCHANGED);
    return;
  }
  if (found.deleted) {
    *result.add_errors() = Note(field, domain::kNoteDeleted,
                                absl::StrCat(result.event(),
                                             " has this external id and was deleted; it is not "
                                             "brought back by ingestion"));
    result.clear_event();
    return;
  }
  const bool unchanged = found.content_hash == a.content_hash ||
                         !tx.UpdateEvent(found.resource_id, a.record, a.content_hash);
  result.set_outcome(unchanged ? v1::IngestResult::UNCHANGED : v1::IngestResult::UPDATED);
}

// Writes the accepted records: updates of events that have their external ids, new events for
// the rest.
void WriteAccepted(IngestTransaction& tx, std::vector<Accepted>& accepted,
                   std::vector<v1::IngestResult>& results) {
  std::vector<ExternalKey> keys;
  for (const Accepted& a : accepted) {
    for (const auto& x : a.record.external_ids) keys.emplace_back(x.system, x.id);
  }
  const std::map<ExternalKey, storage::StoredEvent> stored = tx.FindEvents(keys);
  std::vector<Accepted*> created;
  std::vector<storage::NewEvent> new_events;
  for (Accepted& a : accepted) {
    const storage::StoredEvent* found = nullptr;
    for (const auto& x : a.record.external_ids) {
      if (auto it = stored.find({x.system, x.id}); it != stored.end()) found = &it->second;
    }
    if (found) {
      ApplyToStored(tx, *found, a, results[a.index]);
    } else {
      created.push_back(&a);
      new_events.push_back({&a.record, a.content_hash, PreferredEventId(a.record)});
    }
  }
  const std::vector<std::string> ids = tx.CreateEvents(new_events);
  for (size_t i = 0; i < created.size(); ++i) {
    results[created[i]->index].set_event(ResourceName(domain::kEvents, ids[i]));
    results[created[i]->index].set_outcome(v1::IngestResult::CREATED);
  }
}

// What each accepted record links to and when it happened, as written.
void DescribeAccepted(const std::vector<Accepted>& accepted,
                      std::vector<v1::IngestResult>& results) {
  for (const Accepted& a : accepted) {
    v1::IngestResult& result = results[a.index];
    if (result.errors_size() > 0) continue;
    for (const auto& x : a.record.actors)
      result.add_actors(ResourceName(domain::kActors, x.actor_id));
    for (const auto& x : a.record.places)
      result.add_places(ResourceName(domain::kPlaces, x.place_id));
    if (!a.record.sources.empty()) {
      result.set_source(ResourceName(domain::kSources, a.record.sources[0].source_id));
    }
    *result.mutable_time() = domain::SpanToProto(a.record.time);
  }
}

}  // namespace

absl::StatusOr<v1::IngestEventsResponse> IngestEvents(storage::Repository& repo,
                                                      const storage::CallContext& ctx,
                                                      const IngestBatch& batch,
                                                      const std::vector<IngestItem>& items) {
  storage::IngestOptions options;
  options.commit = !batch.validate_only;
  options.strict = batch.strict;
  return AnswerStream<v1::IngestEventsResponse>(
      repo, ctx, options, "IngestEvents", batch,
      [&](IngestTransaction& tx, v1::IngestEventsResponse& response) {
        std::vector<v1::IngestResult> results(items.size());
        std::vector<bool> acceptable = CheckStream(items, results);
        std::vector<Accepted> accepted = AcceptRecords(tx, items, acceptable, results);
        WriteAccepted(tx, accepted, results);
        DescribeAccepted(accepted, results);
        for (v1::IngestResult& result : results) {
          if (result.errors_size() > 0) {
            result.set_outcome(v1::IngestResult::REJECTED);
            result.clear_warnings();
          }
          AddResult(response, std::move(result));
        }
      });
}

}  // namespace timeline::ingest
