// list_events_load_bench: ListEvents throughput at N concurrent callers against pgbench running,
// at the same concurrency on the same data, the statements one such call sends to PostgreSQL.
//
//   list_events_load_bench [--database_url=URL] [--events=100000 | --database=NAME]
//                          [--keep_database] [--concurrency=16,64] [--seconds=10]
//                          [--warmup_seconds=2] [--pool_size=32] [--rounds=1]
//                          [--pgbench_protocols=prepared[,extended]] [--replay=false]
//                          [--pgbench=PATH] [--show_script]
//
// The data is list_events_bench's (generated_events.h): a throw-away database generated with
// --events, or --database, one that `list_events_bench --keep_database` kept. The real server runs
// in-process on 127.0.0.1:0 with a pool of --pool_size connections. Every call is the same
// request, list_events_bench's "actor + 2019": the actor with ~100 events in 2019, that year, a
// page of 50. The statements one call sends — BEGIN; the call's settings; the actor's id; the
// event rows; the page's actors, places, sources and external ids; COMMIT — are built with the
// service's own SQL (storage/sql.h, event_query_sql.h) and checked to return the page the RPC
// returns. For each level N of --concurrency, for --seconds after --warmup_seconds each:
//   service  N closed-loop gRPC callers, one channel each;
//   replay   N threads with a connection each sending those statements as the service does
//            (libpqxx, all but BEGIN and COMMIT prepared on the connection);
//   pgbench  N clients (-j min(N, cores)), one transaction per call, for each -M protocol.
// Each prints calls (transactions) per second, p50/p99 latency and what failed, and the service's
// rate over its own. service/pgbench is the figure the issue asks for; service/replay is the
// like-for-like one. pgbench -M prepared sends what the service sends (it prepares the event-row
// statement per connection, storage/statement_cache.h); -M extended plans every statement at
// every transaction, as the service did before it prepared the event rows. All runs share the
// machine with their own clients, so read the ratios within a run.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "api/call_audit.h"
#include "domain/event_query.h"
#include "domain/page_token.h"
#include "generated_events.h"
#include "google/protobuf/util/time_util.h"
#include "load_clients.h"
#include "pgbench_runner.h"
#include "pqxx/pqxx"
#include "server/server.h"
#include "storage/event_query_sql.h"
#include "storage/pg_repository.h"
#include "storage/query_builder.h"
#include "storage/sql.h"
#include "throwaway_database.h"
#include "timeline/v1/event.grpc.pb.h"

ABSL_FLAG(std::string, database_url, "",
          "URL of a maintenance database on a PostgreSQL 15 cluster (with PostGIS) where the "
          "database is created or found; empty: start build/bench-pg with scripts/pg-cluster (and "
          "stop it at the end)");
ABSL_FLAG(int, events, 100000, "events to generate (at least 2000)");
ABSL_FLAG(std::string, database, "",
          "a database on the cluster that list_events_bench --keep_database (or this program) "
          "generated and kept: migrated, not generated again, and kept; --events is ignored");
ABSL_FLAG(bool, keep_database, false,
          "keep the generated database instead of dropping it; its name is printed");
ABSL_FLAG(std::string, concurrency, "16,64", "numbers of concurrent callers, in turn");
ABSL_FLAG(int, seconds, 10, "timed seconds of each run (service and pgbench alike)");
ABSL_FLAG(int, warmup_seconds, 2, "untimed seconds before each run (service and pgbench alike)");
ABSL_FLAG(int, pool_size, 32, "the server's database connections (PoolOptions.size)");
ABSL_FLAG(int, rounds, 1,
          "times each level is measured; every second round runs the baselines (replay, pgbench) "
          "before the service, so that drift in the machine's load hits both alike");
ABSL_FLAG(int, deadline_ms, 10000,
          "deadline of each ListEvents call; the script's statement_timeout is the same");
ABSL_FLAG(std::string, pgbench_protocols, "prepared",
          "pgbench -M modes to run, comma-separated: prepared (every statement prepared per "
          "connection, as the service does) and/or extended (every statement planned at each "
          "transaction)");
ABSL_FLAG(std::string, pgbench, "",
          "the pgbench program; empty: pg_config --bindir's, else the newest "
          "/usr/lib/postgresql/*/bin/pgbench (as scripts/pg-cluster finds its binaries)");
