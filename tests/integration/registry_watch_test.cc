// WatchActors and WatchPlaces through a real server and PostgreSQL: a replay from the start
// shows every creation the registry holds (the seed's included) in commit order, new rows reach
// a watcher with who made them, selections keep to the rows named, registry changes stay out of
// WatchEvents, and bad requests are refused naming the field.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "watch_stream.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

using ActorWatcher = WatchStream<v1::WatchActorsResponse>;
using PlaceWatcher = WatchStream<v1::WatchPlacesResponse>;
using EventWatcher = WatchStream<v1::WatchEventsResponse>;

class RegistryWatchTest : public IntegrationSuite<RegistryWatchTest> {
 protected:
  static std::vector<std::string> Column(const std::string& sql) {
    return SqlColumn(env_->database_url(), sql);
  }

  // The cursor that follows every change made so far.
  static std::string CursorNow() {
    return absl::StrCat(SqlNumber(env_->database_url(), "SELECT max(position) FROM changes"));
  }

  static ActorWatcher::Open WatchActors(v1::WatchActorsRequest request) {
    return [request](grpc::ClientContext* ctx) { return env_->actors().WatchActors(ctx, request); };
  }
  static PlaceWatcher::Open WatchPlaces(v1::WatchPlacesRequest request) {
    return [request](grpc::ClientContext* ctx) { return env_->places().WatchPlaces(ctx, request); };
  }

  static v1::WatchActorsRequest ActorsAfter(const std::string& cursor) {
    v1::WatchActorsRequest request;
    request.set_cursor(cursor);
    return request;
  }

  static v1::Actor NewActor(const std::string& id, const std::string& display_name) {
    v1::CreateActorRequest request;
    request.set_actor_id(id);
    request.mutable_actor()->set_display_name(display_name);
    request.mutable_actor()->set_kind(v1::ARMED_GROUP);
    request.mutable_actor()->set_country_code("ML");
    return CreatedActor(env_->actors(), request);
  }
};

template <typename Response>
std::vector<int64_t> Positions(const std::vector<Response>& changes) {
  std::vector<int64_t> out;
  for (const Response& c : changes) {
    int64_t position = 0;
    EXPECT_TRUE(absl::SimpleAtoi(c.cursor(), &position)) << c.cursor();
    out.push_back(position);
  }
  return out;
}

TEST_F(RegistryWatchTest, ReplayFromTheStartShowsEveryActorCreatedInOrder) {
  // Truth from the database: every actor, in the order the log numbered their creations.
  const std::vector<std::string> expected = Column(R"sql(
    SELECT 'actors/' || a.resource_id FROM changes c JOIN actors a ON a.id = c.actor_id
     WHERE c.kind = 'created' ORDER BY c.position)sql");
  ASSERT_GE(expected.size(), 5u);  // the seed's actors at least
  ActorWatcher watcher(WatchActors(ActorsAfter("0")));
  const std::vector<v1::WatchActorsResponse> changes = watcher.WaitFor(expected.size());
  ASSERT_GE(changes.size(), expected.size());
  std::vector<std::string> names;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(changes[i].kind(), v1::WatchActorsResponse::CREATED);
    EXPECT_FALSE(changes[i].actor().display_name().empty());
    EXPECT_TRUE(changes[i].has_change_time());
    names.push_back(changes[i].actor().name());
  }
  EXPECT_THAT(names, ElementsAreArray(expected));
  const std::vector<int64_t> positions = Positions(changes);
  for (size_t i = 1; i < positions.size(); ++i) EXPECT_GT(positions[i], positions[i - 1]);
}

TEST_F(RegistryWatchTest, ANewActorReachesAWatcherWithWhoMadeIt) {
  ActorWatcher watcher(WatchActors(ActorsAfter(CursorNow())));
  const v1::Actor created = NewActor(Unique("watched-group"), "Katiba Watched");
  const std::vector<v1::WatchActorsResponse> changes = watcher.WaitFor(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind(), v1::WatchActorsResponse::CREATED);
  EXPECT_EQ(changes[0].actor().name(), created.name());
  EXPECT_EQ(changes[0].actor().display_name(), "Katiba Watched");
  EXPECT_EQ(changes[0].actor().etag(), created.etag());
  EXPECT_EQ(changes[0].principal(), "anonymous");
  EXPECT_FALSE(changes[0].request_id().empty());
  EXPECT_TRUE(changes[0].reason().empty());
  EXPECT_TRUE(changes[0].merged_into().empty());
}

TEST_F(RegistryWatchTest, AWatcherOfSomeActorsSeesOnlyTheirChanges) {
  const std::string start = CursorNow();
  const v1::Actor watched = NewActor(Unique("one-of-two"), "Groupe Un");
  const v1::Actor other = NewActor(Unique("two-of-two"), "Groupe Deux");
  v1::WatchActorsRequest request = ActorsAfter(start);
  request.add_actors(watched.name());
  ActorWatcher watcher(WatchActors(request));
  const std::vector<v1::WatchActorsResponse> changes =
      watcher.Settle(std::chrono::milliseconds(1500));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].actor().name(), watched.name());
}

TEST_F(RegistryWatchTest, ReplayFromTheStartShowsEveryPlaceCreated) {
  const std::vector<std::string> expected = Column(R"sql(
    SELECT 'places/' || p.resource_id FROM changes c JOIN places p ON p.id = c.place_id
     WHERE c.kind = 'created' ORDER BY c.position)sql");
  ASSERT_FALSE(expected.empty());
  v1::WatchPlacesRequest request;
  request.set_cursor("0");
  PlaceWatcher watcher(WatchPlaces(request));
  const std::vector<v1::WatchPlacesResponse> changes = watcher.WaitFor(expected.size());
  ASSERT_GE(changes.size(), expected.size());
  std::vector<std::string> names;
  for (size_t i = 0; i < expected.size(); ++i) names.push_back(changes[i].place().name());
  EXPECT_THAT(names, ElementsAreArray(expected));
  // Places come with what GetPlace shows: here, Bamako's ancestors.
  for (const auto& c : changes) {
    if (c.place().name() == seed_data::kBamako) {
      EXPECT_FALSE(c.place().ancestors().empty());
    }
  }
}

