#include "harness.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "domain/resource_name.h"
#include "storage/seed_loader.h"

namespace timeline::testing {
namespace {

std::string WithDatabase(const std::string& url, const std::string& name) {
  // postgresql://user@host:port/db[?params]
  size_t slash = url.find('/', url.find("://") + 3);
  if (slash == std::string::npos) throw std::runtime_error("unexpected database URL: " + url);
  size_t query = url.find('?', slash);
  return absl::StrCat(url.substr(0, slash + 1), name,
                      query == std::string::npos ? "" : url.substr(query));
}

template <typename T>
T Check(absl::StatusOr<T> value, const char* what) {
  if (!value.ok()) throw std::runtime_error(absl::StrCat(what, ": ", value.status().ToString()));
  return *std::move(value);
}

// The URL of the test cluster's maintenance database.
std::string ClusterUrl() {
  if (const char* url = std::getenv("TIMELINE_TEST_DATABASE_URL"); url != nullptr && *url) {
    return url;
  }
  const char* file = std::getenv("TIMELINE_TEST_PG_URL_FILE");
  if (file == nullptr) {
    throw std::runtime_error(
        "no test database: set TIMELINE_TEST_DATABASE_URL or run through ctest, whose fixture "
        "starts a cluster with scripts/pg-cluster");
  }
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) throw std::runtime_error(absl::StrCat("no URL in ", file));
  return std::string(absl::StripAsciiWhitespace(url));
}

std::string CreateDatabase() {
  const std::string cluster = ClusterUrl();
  const std::string name = absl::StrCat("test_", domain::GenerateResourceId());
  pqxx::connection conn(cluster);
  pqxx::nontransaction txn(conn);
  txn.exec(absl::StrCat("CREATE DATABASE ", txn.quote_name(name)));
  return WithDatabase(cluster, name);
}

void DropDatabase(const std::string& url) {
  const std::string name = url.substr(url.rfind('/') + 1);
  pqxx::connection conn(ClusterUrl());
  pqxx::nontransaction txn(conn);
  txn.exec(absl::StrCat("DROP DATABASE IF EXISTS ", txn.quote_name(name), " WITH (FORCE)"));
}

}  // namespace

std::string SourceDir() { return TIMELINE_SOURCE_DIR; }

std::vector<storage::MigrationFile> ProjectMigrations() {
  return Check(storage::ReadMigrations(SourceDir() + "/migrations"), "read migrations");
}

ScratchDatabase::ScratchDatabase(Schema schema) : url_(CreateDatabase()) {
  if (schema == Schema::kMigrated) Check(storage::Migrate(url_, ProjectMigrations()), "migrate");
}

ScratchDatabase::~ScratchDatabase() { DropDatabase(url_); }

TempDir::TempDir()
    : path_(std::filesystem::temp_directory_path() /
            absl::StrCat("timeline-", domain::GenerateResourceId())) {
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void TempDir::Write(const std::string& name, const std::string& text) const {
  std::ofstream out(path_ / name, std::ios::binary);
  out << text;
}

TimelineEnv::TimelineEnv(EnvOptions options) : database_(ScratchDatabase::Schema::kMigrated) {
  repo_ = std::make_unique<storage::PgRepository>(
      database_.url(), storage::PoolOptions{.size = options.pool_size,
                                            .cheap_reserve = options.cheap_reserve,
                                            .queue_limit = options.queue_limit,
                                            .metrics = options.metrics});
  if (options.load_seed) {
    Check(storage::LoadSeedDirectory(*repo_, SourceDir() + "/data"), "load data");
  }
  server::ServerOptions server_options;
  server_options.listen = "127.0.0.1:0";
  server_options.max_threads = server::ThreadCap(options.pool_size, options.queue_limit);
  server_options.dates = {.slots = options.date_slots, .queue_limit = options.date_queue_limit};
  server_options.metrics = options.metrics;
  server_ = Check(server::TimelineServer::Start(*repo_, server_options), "start server");
  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                 grpc::InsecureChannelCredentials());
  events_ = v1::EventService::NewStub(channel_);
  actors_ = v1::ActorService::NewStub(channel_);
  places_ = v1::PlaceService::NewStub(channel_);
  sources_ = v1::SourceService::NewStub(channel_);
  ingest_ = v1::IngestService::NewStub(channel_);
}

TimelineEnv::~TimelineEnv() {
  server_->Shutdown(absl::Seconds(5));
  server_->Wait();
  server_.reset();  // before the repository it uses (watch streams read it to the end)
  repo_.reset();
}

std::string IdOf(const std::string& resource_name) {
  return resource_name.substr(resource_name.find('/') + 1);
}

std::string Unique(const std::string& prefix) {
  static std::atomic<int> counter = 0;
  return absl::StrCat(prefix, "-", ++counter);
}

storage::CallContext Until(absl::Time deadline) {
  storage::CallContext ctx;
  ctx.deadline = deadline;
  return ctx;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace timeline::testing
