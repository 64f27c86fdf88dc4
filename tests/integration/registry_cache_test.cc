// A merge made on one server reaches the name cache of another serving the same database: the
// second server's later imports of the merged actor's names link the survivor, not the
// tombstone, although it had resolved (and cached) those names before the merge. A server
// started afterwards resolves them to the survivor too. The same holds for the administrative
// divisions new places are created under, which the cache keeps as well.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "server/server.h"
#include "storage/pg_repository.h"

namespace timeline::testing {
namespace {

// A second server over the database of `env`, with a repository (and a name cache) of its own,
// as a replica of the service would have.
class Replica {
 public:
  explicit Replica(const std::string& database_url)
      : repo_(std::make_unique<storage::PgRepository>(database_url, 2)) {
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    auto started = server::TimelineServer::Start(*repo_, options);
    EXPECT_TRUE(started.ok()) << started.status();
    if (!started.ok()) return;
    server_ = *std::move(started);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
  }
  ~Replica() {
    if (server_ != nullptr) {
      server_->Shutdown(absl::Seconds(5));
      server_->Wait();
    }
  }
  bool ok() const { return server_ != nullptr; }
  std::unique_ptr<v1::IngestService::Stub> ingest() { return v1::IngestService::NewStub(channel_); }
  std::unique_ptr<v1::ActorService::Stub> actors() { return v1::ActorService::NewStub(channel_); }