ABSL_FLAG(bool, replay, true,
          "also replay the call's statements from this process as the service sends them "
          "(libpqxx, prepared on each connection): the database's share of a call with the "
          "service's own client library");
ABSL_FLAG(bool, show_script, false, "print the pgbench script and its variables");
ABSL_FLAG(std::string, audit_file, "/dev/null",
          "where the server writes its audit line per call (it writes them to stderr when "
          "deployed; writing them is part of a call's cost)");

extern char** environ;

namespace timeline::bench {
namespace {

constexpr char kTokenSecret[] = "list-events-load-bench";
constexpr int kPageSize = 50;

// --- The call and its statements ----------------------------------------------------------------

// One statement of a ListEvents call as the service sends it: SQL with $n placeholders and the
// values bound to them.
struct Statement {
  std::string name;  // the service's prepared-statement name, or what it is
  std::string sql;
  std::vector<std::string> params;
  bool prepared = false;  // prepared once per connection by the service (pg_repository.cc)
};

struct FixedCall {
  std::string actor;  // resource id
  v1::ListEventsRequest request;
  std::vector<Statement> statements;  // BEGIN to COMMIT
  int rows = 0;                       // events on the page
};

// The principal every call runs as on a server without access control (server.h).
constexpr char kAnonymous[] = "anonymous";
// What pqxx::work (libpqxx 6.4: read committed, read-write) sends to open and close a call's
// transaction.
constexpr char kBegin[] = "BEGIN";
constexpr char kCommit[] = "COMMIT";

v1::ListEventsRequest ActorIn2019(const std::string& actor) {
  v1::ListEventsRequest request;
  request.add_actors("actors/" + actor);
  v1::TimeRange& range = *request.mutable_time_range();
  if (!google::protobuf::util::TimeUtil::FromString("2019-01-01T00:00:00Z",
                                                    range.mutable_start_time()) ||
      !google::protobuf::util::TimeUtil::FromString("2020-01-01T00:00:00Z",
                                                    range.mutable_end_time())) {
    throw std::runtime_error("bad timestamp");
  }
  request.set_page_size(kPageSize);
  return request;
}

std::vector<std::string> Column(const pqxx::result& rows, int column) {
  std::vector<std::string> out;
  for (const pqxx::row& r : rows) out.push_back(r[column].as<std::string>());
  return out;
}

pqxx::result ExecStatement(pqxx::work& txn, const Statement& s) {
  return txn.exec_params(s.sql, pqxx::prepare::make_dynamic_params(s.params));
}

// The statements PgRepository::ListEvents sends for `call.request`, in order, run here in one
// transaction as it runs them (so that the event ids of the page are known for the last query).
// Returns the page's event resource ids.
std::vector<std::string> BuildStatements(const std::string& url, FixedCall& call, int deadline_ms) {
  const domain::PageTokenCodec codec(kTokenSecret);
  const domain::EventQuery q =
      Check(domain::EventQueryFromRequest(call.request, codec), "the request");
  std::vector<Statement>& out = call.statements;
  out.push_back({kBegin, kBegin, {}, false});
  // A fresh request id per call, 32 hex digits (api/call_audit.cc); its value changes nothing.
  out.push_back({storage::sql::kStartCallStatement,
                 storage::sql::kStartCall,
                 {absl::StrCat(deadline_ms), kAnonymous, std::string(32, '0')},
                 true});
  out.push_back({storage::sql::kLiveActorIdsStatement,
                 storage::sql::LiveIdsOf("actors"),
                 {storage::TextArrayLiteral(q.selection.actor_ids)},
                 true});

  pqxx::connection conn(url);
  pqxx::nontransaction(conn).exec(storage::sql::kSessionSettings);  // as every pooled connection
  pqxx::work txn(conn);
  ExecStatement(txn, out[1]);
  storage::ResolvedSelection ids;
  for (const pqxx::row& r : ExecStatement(txn, out[2])) ids.actor_ids.push_back(r[1].as<int64_t>());
  const storage::ListEventsSql sql = storage::BuildListEventsSql(q, ids);
  std::vector<std::string> event_ids, resource_ids;
  for (const auto& statement : {sql.dated, sql.unresolved}) {
    // As the service: the unresolved statement only while the page has room.
    if (!statement || static_cast<int>(event_ids.size()) > q.page_size) continue;
    // Prepared on the connection or unnamed, as the service decides (ListEventsSql::prepare).
    out.push_back({"event_rows", statement->sql, statement->params, sql.prepare});
    const pqxx::result rows = ExecStatement(txn, out.back());
    for (const std::string& id : Column(rows, 0)) event_ids.push_back(id);
    for (const std::string& id : Column(rows, 1)) resource_ids.push_back(id);
  }
  if (static_cast<int>(event_ids.size()) > q.page_size) {
    event_ids.resize(q.page_size);
    resource_ids.resize(q.page_size);
  }
  if (!event_ids.empty()) {  // the service asks for no children of an empty page
    std::vector<int64_t> page;
    for (const std::string& id : event_ids) page.push_back(std::stoll(id));
    const bool by_key = page.size() <= storage::sql::kEventChildrenByKeyMaxEvents;
    out.push_back({by_key ? storage::sql::kEventChildrenByKeyStatement
                          : storage::sql::kEventChildrenStatement,
                   storage::sql::EventChildrenOf(by_key),
                   {storage::IdArrayLiteral(page)},
                   true});
    ExecStatement(txn, out.back());
  }
  txn.commit();
  out.push_back({kCommit, kCommit, {}, false});
  call.rows = static_cast<int>(event_ids.size());
  return resource_ids;
}

// The call over gRPC must return the very page the statements do.
void CheckSamePage(v1::EventService::Stub& stub, const FixedCall& call,
                   const std::vector<std::string>& resource_ids) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::ListEventsResponse response;
  grpc::Status status = stub.ListEvents(&ctx, call.request, &response);
  if (!status.ok()) throw std::runtime_error("ListEvents: " + status.error_message());
  bool same = response.events_size() == static_cast<int>(resource_ids.size());
  for (int i = 0; same && i < response.events_size(); ++i) {
    same = response.events(i).name() == "events/" + resource_ids[i];
  }
  if (!same) throw std::runtime_error("the RPC and the statements disagree on the page");
  if (response.events_size() == 0) throw std::runtime_error("the page is empty");
}

// --- The pgbench script -------------------------------------------------------------------------

// `sql` with each $n replaced by replace(n).
std::string ReplacePlaceholders(const std::string& sql,
                                const std::function<std::string(int)>& replace) {
  std::string out;
  for (size_t i = 0; i < sql.size(); ++i) {
    size_t digits = i + 1;
    while (digits < sql.size() && absl::ascii_isdigit(sql[digits])) ++digits;
    if (sql[i] != '$' || digits == i + 1) {
      out += sql[i];
      continue;
    }
    out += replace(std::stoi(sql.substr(i + 1, digits - i - 1)));
    i = digits - 1;
  }
  return out;
}

// The statements as a pgbench script. Those the service prepares (all but BEGIN and COMMIT) keep
// their parameters, as pgbench variables, so that -M prepared prepares them with parameters as
// the service does; a statement not prepared would get its values as literals.
Script ScriptOf(const std::vector<Statement>& statements, pqxx::connection& conn) {
  Script script;
  pqxx::nontransaction quoter(conn);
  for (const Statement& s : statements) {
    const std::string prefix = absl::StrCat(absl::StrReplaceAll(s.name, {{" ", "_"}}), "_");
    std::string sql = ReplacePlaceholders(s.sql, [&](int n) -> std::string {
      const std::string& value = s.params.at(n - 1);
      if (!s.prepared) return quoter.quote(value);
      return absl::StrCat(":", prefix, n);
    });
    if (s.prepared) {
      for (size_t n = 1; n <= s.params.size(); ++n) {
        script.variables.push_back(absl::StrCat(prefix, n, "=", s.params[n - 1]));
      }
    }
    absl::StrAppend(&script.text, absl::StripAsciiWhitespace(sql), ";\n");
  }
  return script;
}

// --- Running the service and the replay ----------------------------------------------------------

// The server's audit lines, written as the deployed server writes them to stderr, to a file.
class FileAuditSink final : public api::AuditSink {
 public:
  explicit FileAuditSink(const std::string& path) : file_(std::fopen(path.c_str(), "a")) {
    if (file_ == nullptr) throw std::runtime_error("cannot open " + path);
  }
  ~FileAuditSink() override { std::fclose(file_); }
  void Write(const api::AuditRecord& record) override {
    std::string line = api::FormatAuditLine(record);
    line += '\n';
    std::lock_guard lock(mu_);
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
  }

