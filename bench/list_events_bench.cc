// list_events_bench: ListEvents (and CountEvents, ListRelatedActors) over gRPC against the SQL
// they run, on N generated events.
//
//   list_events_bench [--database_url=URL] [--events=100000] [--iterations=200] [--warmup=20]
//                     [--keep_database | --database=NAME] [--call_seconds=120]
//                     [--shape_seconds=300]
//
// Creates a throw-away database on the cluster of --database_url (by default it starts one with
// `scripts/pg-cluster start build/bench-pg` and stops it at the end), migrates it, generates the
// data set of tests/integration/index_plan_test.cc scaled to --events, and starts the real server
// in-process on 127.0.0.1:0. For each query shape it then times, interleaved so that noise hits
// both alike:
//   RPC  ListEvents end to end through a gRPC client over loopback;
//   SQL  the baseline: the event-row statement(s) the service runs for the same request
//        (storage::BuildListEventsSql with the internal ids resolved beforehand), executed as the
//        service executes it (storage::StatementCache: prepared on the connection, so planned as
//        PostgreSQL's plan cache decides) on one direct connection in autocommit and every field
//        read; for one actor and one place, with the count that chooses which links to walk
//        (pg::CountWalkedLinks) before them, for a circle with the look-up of its places
//        (pg::FindPlacesNear). Not in it: the
//        transaction (BEGIN, the call's settings, COMMIT), the id lookups, the one query for the
//        page's actors, places, sources and external ids, building protos, gRPC.
//        CountEvents and ListRelatedActors: their one statement (storage/event_stats_sql.h), on a
//        connection with the planner setting their transactions make.
// RPC/SQL is the figure to watch; absolute milliseconds depend on the machine (see README.md).
// At 10^7 events a data set takes about 20 minutes to generate and some shapes seconds per call:
// --keep_database and --database time one data set many times, and a shape is timed fewer times
// once it has used --shape_seconds, or reported and dropped when its call outlives its deadline.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/event_query.h"
#include "domain/event_stats.h"
#include "domain/page_token.h"
#include "generated_events.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/grpcpp.h"
#include "pqxx/pqxx"
#include "server/server.h"
#include "storage/event_query_sql.h"
#include "storage/event_stats_sql.h"
#include "storage/pg_repository.h"
#include "storage/pg_selection.h"
#include "storage/sql.h"
#include "storage/statement_cache.h"
#include "throwaway_database.h"
#include "timeline/v1/actor.grpc.pb.h"
#include "timeline/v1/event.grpc.pb.h"

ABSL_FLAG(std::string, database_url, "",
          "URL of a maintenance database on a PostgreSQL 15 cluster (with PostGIS) where a "
          "throw-away database is created; empty: start build/bench-pg with scripts/pg-cluster");
ABSL_FLAG(int, events, 100000, "events to generate (at least 2000)");
ABSL_FLAG(int, iterations, 200, "timed calls per shape, for the RPC and for the SQL baseline each");
ABSL_FLAG(int, warmup, 20, "untimed calls per shape before timing, for each of the two");
ABSL_FLAG(
    bool, keep_database, false,
    "keep the generated database instead of dropping it; its name is printed, for --database");
ABSL_FLAG(std::string, database, "",
          "a database on the cluster that an earlier run generated and kept (--keep_database): "
          "migrated, not generated again, and kept; --events is ignored");
ABSL_FLAG(int, call_seconds, 120,
          "deadline of each RPC; a shape whose call outlives it is reported and not timed further");
ABSL_FLAG(std::string, shapes, "",
          "comma-separated parts of shape names: only the shapes whose name holds one are timed "
          "(\"20 km,CountEvents\"); empty: every shape");
ABSL_FLAG(int, shape_seconds, 300,
          "a shape that has taken this long (RPC and SQL, warm-up included) is timed no more once "
          "it has 3 timed calls of each kind; its warm-up is cut short too");

namespace timeline::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// --- Shapes -------------------------------------------------------------------------------------

// One call to time both ways; each returns the rows it got (events of a page, buckets, actors).
struct Shape {
  std::string name;
  std::function<int()> rpc, sql;
  int rows = 0;  // of the RPC's answer
  std::vector<double> rpc_ms, sql_ms;
  int warmed = 0;       // untimed rounds run
  double spent_ms = 0;  // in all its calls, warm-up included
  std::string failed;   // set: an RPC failed (e.g. outlived its deadline); timed no more
};

