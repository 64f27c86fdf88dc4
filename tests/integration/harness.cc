#include "harness.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "domain/resource_name.h"
#include "google/protobuf/util/time_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "storage/migrator.h"
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

}  // namespace

std::string SourceDir() { return TIMELINE_SOURCE_DIR; }

std::string TimelineEnv::ClusterUrl() {
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

std::string TimelineEnv::CreateDatabase() {
  const std::string cluster = ClusterUrl();
  const std::string name = absl::StrCat("test_", domain::GenerateResourceId());
  pqxx::connection conn(cluster);
  pqxx::nontransaction txn(conn);
  txn.exec(absl::StrCat("CREATE DATABASE ", txn.quote_name(name)));
  return WithDatabase(cluster, name);
}

void TimelineEnv::DropDatabase(const std::string& url) {
  const std::string name = url.substr(url.rfind('/') + 1);
  pqxx::connection conn(ClusterUrl());
  pqxx::nontransaction txn(conn);
  txn.exec(absl::StrCat("DROP DATABASE IF EXISTS ", txn.quote_name(name), " WITH (FORCE)"));
}

TimelineEnv::TimelineEnv(EnvOptions options) : database_url_(CreateDatabase()) {
  auto files = Check(storage::ReadMigrations(SourceDir() + "/migrations"), "read migrations");
  Check(storage::Migrate(database_url_, files), "migrate");
  repo_ = std::make_unique<storage::PgRepository>(database_url_, options.pool_size);
  if (options.load_seed) {
    Check(storage::LoadSeedDirectory(*repo_, SourceDir() + "/data"), "load data");
  }
  server::ServerOptions server_options;
  server_options.listen = "127.0.0.1:0";
  server_options.max_threads = 4 * options.pool_size + 8;
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
  DropDatabase(database_url_);
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return fields;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      for (const auto& fv : bad.field_violations()) fields.push_back(fv.field());
    }
  }
  return fields;
}

google::protobuf::Timestamp Ts(const std::string& rfc3339) {
  google::protobuf::Timestamp ts;
  if (!google::protobuf::util::TimeUtil::FromString(rfc3339, &ts)) {
    throw std::runtime_error("bad timestamp " + rfc3339);
  }
  return ts;
}

v1::TimeRange Range(const std::string& start, const std::string& end, v1::TimeRange::Match match) {
  v1::TimeRange range;
  if (!start.empty()) *range.mutable_start_time() = Ts(start);
  if (!end.empty()) *range.mutable_end_time() = Ts(end);
  range.set_match(match);
  return range;
}

std::vector<std::string> ListAllEventNames(v1::EventService::Stub& events,
                                           v1::ListEventsRequest request) {
  std::vector<std::string> names;
  for (int pages = 0; pages < 10'000; ++pages) {
    grpc::ClientContext ctx;
    v1::ListEventsResponse response;
    grpc::Status status = events.ListEvents(&ctx, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const auto& e : response.events()) names.push_back(e.name());
    if (!status.ok() || response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return names;
}

}  // namespace timeline::testing
