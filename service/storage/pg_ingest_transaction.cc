#include "storage/pg_ingest_transaction.h"

#include <algorithm>
#include <iostream>
#include <set>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "domain/ingest_notes.h"
#include "domain/resource_name.h"
#include "storage/ingest_sql.h"
#include "storage/pg_event_rows.h"
#include "storage/pg_repository.h"
#include "storage/pg_stream_order.h"
#include "storage/pg_transaction.h"
#include "storage/query_builder.h"
#include "storage/sql.h"

namespace timeline::storage {
namespace pg {
namespace {

using domain::ResourceName;

// The resource ids of `events`: each one's preferred id where it is free, a random one otherwise.
std::vector<std::string> ChooseEventIds(pqxx::work& txn, const std::vector<NewEvent>& events) {
  std::vector<std::string> wanted;
  for (const NewEvent& e : events) wanted.push_back(e.preferred_id);
  std::set<std::string> taken;
  for (const pqxx::row& r : txn.exec_params(sql::kTakenEventIds, TextArrayLiteral(wanted))) {
    taken.insert(r[0].as<std::string>());
  }
  std::vector<std::string> ids;
  for (const std::string& w : wanted) {
    const bool usable = !w.empty() && taken.insert(w).second;
    ids.push_back(usable ? w : domain::GenerateResourceId());
  }
  return ids;
}

}  // namespace

ResolvedName PgIngestTransaction::Take(NameResult result, absl::string_view collection) {
  ResolvedName out;
  out.error = std::move(result.error);
  for (Warning& w : result.warnings) {
    out.warnings.push_back(domain::Note("", w.code, std::move(w.message)));
  }
  out.time_zone = std::move(result.time_zone);
  out.published_time = result.published_time;
  if (result.ref) {
    out.resource_id = result.ref->resource_id;
    internal_ids_[ResourceName(collection, out.resource_id)] = result.ref->id;
  }
  return out;
}

ResolvedName PgIngestTransaction::ResolveActor(const v1::IngestActor& actor, bool create) {
  return Take(resolver_.Actor(actor, create), domain::kActors);
}

ResolvedName PgIngestTransaction::ResolvePlace(const v1::IngestPlace& place, bool create) {
  return Take(resolver_.Place(place, create), domain::kPlaces);
}

ResolvedName PgIngestTransaction::ResolveSource(const v1::IngestSource& source, bool create) {
  return Take(resolver_.Source(source, create), domain::kSources);
}

std::optional<StoredResponse> PgIngestTransaction::FindResponse(absl::string_view method,
                                                                absl::string_view request_id) {
  txn_.exec_prepared("lock_request", sql::RequestLockKey(method, request_id));
  pqxx::result r =
      txn_.exec_params(sql::kFindIngestRequest, std::string(method), std::string(request_id));
  if (r.empty()) return std::nullopt;
  StoredResponse stored;
  stored.records_hash = r[0][0].as<std::string>();
  absl::Base64Unescape(r[0][1].as<std::string>(), &stored.response);
  return stored;
}

void PgIngestTransaction::RememberResponse(absl::string_view method, absl::string_view request_id,
                                           const StoredResponse& response) {
  txn_.exec(sql::kForgetOldIngestRequests);
  txn_.exec_params(sql::kRecordIngestRequest, std::string(method), std::string(request_id),
                   response.records_hash, absl::Base64Escape(response.response));
}

std::map<ExternalKey, StoredEvent> PgIngestTransaction::FindEvents(
    const std::vector<ExternalKey>& keys) {
  std::map<ExternalKey, StoredEvent> out;
  if (keys.empty()) return out;
  std::vector<std::string> systems, ids;
  for (const auto& [system, id] : keys) {
    systems.push_back(system);
    ids.push_back(id);
  }
  for (const pqxx::row& r : txn_.exec_prepared("ingest_events_by_external_ids",
                                               TextArrayLiteral(systems), TextArrayLiteral(ids))) {
    out[{r["system"].as<std::string>(), r["external_id"].as<std::string>()}] =
        StoredEvent{r["resource_id"].as<std::string>(), r["content_hash"].as<std::string>(),
                    r["deleted"].as<bool>(), r["merged_into"].as<std::string>()};
  }
  return out;
}

std::vector<std::string> PgIngestTransaction::CreateEvents(const std::vector<NewEvent>& events) {
  if (events.empty()) return {};
  std::vector<std::string> names = ChooseEventIds(txn_, events);
  std::vector<CopiedEvent> copied;
  const pqxx::result ids = txn_.exec_params(sql::kNextEventIds, static_cast<int>(events.size()));
  for (size_t i = 0; i < events.size(); ++i) {
    const domain::EventRecord& r = *events[i].record;
    CopiedEvent c{ids[i][0].as<int64_t>(), names[i], &r, {}, {}, {}, events[i].content_hash};
    for (const auto& a : r.actors) {
      c.actor_ids.push_back(internal_ids_.at(ResourceName(domain::kActors, a.actor_id)));
    }
    for (const auto& p : r.places) {
      c.place_ids.push_back(internal_ids_.at(ResourceName(domain::kPlaces, p.place_id)));
    }
    for (const auto& s : r.sources) {
      c.source_ids.push_back(internal_ids_.at(ResourceName(domain::kSources, s.source_id)));
    }
    copied.push_back(std::move(c));
  }
  CopyEvents(txn_, copied);
  return names;
}

bool PgIngestTransaction::UpdateEvent(const std::string& resource_id, domain::EventRecord& record,
                                      const std::string& content_hash) {
  std::optional<EventRow> row = FindEvent(txn_, resource_id, /*for_update=*/true);
  for (const v1::ExternalId& x : row->event.external_ids()) {
    const bool known =
        std::any_of(record.external_ids.begin(), record.external_ids.end(),
                    [&](const auto& r) { return r.system == x.system() && r.id == x.id(); });
    if (!known) record.external_ids.push_back({x.system(), x.id()});
  }
  const bool changed = !domain::RecordMatchesEvent(record, row->event);
  if (changed) {
    if (absl::Status s = RewriteEvent(txn_, row->id, record); !s.ok()) {
      throw std::runtime_error(std::string(s.message()));
    }
    txn_.exec_prepared("insert_change", row->id, "updated");
  }
  txn_.exec_params(sql::kSetContentHash, row->id, content_hash);
  return changed;
}

std::vector<GazetteerUpsert> PgIngestTransaction::UpsertGazetteerPlaces(
    const std::vector<const v1::IngestPlace*>& rows) {
  std::vector<GazetteerUpsert> out;
  for (GazetteerOutcome& o : resolver_.Gazetteer(rows)) {
    if (o.outcome == v1::IngestResult::CREATED || o.outcome == v1::IngestResult::UPDATED) {
      changed_places_ = true;
    }
    out.push_back(
        {o.outcome, std::move(o.ref.resource_id), std::move(o.warnings), std::move(o.error)});
  }
  return out;
}

}  // namespace pg

namespace {

// How many times a stream's transaction runs when it meets a concurrent stream's writes.
constexpr int kIngestAttempts = 3;

// Streams that create the same new external id (or pick the same new resource id) at the same
// time both find it missing; the second one's insert waits for the first to commit and then fails
// on the unique key (ALREADY_EXISTS: the stream checked everything else before writing). Run
// again, it finds what the first wrote. A deadlock between streams (ABORTED) is retried too.
bool MetConcurrentStream(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAlreadyExists ||
         status.code() == absl::StatusCode::kAborted;
}

}  // namespace

absl::Status PgRepository::RunIngest(const CallContext& ctx, const IngestOptions& options,
                                     const std::function<absl::Status(IngestTransaction&)>& work) {
  IngestOptions ordered = options;
  int earlier_ends = 0;
  absl::Status status;
  for (int attempt = 1; attempt <= kIngestAttempts;) {
    if (!ordered.after_request_id.empty()) {
      absl::StatusOr<bool> seen = AwaitEarlierStreamBegun(ctx, ordered);
      if (!seen.ok()) return seen.status();
      if (!*seen) ordered.after_request_id.clear();  // decided without it from here on
    }
    bool earlier_ended = false;
    status = RunIngestOnce(ctx, ordered, earlier_ended, work);
    if (earlier_ended) {
      // Its sender may try it again (a job retries a failed batch): wait for that try as for
      // one not begun, a few times at most.
      if (++earlier_ends >= pg::kEarlierStreamEndsAwaited) ordered.after_request_id.clear();
      continue;
    }
    if (!MetConcurrentStream(status)) break;
    if (attempt < kIngestAttempts) {
      std::cerr << "ingest: "
                << (status.code() == absl::StatusCode::kAlreadyExists
                        ? "another stream created first an id this stream was creating"
                        : "the database rolled the stream back for a concurrent one")
                << "; running it again, try " << attempt + 1 << " of " << kIngestAttempts << "\n";
    }
    ++attempt;
  }
  // A unique key that no rerun settles is no race: the caller gets it as it is.
  return status;
}

absl::StatusOr<bool> PgRepository::AwaitEarlierStreamBegun(const CallContext& ctx,
                                                           const IngestOptions& options) {
  absl::StatusOr<bool> seen = pg::PollUntilEarlierStreamBegun(
      [&]() -> absl::StatusOr<bool> {
        if (ctx.cancelled && ctx.cancelled()) return absl::CancelledError("the caller cancelled");
        bool begun = false;
        absl::Status looked = pg::InTransaction(
            pool_, cancel_watcher_, ctx,
            [&](pqxx::work& txn) {
              begun = pg::EarlierStreamBegun(txn, options.after_method, options.after_request_id);
              return absl::OkStatus();
            },
            /*commit=*/false);
        if (!looked.ok()) return looked;
        return begun;
      },
      pg::kEarlierStreamNotSeenLimit);
  if (seen.ok() && !*seen) {
    std::cerr << options.after_method << ": the stream before this one (after_request_id \""
              << options.after_request_id << "\") was not seen within "
              << absl::FormatDuration(pg::kEarlierStreamNotSeenLimit)
              << "; this stream's new names are decided without waiting for it\n";
  }
  return seen;
}

absl::Status PgRepository::RunIngestOnce(
    const CallContext& ctx, const IngestOptions& options, bool& earlier_ended,
    const std::function<absl::Status(IngestTransaction&)>& work) {
  std::vector<std::pair<std::string, pg::NameResult>> resolved;
  bool changed_places = false;
  int64_t generation = 0;
  absl::Status status = pg::InTransaction(
      pool_, cancel_watcher_, ctx, kIngestCost,
      [&](pqxx::work& txn) -> absl::Status {
        // Waits for a running curation and says whether the cached names still hold.
        generation = txn.exec(sql::kBeginRegistryUse)[0][0].as<int64_t>();
        names_->Sync(generation);
        // RunIngest saw the earlier stream begin (or commit): here it is waited for to commit.
        pg::StreamOrder order(txn, options.after_method, options.after_request_id);
        pg::PgIngestTransaction tx(txn, options.strict, options.gazetteer ? nullptr : names_.get(),
                                   &order);
        try {
          if (absl::Status s = work(tx); !s.ok()) return s;
        } catch (const pg::EarlierStreamEnded& e) {
          earlier_ended = true;  // nothing decided yet is kept: the transaction rolls back
          return absl::AbortedError(e.what());
        }
        tx.Finish();
        resolved = tx.resolved();
        changed_places = tx.changed_places();
        return absl::OkStatus();
      },
      options.commit);
  if (!status.ok() || !options.commit) return status;
  // Only what a committed stream resolved may serve the next ones; gazetteer rows change places
  // (zones, names) and may make a name resolve elsewhere: what earlier streams resolved is asked
  // again.
  if (changed_places) {
    names_->Clear();
  } else if (!options.gazetteer) {
    names_->Add(resolved, generation);
  }
  return status;
}

}  // namespace timeline::storage