// An RPC that did not return OK: the shape is reported and dropped, the run goes on.
class CallFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

v1::TimeRange Range(const char* start, const char* end) {
  v1::TimeRange range;
  if (!google::protobuf::util::TimeUtil::FromString(start, range.mutable_start_time()) ||
      !google::protobuf::util::TimeUtil::FromString(end, range.mutable_end_time())) {
    throw std::runtime_error("bad timestamp");
  }
  return range;
}

constexpr char kTokenSecret[] = "list-events-bench";

class Bench {
 public:
  Bench(const std::string& url, v1::EventService::Stub& stub, v1::ActorService::Stub& actors,
        absl::Duration call_deadline)
      : conn_(url),
        generic_conn_(url),
        stats_conn_(url),
        stub_(stub),
        actors_(actors),
        codec_(kTokenSecret),
        call_deadline_(call_deadline) {
    // The service's session settings, and what the statistics calls' transactions set
    // (storage/event_stats_sql.h), so that the baseline gets their plans.
    for (pqxx::connection* c : {&conn_, &generic_conn_, &stats_conn_}) {
      pqxx::nontransaction(*c).exec(storage::sql::kSessionSettings);
    }
    // What the service's transaction sets for ListEventsSql::generic_plan, for the session.
    pqxx::nontransaction(generic_conn_).exec("SET plan_cache_mode = force_generic_plan");
    pqxx::nontransaction(stats_conn_)
        .exec(absl::StrCat("SET random_page_cost = ", storage::kStatsRandomPageCost));
  }

  // Adds a shape; for page > 1, pages there over RPC first (at `page_size`).
  void Add(std::string name, v1::ListEventsRequest request, int page_size, int page = 1) {
    if (!Selected(name)) return;
    try {
      AddPage(name, std::move(request), page_size, page);
    } catch (const CallFailed& e) {
      AddFailed(std::move(name), e.what());
    }
  }

  // A CountEvents shape; the baseline is its one statement.
  void AddCount(std::string name, const v1::CountEventsRequest& request) {
    if (!Selected(name)) return;
    domain::CountQuery q = Check(domain::CountQueryFromRequest(request), "count request");
    storage::SqlWithParams sql = storage::BuildCountEventsSql(q, Resolve(q.selection));
    try {
      v1::CountEventsResponse response = Count(request);
      AddStatsShape(std::move(name), std::move(sql), response.buckets_size(),
                    [this, request] { return Count(request).buckets_size(); });
    } catch (const CallFailed& e) {
      AddFailed(std::move(name), e.what());
    }
  }

  // A ListRelatedActors shape; the baseline is its one statement.
  void AddRelated(std::string name, const v1::ListRelatedActorsRequest& request) {
    if (!Selected(name)) return;
    domain::RelatedActorsQuery q =
        Check(domain::RelatedActorsQueryFromRequest(request, codec_), "related request");
    storage::SqlWithParams sql =
        storage::BuildRelatedActorsSql(q, Resolve(q.selection), InternalId("actors", q.actor_id));
    try {
      v1::ListRelatedActorsResponse response = Related(request);
      AddStatsShape(std::move(name), std::move(sql), response.related_actors_size(),
                    [this, request] { return Related(request).related_actors_size(); });
    } catch (const CallFailed& e) {
      AddFailed(std::move(name), e.what());
    }
  }

  // Round-robin over the shapes until each has `iterations` timed calls of each kind, or has
  // spent `budget_ms` and has 3; within a shape the RPC and the SQL alternate which goes first.
  void Run(int warmup, int iterations, double budget_ms) {
    for (int round = 0;; ++round) {
      bool called = false;
      for (Shape& s : shapes_) {
        const int timed = static_cast<int>(s.sql_ms.size());
        const bool over_budget = s.spent_ms > budget_ms;
        if (!s.failed.empty() || timed >= iterations || (over_budget && timed >= 3)) continue;
        called = true;
        const bool warming = s.warmed < warmup && !over_budget;
        if (warming) ++s.warmed;
        for (int half = 0; half < 2 && s.failed.empty(); ++half) {
          const bool rpc = (half == 0) == (round % 2 == 0);
          Clock::time_point start = Clock::now();
          try {
            rpc ? s.rpc() : s.sql();
          } catch (const CallFailed& e) {
            s.failed = e.what();
          }
          const double ms = MsSince(start);
          s.spent_ms += ms;
          if (!warming && s.failed.empty()) (rpc ? s.rpc_ms : s.sql_ms).push_back(ms);
        }
      }
      if (!called) return;
    }
  }