 private:
  std::unique_ptr<storage::PgRepository> repo_;
  std::unique_ptr<server::TimelineServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

// An attack reported on `date`, as this suite's imports send it.
v1::IngestRecord AttackRecord(const std::string& external_id, const std::string& title,
                              const std::string& date) {
  v1::IngestRecord record;
  record.mutable_external_id()->set_system("cache-test");
  record.mutable_external_id()->set_id(external_id);
  record.set_title(title);
  record.set_event_type("attack");
  record.mutable_date()->set_text(date);
  return record;
}

// A record of an armed group's attack near Ménaka, naming the group as a report would.
v1::IngestRecord AttackBy(const std::string& group, const std::string& external_id) {
  v1::IngestRecord record = AttackRecord(
      external_id, absl::StrCat("Attack near Ménaka claimed by ", group), "2024-03-11");
  v1::IngestActor* actor = record.add_actors();
  actor->set_name(group);
  actor->set_kind(v1::ARMED_GROUP);
  actor->set_country_code("ML");
  actor->set_role(v1::INITIATOR);
  return record;
}

// The actor one record of a stream resolved to; fails the test unless the stream succeeded.
std::string ActorOf(const IngestOutcome& outcome, int record) {
  EXPECT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  if (outcome.response.results_size() <= record) return "";
  const v1::IngestResult& result = outcome.response.results(record);
  EXPECT_NE(result.outcome(), v1::IngestResult::REJECTED) << result.DebugString();
  return result.actors_size() == 0 ? "" : result.actors(0);
}

TEST(RegistryCacheTest, AMergeOnOneServerReachesTheOtherServersNameCache) {
  TimelineEnv env({.load_seed = false});
  Replica replica(env.database_url());
  ASSERT_TRUE(replica.ok());
  auto replica_ingest = replica.ingest();

  // The replica resolves both names, twice, so that its cache holds them.
  const std::string first = "Katiba Serma", second = "Front de libération du Macina";
  std::string kept, merged;
  for (int round = 0; round < 2; ++round) {
    IngestOutcome outcome = IngestEvents(
        *replica_ingest,
        {AttackBy(first, absl::StrCat("a", round)), AttackBy(second, absl::StrCat("b", round))});
    kept = ActorOf(outcome, 0);
    merged = ActorOf(outcome, 1);
  }
  ASSERT_FALSE(kept.empty());
  ASSERT_FALSE(merged.empty());
  ASSERT_NE(kept, merged);

  // The other server merges them.
  v1::MergeActorsRequest merge;
  merge.set_name(merged);
  merge.set_into(kept);
  merge.set_reason("the same katiba under its older name");
  v1::Actor survivor;
  grpc::ClientContext ctx;
  grpc::Status status = env.actors().MergeActors(&ctx, merge, &survivor);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(survivor.name(), kept);

  // The replica's next import of the merged name links the survivor.
  EXPECT_EQ(ActorOf(IngestEvents(*replica_ingest, {AttackBy(second, "c0")}), 0), kept);
  // And so does a server started now, with an empty cache.
  Replica restarted(env.database_url());
  ASSERT_TRUE(restarted.ok());
  EXPECT_EQ(ActorOf(IngestEvents(*restarted.ingest(), {AttackBy(second, "c1")}), 0), kept);
  // No event links the tombstone.
  EXPECT_EQ(SqlNumber(env.database_url(),
                      "SELECT count(*) FROM event_actors ea JOIN actors a ON a.id = ea.actor_id"
                      " WHERE a.delete_time IS NOT NULL"),
            0);
}

// A record of a market attack in a settlement of the cercle of Ansongo, in the region of Gao,
// named as ACLED names them, with the settlement's own point.
v1::IngestRecord MarketAttackIn(const std::string& settlement, double latitude, double longitude,
                                const std::string& external_id) {
  v1::IngestRecord record =
      AttackRecord(external_id, absl::StrCat("Armed men attack the weekly market of ", settlement),
                   "2024-05-02");
  v1::IngestPlace* place = record.add_places();
  place->set_name(settlement);
  place->set_kind(v1::SETTLEMENT);
  place->set_country_code("ML");
  place->add_admin_names("Gao");
  place->add_admin_names("Ansongo");
  place->mutable_location()->set_latitude(latitude);
  place->mutable_location()->set_longitude(longitude);
  return record;
}

// The parent of the place one record of a stream resolved to.
std::string ParentOfPlace(TimelineEnv& env, const IngestOutcome& outcome, int record) {
  EXPECT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  if (outcome.response.results_size() <= record) return "";
  const v1::IngestResult& result = outcome.response.results(record);
  EXPECT_NE(result.outcome(), v1::IngestResult::REJECTED) << result.DebugString();
  if (result.places_size() == 0) return "";
  v1::GetPlaceRequest get;
  get.set_name(result.places(0));
  v1::Place place;
  grpc::ClientContext ctx;
  grpc::Status status = env.places().GetPlace(&ctx, get, &place);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return place.parent();
}

TEST(RegistryCacheTest, AMergedDivisionIsNotTheParentOfTheOtherServersNextPlace) {
  TimelineEnv env({.load_seed = false});
  Replica replica(env.database_url());
  ASSERT_TRUE(replica.ok());
  auto replica_ingest = replica.ingest();

  // The replica creates the region and the cercle with the first settlement, and finds them in
  // its cache for the second.
  const std::string cercle = ParentOfPlace(
      env, IngestEvents(*replica_ingest, {MarketAttackIn("Tessit", 15.93, 0.31, "t")}), 0);
  ASSERT_FALSE(cercle.empty());
  ASSERT_EQ(
      ParentOfPlace(
          env, IngestEvents(*replica_ingest, {MarketAttackIn("Ouatagouna", 15.18, 0.72, "o")}), 0),
      cercle);

  // The other server merges the cercle the import created into a curated one in the same region.
  v1::GetPlaceRequest get;
  get.set_name(cercle);
  v1::Place created;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env.places().GetPlace(&ctx, get, &created).ok());
  }
  v1::CreatePlaceRequest create;
  create.mutable_place()->set_display_name("Cercle d'Ansongo");
  create.mutable_place()->set_kind(v1::ADMIN_DISTRICT);
  create.mutable_place()->set_parent(created.parent());
  create.mutable_place()->set_country_code("ML");
  create.set_place_id("cercle-ansongo");
  v1::Place curated;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env.places().CreatePlace(&ctx, create, &curated);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::MergePlacesRequest merge;
  merge.set_name(cercle);
  merge.set_into(curated.name());
  merge.set_reason("the same cercle");
  v1::Place survivor;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env.places().MergePlaces(&ctx, merge, &survivor);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // The replica's next new settlement of the cercle goes under the survivor, which now holds the
  // name "Ansongo"; so does one of a server started now.
  EXPECT_EQ(ParentOfPlace(
                env, IngestEvents(*replica_ingest, {MarketAttackIn("Bara", 15.53, 0.47, "b")}), 0),
            curated.name());
  Replica restarted(env.database_url());
  ASSERT_TRUE(restarted.ok());
  EXPECT_EQ(
      ParentOfPlace(
          env, IngestEvents(*restarted.ingest(), {MarketAttackIn("Fafa", 15.32, 0.73, "f")}), 0),
      curated.name());
  // No live place lies below the tombstone.
  EXPECT_EQ(SqlNumber(env.database_url(),
                      "SELECT count(*) FROM places c JOIN places p ON p.id = c.parent_id"
                      " WHERE p.delete_time IS NOT NULL AND c.delete_time IS NULL"),
            0);
}

}  // namespace
}  // namespace timeline::testing
