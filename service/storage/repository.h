// The storage interface: everything the API layer asks of the database.
//
// It takes validated records (domain/event_record.h, domain/directory_records.h) and returns API
// messages. One implementation exists, PgRepository over PostgreSQL; tests run it against a real
// server, never a mock. Every call is one transaction, bounded by the caller's deadline.
//
// Errors: NOT_FOUND (the named resource is missing), INVALID_ARGUMENT with a field (a referenced
// resource is missing), ALREADY_EXISTS (an id, url or external id is taken), ABORTED (stale etag
// or a write conflict), DEADLINE_EXCEEDED, UNAVAILABLE (the database cannot be reached or is
// saturated), INTERNAL (a bug).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/directory_records.h"
#include "domain/event_query.h"
#include "domain/event_record.h"
#include "domain/event_stats.h"
#include "domain/name_query.h"
#include "domain/page_token.h"
#include "storage/ingest_transaction.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/place.pb.h"
#include "timeline/v1/source.pb.h"

namespace timeline::storage {

struct CallContext {
  absl::Time deadline = absl::InfiniteFuture();
  // True once the caller has gone away; its running statement is then cancelled. Optional.
  std::function<bool()> cancelled;
  // Who made the call, and its request id: recorded with every change the call writes (the
  // change log's principal and request_id). Empty: recorded as NULL.
  std::string principal;
  std::string request_id;
  // Read-your-writes with a read replica (storage/replica_reads.h): the consistency token the
  // caller brought from an earlier write (empty: none; reads may then see a replica's past).
  std::string consistency_token;
  // Given the token of each committed write, when the repository hands them out
  // (PoolOptions::report_wal_position). Unset: nobody asks.
  std::function<void(const std::string& token)> on_consistency_token;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<domain::PageCursor> next;  // unset on the last page; fingerprint not filled in
  // Where each item stands in the order: resuming after item i continues with item i + 1.
  // Filled by ListEvents (ExportEvents hands them out); fingerprints not filled in.
  std::vector<domain::PageCursor> item_cursors;
};

// One entry of the change log with the event as it is when read.
struct EventChange {
  int64_t position = 0;  // the change's place in commit order; a WatchEvents cursor
  std::string kind;      // "created", "updated", "deleted", "merged"
  absl::Time change_time;
  v1::Event event;
  std::string principal;   // who made it; empty for changes logged before principals were
  std::string request_id;  // the request that made it; empty likewise
};

// What one read of the change log found: the changes after a position that are in a selection,
// and how far the read looked (past changes outside the selection).
struct ChangeBatch {
  std::vector<EventChange> changes;
  int64_t scanned_to = 0;  // every position up to here has been examined
};

// One registry change (an actor's or a place's) from the change log, with the row as it is when
// read.
template <typename Resource>
struct RegistryChange {
  int64_t position = 0;  // place in commit order; a WatchActors/WatchPlaces cursor
  std::string kind;      // "created", "updated", "deleted", "merged", "split"
  absl::Time change_time;
  Resource resource;
  std::string principal;    // who made it
  std::string request_id;   // the request that made it
  std::string reason;       // why, as the request said; empty when it gave none
  std::string merged_into;  // for "merged": the survivor's resource name at the time
};

template <typename Resource>
struct RegistryChangeBatch {
  std::vector<RegistryChange<Resource>> changes;
  int64_t scanned_to = 0;  // every position up to here has been examined
};

// Turns the stored event into its new record; may fail with a validation error.
using EventMutation = std::function<absl::StatusOr<domain::EventRecord>(const v1::Event& current)>;

// How Repository::RunIngest runs an ingest stream's transaction.
struct IngestOptions {
  bool commit = true;      // false: a dry run (validate_only) whose writes are rolled back
  bool strict = false;     // names must resolve to existing actors and places; none is created
  bool gazetteer = false;  // gazetteer rows: names resolved by earlier streams are not reused
  // The stream this one comes after in one import (IngestEventsRequest.after_request_id), by
  // method and request_id: names are not decided anew until it has ended. Empty: none.
  std::string after_method;
  std::string after_request_id;
};

// Keeps a ListenForChanges callback coming until destroyed.
class ChangeSubscription {
 public:
  virtual ~ChangeSubscription() = default;
};

class Repository {
 public:
  virtual ~Repository() = default;

