// WatchEvents, MergeEvents and ExportEvents on the seed data through a real server and
// PostgreSQL: a watcher sees each change once and in commit order, a watcher that disconnects and
// resumes from its last cursor ends with exactly the changes made, selections filter changes,
// many watchers share one listening connection, merges reach watchers and ingestion, and an
// export streams a selection exactly and resumes from any event.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "geo_helpers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "status_details.h"
#include "watch_stream.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

using Clock = std::chrono::system_clock;

// One WatchEvents stream read on a background thread.
class Watcher : public WatchStream<v1::WatchEventsResponse> {
 public:
  Watcher(v1::EventService::Stub& stub, const v1::WatchEventsRequest& request)
      : WatchStream([&](grpc::ClientContext* ctx) { return stub.WatchEvents(ctx, request); }) {}
};

// "created events/x" for each change, for comparisons that print well.
std::vector<std::string> Describe(const std::vector<v1::WatchEventsResponse>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) {
    out.push_back(
        absl::StrCat(v1::WatchEventsResponse::Kind_Name(c.kind()), " ", c.event().name()));
  }
  return out;
}

class ChangeFeedTest : public IntegrationSuite<ChangeFeedTest> {
 protected:
  static int64_t Scalar(const std::string& sql) { return SqlNumber(env_->database_url(), sql); }

  // Creates an event with `actor` at Bamako in September 2024; returns its name.
  // (Writers on several threads call it: it fails the test, never throws.)
  static std::string Create(const std::string& id,
                            const std::string& actor = seed_data::kMaliState) {
    v1::Event e;
    e.set_title(absl::StrCat("Event ", id));
    e.set_event_type("statement");
    e.mutable_time()->set_precision(v1::PRECISION_DAY);
    *e.mutable_time()->mutable_start_time() = Ts("2024-09-20T00:00:00Z");
    *e.mutable_time()->mutable_end_time() = Ts("2024-09-21T00:00:00Z");
    AddActor(e, actor, v1::SPEAKER);
    AddPlace(e, seed_data::kBamako, v1::LOCATION);
    v1::EventSource* s = e.add_sources();
    s->set_source(seed_data::kEremNews);
    s->set_quote(absl::StrCat("words of ", id));
    v1::Event created;
    grpc::Status status = CreateEvent(env_->events(), e, &created, id);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.name();
  }

  static v1::Event Update(const std::string& name, const std::string& summary) {
    v1::UpdateEventRequest request;
    request.mutable_event()->set_name(name);
    request.mutable_event()->set_summary(summary);
    request.mutable_update_mask()->add_paths("summary");
    grpc::ClientContext ctx;
    v1::Event updated;
    grpc::Status status = env_->events().UpdateEvent(&ctx, request, &updated);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return updated;
  }

