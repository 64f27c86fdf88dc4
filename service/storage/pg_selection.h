// Resource ids turned into internal ids before a query runs, so that a missing actor or place is
// NOT_FOUND naming its field rather than an empty answer. Internal to storage/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/event_query.h"
#include "pqxx/pqxx"
#include "storage/query_builder.h"

namespace timeline::storage::pg {

// Resource ids of `table` -> internal ids, in order; NOT_FOUND naming `field`[i] for a missing
// one.
absl::StatusOr<std::vector<int64_t>> InternalIds(pqxx::transaction_base& txn,
                                                 absl::string_view table,
                                                 absl::string_view collection,
                                                 absl::string_view field,
                                                 const std::vector<std::string>& ids);
// The internal ids of a selection's actors and places; NOT_FOUND for a missing one.
absl::StatusOr<ResolvedSelection> ResolveSelection(pqxx::transaction_base& txn,
                                                   const domain::EventSelection& selection);

// For one actor's and one place's page in start-time order (IsActorAndPlaceWalk), counts which
// has fewer links into ids.actor_links_fewer (sql::kActorLinksFewer); otherwise does nothing.
void CountWalkedLinks(pqxx::transaction_base& txn, const domain::EventQuery& q,
                      ResolvedSelection& ids);

// For a circle's page in start-time order (IsNearWalk), the places whose point is in the circle
// into ids.near_place_ids, when there are at most kNearPlaceWalkCap; otherwise does nothing.
void FindPlacesNear(pqxx::transaction_base& txn, const domain::EventQuery& q,
                    ResolvedSelection& ids);

// What BuildListEventsSql needs to know to walk `q`'s page: CountWalkedLinks and FindPlacesNear.
void LookUpWalks(pqxx::transaction_base& txn, const domain::EventQuery& q, ResolvedSelection& ids);

}  // namespace timeline::storage::pg
