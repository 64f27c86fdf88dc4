// PgRepository's statistics over a selection of events: CountEvents and ListRelatedActors. Each
// runs one aggregating statement (storage/event_stats_sql.h) and turns its rows into the
// response.
#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/resource_name.h"
#include "storage/db_enums.h"
#include "storage/event_stats_sql.h"
#include "storage/pg_repository.h"
#include "storage/pg_selection.h"
#include "storage/pg_transaction.h"
#include "storage/pg_values.h"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

using namespace pg;  // NOLINT: the shared pieces of this implementation

pqxx::result Run(pqxx::transaction_base& txn, const SqlWithParams& statement) {
  txn.exec(SetStatsRandomPageCost());
  return txn.exec_params(statement.sql, pqxx::prepare::make_dynamic_params(statement.params));
}

v1::GroupCount ReadGroupCount(const pqxx::row& r) {
  v1::GroupCount g;
  g.set_group(r[kGroup].as<std::string>());
  g.set_display_name(r[kDisplayName].as<std::string>());
  g.set_event_count(r[kEventCount].as<int64_t>());
  g.set_imprecise_count(r[kImpreciseCount].as<int64_t>());
  g.set_fatalities(r[kFatalities].as<int64_t>());
  return g;
}

v1::HistogramBucket ReadBucket(const pqxx::row& r) {
  v1::HistogramBucket b;
  *b.mutable_start_time() = domain::ToTimestamp(*OptMicros(r[kStartUs]));
  *b.mutable_end_time() = domain::ToTimestamp(*OptMicros(r[kEndUs]));
  b.set_event_count(r[kEventCount].as<int64_t>());
  b.set_imprecise_count(r[kImpreciseCount].as<int64_t>());
  b.set_fatalities(r[kFatalities].as<int64_t>());
  b.set_fatalities_unknown_count(r[kFatalitiesUnknown].as<int64_t>());
  return b;
}

// The rows come in the order BuildCountEventsSql documents.
absl::StatusOr<v1::CountEventsResponse> ReadHistogram(const pqxx::result& rows,
                                                      const domain::CountQuery& q) {
  v1::CountEventsResponse out;
  out.set_time_zone(q.time_zone);
  std::map<int64_t, v1::HistogramBucket*> by_start;
  for (const pqxx::row& r : rows) {
    switch (r[kPart].as<int>()) {
      case 0:
        if (out.buckets_size() == domain::kMaxBuckets) {
          return domain::TooManyBuckets(q.interval, absl::StrCat("more than ", domain::kMaxBuckets),
                                        q.selection.time_range
                                            ? "over time_range and the selected events' starts"
                                            : "from the first to the last selected event's start");
        }
        *out.add_buckets() = ReadBucket(r);
        by_start[r[kStartUs].as<int64_t>()] = out.mutable_buckets(out.buckets_size() - 1);
        out.set_event_count(out.event_count() + r[kEventCount].as<int64_t>());
        break;
      case 1:
        out.set_undated_count(r[kEventCount].as<int64_t>());
        out.set_imprecise_count(r[kImpreciseCount].as<int64_t>());
        break;
      default:
        if (r[kStartUs].is_null()) {
          *out.add_groups() = ReadGroupCount(r);
        } else {
          *by_start.at(r[kStartUs].as<int64_t>())->add_groups() = ReadGroupCount(r);
        }
    }
  }
  return out;
}

// "host visitor 3" -> {HOST, VISITOR, 3}.
v1::RolePair ReadRolePair(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, ' ');
  v1::RolePair pair;
  pair.set_role(static_cast<v1::ActorRole>(EnumFromDb(v1::ActorRole_descriptor(), parts.at(0))));
  pair.set_related_role(
      static_cast<v1::ActorRole>(EnumFromDb(v1::ActorRole_descriptor(), parts.at(1))));
  pair.set_event_count(std::stoll(parts.at(2)));
  return pair;
}

// Most frequent first; ties in the order of the role enums.
void SortRolePairs(v1::RelatedActor& related) {
  std::sort(related.mutable_roles()->begin(), related.mutable_roles()->end(),
            [](const v1::RolePair& a, const v1::RolePair& b) {
              if (a.event_count() != b.event_count()) return a.event_count() > b.event_count();
              if (a.role() != b.role()) return a.role() < b.role();
              return a.related_role() < b.related_role();
            });
}

v1::RelatedActor ReadRelatedActor(const pqxx::row& r) {
  v1::RelatedActor related;
  related.set_actor(domain::ResourceName(domain::kActors, r[0].as<std::string>()));
  related.set_display_name(r[1].as<std::string>());
  related.set_kind(
      static_cast<v1::ActorKind>(EnumFromDb(v1::ActorKind_descriptor(), r[2].c_str())));
  related.set_event_count(r[3].as<int64_t>());
  if (auto t = OptMicros(r[4])) *related.mutable_first_start_time() = domain::ToTimestamp(*t);
  if (auto t = OptMicros(r[5])) *related.mutable_last_start_time() = domain::ToTimestamp(*t);
  related.set_fatalities(r[6].as<int64_t>());
  for (const std::string& pair : TextArray(r[7])) *related.add_roles() = ReadRolePair(pair);
  SortRolePairs(related);
  return related;
}

}  // namespace

absl::StatusOr<v1::CountEventsResponse> PgRepository::CountEvents(const CallContext& ctx,
                                                                  const domain::CountQuery& q) {
  return InTransaction(pool_, cancel_watcher_, ctx, SelectionCost(q.selection),
                       [&](pqxx::work& txn) -> absl::StatusOr<v1::CountEventsResponse> {
                         absl::StatusOr<ResolvedSelection> ids = ResolveSelection(txn, q.selection);
                         if (!ids.ok()) return ids.status();
                         return ReadHistogram(Run(txn, BuildCountEventsSql(q, *ids)), q);
                       });
}

absl::StatusOr<Page<v1::RelatedActor>> PgRepository::ListRelatedActors(
    const CallContext& ctx, const domain::RelatedActorsQuery& q) {
  return InTransaction(
      pool_, cancel_watcher_, ctx, kRelatedActorsCost,
      [&](pqxx::work& txn) -> absl::StatusOr<Page<v1::RelatedActor>> {
        pqxx::result actor = txn.exec_params(sql::kActorInternalId, q.actor_id);
        if (actor.empty()) {
          return absl::NotFoundError(absl::StrCat(
              "actor: ", domain::ResourceName(domain::kActors, q.actor_id), " does not exist"));
        }
        absl::StatusOr<ResolvedSelection> ids = ResolveSelection(txn, q.selection);
        if (!ids.ok()) return ids.status();
        pqxx::result rows = Run(txn, BuildRelatedActorsSql(q, *ids, actor[0][0].as<int64_t>()));
        Page<v1::RelatedActor> page;
        for (const pqxx::row& r : rows) page.items.push_back(ReadRelatedActor(r));
        if (static_cast<int>(page.items.size()) > q.page_size) {
          page.items.resize(q.page_size);
          domain::PageCursor next;
          next.sort_key = domain::ResourceIdOf(page.items.back().actor());
          next.last_id = page.items.back().event_count();
          page.next = next;
        }
        return page;
      });
}

}  // namespace timeline::storage