  static void Delete(const std::string& name) {
    v1::DeleteEventRequest request;
    request.set_name(name);
    grpc::ClientContext ctx;
    v1::Event deleted;
    grpc::Status status = env_->events().DeleteEvent(&ctx, request, &deleted);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  static grpc::Status Merge(const std::string& name, const std::string& into, v1::Event* out) {
    v1::MergeEventsRequest request;
    request.set_name(name);
    request.set_into(into);
    grpc::ClientContext ctx;
    return env_->events().MergeEvents(&ctx, request, out);
  }

  // A watch request for events of `actor` (all events when empty), after `cursor`.
  static v1::WatchEventsRequest WatchOf(const std::string& actor, const std::string& cursor = "") {
    v1::WatchEventsRequest request;
    if (!actor.empty()) request.add_actors(actor);
    request.set_cursor(cursor);
    return request;
  }

  // The cursor that follows every change made so far.
  static std::string CursorNow() {
    return absl::StrCat(Scalar("SELECT max(position) FROM changes"));
  }
};

TEST_F(ChangeFeedTest, SeesCreateUpdateDeleteInOrderWithCursors) {
  const std::string actor = seed_data::kDiop;
  Watcher watcher(env_->events(), WatchOf(actor, CursorNow()));
  const std::string name = Create(Unique("watched"), actor);
  Update(name, "more details");
  Delete(name);
  std::vector<v1::WatchEventsResponse> changes = watcher.WaitFor(3);
  ASSERT_EQ(Describe(changes),
            (std::vector<std::string>{"CREATED " + name, "UPDATED " + name, "DELETED " + name}));
  // The event as it is when read: the tombstone, every time (the changes came after it).
  EXPECT_TRUE(changes[2].event().has_delete_time());
  int64_t previous = 0;
  for (const auto& c : changes) {
    int64_t position = 0;
    ASSERT_TRUE(absl::SimpleAtoi(c.cursor(), &position)) << c.cursor();
    EXPECT_GT(position, previous);
    previous = position;
    EXPECT_GT(c.change_time().seconds(), 0);
  }
}

TEST_F(ChangeFeedTest, WithoutCursorStartsAtTheNextChange) {
  const std::string actor = seed_data::kLavrov;
  const std::string before = Create(Unique("before-watch"), actor);
  Watcher watcher(env_->events(), WatchOf(actor));
  // The stream cannot tell when it has found its starting point: a change made at once may
  // come just before it. One made well after must be seen, and the one made before never.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const std::string early = Create(Unique("after-watch"), actor);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const std::string late = Create(Unique("after-watch"), actor);
  std::vector<std::string> seen = Describe(watcher.WaitFor(2));
  if (seen.size() < 2) seen = Describe(watcher.Settle(std::chrono::milliseconds(500)));
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), "CREATED " + late);
  EXPECT_THAT(seen, ::testing::Not(::testing::Contains("CREATED " + before)));
  EXPECT_LE(seen.size(), 2u);
  if (seen.size() == 2) {
    EXPECT_EQ(seen.front(), "CREATED " + early);
  }
}

TEST_F(ChangeFeedTest, SelectionFiltersChanges) {
  const std::string cursor = CursorNow();
  Watcher lavrov(env_->events(), WatchOf(seed_data::kLavrov, cursor));
  v1::WatchEventsRequest in_bamako = WatchOf("", cursor);
  in_bamako.add_places(seed_data::kBamako);
  in_bamako.add_event_types("statement");
  Watcher bamako(env_->events(), in_bamako);
  const std::string a = Create(Unique("filtered"), seed_data::kLavrov);
  const std::string b = Create(Unique("filtered"), seed_data::kTurkeyState);
  EXPECT_THAT(Describe(lavrov.WaitFor(1)), ElementsAre("CREATED " + a));
  EXPECT_THAT(Describe(bamako.WaitFor(2)), ElementsAre("CREATED " + a, "CREATED " + b));
  EXPECT_THAT(Describe(lavrov.Settle(std::chrono::milliseconds(300))), ElementsAre("CREATED " + a));
}

TEST_F(ChangeFeedTest, FilterAndPlaceInSpaceSelectChangesToo) {
  v1::WatchEventsRequest request = WatchOf("", CursorNow());
  const std::string wanted = Unique("quoted");
  request.set_filter(absl::StrCat("quote:\"words of ", wanted, "\" AND event_type = statement"));
  *request.mutable_near() = Near(seed_data::kBamakoPoint, 20000);
  Watcher watcher(env_->events(), request);
  Create(Unique("unquoted"));  // same place and type, other words
  const std::string name = Create(wanted);
  EXPECT_THAT(Describe(watcher.WaitFor(1)), ElementsAre("CREATED " + name));
  EXPECT_THAT(Describe(watcher.Settle(std::chrono::milliseconds(300))),
              ElementsAre("CREATED " + name));

  v1::WatchEventsRequest bad = WatchOf("");
  bad.set_filter("fatalities.best >");
  Watcher rejected(env_->events(), bad);
  grpc::Status status = rejected.Ended();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("filter"));
}

