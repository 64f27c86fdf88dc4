// The integration test environment: a throw-away database on the test cluster (started by the
// CTest fixture through scripts/pg-cluster), migrated from migrations/, optionally loaded with
// data/, and a real timelined server on 127.0.0.1 with a free port, reached over a real socket.
//
//   static TimelineEnv* env;  // in SetUpTestSuite: env = new TimelineEnv({.load_seed = true});
//   grpc::ClientContext ctx;
//   env->events().ListEvents(&ctx, request, &response);
//
// The cluster's URL comes from TIMELINE_TEST_DATABASE_URL, or the file named by
// TIMELINE_TEST_PG_URL_FILE (written by `scripts/pg-cluster start`).
#pragma once

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "pqxx/pqxx"
#include "server/server.h"
#include "storage/pg_repository.h"
#include "timeline/v1/actor.grpc.pb.h"
#include "timeline/v1/event.grpc.pb.h"
#include "timeline/v1/ingest.grpc.pb.h"
#include "timeline/v1/place.grpc.pb.h"
#include "timeline/v1/source.grpc.pb.h"

namespace timeline::testing {

struct EnvOptions {
  bool load_seed = true;
  int pool_size = 4;
};

class TimelineEnv {
 public:
  explicit TimelineEnv(EnvOptions options = {});
  ~TimelineEnv();

  // The URL of the test cluster's maintenance database.
  static std::string ClusterUrl();
  // A fresh, empty database on the test cluster; dropped by DropDatabase.
  static std::string CreateDatabase();
  static void DropDatabase(const std::string& url);

  const std::string& database_url() const { return database_url_; }
  storage::PgRepository& repo() { return *repo_; }
  int port() const { return server_->port(); }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

  v1::EventService::Stub& events() { return *events_; }
  v1::ActorService::Stub& actors() { return *actors_; }
  v1::PlaceService::Stub& places() { return *places_; }
  v1::SourceService::Stub& sources() { return *sources_; }
  v1::IngestService::Stub& ingest() { return *ingest_; }

 private:
  std::string database_url_;
  std::unique_ptr<storage::PgRepository> repo_;
  std::unique_ptr<server::TimelineServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EventService::Stub> events_;
  std::unique_ptr<v1::ActorService::Stub> actors_;
  std::unique_ptr<v1::PlaceService::Stub> places_;
  std::unique_ptr<v1::SourceService::Stub> sources_;
  std::unique_ptr<v1::IngestService::Stub> ingest_;
};

// The project's source folder (for migrations/ and data/).
std::string SourceDir();

// The field paths of a failed call's google.rpc.BadRequest details, in order.
std::vector<std::string> ViolatedFields(const grpc::Status& status);

// A time range over RFC 3339 bounds; an empty bound leaves that side unbounded.
v1::TimeRange Range(const std::string& start, const std::string& end,
                    v1::TimeRange::Match match = v1::TimeRange::MATCH_UNSPECIFIED);

// The names of every event `request` selects, following next_page_token to the end.
std::vector<std::string> ListAllEventNames(v1::EventService::Stub& events,
                                           v1::ListEventsRequest request);

// Returns `ts` parsed from RFC 3339 ("2024-09-01T00:00:00Z").
google::protobuf::Timestamp Ts(const std::string& rfc3339);

}  // namespace timeline::testing
