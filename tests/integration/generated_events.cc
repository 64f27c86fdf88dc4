#include "generated_events.h"

#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "harness.h"

namespace timeline::testing {
namespace {

using Clock = std::chrono::steady_clock;

// --- Data generation ----------------------------------------------------------------------------

// Run in one session, in order. bulk_gen holds the random draws per event so that the two link
// inserts below (run concurrently on their own connections) see the same ones.
constexpr const char* kGeneratePlacesActorsEvents[] = {
    "SET TIME ZONE 'UTC'",
    "SET jit = off",
    "SET work_mem = '64MB'",
    "SELECT setseed(0.20240901)",
    R"sql(INSERT INTO places (resource_id, display_name, kind, country_code)
          VALUES ('xa', 'Xa', 'country', 'XA'), ('xb', 'Xb', 'country', 'XB'))sql",
    R"sql(INSERT INTO places (resource_id, display_name, kind, parent_id, country_code)
          SELECT c.resource_id || '-r' || lpad(r::text, 2, '0'), c.display_name || ' region ' || r,
                 'admin_region', c.id, c.country_code
            FROM places c, generate_series(1, 20) r
           WHERE c.kind = 'country' ORDER BY c.id, r)sql",
    R"sql(INSERT INTO places (resource_id, display_name, kind, parent_id, country_code)
          SELECT r.resource_id || '-s' || lpad(s::text, 2, '0'), r.display_name || ' town ' || s,
                 'settlement', r.id, r.country_code
            FROM places r, generate_series(1, 24) s
           WHERE r.kind = 'admin_region' AND (r.country_code = 'XA' OR s = 1)
           ORDER BY r.id, s)sql",
    R"sql(INSERT INTO actors (resource_id, display_name, kind)
          SELECT 'actor-' || lpad(g::text, 4, '0'), 'Actor ' || g, 'person'
            FROM generate_series(1, 1000) g)sql",
    R"sql(CREATE UNLOGGED TABLE bulk_gen AS
          SELECT g, random() AS r_kind, random() AS r_time, random() AS r_type,
                 random() AS r_place, random() AS r_level, 1 + floor(random() * 3)::int AS n_actors,
                 random() AS a1, random() AS a2, random() AS a3
            FROM generate_series(1, 100000) g)sql",
    R"sql(CREATE UNLOGGED TABLE bulk_settlement AS
          SELECT row_number() OVER (ORDER BY s.id) - 1 AS rn, s.id, s.parent_id AS region_id,
                 r.parent_id AS country_id
            FROM places s JOIN places r ON r.id = s.parent_id
           WHERE s.kind = 'settlement')sql",
    R"sql(INSERT INTO events (resource_id, title, event_type, span, time_precision)
          SELECT 'ev-' || g, 'Event ' || g,
                 CASE WHEN r_type < 0.40 THEN 'attack' WHEN r_type < 0.65 THEN 'protest'
                      WHEN r_type < 0.80 THEN 'meeting' WHEN r_type < 0.92 THEN 'statement'
                      WHEN r_type < 0.98 THEN 'armed_clash' ELSE 'arrest' END,
                 CASE WHEN r_kind < 0.003 THEN NULL
                      WHEN r_kind < 0.008 THEN tstzrange(NULL, d + interval '1 day', '[)')
                      WHEN r_kind < 0.25 THEN tstzrange(date_trunc('month', d),
                                                        date_trunc('month', d) + interval '1 month',
                                                        '[)')
                      WHEN r_kind < 0.27 THEN tstzrange(date_trunc('year', d),
                                                        date_trunc('year', d) + interval '1 year',
                                                        '[)')
                      ELSE tstzrange(d, d + interval '1 day', '[)') END,
                 CASE WHEN r_kind < 0.008 THEN 'unknown' WHEN r_kind < 0.25 THEN 'month'
                      WHEN r_kind < 0.27 THEN 'year' ELSE 'day' END
            FROM (SELECT *, (date '2010-01-01' + floor(r_time * 5479)::int)::timestamptz AS d
                    FROM bulk_gen) x
           ORDER BY g)sql",
};