TEST_F(ChangeFeedTest, ReconnectingWithTheLastCursorEndsWithExactlyTheChangesMade) {
  const std::string actor = seed_data::kWagner;
  const std::string start = CursorNow();
  std::vector<std::string> expected;
  std::string last_cursor;
  std::vector<v1::WatchEventsResponse> seen;
  {
    Watcher first(env_->events(), WatchOf(actor, start));
    for (int i = 0; i < 3; ++i) {
      std::string name = Create(Unique("resume"), actor);
      expected.push_back("CREATED " + name);
    }
    seen = first.WaitFor(3);
    ASSERT_EQ(seen.size(), 3u);
    last_cursor = seen.back().cursor();
  }  // disconnects
  // While no one watches, another client writes: through the API, through ingestion (many
  // records in one transaction, with COPY), from several threads at once.
  std::vector<std::thread> writers;
  std::mutex mu;
  std::map<std::string, std::vector<std::string>> by_event;  // event -> its kinds, in order
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        std::string name = Create(Unique(absl::StrCat("resume-t", t)), actor);
        Update(name, "revised");
        std::lock_guard lock(mu);
        by_event[name] = {"CREATED", "UPDATED"};
      }
    });
  }
  for (std::thread& w : writers) w.join();
  std::vector<v1::IngestRecord> records(40);
  for (int i = 0; i < 40; ++i) {
    v1::IngestRecord& r = records[i];
    r.mutable_external_id()->set_system("resume-test");
    r.mutable_external_id()->set_id(absl::StrCat(i));
    r.set_title(absl::StrCat("Ingested ", i));
    r.set_event_type("attack");
    r.mutable_date()->set_text("2024-09-22");
    v1::IngestActor* a = r.add_actors();
    a->set_actor(seed_data::kWagner);
    a->set_role(v1::INITIATOR);
  }
  IngestOutcome ingested = IngestEvents(env_->ingest(), records);  // one message, one transaction
  ASSERT_TRUE(ingested.status.ok()) << ingested.status.error_message();
  ASSERT_EQ(ingested.response.results_size(), 40);
  for (const auto& r : ingested.response.results()) {
    ASSERT_EQ(r.outcome(), v1::IngestResult::CREATED) << r.DebugString();
  }
  // The ground truth: the change log itself, for this actor's events, after the cursor.
  pqxx::connection conn(env_->database_url());
  const std::vector<std::string> truth = SqlColumn(conn, R"sql(
      SELECT upper(c.kind) || ' events/' || e.resource_id FROM changes c
        JOIN events e ON e.id = c.event_id
       WHERE c.position > $1::bigint
         AND EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
                      WHERE ea.event_id = e.id AND a.resource_id = 'wagner-group')
       ORDER BY c.position)sql",
                                                   last_cursor);
  ASSERT_EQ(truth.size(), 20u * 2 + 40u);
  Watcher second(env_->events(), WatchOf(actor, last_cursor));
  std::vector<v1::WatchEventsResponse> resumed = second.WaitFor(truth.size());
  EXPECT_THAT(Describe(resumed), ElementsAreArray(truth));
  EXPECT_EQ(Describe(second.Settle(std::chrono::milliseconds(300))).size(), truth.size());
  // Per event, its own changes in the order they were made.
  std::map<std::string, std::vector<std::string>> kinds;
  for (const auto& c : resumed) {
    kinds[c.event().name()].push_back(v1::WatchEventsResponse::Kind_Name(c.kind()));
  }
  for (const auto& [name, expected_kinds] : by_event) EXPECT_EQ(kinds[name], expected_kinds);
  // Nothing seen twice across the two connections.
  std::set<std::string> cursors;
  for (const auto& c : seen) cursors.insert(c.cursor());
  for (const auto& c : resumed) EXPECT_TRUE(cursors.insert(c.cursor()).second) << c.cursor();
}

TEST_F(ChangeFeedTest, ConcurrentWritersAreSeenOnceEachInCommitOrder) {
  const std::string actor = seed_data::kRussiaState;
  Watcher watcher(env_->events(), WatchOf(actor, CursorNow()));
  std::vector<std::thread> writers;
  for (int t = 0; t < 6; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) Create(Unique(absl::StrCat("concurrent-", t)), actor);
    });
  }
  for (std::thread& w : writers) w.join();
  std::vector<v1::WatchEventsResponse> changes = watcher.WaitFor(30);
  ASSERT_EQ(changes.size(), 30u);
  std::set<std::string> names;
  int64_t previous = 0;
  for (const auto& c : changes) {
    EXPECT_TRUE(names.insert(c.event().name()).second) << c.event().name();
    int64_t position = 0;
    ASSERT_TRUE(absl::SimpleAtoi(c.cursor(), &position));
    EXPECT_GT(position, previous);
    previous = position;
  }
  EXPECT_EQ(watcher.Settle(std::chrono::milliseconds(300)).size(), 30u);
}

