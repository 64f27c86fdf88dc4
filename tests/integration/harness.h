// The integration test environment: a throw-away database on the test cluster (started by the
// CTest fixture through scripts/pg-cluster), migrated from migrations/, optionally loaded with
// data/, and a real timelined server on 127.0.0.1 with a free port, reached over a real socket.
//
// Test suites get one environment each from integration_suite.h; a test that needs a database of
// its own makes a TimelineEnv (or, without a server, a ScratchDatabase) on the stack:
//
//   TimelineEnv env({.load_seed = false});
//   grpc::ClientContext ctx;
//   env.events().ListEvents(&ctx, request, &response);
//   EXPECT_EQ(SqlNumber(env.database_url(), "SELECT count(*) FROM events"), 0);
//
// The cluster's URL comes from TIMELINE_TEST_DATABASE_URL, or the file named by
// TIMELINE_TEST_PG_URL_FILE (written by `scripts/pg-cluster start`).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "pqxx/pqxx"
#include "server/server.h"
#include "storage/migrator.h"
#include "storage/pg_repository.h"
#include "storage/repository.h"
#include "timeline/v1/actor.grpc.pb.h"
#include "timeline/v1/event.grpc.pb.h"
#include "timeline/v1/ingest.grpc.pb.h"
#include "timeline/v1/place.grpc.pb.h"
#include "timeline/v1/source.grpc.pb.h"

namespace timeline::testing {

// The project's source folder (for migrations/ and data/).
std::string SourceDir();

// The files of the project's migrations/ folder; throws std::runtime_error when it cannot be read.
std::vector<storage::MigrationFile> ProjectMigrations();

// A fresh database on the test cluster, dropped (with any session still on it) when this goes.
class ScratchDatabase {
 public:
  enum class Schema { kEmpty, kMigrated };  // kMigrated: every file of migrations/ applied

  explicit ScratchDatabase(Schema schema = Schema::kEmpty);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& url() const { return url_; }

 private:
  std::string url_;
};

// A fresh folder under the system's temporary directory, deleted with what it holds when this
// goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `text` to the file `name` in the folder.
  void Write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

struct EnvOptions {
  bool load_seed = true;
  int pool_size = 4;
  int queue_limit = 64;
  int cheap_reserve = 1;
  int date_slots = 0;  // DateService.ParseDates searches at once (0: the server's default)
  int date_queue_limit = 8;
  // Set: the pool and the server report to it (it must outlive the environment).
  server::PrometheusMetrics* metrics = nullptr;
};

class TimelineEnv {
 public:
  explicit TimelineEnv(EnvOptions options = {});
  ~TimelineEnv();

  const std::string& database_url() const { return database_.url(); }
  storage::PgRepository& repo() { return *repo_; }
  int port() const { return server_->port(); }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

  v1::EventService::Stub& events() { return *events_; }
  v1::ActorService::Stub& actors() { return *actors_; }
  v1::PlaceService::Stub& places() { return *places_; }
  v1::SourceService::Stub& sources() { return *sources_; }
  v1::IngestService::Stub& ingest() { return *ingest_; }

 private:
  ScratchDatabase database_;  // first, so that it is dropped after everything that uses it
  std::unique_ptr<storage::PgRepository> repo_;
  std::unique_ptr<server::TimelineServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EventService::Stub> events_;
  std::unique_ptr<v1::ActorService::Stub> actors_;
  std::unique_ptr<v1::PlaceService::Stub> places_;
  std::unique_ptr<v1::SourceService::Stub> sources_;
  std::unique_ptr<v1::IngestService::Stub> ingest_;
};

// One number that `sql` selects (a count, an id, a position), its parameters bound as $1, $2...
template <typename... Params>
int64_t SqlNumber(pqxx::connection& conn, const std::string& sql, Params&&... params) {
  pqxx::nontransaction txn(conn);
  return txn.exec_params1(sql, std::forward<Params>(params)...)[0].template as<int64_t>();
}
// The same on a connection of its own to the database at `url`.
template <typename... Params>
int64_t SqlNumber(const std::string& url, const std::string& sql, Params&&... params) {
  pqxx::connection conn(url);
  return SqlNumber(conn, sql, std::forward<Params>(params)...);
}

// The first column of every row `sql` selects, as text, its parameters bound as $1, $2...
template <typename... Params>
std::vector<std::string> SqlColumn(pqxx::connection& conn, const std::string& sql,
                                   Params&&... params) {
  pqxx::nontransaction txn(conn);
  std::vector<std::string> column;
  for (const pqxx::row& row : txn.exec_params(sql, std::forward<Params>(params)...)) {
    column.push_back(row[0].as<std::string>());
  }
  return column;
}
// The same on a connection of its own to the database at `url`.
template <typename... Params>
std::vector<std::string> SqlColumn(const std::string& url, const std::string& sql,
                                   Params&&... params) {
  pqxx::connection conn(url);
  return SqlColumn(conn, sql, std::forward<Params>(params)...);
}

// The id part of a resource name: "bamako-attacks-2024-09" for "events/bamako-attacks-2024-09",
// as the repository and the database's resource_id columns take it.
std::string IdOf(const std::string& resource_name);

// An id no other call in this process gets: "{prefix}-{n}".
std::string Unique(const std::string& prefix);

// A repository call context with only a deadline.
storage::CallContext Until(absl::Time deadline);

// Seconds on the steady clock since `start`, for the timings tests print.
double SecondsSince(std::chrono::steady_clock::time_point start);

}  // namespace timeline::testing