  void Print() const;
  size_t size() const { return shapes_.size(); }

  std::string FirstResourceId(const std::string& sql) {
    pqxx::nontransaction txn(conn_);
    pqxx::result r = txn.exec(sql);
    if (r.empty()) throw std::runtime_error("nothing for: " + sql);
    return r[0][0].as<std::string>();
  }

 private:
  void AddPage(std::string name, v1::ListEventsRequest request, int page_size, int page) {
    request.set_page_size(page_size);
    for (int p = 1; p < page; ++p) {
      v1::ListEventsResponse response = Rpc(request);
      if (response.next_page_token().empty()) {
        throw std::runtime_error(absl::StrCat(name, ": no page ", page, "; more --events needed"));
      }
      request.set_page_token(response.next_page_token());
    }
    const Statements statements = StatementsOf(request);
    const storage::ListEventsSql& sql = statements.sql;
    // The two must agree on the page before they are compared.
    std::vector<std::string> ids = RunSql(sql, page_size);
    v1::ListEventsResponse response = Rpc(request);
    if (ids.size() > static_cast<size_t>(page_size)) ids.resize(page_size);
    bool same = static_cast<int>(ids.size()) == response.events_size();
    for (int i = 0; same && i < response.events_size(); ++i) {
      same = response.events(i).name() == "events/" + ids[i];
    }
    if (!same) throw std::runtime_error(name + ": the RPC and the SQL disagree on the page");
    Shape s;
    s.name = std::move(name);
    s.rows = response.events_size();
    s.rpc = [this, request] { return Rpc(request).events_size(); };
    s.sql = [this, statements, page_size] {
      // The count that chooses an actor-and-place page's walk, and the look-up of a circle's
      // places, are part of what the service runs.
      if (statements.ids.actor_links_fewer || statements.ids.near_place_ids) {
        pqxx::nontransaction txn(conn_);
        storage::ResolvedSelection ids = statements.ids;
        storage::pg::LookUpWalks(txn, statements.query, ids);
      }
      return static_cast<int>(RunSql(statements.sql, page_size).size());
    };
    shapes_.push_back(std::move(s));
  }

  void AddFailed(std::string name, const std::string& error) {
    Shape s;
    s.name = std::move(name);
    s.failed = error;
    shapes_.push_back(std::move(s));
  }

