// What the curating calls share (pg_actor_curation.cc, pg_place_curation.cc,
// pg_source_curation.cc): the stale-etag and still-referenced refusals, and marking events
// changed. Internal to storage/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "pqxx/pqxx"
#include "storage/pg_values.h"

namespace timeline::storage::pg {

// ABORTED: the caller's etag is not the resource's current one.
absl::Status StaleRegistryEtag(absl::string_view expected, absl::string_view name,
                               absl::string_view current);

// "places/x is named by 12 events, such as events/a, events/b, events/c", from rows of (total
// count, resource id) as the refusal queries select them; empty when there are none.
// `collection` is the referrers' ("events"); `relation` says how they refer ("is named by").
std::string DescribeReferrers(const pqxx::result& rows, absl::string_view subject,
                              absl::string_view relation, absl::string_view collection);

// The first column of every row, as ids.
std::vector<int64_t> IdColumn(const pqxx::result& rows);

// Gives the events a new revision and an 'updated' change (touch_events in the schema); nothing
// when there are none.
void TouchEvents(pqxx::transaction_base& txn, const std::vector<int64_t>& event_ids);

// Runs `sql` (not prepared) with nullable parameters.
pqxx::result ExecParams(pqxx::transaction_base& txn, const std::string& sql,
                        const std::vector<NullableText>& values);

}  // namespace timeline::storage::pg
