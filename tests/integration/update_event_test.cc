// UpdateEvent and DeleteEvent through a real server and PostgreSQL: update masks, etags and
// races, no-op updates, an update moving an event in time and in place scope, tombstones, the
// change log, and deadlines (through the server and in the repository itself).
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "domain/event_record.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "pqxx/pqxx"
#include "status_details.h"
#include "storage/repository.h"
#include "writes_suite.h"

namespace timeline::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// --- UpdateEvent ---------------------------------------------------------------------------------

TEST_F(WritesTest, UpdateMaskChangesOnlyTheNamedFields) {
  v1::Event original = MinimalEvent("before the update");
  original.set_summary("the original summary");
  v1::Event created = MustCreate(original);

  v1::Event patch;
  patch.set_name(created.name());
  patch.set_title("after the update");
  patch.set_summary("not in the mask: ignored");
  patch.set_event_type("riot");
  v1::Event updated;
  grpc::Status status = Update(patch, {"title"}, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_EQ(updated.title(), "after the update");
  EXPECT_NE(updated.etag(), created.etag());
  v1::Event expected = created;
  expected.set_title("after the update");
  expected.clear_etag();
  expected.clear_update_time();
  v1::Event compared = updated;
  compared.clear_etag();
  compared.clear_update_time();
  EXPECT_TRUE(Same(expected, compared)) << Diff(expected, compared);
  EXPECT_GE(google::protobuf::util::TimeUtil::TimestampToMicroseconds(updated.update_time()),
            google::protobuf::util::TimeUtil::TimestampToMicroseconds(created.update_time()));

  v1::Event got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_TRUE(Same(got, updated)) << Diff(got, updated);

  // An empty mask means every field set in the patch.
  v1::Event patch2;
  patch2.set_name(created.name());
  patch2.set_summary("a new summary");
  ASSERT_TRUE(Update(patch2, {}, &updated).ok());
  EXPECT_EQ(updated.summary(), "a new summary");
  EXPECT_EQ(updated.title(), "after the update");
  EXPECT_EQ(updated.event_type(), "attack");
}

TEST_F(WritesTest, StaleEtagIsAborted) {
  v1::Event created = MustCreate(MinimalEvent("etag v1"));
  v1::Event patch;
  patch.set_name(created.name());
  patch.set_title("etag v2");
  patch.set_etag(created.etag());
  v1::Event v2;
  ASSERT_TRUE(Update(patch, {"title"}, &v2).ok());
  EXPECT_NE(v2.etag(), created.etag());

  // The etag the update was made against is stale now.
  patch.set_title("etag v3");
  v1::Event out;
  grpc::Status status = Update(patch, {"title"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  v1::Event got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_EQ(got.title(), "etag v2");

  // The current one works.
  patch.set_etag(v2.etag());
  EXPECT_TRUE(Update(patch, {"title"}, &out).ok());
  EXPECT_EQ(out.title(), "etag v3");

  // DeleteEvent checks etags too.
  status = Delete(created.name(), &out, v2.etag());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_FALSE(got.has_delete_time());
}

TEST_F(WritesTest, UpdateWithTheSameContentIsANoOp) {
  v1::Event original = MinimalEvent("no-op update");
  original.mutable_fatalities()->set_low(2);
  auto* s = original.add_sources();
  s->set_source(seed_data::kEremNews);
  s->set_quote("words");
  s->add_claims("time");
  auto* x = original.add_external_ids();
  x->set_system("ucdp");
  x->set_id(Unique("noop"));
  v1::Event created = MustCreate(original);

  v1::Event patch;
  patch.set_name(created.name());
  patch.set_title(created.title());
  v1::Event out;
  ASSERT_TRUE(Update(patch, {"title"}, &out).ok());
  EXPECT_EQ(out.etag(), created.etag());
  EXPECT_TRUE(Same(out, created)) << Diff(out, created);

  // Sending back the whole event as read, with "*", changes nothing either.
  ASSERT_TRUE(Update(created, {"*"}, &out).ok());
  EXPECT_EQ(out.etag(), created.etag());
  EXPECT_TRUE(Same(out.update_time(), created.update_time()));
  EXPECT_THAT(ChangeKinds(created.name()), ElementsAre("created"));
}

TEST_F(WritesTest, UpdateMaskWithOutputOnlyOrUnknownPathsIsInvalid) {
  v1::Event created = MustCreate(MinimalEvent("bad masks"));
  v1::Event patch;
  patch.set_name(created.name());
  patch.set_title("never written");
  v1::Event out;
  grpc::Status status = Update(patch, {"create_time"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[0]"));

  status = Update(patch, {"title", "etag", "no_such_field"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[1]", "update_mask.paths[2]"));

  // An update that would make the event invalid names the field.
  patch.set_title("");
  status = Update(patch, {"title"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event.title"));

  // So does one referencing a missing actor, which leaves the event as it was.
  v1::Event actors;
  actors.set_name(created.name());
  auto* a = actors.add_actors();
  a->set_actor("actors/nobody-at-all");
  a->set_role(v1::TARGET);
  status = Update(actors, {"actors"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event.actors[0].actor"));

  v1::Event got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_TRUE(Same(got, created)) << Diff(got, created);

  // Names: missing, malformed, unknown.
  v1::Event nameless;
  nameless.set_title("x");
  status = Update(nameless, {"title"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event.name"));
  nameless.set_name("events/no-such-event");
  EXPECT_EQ(Update(nameless, {"title"}, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(WritesTest, UpdatingTheTimeMovesTheEventInRangeQueries) {
  const v1::Actor actor = MustCreateActor(Unique("time-mover"), "Time Mover Brigade");
  const v1::Place place =
      MustCreatePlace(Unique("ml-time-mover-town"), "Time Mover Town", seed_data::kKidalRegion);
  v1::Event e = MinimalEvent("an event that moves in time");
  e.mutable_actors(0)->set_actor(actor.name());
  e.mutable_places(0)->set_place(place.name());
  v1::Event created = MustCreate(e);

  auto by_actor = [&](const std::string& start, const std::string& end) {
    v1::ListEventsRequest request;
    request.add_actors(actor.name());
    *request.mutable_time_range() = Range(start, end);
    return Names(request);
  };
  auto by_place = [&](const std::string& place_name, const std::string& start,
                      const std::string& end) {
    v1::ListEventsRequest request;
    request.add_places(place_name);
    *request.mutable_time_range() = Range(start, end);
    return Names(request);
  };
  const std::string y2023 = "2023-01-01T00:00:00Z", y2024 = "2024-01-01T00:00:00Z";
  const std::string y2022 = "2022-01-01T00:00:00Z";
  EXPECT_THAT(by_actor(y2023, y2024), ElementsAre(created.name()));
  EXPECT_THAT(by_actor(y2022, y2023), IsEmpty());
  EXPECT_THAT(by_place(place.name(), y2023, y2024), ElementsAre(created.name()));
  EXPECT_THAT(by_place(seed_data::kMali, y2023, y2024), Contains(created.name()));
  EXPECT_THAT(by_place(seed_data::kMali, y2022, y2023), Not(Contains(created.name())));

  v1::Event patch;
  patch.set_name(created.name());
  *patch.mutable_time() = Day("2022-06-01T00:00:00Z");
  v1::Event moved;
  ASSERT_TRUE(Update(patch, {"time"}, &moved).ok());
  EXPECT_TRUE(Same(moved.time().end_time(), Ts("2022-06-02T00:00:00Z")));

  EXPECT_THAT(by_actor(y2023, y2024), IsEmpty());
  EXPECT_THAT(by_actor(y2022, y2023), ElementsAre(created.name()));
  EXPECT_THAT(by_place(place.name(), y2023, y2024), IsEmpty());
  EXPECT_THAT(by_place(place.name(), y2022, y2023), ElementsAre(created.name()));
  EXPECT_THAT(by_place(seed_data::kKidalRegion, y2023, y2024), Not(Contains(created.name())));
  EXPECT_THAT(by_place(seed_data::kMali, y2022, y2023), Contains(created.name()));

  // The denormalized spans equal the event's own.
  EXPECT_EQ(Scalar("SELECT count(*) FROM event_actors ea JOIN events e ON e.id = ea.event_id"
                   " WHERE ea.span IS DISTINCT FROM e.span"),
            0);
  EXPECT_EQ(Scalar("SELECT count(*) FROM event_place_scope s JOIN events e ON e.id = s.event_id"
                   " WHERE s.span IS DISTINCT FROM e.span"),
            0);

  // Made unresolved, it leaves every ranged query and stays in the unranged ones.
  v1::TimeSpan unresolved;
  unresolved.set_precision(v1::PRECISION_UNKNOWN);
  *patch.mutable_time() = unresolved;
  ASSERT_TRUE(Update(patch, {"time"}, &moved).ok());
  EXPECT_FALSE(moved.time().has_start_time());
  v1::ListEventsRequest request;
  request.add_actors(actor.name());
  EXPECT_THAT(Names(request), ElementsAre(created.name()));
  *request.mutable_time_range() = v1::TimeRange();
  EXPECT_THAT(Names(request), IsEmpty());
}

TEST_F(WritesTest, ReplacingPlacesChangesPlaceScopeResults) {
  const v1::Place mali_town =
      MustCreatePlace(Unique("ml-scope-town"), "Scope Town", seed_data::kKidalRegion);
  const v1::Place algeria_town =
      MustCreatePlace(Unique("dz-scope-town"), "Scope Town (Algeria)", seed_data::kAlgeria);
  v1::Event e = MinimalEvent("an event that moves across the border");
  e.mutable_places(0)->set_place(mali_town.name());
  v1::Event created = MustCreate(e);

  auto in_place = [&](const std::string& place) {
    v1::ListEventsRequest request;
    request.add_places(place);
    return Names(request);
  };
  EXPECT_THAT(in_place(mali_town.name()), ElementsAre(created.name()));
  EXPECT_THAT(in_place(seed_data::kKidalRegion), Contains(created.name()));
  EXPECT_THAT(in_place(seed_data::kMali), Contains(created.name()));
  EXPECT_THAT(in_place(seed_data::kAlgeria), Not(Contains(created.name())));

  v1::Event patch;
  patch.set_name(created.name());
  auto* p = patch.add_places();
  p->set_place(algeria_town.name());
  p->set_role(v1::LOCATION);
  v1::Event updated;
  ASSERT_TRUE(Update(patch, {"places"}, &updated).ok());
  ASSERT_EQ(updated.places_size(), 1);
  EXPECT_EQ(updated.places(0).place(), algeria_town.name());
  EXPECT_EQ(updated.places(0).display_name(), "Scope Town (Algeria)");
  EXPECT_EQ(updated.actors_size(), 1);  // untouched

  EXPECT_THAT(in_place(mali_town.name()), IsEmpty());
  EXPECT_THAT(in_place(seed_data::kKidalRegion), Not(Contains(created.name())));
  EXPECT_THAT(in_place(seed_data::kMali), Not(Contains(created.name())));
  EXPECT_THAT(in_place(algeria_town.name()), ElementsAre(created.name()));
  EXPECT_THAT(in_place(seed_data::kAlgeria), Contains(created.name()));

  // With a time range the scope rows carry the span too.
  v1::ListEventsRequest ranged;
  ranged.add_places(seed_data::kAlgeria);
  *ranged.mutable_time_range() = Range("2023-03-01T00:00:00Z", "2023-04-01T00:00:00Z");
  EXPECT_THAT(Names(ranged), Contains(created.name()));
}

TEST_F(WritesTest, RacingUpdatesWithOneEtagLetExactlyOneThrough) {
  v1::Event created = MustCreate(MinimalEvent("raced"));
  constexpr int kWriters = 4;
  std::vector<grpc::Status> statuses(kWriters);
  std::vector<v1::Event> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      v1::Event patch;
      patch.set_name(created.name());
      patch.set_title(absl::StrCat("raced, writer ", i));
      patch.set_etag(created.etag());
      statuses[i] = Update(patch, {"title"}, &results[i]);
    });
  }
  for (auto& t : threads) t.join();
  int winners = 0;
  std::string winning_title;
  for (int i = 0; i < kWriters; ++i) {
    if (statuses[i].ok()) {
      ++winners;
      winning_title = results[i].title();
    } else {
      EXPECT_EQ(statuses[i].error_code(), grpc::StatusCode::ABORTED) << statuses[i].error_message();
    }
  }
  EXPECT_EQ(winners, 1);
  v1::Event got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_EQ(got.title(), winning_title);
  EXPECT_THAT(ChangeKinds(created.name()), ElementsAre("created", "updated"));

  // Without etags every writer gets through, one after the other.
  threads.clear();
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      v1::Event patch;
      patch.set_name(created.name());
      patch.set_summary(absl::StrCat("summary by writer ", i));
      statuses[i] = Update(patch, {"summary"}, &results[i]);
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> etags;
  for (int i = 0; i < kWriters; ++i) {
    EXPECT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    etags.insert(results[i].etag());
  }
  EXPECT_EQ(etags.size(), static_cast<size_t>(kWriters));
  EXPECT_EQ(ChangeKinds(created.name()).size(), static_cast<size_t>(2 + kWriters));
}

TEST_F(WritesTest, RacingCreatesOfOneIdMakeOneEvent) {
  const std::string id = Unique("raced-create");
  constexpr int kWriters = 4;
  std::vector<grpc::Status> statuses(kWriters);
  std::vector<v1::Event> results(kWriters);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      statuses[i] = Create(MinimalEvent(absl::StrCat("raced create ", i)), &results[i], id);
    });
  }
  for (auto& t : threads) t.join();
  int created = 0;
  for (int i = 0; i < kWriters; ++i) {
    if (statuses[i].ok()) {
      ++created;
    } else {
      EXPECT_EQ(statuses[i].error_code(), grpc::StatusCode::ALREADY_EXISTS)
          << statuses[i].error_message();
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE resource_id = $1", id), 1);
  EXPECT_THAT(ChangeKinds("events/" + id), ElementsAre("created"));
}

TEST_F(WritesTest, ReplacedExternalIdIsFreeAgain) {
  const std::string old_id = Unique("MLI-OLD"), new_id = Unique("MLI-NEW");
  v1::Event a = MinimalEvent("holds an external id");
  auto* x = a.add_external_ids();
  x->set_system("acled");
  x->set_id(old_id);
  v1::Event first = MustCreate(a);

  v1::Event patch;
  patch.set_name(first.name());
  auto* y = patch.add_external_ids();
  y->set_system("acled");
  y->set_id(new_id);
  v1::Event updated;
  ASSERT_TRUE(Update(patch, {"external_ids"}, &updated).ok());
  ASSERT_EQ(updated.external_ids_size(), 1);
  EXPECT_EQ(updated.external_ids(0).id(), new_id);

  // The old id can go to another event now; the new one cannot.
  v1::Event second = MustCreate(a);
  EXPECT_EQ(second.external_ids(0).id(), old_id);
  v1::Event b = MinimalEvent("wants the new id");
  *b.add_external_ids() = *y;
  v1::Event out;
  grpc::Status status = Create(b, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr(first.name()));

  // A deleted event keeps its id and its external ids.
  ASSERT_TRUE(Delete(first.name(), &out).ok());
  const std::string first_id = IdOf(first.name());
  EXPECT_EQ(Create(MinimalEvent("reuses a deleted id"), &out, first_id).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Create(b, &out).error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(WritesTest, RequestIdsAreScopedToTheirMethod) {
  const std::string request_id = Unique("shared-request");
  v1::CreateActorRequest actor_request;
  actor_request.mutable_actor()->set_display_name("Scoped Actor");
  actor_request.mutable_actor()->set_kind(v1::PERSON);
  actor_request.set_request_id(request_id);
  v1::Actor actor;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->actors().CreateActor(&ctx, actor_request, &actor).ok());
  }
  v1::CreateSourceRequest source_request;
  source_request.mutable_source()->set_publisher("Scoped Publisher");
  source_request.set_request_id(request_id);
  v1::Source source;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, source_request, &source);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(source.publisher(), "Scoped Publisher");
  v1::Event event;
  ASSERT_TRUE(Create(MinimalEvent("scoped request id"), &event, "", request_id).ok());
  EXPECT_EQ(event.title(), "scoped request id");
}

// --- DeleteEvent ---------------------------------------------------------------------------------

TEST_F(WritesTest, DeleteLeavesAReadableTombstone) {
  const v1::Actor actor = MustCreateActor(Unique("tombstone-actor"), "Tombstone Actor");
  v1::Event e = MinimalEvent("to be deleted");
  e.mutable_actors(0)->set_actor(actor.name());
  v1::Event created = MustCreate(e);

  v1::Event deleted;
  grpc::Status status = Delete(created.name(), &deleted, created.etag());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(deleted.has_delete_time());
  EXPECT_NE(deleted.etag(), created.etag());
  EXPECT_EQ(deleted.title(), created.title());

  v1::Event got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_TRUE(Same(got, deleted)) << Diff(got, deleted);

  v1::ListEventsRequest request;
  request.add_actors(actor.name());
  EXPECT_THAT(Names(request), IsEmpty());
  request.set_show_deleted(true);
  EXPECT_THAT(Names(request), ElementsAre(created.name()));

  // Deleting again returns the same tombstone (even with the etag from before the delete).
  v1::Event again;
  ASSERT_TRUE(Delete(created.name(), &again).ok());
  EXPECT_TRUE(Same(again, deleted)) << Diff(again, deleted);
  ASSERT_TRUE(Delete(created.name(), &again, created.etag()).ok());
  EXPECT_TRUE(Same(again, deleted)) << Diff(again, deleted);

  // A deleted event cannot be updated.
  v1::Event patch;
  patch.set_name(created.name());
  patch.set_title("resurrected");
  v1::Event out;
  status = Update(patch, {"title"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_EQ(got.title(), "to be deleted");

  // Names: missing and malformed.
  EXPECT_EQ(Delete("events/no-such-event", &out).error_code(), grpc::StatusCode::NOT_FOUND);
  status = Delete(seed_data::kGoita, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("name"));
}

TEST_F(WritesTest, ChangeLogRecordsCreateUpdateDeleteInOrder) {
  v1::Event created = MustCreate(MinimalEvent("logged"));
  v1::Event patch;
  patch.set_name(created.name());
  patch.set_title("logged, renamed");
  v1::Event out;
  ASSERT_TRUE(Update(patch, {"title"}, &out).ok());
  // A no-op update and a failed one log nothing.
  ASSERT_TRUE(Update(patch, {"title"}, &out).ok());
  patch.set_title("");
  ASSERT_FALSE(Update(patch, {"title"}, &out).ok());
  ASSERT_TRUE(Delete(created.name(), &out).ok());
  ASSERT_TRUE(Delete(created.name(), &out).ok());
  EXPECT_THAT(ChangeKinds(created.name()), ElementsAre("created", "updated", "deleted"));
}

// --- Deadlines -----------------------------------------------------------------------------------

TEST_F(WritesTest, TightDeadlineIsDeadlineExceeded) {
  v1::Event created = MustCreate(MinimalEvent("deadline target"));
  {
    grpc::ClientContext ctx;
    // Already past: a deadline of a microsecond can still be beaten by a fast loopback call.
    ctx.set_deadline(std::chrono::system_clock::now() - std::chrono::milliseconds(1));
    v1::CreateEventRequest request;
    *request.mutable_event() = MinimalEvent("deadline create");
    v1::Event out;
    EXPECT_EQ(env_->events().CreateEvent(&ctx, request, &out).error_code(),
              grpc::StatusCode::DEADLINE_EXCEEDED);
  }
  {
    grpc::ClientContext ctx;
    // Already past: a deadline of a microsecond can still be beaten by a fast loopback call.
    ctx.set_deadline(std::chrono::system_clock::now() - std::chrono::milliseconds(1));
    v1::GetEventRequest request;
    request.set_name(created.name());
    v1::Event out;
    EXPECT_EQ(env_->events().GetEvent(&ctx, request, &out).error_code(),
              grpc::StatusCode::DEADLINE_EXCEEDED);
  }

  // The repository itself: a deadline that has passed writes nothing.
  const RowCounts before = Counts();
  const storage::CallContext past = Until(absl::Now() - absl::Milliseconds(1));
  absl::StatusOr<domain::EventRecord> record =
      domain::EventRecordFromProto(MinimalEvent("past deadline"), "event");
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(env_->repo().CreateEvent(past, Unique("past-deadline"), *record, "").status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(env_->repo().GetEvent(past, "deadline-target").status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Counts(), before);
}

TEST_F(WritesTest, DeadlineReachedWhileBlockedIsDeadlineExceeded) {
  v1::Event created = MustCreate(MinimalEvent("locked by another session"));
  const std::string id = IdOf(created.name());
  pqxx::connection conn(env_->database_url());
  pqxx::work locker(conn);
  locker.exec_params("SELECT 1 FROM events WHERE resource_id = $1 FOR UPDATE", id);

  // The repository bounds its statements by the caller's deadline.
  absl::Time start = absl::Now();
  absl::StatusOr<v1::Event> blocked =
      env_->repo().DeleteEvent(Until(start + absl::Milliseconds(300)), id, "");
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kDeadlineExceeded) << blocked.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));

  // Through the server.
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
  v1::UpdateEventRequest request;
  request.mutable_event()->set_name(created.name());
  request.mutable_event()->set_title("never");
  request.mutable_update_mask()->add_paths("title");
  v1::Event out;
  EXPECT_EQ(env_->events().UpdateEvent(&ctx, request, &out).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  // The client gives up at its deadline; the server's statement gives up at about the same time.
  // Release the lock only once nothing waits for it, so that no late write can slip through.
  for (int i = 0; i < 100 && Scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                    "current_database() AND wait_event_type = 'Lock'") > 0;
       ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  locker.abort();

  // The lock is gone and nothing was written.
  v1::Event got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_TRUE(Same(got, created)) << Diff(got, created);
  EXPECT_THAT(ChangeKinds(created.name()), ElementsAre("created"));
}

}  // namespace
}  // namespace timeline::testing