  virtual absl::StatusOr<v1::Event> GetEvent(const CallContext& ctx, absl::string_view id) = 0;
  virtual absl::StatusOr<Page<v1::Event>> ListEvents(const CallContext& ctx,
                                                     const domain::EventQuery& query) = 0;
  // `request_id` may be empty; a repeated one returns the event created the first time.
  virtual absl::StatusOr<v1::Event> CreateEvent(const CallContext& ctx, absl::string_view id,
                                                const domain::EventRecord& record,
                                                absl::string_view request_id) = 0;
  // Locks the event, checks `expected_etag` (when not empty), applies `mutation` and writes the
  // result. Writing a record equal to the stored one changes nothing (same etag).
  virtual absl::StatusOr<v1::Event> UpdateEvent(const CallContext& ctx, absl::string_view id,
                                                absl::string_view expected_etag,
                                                const EventMutation& mutation) = 0;
  virtual absl::StatusOr<v1::Event> DeleteEvent(const CallContext& ctx, absl::string_view id,
                                                absl::string_view expected_etag) = 0;
  // Merges event `id` into event `into` (see MergeEvents in event.proto); returns `into`.
  // FAILED_PRECONDITION if either is deleted or they are the same; ABORTED on a stale etag.
  virtual absl::StatusOr<v1::Event> MergeEvents(const CallContext& ctx, absl::string_view id,
                                                absl::string_view into,
                                                absl::string_view expected_etag,
                                                absl::string_view expected_into_etag) = 0;

  // --- The change log (WatchEvents) ---
  // Reads up to `limit` positions of the log after `after`, returning those whose event is in
  // `selection` (deleted events included), in order.
  virtual absl::StatusOr<ChangeBatch> ReadChanges(const CallContext& ctx,
                                                  const domain::EventSelection& selection,
                                                  int64_t after, int limit) = 0;
  // Like ReadChanges, for the changes to actors (to those of `actor_ids` when not empty), or to
  // places. Ids that name nothing select nothing.
  virtual absl::StatusOr<RegistryChangeBatch<v1::Actor>> ReadActorChanges(
      const CallContext& ctx, const std::vector<std::string>& actor_ids, int64_t after,
      int limit) = 0;
  virtual absl::StatusOr<RegistryChangeBatch<v1::Place>> ReadPlaceChanges(
      const CallContext& ctx, const std::vector<std::string>& place_ids, int64_t after,
      int limit) = 0;
  // The last position of the log (0 when empty); with `since`, the position just before the
  // first change made at or after it.
  virtual absl::StatusOr<int64_t> ChangePosition(const CallContext& ctx,
                                                 std::optional<absl::Time> since) = 0;
  // Calls `on_change` with the newest position whenever new changes are committed (woken by
  // LISTEN/NOTIFY on one connection per subscription, whatever the number of watchers it
  // serves), and now and then without a notification, so that one lost while reconnecting
  // delays a change rather than losing it. `on_change` runs on a storage thread and must not
  // block. Callbacks stop when the returned subscription is destroyed.
  virtual std::unique_ptr<ChangeSubscription> ListenForChanges(
      std::function<void(int64_t position)> on_change) = 0;

  // A histogram of the selected events (see CountEventsRequest), aggregated by the database.
  // INVALID_ARGUMENT on interval when the buckets from the first to the last selected event
  // would be more than domain::kMaxBuckets.
  virtual absl::StatusOr<v1::CountEventsResponse> CountEvents(const CallContext& ctx,
                                                              const domain::CountQuery& query) = 0;

  virtual absl::StatusOr<v1::Actor> GetActor(const CallContext& ctx, absl::string_view id) = 0;
  virtual absl::StatusOr<Page<v1::Actor>> ListActors(const CallContext& ctx,
                                                     const domain::NameQuery& query) = 0;
  virtual absl::StatusOr<v1::Actor> CreateActor(const CallContext& ctx, absl::string_view id,
                                                const domain::ActorRecord& record,
                                                absl::string_view request_id) = 0;
  // The actors that share selected events with query.actor_id, most shared events first. The
  // next cursor is not fingerprinted. NOT_FOUND naming `actor` when that actor does not exist.
  virtual absl::StatusOr<Page<v1::RelatedActor>> ListRelatedActors(
      const CallContext& ctx, const domain::RelatedActorsQuery& query) = 0;

  // --- Curating actors (UpdateActor, DeleteActor, MergeActors, SplitActor in actor.proto) ---
  // Each runs as a curating transaction (begin_registry_curation), logs its change with
  // `reason` and touches the events whose output changed. FAILED_PRECONDITION for a tombstone,
  // ABORTED when an expected etag is set and stale.
  // Turns the stored actor into its new record; may fail with a validation error.
  using ActorMutation =
      std::function<absl::StatusOr<domain::ActorRecord>(const v1::Actor& current)>;
  // Writing a record equal to the stored one changes nothing (same etag). INVALID_ARGUMENT
  // naming actor.roles[i].organization when that actor is missing or deleted.
  virtual absl::StatusOr<v1::Actor> UpdateActor(const CallContext& ctx, absl::string_view id,
                                                absl::string_view expected_etag,
                                                const ActorMutation& mutation,
                                                absl::string_view reason) = 0;
  // FAILED_PRECONDITION naming what refers to the actor (events, other actors' roles).
  virtual absl::StatusOr<v1::Actor> DeleteActor(const CallContext& ctx, absl::string_view id,
                                                absl::string_view expected_etag,
                                                absl::string_view reason) = 0;
  // Merges actor `id` into actor `into`; returns `into`.
  virtual absl::StatusOr<v1::Actor> MergeActors(const CallContext& ctx, absl::string_view id,
                                                absl::string_view into,
                                                absl::string_view expected_etag,
                                                absl::string_view expected_into_etag,
                                                absl::string_view reason) = 0;
  // Undoes the open merge of actor `id`; returns it restored.
  virtual absl::StatusOr<v1::Actor> SplitActor(const CallContext& ctx, absl::string_view id,
                                               absl::string_view reason) = 0;