// Each on its own connection, concurrently (they touch different tables).
constexpr const char* kGenerateEventActors = R"sql(
  INSERT INTO event_actors (event_id, actor_id, role, ordinal)
  SELECT e.id, a.id, (ARRAY['initiator', 'target', 'associated'])[v.k], v.k
    FROM bulk_gen gen JOIN events e ON e.resource_id = 'ev-' || gen.g
   CROSS JOIN LATERAL (VALUES (1, gen.a1), (2, gen.a2), (3, gen.a3)) v(k, r)
    JOIN actors a
      ON a.resource_id = 'actor-' || lpad((1 + floor(1000 * v.r * v.r))::int::text, 4, '0')
   WHERE v.k <= gen.n_actors)sql";
constexpr const char* kGenerateEventPlaces = R"sql(
  INSERT INTO event_places (event_id, place_id, role, ordinal)
  SELECT e.id,
         CASE WHEN gen.r_level < 0.02 THEN st.country_id
              WHEN gen.r_level < 0.10 THEN st.region_id ELSE st.id END,
         'location', 1
    FROM bulk_gen gen JOIN events e ON e.resource_id = 'ev-' || gen.g
    JOIN bulk_settlement st ON st.rn = floor(gen.r_place * 500))sql";

// Countries at a centroid, regions on a 2-degree grid around it (region centroids), settlements
// on a 0.1-degree grid (~11 km) around their region's point (exact).
constexpr const char* kLocatePlaces = R"sql(
  UPDATE places p
     SET location = ST_SetSRID(ST_MakePoint(g.lon, g.lat), 4326)::geography,
         location_precision = CASE p.kind WHEN 'country' THEN 'country_centroid'
                                          WHEN 'admin_region' THEN 'region_centroid'
                                          ELSE 'exact' END
    FROM (SELECT id,
                 (CASE WHEN country_code = 'XA' THEN 0 ELSE 20 END
                  + CASE WHEN kind = 'country' THEN 0 ELSE -4 + ((rn - 1) / 5) * 2 END
                  + CASE WHEN kind = 'settlement' THEN ((sn - 1) / 6 - 1.5) * 0.1 ELSE 0 END
                 )::float8 AS lon,
                 (CASE WHEN country_code = 'XA' THEN 15 ELSE 5 END
                  + CASE WHEN kind = 'country' THEN 0 ELSE -4 + ((rn - 1) % 5) * 2 END
                  + CASE WHEN kind = 'settlement' THEN ((sn - 1) % 6 - 2.5) * 0.1 ELSE 0 END
                 )::float8 AS lat
            FROM (SELECT id, kind, country_code,
                         substring(resource_id FROM '-r([0-9]+)')::int AS rn,
                         substring(resource_id FROM '-s([0-9]+)')::int AS sn
                    FROM places) x) g
   WHERE g.id = p.id)sql";

// One "created" change per event, in id order, as if each had been created by a write.
constexpr const char* kLogCreations = R"sql(
  INSERT INTO changes (event_id, kind) SELECT id, 'created' FROM events ORDER BY id)sql";

void RunInTransaction(const std::string& url, const std::string& sql) {
  pqxx::connection conn(url);
  pqxx::work txn(conn);
  txn.exec("SET LOCAL jit = off");
  txn.exec("SET LOCAL work_mem = '64MB'");
  txn.exec(sql);
  txn.commit();
}

}  // namespace