 private:
  std::mutex mu_;
  FILE* file_;
};

// `n` closed-loop callers of `call(i)` (i: the caller), each call's outcome its return, warmed
// up for `warmup_seconds` and then timed for `seconds`; throws when no timed call succeeded.
Measured ClosedLoop(const char* what, int n, int warmup_seconds, int seconds,
                    const std::function<grpc::StatusCode(int)>& call) {
  Outcomes warm, timed;
  std::atomic<bool> timing = false;
  Callers loop(n, [&](int i) {
    const auto start = Clock::now();
    const grpc::StatusCode code = call(i);
    (timing ? timed : warm).Add(code, MsSince(start));
  });
  std::this_thread::sleep_for(std::chrono::seconds(warmup_seconds));
  timing = true;
  const auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  const double elapsed = MsSince(start) / 1000;
  timing = false;
  loop.Stop();
  if (timed.ok() == 0) {
    throw std::runtime_error(
        absl::StrCat("no ", what, " succeeded at ", n, " callers; not OK: ", timed.NotOk()));
  }
  return {timed.ok() / elapsed, timed.PercentileMs(0.5), timed.PercentileMs(0.99), timed.NotOk()};
}

// `callers` gRPC callers of `request`, one channel each.
Measured RunService(const std::string& address, const v1::ListEventsRequest& request, int callers,
                    int warmup_seconds, int seconds) {
  std::vector<std::shared_ptr<grpc::Channel>> channels = Channels(address, callers);
  std::vector<std::unique_ptr<v1::EventService::Stub>> stubs;
  for (const auto& channel : channels) stubs.push_back(v1::EventService::NewStub(channel));
  const auto deadline = std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms));
  return ClosedLoop("ListEvents call", callers, warmup_seconds, seconds, [&](int i) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::ListEventsResponse response;
    return stubs[i]->ListEvents(&ctx, request, &response).error_code();
  });
}

