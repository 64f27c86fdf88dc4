// timelined: the Timeline server.
//
//   timelined serve   --database_url=URL [--listen=HOST:PORT] [--migrations_dir=DIR]
//                     [--data_dir=DIR]        migrate, load the curated data, serve
//                     [--tls_cert_file=PEM --tls_key_file=PEM [--tls_client_ca_file=PEM]]
//                     [--auth_access_file=FILE]   TLS, mutual TLS, roles for tokens and
//                     [--auth_tokens_file=FILE]   client certificates (README, "Roles")
//                     [--allow_plaintext_non_loopback]  plaintext on a non-loopback --listen
//                     [--pool_size=N --queue_limit=N --cheap_reserve=N]   admission
//                     [--default_statement_time=30s --max_statement_time=120s]
//                     [--read_database_url=URL [--replica_wait=500ms]]  reads from a replica
//                     [--metrics_address=HOST:PORT]   Prometheus /metrics (docs/metrics.md)
//                     [--health_listen=HOST:PORT]   plaintext grpc.health.v1 only, for probes
//                     [--page_token_secret_file=FILE]   key shared by replicas (wins over
//                                                       --page_token_secret)
//   timelined migrate --database_url=URL --migrations_dir=DIR
//   timelined load    --database_url=URL --data_dir=DIR
//
// TIMELINE_DATABASE_URL, TIMELINE_READ_DATABASE_URL, TIMELINE_LISTEN,
// TIMELINE_PAGE_TOKEN_SECRET and TIMELINE_METRICS_ADDRESS stand in for the flags.

#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "api/access_policy.h"
#include "api/health_service.h"
#include "server/health_listener.h"
#include "server/listen_policy.h"
#include "server/page_token_secret.h"
#include "server/prometheus_metrics.h"
#include "server/server.h"
#include "storage/count_folder.h"
#include "storage/migrator.h"
#include "storage/pg_name_rekey.h"
#include "storage/pg_place_time_zones.h"
#include "storage/pg_repository.h"
#include "storage/replica_reads.h"
#include "storage/seed_loader.h"

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

int DefaultPoolSize() { return 2 * std::max(1u, std::thread::hardware_concurrency()); }

}  // namespace

ABSL_FLAG(std::string, database_url, Env("TIMELINE_DATABASE_URL"),
          "PostgreSQL connection URL (default: $TIMELINE_DATABASE_URL)");
ABSL_FLAG(std::string, listen,
          Env("TIMELINE_LISTEN").empty() ? "127.0.0.1:50051" : Env("TIMELINE_LISTEN"),
          "host:port to serve on (default: $TIMELINE_LISTEN or 127.0.0.1:50051)");
ABSL_FLAG(std::string, metrics_address, Env("TIMELINE_METRICS_ADDRESS"),
          "host:port to serve Prometheus metrics on, GET /metrics; port 0 picks a free one "
          "(default: $TIMELINE_METRICS_ADDRESS, else no metrics)");
ABSL_FLAG(std::string, migrations_dir, "", "apply the migrations in this folder first");
ABSL_FLAG(std::string, data_dir, "", "load the curated data files in this folder first");
ABSL_FLAG(int, pool_size, DefaultPoolSize(),
          "database connections, and so calls served at once (default: 2 x cores)");
ABSL_FLAG(int, queue_limit, 64,
          "calls that may wait for a database connection at once; one more is answered "
          "RESOURCE_EXHAUSTED");
ABSL_FLAG(int, cheap_reserve, -1,
          "connections that costly calls (text-search filters, ListRelatedActors, ingest) never "
          "take, kept for cheap ones (default: a quarter of --pool_size, at least 1)");
ABSL_FLAG(absl::Duration, default_statement_time, absl::Seconds(30),
          "how long a call without a deadline may run its SQL");
ABSL_FLAG(absl::Duration, max_statement_time, absl::Seconds(120),
          "how long any call may run its SQL, whatever its deadline");
ABSL_FLAG(std::string, read_database_url, Env("TIMELINE_READ_DATABASE_URL"),
          "serve reads from this PostgreSQL replica, e.g. with target_session_attrs=prefer-standby "
          "(docs/replicas.md; default: $TIMELINE_READ_DATABASE_URL, else every call on "
          "--database_url)");
ABSL_FLAG(absl::Duration, replica_wait, absl::Milliseconds(500),
          "how long a read with a consistency token waits for the replica to catch up before it "
          "reads the primary");
ABSL_FLAG(std::string, page_token_secret, Env("TIMELINE_PAGE_TOKEN_SECRET"),
          "key that signs page tokens; replicas behind one address must share it "
          "(default: $TIMELINE_PAGE_TOKEN_SECRET, else random per process)");