void GenerateEvents(const std::string& url) {
  Clock::time_point start = Clock::now();
  {
    pqxx::connection conn(url);
    pqxx::nontransaction txn(conn);
    for (const char* sql : kGeneratePlacesActorsEvents) txn.exec(sql);
  }
  const double events = SecondsSince(start);
  start = Clock::now();
  auto actors = std::async(std::launch::async, RunInTransaction, url, kGenerateEventActors);
  auto places = std::async(std::launch::async, RunInTransaction, url, kGenerateEventPlaces);
  actors.get();  // rethrows
  places.get();
  const double links = SecondsSince(start);
  start = Clock::now();
  pqxx::connection conn(url);
  pqxx::nontransaction txn(conn);
  txn.exec("DROP TABLE bulk_gen, bulk_settlement");
  txn.exec(kLocatePlaces);
  txn.exec(kLogCreations);
  // What the server's CountFolder does within a second of the writes, and autovacuum soon after:
  // the place sums folded, and their pages marked all-visible for index-only scans.
  txn.exec("SELECT fold_event_scope_counts()");
  txn.exec("VACUUM event_scope_counts, event_scope_count_changes");
  txn.exec("ANALYZE");
  std::printf(
      "[ data   ] generated: places, actors, events %.1f s; links (concurrently) %.1f s; "
      "sums folded and ANALYZE %.1f s\n",
      events, links, SecondsSince(start));
}

// --- Plans --------------------------------------------------------------------------------------

namespace {

// The nodes of an EXPLAIN (FORMAT JSON) plan, depth first, with index_tables naming the table of
// each index node.
void CollectNodes(const google::protobuf::Value& value, int depth,
                  const std::map<std::string, std::string>& index_tables,
                  std::vector<PlanNode>& out) {
  if (value.has_list_value()) {
    for (const auto& v : value.list_value().values()) CollectNodes(v, depth, index_tables, out);
    return;
  }
  if (!value.has_struct_value()) return;
  const auto& fields = value.struct_value().fields();
  auto text = [&](const char* key) {
    auto it = fields.find(key);
    return it == fields.end() ? std::string() : it->second.string_value();
  };
  int child_depth = depth;
  if (fields.count("Node Type") > 0) {
    PlanNode node{text("Node Type"), text("Relation Name"), text("Index Name"), depth,
                  text("Index Cond")};
    if (auto it = fields.find("Rows Removed by Filter"); it != fields.end()) {
      node.rows_removed = static_cast<int64_t>(it->second.number_value());
    }
    if (auto it = fields.find("Actual Loops"); it != fields.end()) {
      node.loops = static_cast<int64_t>(it->second.number_value());
    }
    if (node.relation.empty() && !node.index.empty()) {
      auto it = index_tables.find(node.index);
      if (it != index_tables.end()) node.relation = it->second;
    }
    out.push_back(std::move(node));
    child_depth = depth + 1;
  }
  // The tree: "Plan" at the top, "Plans" below each node (InitPlans and SubPlans included).
  for (const char* key : {"Plan", "Plans"}) {
    auto it = fields.find(key);
    if (it != fields.end()) CollectNodes(it->second, child_depth, index_tables, out);
  }
}

// The plan as an indented list of node types, indexes and relations.
std::string Outline(const std::vector<PlanNode>& nodes) {
  std::string out;
  for (const PlanNode& n : nodes) {
    absl::StrAppend(&out, "\n    ", std::string(2 * n.depth, ' '), n.type);
    if (!n.index.empty()) absl::StrAppend(&out, " using ", n.index);
    if (!n.relation.empty()) absl::StrAppend(&out, " on ", n.relation);
  }
  return out;
}

// Index name -> table name, for every index of the database.
std::map<std::string, std::string> IndexTables(pqxx::connection& conn) {
  pqxx::nontransaction txn(conn);
  std::map<std::string, std::string> out;
  for (const auto& r : txn.exec(R"sql(
        SELECT c.relname, t.relname FROM pg_index i
          JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid)sql")) {
    out[r[0].as<std::string>()] = r[1].as<std::string>();
  }
  return out;
}

}  // namespace

const std::set<std::string>& BigEventRelations() {
  static const auto* relations =
      new std::set<std::string>{"events", "event_actors", "event_place_scope"};
  return *relations;
}