// A connection set up as the pool sets up its own (pg_repository.cc, PrepareStatements), with the
// statements of `statements` that the service prepares.
std::unique_ptr<pqxx::connection> ReplayConnection(const std::string& url,
                                                   const std::vector<Statement>& statements) {
  auto conn = std::make_unique<pqxx::connection>(url);
  pqxx::nontransaction(*conn).exec(storage::sql::kSessionSettings);
  for (const Statement& s : statements) {
    if (s.prepared) conn->prepare(s.name, s.sql);
  }
  return conn;
}

// One call's statements as PgRepository sends them through libpqxx: in a pqxx::work (BEGIN,
// COMMIT), the prepared ones by name, any other unnamed with its parameters.
void ReplayCall(pqxx::connection& conn, const std::vector<Statement>& statements) {
  pqxx::work txn(conn);
  for (const Statement& s : statements) {
    if (s.name == kBegin || s.name == kCommit) continue;
    const auto params = pqxx::prepare::make_dynamic_params(s.params);
    if (s.prepared) {
      txn.exec_prepared(s.name, params);
    } else {
      txn.exec_params(s.sql, params);
    }
  }
  txn.commit();
}

// `clients` threads with a connection each, replaying the call's statements: the database's
// share of a call without gRPC, protos, the pool's queue and the server's threads.
Measured RunReplay(const std::string& url, const std::vector<Statement>& statements, int clients,
                   int warmup_seconds, int seconds) {
  std::vector<std::unique_ptr<pqxx::connection>> connections;
  for (int i = 0; i < clients; ++i) connections.push_back(ReplayConnection(url, statements));
  return ClosedLoop("replayed call", clients, warmup_seconds, seconds, [&](int i) {
    try {
      ReplayCall(*connections[i], statements);
      return grpc::StatusCode::OK;
    } catch (const std::exception&) {
      return grpc::StatusCode::UNKNOWN;
    }
  });
}

// --- The run ------------------------------------------------------------------------------------

