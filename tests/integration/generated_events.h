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
//   EXPECT_TRUE(IsIndexServed(plan, {"events", "changes"}, {{"changes_pkey"}}));
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"

namespace timeline::testing {

// Fills the empty, migrated database at `url`; prints how long each step took.
void GenerateEvents(const std::string& url);

struct PlanNode {
  std::string type;      // "Seq Scan", "Bitmap Index Scan", ...
  std::string relation;  // for index nodes without "Relation Name": the index's table
  std::string index;
  int depth = 0;
};

// The nodes of an EXPLAIN (FORMAT JSON) plan, depth first.
void CollectNodes(const google::protobuf::Value& value, int depth,
                  const std::map<std::string, std::string>& index_tables,
                  std::vector<PlanNode>& out);
// The plan as an indented list of node types, indexes and relations.
std::string Outline(const std::vector<PlanNode>& nodes);
// Index name -> table name, for every index of the database.
std::map<std::string, std::string> IndexTables(pqxx::connection& conn);

struct ExplainedPlan {
  std::vector<PlanNode> nodes;
  double execution_ms = -1;
  std::string json;
  std::string context;  // SQL, parameters, outline and JSON, for failure messages
};
ExplainedPlan Explain(pqxx::connection& conn, const std::string& sql,
                      const std::vector<std::string>& params);

// Success when no node sequentially scans one of `big_relations` and, for each group of
// `expect_any_of`, at least one of its indexes appears in the plan.
::testing::AssertionResult IsIndexServed(
    const ExplainedPlan& plan, const std::set<std::string>& big_relations,
    const std::vector<std::vector<std::string>>& expect_any_of);

}  // namespace timeline::testing
