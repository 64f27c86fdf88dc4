// 100,000 generated events for tests at scale, and reading the plans PostgreSQL picks for them.
//
// GenerateEvents fills an empty, migrated database (deterministic: setseed) in a few bulk SQL
// statements; the schema's triggers fill event_actors.span, place_ancestors and
// event_place_scope as they would in production:
//   places  2 countries: "xa" (20 regions x 24 settlements, ~96% of all events) and "xb"
//           (20 regions x 1 settlement); 540 places. Located: each country at a centroid
//           (xa at 15°N 0°E, xb at 5°N 20°E; country_centroid), its regions on a 2-degree grid
//           around it (region_centroid), a region's settlements on a 0.1-degree grid (~11 km)
//           around the region's point (exact).
//   actors  1,000 ("actor-0001".."actor-1000"), skewed: actor k takes part in ~3200/sqrt(k)
//           events (actor-0001 ~6,300, actor-1000 ~100).
//   events  100,000 ("ev-1".."ev-100000") uniformly over 2010-2024: ~74% day precision, ~24%
//           month, ~2% year, ~0.5% with an unknown start (tstzrange(NULL, t)), ~0.3% unresolved
//           (span NULL); 1-3 actors and 1 place each (90% a settlement, 8% a region, 2% a
//           country); six event types ("arrest" is the rare one, 2%).
//   changes one "created" change per event, in id order.
//
// Explain runs EXPLAIN (ANALYZE, FORMAT JSON) of a statement with its parameters; IsIndexServed
// checks that it reads no big relation in full and uses the expected indexes:
//   ExplainedPlan plan = Explain(conn, sql, params);
//   PrintPlan("changes after a cursor", plan);
//   EXPECT_TRUE(IsIndexServed(plan, {"events", "changes"}, {{"changes_pkey"}}));
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "storage/event_query_sql.h"

namespace timeline::testing {

// Fills the empty, migrated database at `url`; prints how long each step took.
void GenerateEvents(const std::string& url);

// The relations of the generated data that no plan may read in full: events and its links to
// actors and to the places they lie in.
const std::set<std::string>& BigEventRelations();

struct PlanNode {
  std::string type;      // "Seq Scan", "Bitmap Index Scan", ...
  std::string relation;  // for index nodes without "Relation Name": the index's table
  std::string index;
  int depth = 0;
  std::string index_cond;    // as EXPLAIN prints it, or empty
  int64_t rows_removed = 0;  // "Rows Removed by Filter" (per loop, as EXPLAIN prints it)
  int64_t loops = -1;        // "Actual Loops": 0 for a node never executed; -1 without ANALYZE
};

struct ExplainedPlan {
  std::vector<PlanNode> nodes;  // depth first
  double execution_ms = -1;
  std::string json;
  std::string context;  // SQL, parameters, outline and JSON, for failure messages
};
// Which plan to explain: the one made for the parameters' values (what an unnamed statement
// gets), or the generic one a prepared statement may settle on after a few calls
// (storage/statement_cache.h) — which must be index-served for any values.
enum class PlanKind { kCustom, kGeneric };

ExplainedPlan Explain(pqxx::connection& conn, const std::string& sql,
                      const std::vector<std::string>& params, PlanKind kind = PlanKind::kCustom);

// Prints "[ plan   ] <name>: <time> ms" and the plan as an indented list of node types, indexes
// and relations.
void PrintPlan(const std::string& name, const ExplainedPlan& plan);

// The plans of the statements ListEvents runs (service_sql.h), each printed as it is made; the
// statement for events without the sort key is named "<name> (unresolved)".
struct ListEventsPlans {
  std::optional<ExplainedPlan> dated;
  std::optional<ExplainedPlan> unresolved;
};
ListEventsPlans ExplainListEvents(pqxx::connection& conn, const storage::ListEventsSql& statements,
                                  const std::string& name, PlanKind kind = PlanKind::kCustom);

// Success when no node sequentially scans one of `big_relations` and, for each group of
// `expect_any_of`, at least one of its indexes appears in the plan.
::testing::AssertionResult IsIndexServed(
    const ExplainedPlan& plan, const std::set<std::string>& big_relations,
    const std::vector<std::vector<std::string>>& expect_any_of);

}  // namespace timeline::testing
