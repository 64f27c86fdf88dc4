// The SQL the service runs for a request, built by the storage layer's own builders
// (storage/event_query_sql.h, storage/event_stats_sql.h) after resolving the request's resource
// ids to the internal ids of the test's database, as PgRepository does: what the plan checks
// EXPLAIN (generated_events.h), with their parameters bound.
#pragma once

#include <cstdint>
#include <string>

#include "domain/event_query.h"
#include "domain/page_token.h"
#include "pqxx/pqxx"
#include "storage/event_query_sql.h"
#include "storage/query_builder.h"
#include "timeline/v1/event.pb.h"

namespace timeline::testing {

// The codec that signs and reads the page tokens of the statements built here.
const domain::PageTokenCodec& TestTokenCodec();

// The internal id of the row of `table` ("actors", "places") with `resource_id`; throws
// std::runtime_error when there is none.
int64_t InternalId(pqxx::connection& conn, const std::string& table,
                   const std::string& resource_id);

// The internal ids of the actors and places `selection` names, its filter's included.
storage::ResolvedSelection ResolveSelection(pqxx::connection& conn,
                                            const domain::EventSelection& selection);

// The statements ListEvents runs for `request` (its page token signed by TestTokenCodec());
// throws std::runtime_error when the request is invalid.
storage::ListEventsSql ListEventsStatements(pqxx::connection& conn,
                                            const v1::ListEventsRequest& request);

// The statement CountEvents runs for `request`; throws std::runtime_error when it is invalid.
storage::SqlWithParams CountEventsStatement(pqxx::connection& conn,
                                            const v1::CountEventsRequest& request);

}  // namespace timeline::testing