  // One unary call through `method` of `stub`, with the run's deadline; throws CallFailed.
  template <typename Response, typename Stub, typename Request>
  Response Call(const char* name, Stub& stub,
                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                const Request& request) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + call_deadline_));
    Response response;
    grpc::Status status = (stub.*method)(&ctx, request, &response);
    if (!status.ok()) {
      throw CallFailed(absl::StrCat(name, ": ", status.error_code(), " ", status.error_message()));
    }
    return response;
  }

  v1::ListEventsResponse Rpc(const v1::ListEventsRequest& request) {
    return Call("ListEvents", stub_, &v1::EventService::Stub::ListEvents, request);
  }

  v1::CountEventsResponse Count(const v1::CountEventsRequest& request) {
    return Call("CountEvents", stub_, &v1::EventService::Stub::CountEvents, request);
  }

  v1::ListRelatedActorsResponse Related(const v1::ListRelatedActorsRequest& request) {
    return Call("ListRelatedActors", actors_, &v1::ActorService::Stub::ListRelatedActors, request);
  }

  void AddStatsShape(std::string name, storage::SqlWithParams sql, int rows,
                     std::function<int()> rpc) {
    Shape s;
    s.name = std::move(name);
    s.rows = rows;
    s.rpc = std::move(rpc);
    s.sql = [this, sql = std::move(sql)] {
      pqxx::nontransaction txn(stats_conn_);
      return ReadAll(txn.exec_params(sql.sql, pqxx::prepare::make_dynamic_params(sql.params)));
    };
    shapes_.push_back(std::move(s));
  }

  int ReadAll(const pqxx::result& rows) {
    for (const pqxx::row& row : rows) {
      for (const pqxx::field& f : row) bytes_read_ += f.is_null() ? 0 : f.size();
    }
    return static_cast<int>(rows.size());
  }

  int64_t InternalId(const char* table, const std::string& resource_id) {
    pqxx::nontransaction txn(conn_);
    pqxx::result r = txn.exec_params(
        absl::StrCat("SELECT id FROM ", table, " WHERE resource_id = $1"), resource_id);
    if (r.empty()) throw std::runtime_error(absl::StrCat(table, "/", resource_id, " not found"));
    return r[0][0].as<int64_t>();
  }

  // What ListEvents runs for a request, built as the service builds it.
  struct Statements {
    domain::EventQuery query;
    storage::ResolvedSelection ids;
    storage::ListEventsSql sql;
  };

  Statements StatementsOf(const v1::ListEventsRequest& request) {
    Statements out;
    out.query = Check(domain::EventQueryFromRequest(request, codec_), "request");
    out.ids = Resolve(out.query.selection);
    pqxx::nontransaction txn(conn_);
    storage::pg::LookUpWalks(txn, out.query, out.ids);
    out.sql = storage::BuildListEventsSql(out.query, out.ids);
    return out;
  }

  storage::ResolvedSelection Resolve(const domain::EventSelection& selection) {
    storage::ResolvedSelection ids;
    for (const std::string& id : selection.actor_ids) {
      ids.actor_ids.push_back(InternalId("actors", id));
    }
    for (const std::string& id : selection.place_ids) {
      ids.place_ids.push_back(InternalId("places", id));
    }
    return ids;
  }

  // The baseline: as PgRepository::ListEvents runs the statements (the unresolved one only while
  // the page has room; prepared or not as it decides), every field read. Returns the rows'
  // resource ids.
  // Whether --shapes selects the shape `name`.
  static bool Selected(const std::string& name) {
    const std::string wanted = absl::GetFlag(FLAGS_shapes);
    if (wanted.empty()) return true;
    for (absl::string_view part : absl::StrSplit(wanted, ',', absl::SkipEmpty())) {
      if (absl::StrContains(name, part)) return true;
    }
    return false;
  }

  std::vector<std::string> RunSql(const storage::ListEventsSql& sql, int page_size) {
    std::vector<std::string> ids;
    pqxx::nontransaction txn(sql.generic_plan ? generic_conn_ : conn_);
    storage::StatementCache& cache = sql.generic_plan ? generic_statements_ : statements_;
    for (const auto& statement : {sql.dated, sql.unresolved}) {
      if (!statement || static_cast<int>(ids.size()) > page_size) continue;
      for (const pqxx::row& row : cache.Exec(txn, *statement, sql.prepare)) {
        for (const pqxx::field& f : row) bytes_read_ += f.is_null() ? 0 : f.size();
        ids.push_back(row[1].as<std::string>());
      }
    }
    return ids;
  }

  pqxx::connection conn_;
  storage::StatementCache statements_;  // conn_'s, as the service's repository has per connection
  pqxx::connection generic_conn_;       // for ListEventsSql::generic_plan
  storage::StatementCache generic_statements_;
  pqxx::connection stats_conn_;  // with the statistics calls' planner setting
  v1::EventService::Stub& stub_;
  v1::ActorService::Stub& actors_;
  domain::PageTokenCodec codec_;
  absl::Duration call_deadline_;
  std::vector<Shape> shapes_;
  size_t bytes_read_ = 0;  // by the baseline, so that reading the rows is not optimized away
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(p * v.size() + 0.999999);  // nearest rank
  return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