TEST_F(ChangeFeedTest, ReplaysFromStartTime) {
  const std::string actor = seed_data::kDiliguz;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  google::protobuf::Timestamp since;
  since.set_seconds(
      std::chrono::duration_cast<std::chrono::seconds>(Clock::now().time_since_epoch()).count());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // past that whole second
  const std::string name = Create(Unique("replayed"), actor);
  v1::WatchEventsRequest request = WatchOf(actor);
  *request.mutable_start_time() = since;
  Watcher watcher(env_->events(), request);
  EXPECT_THAT(Describe(watcher.WaitFor(1)), ElementsAre("CREATED " + name));
}

TEST_F(ChangeFeedTest, ManyWatchersShareOneListeningConnection) {
  const std::string actor = seed_data::kTurkishDelegation;
  const std::string cursor = CursorNow();
  const int64_t connections_before = Scalar(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
      "pid <> pg_backend_pid()");
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int i = 0; i < 60; ++i) {
    watchers.push_back(std::make_unique<Watcher>(env_->events(), WatchOf(actor, cursor)));
  }
  const std::string name = Create(Unique("broadcast"), actor);
  for (auto& w : watchers) EXPECT_THAT(Describe(w->WaitFor(1)), ElementsAre("CREATED " + name));
  const int64_t connections_after = Scalar(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
      "pid <> pg_backend_pid()");
  // The pool may open connections it was allowed to (4 in tests); 60 watchers add none.
  EXPECT_LE(connections_after, connections_before + 4)
      << "before " << connections_before << ", after " << connections_after;
  std::printf("[ watch  ] 60 watchers: %ld database connections before, %ld after\n",
              static_cast<long>(connections_before), static_cast<long>(connections_after));
}

TEST_F(ChangeFeedTest, BadRequestsFailWithTheField) {
  v1::WatchEventsRequest request;
  request.set_cursor("not-a-cursor");
  Watcher bad_cursor(env_->events(), request);
  grpc::Status status = bad_cursor.Ended();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("cursor"));

  Watcher unknown_actor(env_->events(), WatchOf("actors/nobody-at-all", "0"));
  status = unknown_actor.Ended();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("actors/nobody-at-all"));

  v1::WatchEventsRequest bad_type;
  bad_type.add_event_types("picnic");
  Watcher picnic(env_->events(), bad_type);
  status = picnic.Ended();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event_types[0]"));
}

TEST_F(ChangeFeedTest, CursorBeyondTheLogIsOutOfRange) {
  const std::string beyond = absl::StrCat(std::stoll(CursorNow()) + 1000);
  Watcher ahead(env_->events(), WatchOf("", beyond));
  grpc::Status status = ahead.Ended();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_THAT(status.error_message(), HasSubstr("cursor"));
  EXPECT_THAT(status.error_message(), HasSubstr(beyond));

  // The last position itself is a cursor the service hands out: it waits for the next change.
  const std::string actor = seed_data::kDiop;
  Watcher at_head(env_->events(), WatchOf(actor, CursorNow()));
  const std::string name = Create(Unique("at-head"), actor);
  EXPECT_EQ(Describe(at_head.WaitFor(1)), std::vector<std::string>{"CREATED " + name});
}

TEST_F(ChangeFeedTest, WatcherThatCancelsEndsItsStream) {
  auto watcher = std::make_unique<Watcher>(env_->events(), WatchOf("", CursorNow()));
  watcher->Disconnect();
  EXPECT_EQ(watcher->Ended().error_code(), grpc::StatusCode::CANCELLED);
}

// --- MergeEvents --------------------------------------------------------------------------------

