// The repository and the server when the database cannot be reached: every call answers
// UNAVAILABLE promptly (no hang, with or without a deadline), health checks answer NOT_SERVING,
// validation still answers first, and a repository whose connections were killed reconnects
// (without failing a call when the connections were idle).
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "seed_names.h"
#include "storage/migrator.h"

namespace timeline::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kClosedPortUrl[] = "postgresql://postgres@127.0.0.1:1/timeline";

TEST(UnreachableDatabaseTest, RepositoryAnswersUnavailable) {
  storage::PgRepository repo(kClosedPortUrl, 2);
  const storage::CallContext ctx = Until(absl::Now() + absl::Seconds(10));
  EXPECT_EQ(repo.GetEvent(ctx, IdOf(seed_data::kAttacks)).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(repo.GetActor(ctx, IdOf(seed_data::kGoita)).status().code(),
            absl::StatusCode::kUnavailable);
  domain::NameQuery query;
  query.match_key = "goita";
  EXPECT_EQ(repo.ListActors(ctx, query).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(repo.Ping(ctx).code(), absl::StatusCode::kUnavailable);
  // No deadline at all: still a prompt UNAVAILABLE, not a hang.
  EXPECT_EQ(repo.GetSource(storage::CallContext{}, "x").status().code(),
            absl::StatusCode::kUnavailable);

  EXPECT_EQ(storage::Migrate(kClosedPortUrl, ProjectMigrations()).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(UnreachableDatabaseTest, ServerAnswersUnavailableAndNotServing) {
  storage::PgRepository repo(kClosedPortUrl, 2);
  server::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.max_threads = 8;
  absl::StatusOr<std::unique_ptr<server::TimelineServer>> server =
      server::TimelineServer::Start(repo, options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                                     grpc::InsecureChannelCredentials());
  auto events = v1::EventService::NewStub(channel);
  auto actors = v1::ActorService::NewStub(channel);
  auto places = v1::PlaceService::NewStub(channel);
  auto sources = v1::SourceService::NewStub(channel);
  auto health = grpc::health::v1::Health::NewStub(channel);

  std::vector<std::pair<std::string, grpc::Status>> calls;
  auto call = [&](const std::string& what, auto&& rpc) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    calls.emplace_back(what, rpc(&ctx));
  };
  call("GetEvent", [&](grpc::ClientContext* ctx) {
    v1::GetEventRequest r;
    r.set_name(seed_data::kAttacks);
    v1::Event out;
    return events->GetEvent(ctx, r, &out);
  });
  call("ListEvents", [&](grpc::ClientContext* ctx) {
    v1::ListEventsRequest r;
    r.add_places(seed_data::kMali);
    v1::ListEventsResponse out;
    return events->ListEvents(ctx, r, &out);
  });
  call("CreateEvent", [&](grpc::ClientContext* ctx) {
    v1::CreateEventRequest r;
    r.mutable_event()->set_title("t");
    r.mutable_event()->set_event_type("attack");
    r.mutable_event()->mutable_time()->set_precision(v1::PRECISION_UNKNOWN);
    v1::Event out;
    return events->CreateEvent(ctx, r, &out);
  });
  call("UpdateEvent", [&](grpc::ClientContext* ctx) {
    v1::UpdateEventRequest r;
    r.mutable_event()->set_name(seed_data::kAttacks);
    r.mutable_event()->set_title("t");
    r.mutable_update_mask()->add_paths("title");
    v1::Event out;
    return events->UpdateEvent(ctx, r, &out);
  });
  call("DeleteEvent", [&](grpc::ClientContext* ctx) {
    v1::DeleteEventRequest r;
    r.set_name(seed_data::kAttacks);
    v1::Event out;
    return events->DeleteEvent(ctx, r, &out);
  });
  call("GetActor", [&](grpc::ClientContext* ctx) {
    v1::GetActorRequest r;
    r.set_name(seed_data::kGoita);
    v1::Actor out;
    return actors->GetActor(ctx, r, &out);
  });
  call("ListActors", [&](grpc::ClientContext* ctx) {
    v1::ListActorsRequest r;
    r.set_query("Goïta");
    v1::ListActorsResponse out;
    return actors->ListActors(ctx, r, &out);
  });
  call("CreateActor", [&](grpc::ClientContext* ctx) {
    v1::CreateActorRequest r;
    r.mutable_actor()->set_display_name("A");
    r.mutable_actor()->set_kind(v1::PERSON);
    v1::Actor out;
    return actors->CreateActor(ctx, r, &out);
  });
  call("GetPlace", [&](grpc::ClientContext* ctx) {
    v1::GetPlaceRequest r;
    r.set_name(seed_data::kMali);
    v1::Place out;
    return places->GetPlace(ctx, r, &out);
  });
  call("ListPlaces", [&](grpc::ClientContext* ctx) {
    v1::ListPlacesRequest r;
    r.set_parent(seed_data::kMali);
    v1::ListPlacesResponse out;
    return places->ListPlaces(ctx, r, &out);
  });
  call("CreatePlace", [&](grpc::ClientContext* ctx) {
    v1::CreatePlaceRequest r;
    r.mutable_place()->set_display_name("P");
    r.mutable_place()->set_kind(v1::COUNTRY);
    v1::Place out;
    return places->CreatePlace(ctx, r, &out);
  });
  call("GetSource", [&](grpc::ClientContext* ctx) {
    v1::GetSourceRequest r;
    r.set_name("sources/x");
    v1::Source out;
    return sources->GetSource(ctx, r, &out);
  });
  call("ListSources", [&](grpc::ClientContext* ctx) {
    v1::ListSourcesRequest r;
    v1::ListSourcesResponse out;
    return sources->ListSources(ctx, r, &out);
  });
  call("CreateSource", [&](grpc::ClientContext* ctx) {
    v1::CreateSourceRequest r;
    r.mutable_source()->set_publisher("P");
    v1::Source out;
    return sources->CreateSource(ctx, r, &out);
  });
  for (const auto& [what, status] : calls) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
        << what << ": " << status.error_code() << " " << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("database")) << what;
  }

  // The server itself is up: it answers health checks, with NOT_SERVING.
  for (const std::string service : {"", "timeline.v1.EventService"}) {
    grpc::ClientContext ctx;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(&ctx, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::NOT_SERVING) << service;
  }
  // Validation still answers first.
  {
    grpc::ClientContext ctx;
    v1::GetEventRequest r;
    r.set_name("not-a-name");
    v1::Event out;
    EXPECT_EQ(events->GetEvent(&ctx, r, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  (*server)->Shutdown(absl::Seconds(2));
  (*server)->Wait();
}

TEST(UnreachableDatabaseTest, RepositoryRecoversWhenItsConnectionsAreKilled) {
  TimelineEnv env({.load_seed = false, .pool_size = 2});
  const storage::CallContext ctx = Until(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(env.repo().Ping(ctx).ok());
  {
    // Kill every session of the service's database but this one.
    pqxx::connection conn(env.database_url());
    pqxx::nontransaction txn(conn);
    txn.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }
  // The pooled connection is dead: that call may fail, but only as UNAVAILABLE (retryable), and
  // the next one reconnects.
  absl::Status first = env.repo().Ping(ctx);
  EXPECT_TRUE(first.ok() || absl::IsUnavailable(first)) << first;
  absl::Status second = env.repo().Ping(ctx);
  EXPECT_TRUE(second.ok()) << second;
  absl::StatusOr<v1::Actor> missing = env.repo().GetActor(ctx, "nobody-at-all");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

// A restart or a failover closes every connection, idle ones included: the pool notices the
// server's goodbye on an idle connection before a call uses it, so no call fails on one.
TEST(UnreachableDatabaseTest, IdleConnectionsTheServerClosedAreReplacedUnnoticed) {
  TimelineEnv env({.load_seed = false, .pool_size = 2});
  const storage::CallContext ctx = Until(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(env.repo().Ping(ctx).ok());
  for (int round = 0; round < 3; ++round) {
    {
      // Terminated, and waited for (up to 5 s), so their sockets are closed by now.
      pqxx::connection conn(env.database_url());
      pqxx::nontransaction txn(conn);
      pqxx::result killed = txn.exec(
          "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
          "WHERE datname = current_database() AND pid <> pg_backend_pid()");
      ASSERT_GE(killed[0][0].as<int>(), 1) << "round " << round;
    }
    EXPECT_TRUE(env.repo().Ping(ctx).ok()) << "round " << round;
  }
}

}  // namespace
}  // namespace timeline::testing