struct Options {
  std::vector<int> levels;
  std::vector<std::string> protocols;
  int events = 0, seconds = 0, warmup_seconds = 0, pool_size = 0, rounds = 0;
  bool reuse = false;
  bool replay = false;
};

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen);
}

void PrintRow(int callers, const std::string& runner, const Measured& m, double service) {
  std::printf("%7d  %-22s %9.1f %8.1f %8.1f  %-16s", callers, runner.c_str(), m.per_second,
              m.p50_ms, m.p99_ms, m.not_ok.c_str());
  if (service > 0) std::printf(" %8.3f", service / m.per_second);
  std::printf("\n");
  std::fflush(stdout);
}

// What a level runs against: the server, and the database directly.
struct Targets {
  std::string address;  // of the server
  std::string url;      // of the database
  const FixedCall* call = nullptr;
  Pgbench* pgbench = nullptr;
};

// One level in one round: the service, then the baselines (the replay, each pgbench protocol);
// in odd rounds the baselines first.
void RunLevel(const Options& opt, int round, int callers, const Targets& to) {
  std::vector<std::pair<std::string, Measured>> baselines;
  auto run_baselines = [&] {
    if (opt.replay) {
      baselines.emplace_back("libpqxx replay", RunReplay(to.url, to.call->statements, callers,
                                                         opt.warmup_seconds, opt.seconds));
    }
    for (const std::string& protocol : opt.protocols) {
      if (opt.warmup_seconds > 0) to.pgbench->Run(protocol, callers, opt.warmup_seconds, false);
      baselines.emplace_back("pgbench -M " + protocol,
                             to.pgbench->Run(protocol, callers, opt.seconds, true));
    }
  };
  const bool baselines_first = round % 2 == 1;
  if (baselines_first) run_baselines();
  const Measured service =
      RunService(to.address, to.call->request, callers, opt.warmup_seconds, opt.seconds);
  if (!baselines_first) run_baselines();
  PrintRow(callers, "service (gRPC)", service, 0);
  for (const auto& [runner, m] : baselines) PrintRow(callers, runner, m, service.per_second);
}