  virtual absl::StatusOr<v1::Place> GetPlace(const CallContext& ctx, absl::string_view id) = 0;
  virtual absl::StatusOr<Page<v1::Place>> ListPlaces(const CallContext& ctx,
                                                     const domain::NameQuery& query) = 0;
  virtual absl::StatusOr<v1::Place> CreatePlace(const CallContext& ctx, absl::string_view id,
                                                const domain::PlaceRecord& record,
                                                absl::string_view request_id) = 0;
  // --- Curating places (place.proto); each a curating transaction, its change logged with
  // `reason` (may be empty) ---
  // Turns the stored place into its new record; may fail with a validation error.
  using PlaceMutation =
      std::function<absl::StatusOr<domain::PlaceRecord>(const v1::Place& current)>;
  // Locks the place, checks `expected_etag` (when not empty), applies `mutation` and writes the
  // result; a new parent moves the place with its subtree. Writing what is stored changes
  // nothing (same etag). INVALID_ARGUMENT on place.parent for a missing, deleted or merged
  // parent or one below the place; FAILED_PRECONDITION for a tombstone.
  virtual absl::StatusOr<v1::Place> UpdatePlace(const CallContext& ctx, absl::string_view id,
                                                absl::string_view expected_etag,
                                                const PlaceMutation& mutation,
                                                absl::string_view reason) = 0;
  // Makes the place a tombstone; FAILED_PRECONDITION naming the events and places that refer to
  // it while any do.
  virtual absl::StatusOr<v1::Place> DeletePlace(const CallContext& ctx, absl::string_view id,
                                                absl::string_view expected_etag,
                                                absl::string_view reason) = 0;
  // Merges place `id` into `into` (see MergePlaces in place.proto); returns `into`.
  virtual absl::StatusOr<v1::Place> MergePlaces(const CallContext& ctx, absl::string_view id,
                                                absl::string_view into,
                                                absl::string_view expected_etag,
                                                absl::string_view expected_into_etag,
                                                absl::string_view reason) = 0;
  // Undoes the merge of place `id`; returns it alive.
  virtual absl::StatusOr<v1::Place> SplitPlace(const CallContext& ctx, absl::string_view id,
                                               absl::string_view reason) = 0;

  virtual absl::StatusOr<v1::Source> GetSource(const CallContext& ctx, absl::string_view id) = 0;
  virtual absl::StatusOr<Page<v1::Source>> ListSources(const CallContext& ctx,
                                                       const domain::NameQuery& query) = 0;
  virtual absl::StatusOr<v1::Source> CreateSource(const CallContext& ctx, absl::string_view id,
                                                  const domain::SourceRecord& record,
                                                  absl::string_view request_id) = 0;
  // --- Curating sources (source.proto), like places ---
  using SourceMutation =
      std::function<absl::StatusOr<domain::SourceRecord>(const v1::Source& current)>;
  // ALREADY_EXISTS on source.url when the new url is another live source's.
  virtual absl::StatusOr<v1::Source> UpdateSource(const CallContext& ctx, absl::string_view id,
                                                  absl::string_view expected_etag,
                                                  const SourceMutation& mutation,
                                                  absl::string_view reason) = 0;
  // FAILED_PRECONDITION naming the events that cite the source while any do.
  virtual absl::StatusOr<v1::Source> DeleteSource(const CallContext& ctx, absl::string_view id,
                                                  absl::string_view expected_etag,
                                                  absl::string_view reason) = 0;

  // Runs `work` (the ingest use case, service/ingest/) in one transaction; commits when it
  // succeeds and options.commit is set. Names resolved by a committed stream serve later ones.
  // Concurrent streams run side by side: `work` may be run again, in a new transaction, when a
  // concurrent stream wrote what it was about to write (so it must start from nothing each time).
  virtual absl::Status RunIngest(const CallContext& ctx, const IngestOptions& options,
                                 const std::function<absl::Status(IngestTransaction&)>& work) = 0;

  // OK when the database answers, asked through the pool like any call.
  virtual absl::Status Ping(const CallContext& ctx) = 0;
  // What health checks report: OK when the database answers, without waiting behind the pool
  // (PgRepository keeps it fresh with a probe of its own). The default pings.
  virtual absl::Status DatabaseHealth() {
    CallContext ctx;
    ctx.deadline = absl::Now() + absl::Seconds(2);
    return Ping(ctx);
  }
};

}  // namespace timeline::storage
