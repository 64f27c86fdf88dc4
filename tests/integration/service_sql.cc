#include "service_sql.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "domain/event_stats.h"
#include "domain/filter.h"
#include "storage/event_stats_sql.h"
#include "storage/pg_selection.h"

namespace timeline::testing {

const domain::PageTokenCodec& TestTokenCodec() {
  static const auto* codec = new domain::PageTokenCodec("integration-test-secret");
  return *codec;
}

int64_t InternalId(pqxx::connection& conn, const std::string& table,
                   const std::string& resource_id) {
  pqxx::nontransaction txn(conn);
  pqxx::result r = txn.exec_params(
      absl::StrCat("SELECT id FROM ", table, " WHERE resource_id = $1"), resource_id);
  if (r.empty()) throw std::runtime_error(absl::StrCat(table, "/", resource_id, " not found"));
  return r[0][0].as<int64_t>();
}

storage::ResolvedSelection ResolveSelection(pqxx::connection& conn,
                                            const domain::EventSelection& selection) {
  storage::ResolvedSelection ids;
  for (const std::string& id : selection.actor_ids) {
    ids.actor_ids.push_back(InternalId(conn, "actors", id));
  }
  for (const std::string& id : selection.place_ids) {
    ids.place_ids.push_back(InternalId(conn, "places", id));
  }
  if (selection.filter) {
    domain::ForEachRestriction(*selection.filter, [&](const domain::FilterRestriction& r) {
      if (r.field == domain::FilterField::kActor) {
        ids.filter_actor_ids[r.value] = InternalId(conn, "actors", r.value);
      } else if (r.field == domain::FilterField::kPlace) {
        ids.filter_place_ids[r.value] = InternalId(conn, "places", r.value);
      }
    });
  }
  return ids;
}

storage::ListEventsSql ListEventsStatements(pqxx::connection& conn,
                                            const v1::ListEventsRequest& request) {
  absl::StatusOr<domain::EventQuery> query =
      domain::EventQueryFromRequest(request, TestTokenCodec());
  if (!query.ok()) throw std::runtime_error(query.status().ToString());
  if (!request.page_token().empty() && !query->after) {
    throw std::runtime_error("the page token was not decoded");
  }
  storage::ResolvedSelection ids = ResolveSelection(conn, query->selection);
  pqxx::nontransaction txn(conn);
  storage::pg::LookUpWalks(txn, *query, ids);
  return storage::BuildListEventsSql(*query, ids);
}

storage::SqlWithParams CountEventsStatement(pqxx::connection& conn,
                                            const v1::CountEventsRequest& request) {
  absl::StatusOr<domain::CountQuery> query = domain::CountQueryFromRequest(request);
  if (!query.ok()) throw std::runtime_error(query.status().ToString());
  return storage::BuildCountEventsSql(*query, ResolveSelection(conn, query->selection));
}

}  // namespace timeline::testing