namespace {

// EXPLAIN of an unnamed statement plans for the parameters' values; a generic plan needs a
// statement prepared in SQL and plan_cache_mode, with the values as literals of EXECUTE.
pqxx::result ExplainGeneric(pqxx::nontransaction& txn, const std::string& sql,
                            const std::vector<std::string>& params) {
  std::vector<std::string> literals;
  for (const std::string& p : params) literals.push_back(txn.quote(p));
  txn.exec("PREPARE plan_check AS " + sql);
  txn.exec("SET plan_cache_mode = force_generic_plan");
  pqxx::result explained;
  try {
    explained = txn.exec(absl::StrCat(
        "EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE plan_check",
        literals.empty() ? "" : absl::StrCat("(", absl::StrJoin(literals, ", "), ")")));
  } catch (...) {
    txn.exec("RESET plan_cache_mode");
    txn.exec("DEALLOCATE plan_check");
    throw;
  }
  txn.exec("RESET plan_cache_mode");
  txn.exec("DEALLOCATE plan_check");
  return explained;
}

}  // namespace

ExplainedPlan Explain(pqxx::connection& conn, const std::string& sql,
                      const std::vector<std::string>& params, PlanKind kind) {
  const std::map<std::string, std::string> index_tables = IndexTables(conn);
  pqxx::nontransaction txn(conn);
  pqxx::result explained = kind == PlanKind::kGeneric
                               ? ExplainGeneric(txn, sql, params)
                               : txn.exec_params("EXPLAIN (ANALYZE, FORMAT JSON) " + sql,
                                                 pqxx::prepare::make_dynamic_params(params));
  ExplainedPlan out;
  out.json = explained[0][0].as<std::string>();
  google::protobuf::Value plan;
  if (!google::protobuf::util::JsonStringToMessage(out.json, &plan).ok()) return out;
  CollectNodes(plan, 0, index_tables, out.nodes);
  if (plan.list_value().values_size() > 0) {
    const auto& top = plan.list_value().values(0).struct_value().fields();
    if (auto it = top.find("Execution Time"); it != top.end()) {
      out.execution_ms = it->second.number_value();
    }
  }
  out.context = absl::StrCat(kind == PlanKind::kGeneric ? "\n  (generic plan)" : "",
                             "\n  SQL: ", sql, "\n  parameters: ", absl::StrJoin(params, " | "),
                             "\n  plan:", Outline(out.nodes), "\n  full plan: ", out.json);
  return out;
}

void PrintPlan(const std::string& name, const ExplainedPlan& plan) {
  std::printf("[ plan   ] %s: %.2f ms%s\n", name.c_str(), plan.execution_ms,
              Outline(plan.nodes).c_str());
}

ListEventsPlans ExplainListEvents(pqxx::connection& conn, const storage::ListEventsSql& statements,
                                  const std::string& name, PlanKind kind) {
  ListEventsPlans plans;
  const std::string suffix = kind == PlanKind::kGeneric ? ", generic plan" : "";
  if (statements.dated) {
    plans.dated = Explain(conn, statements.dated->sql, statements.dated->params, kind);
    PrintPlan(name + suffix, *plans.dated);
  }
  if (statements.unresolved) {
    plans.unresolved =
        Explain(conn, statements.unresolved->sql, statements.unresolved->params, kind);
    PrintPlan(name + " (unresolved)" + suffix, *plans.unresolved);
  }
  return plans;
}

::testing::AssertionResult IsIndexServed(
    const ExplainedPlan& plan, const std::set<std::string>& big_relations,
    const std::vector<std::vector<std::string>>& expect_any_of) {
  if (plan.nodes.empty()) return ::testing::AssertionFailure() << "no plan" << plan.context;
  for (const PlanNode& n : plan.nodes) {
    if (n.type.find("Seq Scan") != std::string::npos && big_relations.contains(n.relation)) {
      return ::testing::AssertionFailure() << "sequential scan on " << n.relation << plan.context;
    }
  }
  std::set<std::string> used;
  for (const PlanNode& n : plan.nodes) {
    if (!n.index.empty()) used.insert(n.index);
  }
  for (const auto& group : expect_any_of) {
    bool found = false;
    for (const std::string& index : group) found = found || used.contains(index);
    if (!found) {
      return ::testing::AssertionFailure()
             << "none of {" << absl::StrJoin(group, ", ") << "} used" << plan.context;
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace timeline::testing