TEST_F(ChangeFeedTest, MergeMovesLinksTombstonesAndIsSeenByWatchers) {
  const std::string actor = seed_data::kAzawadRebels;
  const std::string cursor = CursorNow();
  Watcher by_actor(env_->events(), WatchOf(actor, cursor));
  Watcher everything(env_->events(), WatchOf("", cursor));
  const std::string survivor = Create(Unique("survivor"), actor);
  const std::string merged = Create(Unique("merged"), seed_data::kMaliState);
  v1::Event result;
  grpc::Status status = Merge(merged, survivor, &result);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(result.name(), survivor);
  std::set<std::string> actors;
  for (const auto& a : result.actors()) actors.insert(a.actor());
  EXPECT_EQ(actors, (std::set<std::string>{actor, seed_data::kMaliState}));
  ASSERT_EQ(result.sources_size(), 2);  // its own quote and the merged one's

  const v1::Event tombstone = Got(env_->events(), merged);
  EXPECT_TRUE(tombstone.has_delete_time());
  EXPECT_EQ(tombstone.merged_into(), survivor);

  // Every change, in order; the survivor's update and the merge are one transaction.
  std::vector<v1::WatchEventsResponse> changes = everything.WaitFor(4);
  ASSERT_EQ(Describe(changes),
            (std::vector<std::string>{"CREATED " + survivor, "CREATED " + merged,
                                      "UPDATED " + survivor, "MERGED " + merged}));
  EXPECT_EQ(changes[3].merged_into(), survivor);
  EXPECT_TRUE(changes[3].event().has_delete_time());
  // The merged event was never about this actor; its survivor is.
  EXPECT_EQ(Describe(by_actor.WaitFor(2)),
            (std::vector<std::string>{"CREATED " + survivor, "UPDATED " + survivor}));

  // Retrying the merge returns the survivor and changes nothing.
  const int64_t changes_before = Scalar("SELECT count(*) FROM changes");
  v1::Event again;
  ASSERT_TRUE(Merge(merged, survivor, &again).ok());
  EXPECT_EQ(again.etag(), result.etag());
  EXPECT_EQ(Scalar("SELECT count(*) FROM changes"), changes_before);
}