void Bench::Print() const {
  std::printf("\n%-38s %5s %4s  %9s %9s %9s  %9s %9s  %9s  %7s\n", "shape", "rows", "n", "RPC med",
              "RPC p95", "RPC p99", "SQL med", "SQL p95", "RPC/s", "RPC/SQL");
  std::vector<double> all_rpc, all_sql, ratios;
  for (const Shape& s : shapes_) {
    if (!s.failed.empty() || s.rpc_ms.empty() || s.sql_ms.empty()) {
      std::printf("%-38s not timed: %s\n", s.name.c_str(),
                  s.failed.empty() ? "no timed call" : s.failed.c_str());
      continue;
    }
    double total = 0;
    for (double ms : s.rpc_ms) total += ms;
    const double rpc = Percentile(s.rpc_ms, 0.5), sql = Percentile(s.sql_ms, 0.5);
    ratios.push_back(rpc / sql);
    std::printf("%-38s %5d %4zu  %9.3f %9.3f %9.3f  %9.3f %9.3f  %9.0f  %7.2f\n", s.name.c_str(),
                s.rows, s.rpc_ms.size(), rpc, Percentile(s.rpc_ms, 0.95),
                Percentile(s.rpc_ms, 0.99), sql, Percentile(s.sql_ms, 0.95),
                s.rpc_ms.size() / (total / 1000), rpc / sql);
    all_rpc.insert(all_rpc.end(), s.rpc_ms.begin(), s.rpc_ms.end());
    all_sql.insert(all_sql.end(), s.sql_ms.begin(), s.sql_ms.end());
  }
  const double rpc = Percentile(all_rpc, 0.5), sql = Percentile(all_sql, 0.5);
  std::printf(
      "\nwhole run (%zu calls each): RPC median %.3f ms, SQL median %.3f ms, RPC/SQL %.2f; median "
      "of the per-shape ratios %.2f\n",
      all_rpc.size(), rpc, sql, rpc / sql, Percentile(ratios, 0.5));
  std::printf(
      "ms per call, one client, calls in sequence (RPC/s = timed calls / their total time; n = "
      "timed calls\nof each kind; percentiles by nearest rank: with n < 100, p99 is the slowest "
      "call).\n"
      "RPC: ListEvents over gRPC on loopback, end to end. SQL baseline: only the event-row "
      "statement(s)\nthe service runs for the request (ids resolved beforehand; for an actor and a "
      "place, with the count\nthat chooses the walk), autocommit, rows fully read; without\nthe "
      "transaction, the id lookups, the page's child query (actors, "
      "places, sources,\nexternal ids), protos and gRPC.\n");
}

struct RunOptions {
  int events = 0;
  int warmup = 0;
  int iterations = 0;
  bool reuse = false;  // the database holds a data set already (--database)
  absl::Duration call_deadline;
  double shape_budget_ms = 0;
};