ABSL_FLAG(std::string, page_token_secret_file, "",
          "read the page-token key from this file (trailing newline ignored, at least 16 "
          "bytes), so it is not on the command line; wins over --page_token_secret");

ABSL_FLAG(std::string, health_listen, "",
          "also serve grpc.health.v1, and nothing else, in plaintext on this host:port, for "
          "probes that cannot use TLS (Kubernetes' gRPC probes); default: none");

ABSL_FLAG(std::string, tls_cert_file, "",
          "serve TLS with this PEM certificate chain (default: plaintext)");
ABSL_FLAG(std::string, tls_key_file, "", "the PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "require client certificates signed by this PEM CA (mutual TLS)");
ABSL_FLAG(std::string, auth_access_file, "",
          "grant roles (reader, writer, admin) to bearer tokens and client certificate subjects "
          "from this file, lines \"<principal> <role> token|subject|cn <credential>\"; every "
          "other call is refused (needs TLS; health and reflection stay open)");
ABSL_FLAG(std::string, auth_tokens_file, "",
          "older form: tokens from this file, one per line, each with role admin as principal "
          "token-<line> (needs TLS)");
ABSL_FLAG(bool, allow_plaintext_non_loopback, false,
          "serve plaintext on a --listen address other machines can reach (default: refuse to "
          "start; only for a listener protected otherwise, e.g. by a TLS proxy)");

namespace {

using timeline::storage::LoadReport;

absl::StatusOr<std::string> ReadFile(const std::string& flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("--", flag, ": cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Fills options.tls and options.grants from the flags' files.
absl::Status ReadSecurityFlags(timeline::server::ServerOptions& options) {
  const std::pair<const char*, std::string*> files[] = {
      {"tls_cert_file", &options.tls.certificate_chain},
      {"tls_key_file", &options.tls.private_key},
      {"tls_client_ca_file", &options.tls.client_ca}};
  const std::string paths[] = {absl::GetFlag(FLAGS_tls_cert_file),
                               absl::GetFlag(FLAGS_tls_key_file),
                               absl::GetFlag(FLAGS_tls_client_ca_file)};
  for (size_t i = 0; i < std::size(files); ++i) {
    if (paths[i].empty()) continue;
    absl::StatusOr<std::string> text = ReadFile(files[i].first, paths[i]);
    if (!text.ok()) return text.status();
    *files[i].second = *std::move(text);
  }
  const std::pair<const char*, decltype(&timeline::api::ParseAccessFile)> grant_files[] = {
      {"auth_access_file", &timeline::api::ParseAccessFile},
      {"auth_tokens_file", &timeline::api::ParseTokenFile}};
  const std::string grant_paths[] = {absl::GetFlag(FLAGS_auth_access_file),
                                     absl::GetFlag(FLAGS_auth_tokens_file)};
  for (size_t i = 0; i < std::size(grant_files); ++i) {
    if (grant_paths[i].empty()) continue;
    absl::StatusOr<std::string> text = ReadFile(grant_files[i].first, grant_paths[i]);
    if (!text.ok()) return text.status();
    absl::StatusOr<std::vector<timeline::api::Grant>> grants = grant_files[i].second(*text);
    if (!grants.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--", grant_files[i].first, " ", grant_paths[i], ": ", grants.status().message()));
    }
    for (timeline::api::Grant& grant : *grants) options.grants.push_back(std::move(grant));
  }
  return absl::OkStatus();
}

timeline::storage::PoolOptions PoolOptionsFromFlags(timeline::observability::Metrics* metrics) {
  timeline::storage::PoolOptions pool;
  pool.metrics = metrics;
  pool.size = std::max(1, absl::GetFlag(FLAGS_pool_size));
  pool.queue_limit = std::max(0, absl::GetFlag(FLAGS_queue_limit));
  pool.cheap_reserve = absl::GetFlag(FLAGS_cheap_reserve) >= 0 ? absl::GetFlag(FLAGS_cheap_reserve)
                                                               : std::max(1, pool.size / 4);
  pool.default_statement_time = absl::GetFlag(FLAGS_default_statement_time);
  pool.max_statement_time = absl::GetFlag(FLAGS_max_statement_time);
  return pool;
}

int Fail(absl::string_view what, const absl::Status& status) {
  std::cerr << "timelined: " << what << ": " << status << "\n";
  return 1;
}

bool RunMigrations(const std::string& url, const std::string& dir) {
  auto files = timeline::storage::ReadMigrations(dir);
  if (!files.ok()) return Fail("migrate", files.status()) == 0;
  auto applied = timeline::storage::Migrate(url, *files);
  if (!applied.ok()) return Fail("migrate", applied.status()) == 0;
  std::cerr << "timelined: schema up to date"
            << (applied->empty() ? ""
                                 : absl::StrCat(" (applied ", absl::StrJoin(*applied, ", "), ")"))
            << "\n";
  // Places stored without a time zone (before the zone rules, or where none applied then) get
  // the one the rules give now; ICU's zone data is not available to SQL migrations.
  auto zones = timeline::storage::pg::FillMissingTimeZones(url);
  if (!zones.ok()) return Fail("migrate", zones.status()) == 0;
  if (zones->by_country + zones->by_ancestor + zones->by_nearest > 0 || zones->without > 0) {
    std::cerr << "timelined: time zones given to " << zones->by_country << " places by country, "
              << zones->by_ancestor << " by ancestor, " << zones->by_nearest
              << " by nearest place; " << zones->without << " places without one\n";
  }
  // Names keyed by older match-key rules get the current rules' keys (ICU, like the zones).
  auto rekey = timeline::storage::pg::RekeyNames(url);
  if (!rekey.ok()) return Fail("migrate", rekey.status()) == 0;
  if (rekey->to_version != rekey->from_version && rekey->names > 0) {
    std::cerr << "timelined: names re-keyed from match-key rules " << rekey->from_version << " to "
              << rekey->to_version << ": " << rekey->changed << " of " << rekey->names
              << " keys changed\n";
  }
  return true;
}

bool LoadData(timeline::storage::Repository& repo, const std::string& dir) {
  absl::StatusOr<LoadReport> report = timeline::storage::LoadSeedDirectory(repo, dir);
  if (!report.ok()) return Fail("load", report.status()) == 0;
  std::cerr << "timelined: data loaded from " << dir << ": " << report->created << " created, "
            << report->updated << " updated, " << report->unchanged << " unchanged\n";
  return true;
}

sigset_t StopSignals() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  return stop;
}

// Blocks SIGINT and SIGTERM in this thread and so in every thread started after it; Serve's
// waiter takes them with sigwait. It must come before the repository starts its threads (the
// change listener), or the kernel may deliver a SIGTERM to one of those and kill the process
// without a graceful shutdown.
void BlockStopSignals() {
  sigset_t stop = StopSignals();
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
}

// Serves /metrics on --metrics_address, the pool sampled at each scrape; logs the port bound.
// Returns the scrape hook to remove before the repository goes.
absl::StatusOr<int> ServeMetrics(timeline::server::PrometheusMetrics& metrics,
                                 timeline::storage::PgRepository& repo) {
  const int pool_hook = metrics.AddScrapeHook(
      [&repo](timeline::server::PrometheusMetrics& m) { m.SetPoolStats(repo.pool_stats()); });
  const std::string listen = absl::GetFlag(FLAGS_metrics_address);
  absl::StatusOr<int> port = metrics.Serve(listen);
  if (!port.ok()) {
    metrics.RemoveScrapeHook(pool_hook);
    return port.status();
  }
  std::cerr << "timelined: metrics on " << listen << " (port " << *port << "), GET /metrics\n";
  return pool_hook;
}

// Serves `repo`: the primary's repository, or the replica-reading one that wraps it (`primary`,
// whose pool the metrics sample).
int Serve(timeline::storage::Repository& repo, timeline::storage::PgRepository& primary,
          const std::string& page_token_secret, timeline::server::PrometheusMetrics* metrics) {
  sigset_t stop = StopSignals();

  timeline::server::ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.page_token_secret = page_token_secret;
  options.max_threads =
      timeline::server::ThreadCap(absl::GetFlag(FLAGS_pool_size), absl::GetFlag(FLAGS_queue_limit));
  if (absl::Status s = ReadSecurityFlags(options); !s.ok()) return Fail("serve", s);
  options.metrics = metrics;
  auto server = timeline::server::TimelineServer::Start(repo, options);
  if (!server.ok()) return Fail("serve", server.status());
  std::cerr << "timelined: serving on " << options.listen << " (port " << (*server)->port()
            << (options.tls.certificate_chain.empty() ? ", plaintext" : ", TLS")
            << (options.tls.client_ca.empty() ? "" : ", client certificates required")
            << (options.grants.empty() ? ", no access control: every call runs as admin"
                                       : ", roles from the access file")
            << ")\n";
  std::unique_ptr<timeline::server::HealthListener> health;
  if (const std::string health_listen = absl::GetFlag(FLAGS_health_listen);
      !health_listen.empty()) {
    auto started = timeline::server::HealthListener::Start(repo, health_listen);
    if (!started.ok()) return Fail("serve", started.status());
    health = *std::move(started);
    std::cerr << "timelined: health checks on " << health_listen << " (port " << health->port()
              << ", plaintext)\n";
  }

  std::optional<int> pool_hook;
  if (metrics != nullptr) {
    absl::StatusOr<int> hook = ServeMetrics(*metrics, primary);
    if (!hook.ok()) return Fail("serve", hook.status());
    pool_hook = *hook;
  }

  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop, &signal);
    std::cerr << "timelined: stopping\n";
    if (health != nullptr) health->Shutdown(absl::Seconds(1));
    (*server)->Shutdown(absl::Seconds(10));
  });
  (*server)->Wait();
  waiter.join();
  if (pool_hook) metrics->RemoveScrapeHook(*pool_hook);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "timelined serve|migrate|load [flags]\n"
      "  serve    apply --migrations_dir, load --data_dir, then serve gRPC on --listen\n"
      "  migrate  apply the migrations in --migrations_dir\n"
      "  load     load the curated data files in --data_dir");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() != 2) {
    std::cerr << absl::ProgramUsageMessage() << "\n";
    return 2;
  }
  const std::string command = args[1];
  const std::string url = absl::GetFlag(FLAGS_database_url);
  if (url.empty()) {
    std::cerr << "timelined: --database_url (or TIMELINE_DATABASE_URL) is required\n";
    return 2;
  }
  const std::string migrations_dir = absl::GetFlag(FLAGS_migrations_dir);
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);

  if (command == "migrate") {
    if (migrations_dir.empty()) {
      std::cerr << "timelined: migrate needs --migrations_dir\n";
      return 2;
    }
    return RunMigrations(url, migrations_dir) ? 0 : 1;
  }
  if (command != "serve" && command != "load") {
    std::cerr << "timelined: unknown command \"" << command << "\"\n"
              << absl::ProgramUsageMessage() << "\n";
    return 2;
  }
  std::string page_token_secret;
  if (command == "serve") {  // before anything touches the database
    absl::Status allowed = timeline::server::CheckPlaintextListen(
        absl::GetFlag(FLAGS_listen), !absl::GetFlag(FLAGS_tls_cert_file).empty(),
        absl::GetFlag(FLAGS_allow_plaintext_non_loopback));
    if (!allowed.ok()) {
      Fail("serve", allowed);
      return 2;
    }
    absl::StatusOr<std::string> secret = timeline::server::ChoosePageTokenSecret(
        absl::GetFlag(FLAGS_page_token_secret), absl::GetFlag(FLAGS_page_token_secret_file));
    if (!secret.ok()) {
      Fail("serve", secret.status());
      return 2;
    }
    page_token_secret = *std::move(secret);
  }
  if (command == "serve" && !migrations_dir.empty() && !RunMigrations(url, migrations_dir)) {
    return 1;
  }
  if (command == "serve" && absl::GetFlag(FLAGS_replica_wait) < absl::ZeroDuration()) {
    std::cerr << "timelined: --replica_wait must not be negative\n";
    return 2;
  }
  if (command == "serve") BlockStopSignals();
  std::unique_ptr<timeline::server::PrometheusMetrics> metrics;
  if (command == "serve" && !absl::GetFlag(FLAGS_metrics_address).empty()) {
    metrics = std::make_unique<timeline::server::PrometheusMetrics>();
  }
  const std::string read_url = command == "serve" ? absl::GetFlag(FLAGS_read_database_url) : "";
  timeline::storage::PoolOptions pool = PoolOptionsFromFlags(metrics.get());
  pool.report_wal_position = !read_url.empty();
  timeline::storage::PgRepository repo(url, pool);
  if (command == "load") {
    if (data_dir.empty()) {
      std::cerr << "timelined: load needs --data_dir\n";
      return 2;
    }
    return LoadData(repo, data_dir) ? 0 : 1;
  }
  if (!data_dir.empty() && !LoadData(repo, data_dir)) return 1;  // on the primary: it writes
  // CountEvents' sums, folded on the primary.
  const timeline::storage::CountFolder folder(url, absl::Seconds(1), metrics.get());
  if (read_url.empty()) return Serve(repo, repo, page_token_secret, metrics.get());
  timeline::storage::ReplicaOptions replica;
  replica.max_wait = absl::GetFlag(FLAGS_replica_wait);
  replica.monitor.metrics = metrics.get();
  timeline::storage::ReplicaReadRepository replicated(repo, url, read_url, pool, replica);
  return Serve(replicated, repo, page_token_secret, metrics.get());
}