TEST_F(ChangeFeedTest, MergeRefusesWhatCannotBeMerged) {
  const std::string a = Create(Unique("merge-a"));
  const std::string b = Create(Unique("merge-b"));
  v1::Event out;
  grpc::Status self = Merge(a, a, &out);
  EXPECT_EQ(self.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(self), ElementsAre("into"));
  EXPECT_EQ(Merge(a, "events/no-such-event", &out).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Merge("bad name", b, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  Delete(b);
  EXPECT_EQ(Merge(a, b, &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  const std::string c = Create(Unique("merge-c"));
  v1::MergeEventsRequest stale;
  stale.set_name(a);
  stale.set_into(c);
  stale.set_etag("\"1-stale\"");
  grpc::ClientContext ctx;
  EXPECT_EQ(env_->events().MergeEvents(&ctx, stale, &out).error_code(), grpc::StatusCode::ABORTED);
}

TEST_F(ChangeFeedTest, ReingestingAMergedEventsRecordChangesNothing) {
  auto ingest = [](const std::string& id) {
    v1::IngestRecord r;
    r.mutable_external_id()->set_system("merge-test");
    r.mutable_external_id()->set_id(id);
    r.set_title(absl::StrCat("Report ", id));
    r.set_event_type("attack");
    r.mutable_date()->set_text("2024-09-17");
    IngestOutcome out = IngestEvents(env_->ingest(), {r});
    EXPECT_TRUE(out.status.ok()) << out.status.error_message();
    return out.response.results(0);
  };
  const v1::IngestResult acled = ingest("acled-1");
  const v1::IngestResult ucdp = ingest("ucdp-1");
  ASSERT_EQ(acled.outcome(), v1::IngestResult::CREATED);
  v1::Event out;
  ASSERT_TRUE(Merge(acled.event(), ucdp.event(), &out).ok());
  const v1::IngestResult again = ingest("acled-1");
  EXPECT_EQ(again.outcome(), v1::IngestResult::UNCHANGED);
  EXPECT_EQ(again.event(), ucdp.event());
  ASSERT_EQ(again.warnings_size(), 1);
  EXPECT_EQ(again.warnings(0).code(), "MERGED");
  EXPECT_EQ(again.warnings(0).field(), "records[0].external_id");
}

// --- ExportEvents -------------------------------------------------------------------------------

struct Exported {
  std::vector<v1::ExportEventsResponse> messages;
  grpc::Status status;
};

Exported Export(v1::EventService::Stub& stub, const v1::ExportEventsRequest& request) {
  grpc::ClientContext ctx;
  ctx.set_deadline(Clock::now() + std::chrono::seconds(60));
  Exported out;
  auto reader = stub.ExportEvents(&ctx, request);
  v1::ExportEventsResponse message;
  while (reader->Read(&message)) out.messages.push_back(message);
  out.status = reader->Finish();
  return out;
}

std::vector<std::string> NamesOf(const std::vector<v1::ExportEventsResponse>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) out.push_back(m.event().name());
  return out;
}

TEST_F(ChangeFeedTest, ExportEqualsListingAndResumesAfterAnyEvent) {
  for (const std::string order : {"start_time", "start_time desc"}) {
    v1::ListEventsRequest list;
    list.add_places(seed_data::kMali);
    list.set_order_by(order);
    const std::vector<std::string> listed = ListAllEventNames(env_->events(), list);
    ASSERT_GE(listed.size(), 5u);
    v1::ExportEventsRequest request;
    request.add_places(seed_data::kMali);
    request.set_order_by(order);
    Exported all = Export(env_->events(), request);
    ASSERT_TRUE(all.status.ok()) << all.status.error_message();
    EXPECT_EQ(NamesOf(all.messages), listed) << order;
    for (size_t i = 0; i < all.messages.size(); ++i) {
      request.set_resume_token(all.messages[i].resume_token());
      Exported rest = Export(env_->events(), request);
      ASSERT_TRUE(rest.status.ok()) << rest.status.error_message();
      EXPECT_EQ(NamesOf(rest.messages),
                std::vector<std::string>(listed.begin() + i + 1, listed.end()))
          << order << " after " << i;
    }
  }
}

TEST_F(ChangeFeedTest, ExportRejectsBadRequestsNamingTheField) {
  v1::ExportEventsRequest request;
  request.add_places(seed_data::kMali);
  Exported first = Export(env_->events(), request);
  ASSERT_FALSE(first.messages.empty());
  v1::ExportEventsRequest other = request;
  other.add_event_types("attack");
  other.set_resume_token(first.messages[0].resume_token());
  Exported mismatched = Export(env_->events(), other);
  EXPECT_EQ(mismatched.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(mismatched.status), ElementsAre("resume_token"));

  v1::ExportEventsRequest bad;
  bad.add_actors("people/nobody");
  bad.set_order_by("title");
  Exported invalid = Export(env_->events(), bad);
  EXPECT_EQ(invalid.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(invalid.status), ElementsAre("actors[0]", "order_by"));
}

}  // namespace
}  // namespace timeline::testing

namespace timeline::testing {
namespace {

// A server that stops ends its watch streams at once, UNAVAILABLE with a reason, instead of
// holding its shutdown for the whole grace period; clients then reconnect after their cursor.
TEST(WatchShutdownTest, StoppingTheServerEndsWatchStreamsAtOnceAsUnavailable) {
  TimelineEnv env;
  server::ServerOptions options;
  options.listen = "127.0.0.1:0";
  auto server = server::TimelineServer::Start(env.repo(), options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto events = v1::EventService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", (*server)->port()), grpc::InsecureChannelCredentials()));

  grpc::ClientContext context;
  v1::WatchEventsRequest request;
  request.set_cursor("0");
  auto reader = events->WatchEvents(&context, request);
  v1::WatchEventsResponse change;
  ASSERT_TRUE(reader->Read(&change));  // the stream is open and serving the seed's log
  EXPECT_EQ(change.kind(), v1::WatchEventsResponse::CREATED);
  EXPECT_FALSE(change.cursor().empty());

  const auto stop_started = std::chrono::steady_clock::now();
  (*server)->Shutdown(absl::Seconds(20));
  (*server)->Wait();
  const auto stop_took = std::chrono::steady_clock::now() - stop_started;
  EXPECT_LT(stop_took, std::chrono::seconds(5));

  while (reader->Read(&change)) {
  }
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(),
            "the server is shutting down: reconnect with the last cursor received to continue");
}

}  // namespace
}  // namespace timeline::testing