void PrintHeader(const FixedCall& call, const Options& opt, const Pgbench& pgbench) {
  std::printf("call: ListEvents actors/%s, 2019, page_size %d: %d events on the page\n",
              call.actor.c_str(), kPageSize, call.rows);
  std::vector<std::string> names;
  for (const Statement& s : call.statements) {
    names.push_back(s.prepared ? absl::StrCat(s.name, " (prepared)") : s.name);
  }
  std::printf("its statements: %s\n", absl::StrJoin(names, "; ").c_str());
  std::printf("server: pool of %d; pgbench, e.g.: %s\n", opt.pool_size,
              pgbench.CommandLine(opt.protocols[0], opt.levels[0], opt.seconds).c_str());
  std::printf("%d s per run after %d s of warm-up; load average %s; %ld cores\n\n", opt.seconds,
              opt.warmup_seconds, LoadAverage().c_str(), sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("%7s  %-22s %9s %8s %8s  %-16s %8s\n", "callers", "runner", "calls/s", "p50 ms",
              "p99 ms", "not OK", "ratio");
  std::fflush(stdout);
}

int Run(const std::string& url, const std::string& source_dir, const Options& opt) {
  MigrateAndGenerate(url, source_dir, opt.events, opt.reuse);
  FixedCall call;
  {
    pqxx::connection conn(url);
    call.actor = pqxx::nontransaction(conn).exec1(kActorWith100EventsIn2019)[0].as<std::string>();
  }
  call.request = ActorIn2019(call.actor);
  const std::vector<std::string> page =
      BuildStatements(url, call, absl::GetFlag(FLAGS_deadline_ms));
  Script script;
  {
    pqxx::connection conn(url);
    script = ScriptOf(call.statements, conn);
  }
  if (absl::GetFlag(FLAGS_show_script)) {
    std::printf("pgbench script:\n%s\nvariables (-D):\n  %s\n\n", script.text.c_str(),
                absl::StrJoin(script.variables, "\n  ").c_str());
  }
  Pgbench pgbench(PgbenchPath(absl::GetFlag(FLAGS_pgbench)), url, std::move(script));
  for (const std::string& protocol : opt.protocols) pgbench.TryOnce(protocol);

  storage::PoolOptions pool{.size = opt.pool_size};
  pool.cheap_reserve = std::max(1, pool.size / 4);  // timelined's default
  storage::PgRepository repo(url, pool);
  server::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.page_token_secret = kTokenSecret;
  options.max_threads = server::ThreadCap(pool.size, pool.queue_limit);
  options.audit_sink = std::make_shared<FileAuditSink>(absl::GetFlag(FLAGS_audit_file));
  std::unique_ptr<server::TimelineServer> server =
      Check(server::TimelineServer::Start(repo, options), "start server");
  const Targets targets{absl::StrCat("127.0.0.1:", server->port()), url, &call, &pgbench};
  {
    auto channel = grpc::CreateChannel(targets.address, grpc::InsecureChannelCredentials());
    CheckSamePage(*v1::EventService::NewStub(channel), call, page);
  }

  PrintHeader(call, opt, pgbench);
  for (int round = 0; round < opt.rounds; ++round) {
    for (int callers : opt.levels) RunLevel(opt, round, callers, targets);
  }
  std::printf(
      "\nratio: the service's calls/s over that runner's calls (transactions) per second\n"
      "load average at the end %s; %ld cores\n",
      LoadAverage().c_str(), sysconf(_SC_NPROCESSORS_ONLN));
  server->Shutdown(absl::Seconds(5));
  server->Wait();
  return 0;
}

std::optional<Options> ReadFlags() {
  Options opt;
  opt.events = absl::GetFlag(FLAGS_events);
  opt.seconds = absl::GetFlag(FLAGS_seconds);
  opt.warmup_seconds = absl::GetFlag(FLAGS_warmup_seconds);
  opt.pool_size = absl::GetFlag(FLAGS_pool_size);
  opt.rounds = absl::GetFlag(FLAGS_rounds);
  opt.reuse = !absl::GetFlag(FLAGS_database).empty();
  opt.replay = absl::GetFlag(FLAGS_replay);
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_concurrency), ',')) {
    int n = 0;
    if (!absl::SimpleAtoi(part, &n) || n < 1) return std::nullopt;
    opt.levels.push_back(n);
  }
  for (absl::string_view part : absl::StrSplit(absl::GetFlag(FLAGS_pgbench_protocols), ',')) {
    if (part != "prepared" && part != "extended") return std::nullopt;
    opt.protocols.emplace_back(part);
  }
  if (opt.events < 2000 || opt.seconds < 1 || opt.warmup_seconds < 0 || opt.pool_size < 1 ||
      opt.rounds < 1 || absl::GetFlag(FLAGS_deadline_ms) < 1) {
    return std::nullopt;
  }
  return opt;
}

int Main() {
  std::optional<Options> opt = ReadFlags();
  if (!opt) {
    std::fprintf(stderr,
                 "list_events_load_bench: needs --events >= 2000, --concurrency of numbers >= 1, "
                 "--seconds >= 1, --warmup_seconds >= 0, --pool_size >= 1, --rounds >= 1, "
                 "--deadline_ms >= 1, --pgbench_protocols of prepared and extended\n");
    return 2;
  }
  const KeptDatabase kept{.reuse = absl::GetFlag(FLAGS_database),
                          .keep = absl::GetFlag(FLAGS_keep_database)};
  const std::string source_dir = TIMELINE_SOURCE_DIR;
  return WithThrowawayDatabase(
      "list_events_load_bench", absl::GetFlag(FLAGS_database_url), source_dir,
      [&](const std::string& url) { return Run(url, source_dir, *opt); }, kept);
}

}  // namespace
}  // namespace timeline::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "list_events_load_bench [--database_url=URL] [--events=N | --database=NAME] "
      "[--keep_database]\n"
      "                       [--concurrency=16,64] [--seconds=S] [--pool_size=N] "
      "[--pgbench_protocols=prepared,extended]\n"
      "ListEvents throughput at N callers against pgbench running the same statements at N "
      "clients. See bench/README.md.");
  absl::ParseCommandLine(argc, argv);
  try {
    return timeline::bench::Main();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "list_events_load_bench: %s\n", e.what());
    return 1;
  }
}