// Creates the data in the empty database `url` (or, reusing one, keeps what it holds), starts the
// server on it and times the shapes.
int Run(const std::string& url, const std::string& source_dir, const RunOptions& opt) {
  MigrateAndGenerate(url, source_dir, opt.events, opt.reuse);

  storage::PgRepository repo(url, 4);
  server::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.page_token_secret = kTokenSecret;
  std::unique_ptr<server::TimelineServer> server =
      Check(server::TimelineServer::Start(repo, options), "start server");
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server->port()),
                                     grpc::InsecureChannelCredentials());
  std::unique_ptr<v1::EventService::Stub> stub = v1::EventService::NewStub(channel);
  std::unique_ptr<v1::ActorService::Stub> actors = v1::ActorService::NewStub(channel);
  {
    Bench bench(url, *stub, *actors, opt.call_deadline);
    // An actor with ~100 events in 2019 (2 pages of 50).
    const std::string actor = bench.FirstResourceId(kActorWith100EventsIn2019);
    const v1::TimeRange year = Range("2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z");
    v1::ListEventsRequest r;
    *r.mutable_time_range() = year;
    r.add_actors("actors/" + actor);
    bench.Add(absl::StrCat("actor ", actor, " + 2019"), r, 50);
    r.clear_actors();
    r.add_places("places/xa-r03");
    bench.Add("region xa-r03 + 2019", r, 50);
    r.clear_places();
    r.add_places("places/xa");
    *r.mutable_time_range() = Range("2019-06-01T00:00:00Z", "2019-07-01T00:00:00Z");
    bench.Add("country xa (96% of events) + 2019-06", r, 50);
    r.clear_places();
    *r.mutable_time_range() = year;
    bench.Add("2019 only", r, 50);
    bench.Add("2019 only, page_size 1000", r, 1000);
    r.add_event_types("arrest");
    bench.Add("event_type arrest (2%) + 2019", r, 50);
    bench.Add("everything, page 20 (keyset)", v1::ListEventsRequest(), 50, 20);
    r.clear_event_types();
    r.add_places("places/xa-r03");
    r.add_event_types("attack");
    *r.mutable_time_range() = Range("2019-06-01T00:00:00Z", "2019-07-01T00:00:00Z");
    bench.Add("region xa-r03 + attack + 2019-06", r, 50);
    r.clear_event_types();
    r.clear_time_range();
    r.add_actors("actors/" + actor);
    bench.Add(absl::StrCat("actor ", actor, " + region xa-r03"), r, 50);
    r.clear_actors();
    r.clear_places();
    *r.mutable_time_range() = year;
    v1::Near* near = r.mutable_near();  // town 12 of region xa-r03, see PlacesActorsEvents
    const int64_t region = std::stoll(
        bench.FirstResourceId("SELECT id::text FROM places WHERE resource_id = 'xa-r03'"));
    near->set_latitude(5 + (region % 50) * 0.3);
    near->set_longitude(1 + 12 * 0.05);
    near->set_radius_meters(20'000);
    bench.Add("within 20 km of a town + 2019", r, 50);
    r.clear_near();
    r.clear_time_range();
    r.set_filter("title:\"Event 777\"");
    bench.Add("filter title:\"Event 777\"", r, 50);
    v1::CountEventsRequest count;
    count.add_places("places/xa");
    *count.mutable_time_range() = Range("2010-01-01T00:00:00Z", "2020-01-01T00:00:00Z");
    count.set_interval(v1::CountEventsRequest::DAY);
    bench.AddCount("CountEvents xa, days of 2010-2019", count);
    v1::ListRelatedActorsRequest related;
    related.set_actor("actors/" + actor);
    related.set_page_size(50);
    bench.AddRelated(absl::StrCat("ListRelatedActors ", actor), related);

    std::printf(
        "timing: %zu shapes x (%d warm-up + %d timed) x (RPC + SQL), interleaved; at most %.0f s "
        "per shape once it has 3 timed...\n",
        bench.size(), opt.warmup, opt.iterations, opt.shape_budget_ms / 1000);
    std::fflush(stdout);
    Clock::time_point start = Clock::now();
    bench.Run(opt.warmup, opt.iterations, opt.shape_budget_ms);
    std::printf("timing took %.1f s\n", MsSince(start) / 1000);
    bench.Print();
  }
  stub.reset();
  actors.reset();
  channel.reset();
  server->Shutdown(absl::Seconds(5));
  server->Wait();
  return 0;
}

int Main() {
  RunOptions opt;
  opt.events = absl::GetFlag(FLAGS_events);
  opt.iterations = absl::GetFlag(FLAGS_iterations);
  opt.warmup = absl::GetFlag(FLAGS_warmup);
  const KeptDatabase kept{.reuse = absl::GetFlag(FLAGS_database),
                          .keep = absl::GetFlag(FLAGS_keep_database)};
  opt.reuse = !kept.reuse.empty();
  opt.call_deadline = absl::Seconds(absl::GetFlag(FLAGS_call_seconds));
  opt.shape_budget_ms = 1000.0 * absl::GetFlag(FLAGS_shape_seconds);
  if (opt.events < 2000 || opt.iterations < 1 || opt.warmup < 0 ||
      absl::GetFlag(FLAGS_call_seconds) < 1 || absl::GetFlag(FLAGS_shape_seconds) < 0) {
    std::fprintf(stderr,
                 "list_events_bench: needs --events >= 2000, --iterations >= 1, --warmup >= 0, "
                 "--call_seconds >= 1, --shape_seconds >= 0\n");
    return 2;
  }
  const std::string source_dir = TIMELINE_SOURCE_DIR;
  return WithThrowawayDatabase(
      "list_events_bench", absl::GetFlag(FLAGS_database_url), source_dir,
      [&](const std::string& url) { return Run(url, source_dir, opt); }, kept);
}

}  // namespace
}  // namespace timeline::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "list_events_bench [--database_url=URL] [--events=N] [--iterations=K] [--warmup=W]\n"
      "                  [--keep_database | --database=NAME] [--call_seconds=S] "
      "[--shape_seconds=S]\n"
      "ListEvents over gRPC against the SQL it runs; prints RPC/SQL ratios. See bench/README.md.");
  absl::ParseCommandLine(argc, argv);
  try {
    return timeline::bench::Main();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "list_events_bench: %s\n", e.what());
    return 1;
  }
}
