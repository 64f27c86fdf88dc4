// Builds the SQL of CountEvents and ListRelatedActors from their validated queries
// (domain/event_stats.h): fixed fragments, the selection of AddEventSelection, every value a
// bound parameter. Each call is one statement that aggregates in the database; no event row
// travels to the service. Kept apart from PgRepository so that tests can EXPLAIN exactly the
// statements the service runs.
#pragma once

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "domain/event_stats.h"
#include "storage/query_builder.h"

namespace timeline::storage {

// The planner's cost of reading a page out of order, for the transactions of these statements
// (SET LOCAL random_page_cost). The default, 4, models spinning disks: with it PostgreSQL reads
// every event in sequence rather than fetch a region's 3,000 events of ten years by id from its
// (place, span) index once they are a few percent of the table, a plan that costs twice as much
// on 100,000 events and grows with the table instead of with the selection. 1.1 is the usual
// figure for SSDs and for data that fits in memory.
inline constexpr char kStatsRandomPageCost[] = "1.1";
inline std::string SetStatsRandomPageCost() {
  return absl::StrCat("SET LOCAL random_page_cost = ", kStatsRandomPageCost);
}

// The rows of the CountEvents statement, in this order (columns: part, start_us, end_us, group,
// display_name, event_count, imprecise_count, fatalities, fatalities_unknown):
//   part 0: one row per bucket, in time order, empty ones included: its bounds and counts. At
//           most kMaxBuckets + 1 rows: one more than the cap means the request has too many.
//   part 1: one row: event_count = the undated events, imprecise_count = the imprecise ones
//           (counted in their bucket, or with OMIT left out of it).
//   part 2: with group_by: first each reported group over all buckets (start_us NULL), largest
//           first and the remainder ("" / "other") last; then each group's counts per bucket,
//           by bucket and in that order.
enum CountEventsColumn {
  kPart = 0,
  kStartUs,
  kEndUs,
  kGroup,
  kDisplayName,
  kEventCount,
  kImpreciseCount,
  kFatalities,
  kFatalitiesUnknown,
};
SqlWithParams BuildCountEventsSql(const domain::CountQuery& query, const ResolvedSelection& ids);

// Whether the CountEvents statement of `query` reads the selected place's sums per type and span
// (event_scope_counts, migrations/0014) instead of its events: one place, optionally types and a
// range, no other selector, and no grouping by actor or place. Their rows stand for many events
// each, so the statement reads about as many rows at any size of the table.
bool CountsFromPlaceSums(const domain::CountQuery& query, const ResolvedSelection& ids);

// One row per related actor of the page (at most page_size + 1): resource_id, display_name,
// kind, event_count, first_start_us, last_start_us, fatalities, and role_pairs, a text array of
// "role related_role count" (database role names). `actor_id` is the internal id of the actor
// whose relations are listed.
SqlWithParams BuildRelatedActorsSql(const domain::RelatedActorsQuery& query,
                                    const ResolvedSelection& ids, int64_t actor_id);

}  // namespace timeline::storage