TEST_F(RegistryWatchTest, RegistryChangesStayOutOfWatchEvents) {
  v1::WatchEventsRequest request;
  request.set_cursor(CursorNow());
  EventWatcher events(
      [&](grpc::ClientContext* ctx) { return env_->events().WatchEvents(ctx, request); });
  const v1::Actor actor = NewActor(Unique("event-free"), "Groupe Sans Evenement");
  const std::vector<v1::WatchEventsResponse> changes =
      events.Settle(std::chrono::milliseconds(1500));
  EXPECT_TRUE(changes.empty()) << changes.size() << " event changes after creating "
                               << actor.name();
}

TEST_F(RegistryWatchTest, AMergeReachesActorAndEventWatchersWithItsReason) {
  const v1::Actor kept = NewActor(Unique("katiba-macina"), "Katiba Macina");
  const v1::Actor merged = NewActor(Unique("flm"), "Front de libération du Macina");
  v1::Event event;
  event.set_title("Attack on a checkpoint near Diafarabé");
  event.set_event_type("attack");
  event.mutable_time()->set_precision(v1::PRECISION_DAY);
  *event.mutable_time()->mutable_start_time() = Ts("2024-02-03T00:00:00Z");
  *event.mutable_time()->mutable_end_time() = Ts("2024-02-04T00:00:00Z");
  AddActor(event, merged.name(), v1::INITIATOR);
  const v1::Event created = CreatedEvent(env_->events(), event);

  const std::string start = CursorNow();
  ActorWatcher actors(WatchActors(ActorsAfter(start)));
  v1::WatchEventsRequest events_request;
  events_request.set_cursor(start);
  events_request.add_actors(kept.name());
  EventWatcher events(
      [&](grpc::ClientContext* ctx) { return env_->events().WatchEvents(ctx, events_request); });

  v1::MergeActorsRequest merge;
  merge.set_name(merged.name());
  merge.set_into(kept.name());
  merge.set_reason("FLM is the older name of Katiba Macina");
  v1::Actor survivor;
  grpc::ClientContext ctx;
  grpc::Status status = env_->actors().MergeActors(&ctx, merge, &survivor);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const std::vector<v1::WatchActorsResponse> changes = actors.WaitFor(2);
  ASSERT_EQ(changes.size(), 2u);
  std::map<std::string, const v1::WatchActorsResponse*> by_actor;
  for (const auto& c : changes) by_actor[c.actor().name()] = &c;
  ASSERT_TRUE(by_actor.contains(merged.name()));
  ASSERT_TRUE(by_actor.contains(kept.name()));
  const v1::WatchActorsResponse& gone = *by_actor[merged.name()];
  EXPECT_EQ(gone.kind(), v1::WatchActorsResponse::MERGED);
  EXPECT_EQ(gone.merged_into(), kept.name());
  EXPECT_EQ(gone.actor().merged_into(), kept.name());
  EXPECT_TRUE(gone.actor().has_delete_time());
  EXPECT_EQ(gone.reason(), "FLM is the older name of Katiba Macina");
  EXPECT_EQ(gone.principal(), "anonymous");
  const v1::WatchActorsResponse& stays = *by_actor[kept.name()];
  EXPECT_EQ(stays.kind(), v1::WatchActorsResponse::UPDATED);
  EXPECT_EQ(stays.reason(), gone.reason());
  // The survivor as it is now carries the merged actor's name.
  std::set<std::string> names;
  for (const auto& n : stays.actor().names()) names.insert(n.name());
  EXPECT_TRUE(names.contains("Front de libération du Macina"));

  // The event now names the survivor: its watcher sees it UPDATED.
  const std::vector<v1::WatchEventsResponse> event_changes = events.WaitFor(1);
  ASSERT_EQ(event_changes.size(), 1u);
  EXPECT_EQ(event_changes[0].kind(), v1::WatchEventsResponse::UPDATED);
  EXPECT_EQ(event_changes[0].event().name(), created.name());
  ASSERT_EQ(event_changes[0].event().actors_size(), 1);
  EXPECT_EQ(event_changes[0].event().actors(0).actor(), kept.name());
  EXPECT_NE(event_changes[0].event().etag(), created.etag());
}

TEST_F(RegistryWatchTest, BadRequestsAreRefusedNamingTheField) {
  {
    v1::WatchActorsRequest request;
    request.add_actors("places/bamako");
    ActorWatcher watcher(WatchActors(request));
    grpc::Status status = watcher.Ended();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("actors[0]"));
  }
  {
    ActorWatcher watcher(WatchActors(ActorsAfter("not-a-cursor")));
    grpc::Status status = watcher.Ended();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("cursor"));
  }
  {
    const int64_t head = SqlNumber(env_->database_url(), "SELECT max(position) FROM changes");
    ActorWatcher watcher(WatchActors(ActorsAfter(absl::StrCat(head + 1000))));
    grpc::Status status = watcher.Ended();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
    EXPECT_THAT(status.error_message(), HasSubstr("cursor"));
  }
  {
    v1::WatchPlacesRequest request;
    request.add_places("actors/mali");
    PlaceWatcher watcher(WatchPlaces(request));
    grpc::Status status = watcher.Ended();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("places[0]"));
  }
}

}  // namespace
}  // namespace timeline::testing
