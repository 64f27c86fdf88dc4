// CountEvents of one place reads that place's sums per event type and span
// (migrations/0014_event_scope_counts.sql), kept by triggers and folded by storage::CountFolder.
// Through a real server and PostgreSQL: a small hierarchy of our own (a country, two regions,
// three towns) and events written over the API, then every kind of write that moves an event
// between sums — its type, time, fatalities, places, deletion, a town moved to another region,
// two towns merged, an event deleted outright — each followed by the monthly counts of every
// place, checked against counts computed here from the fixture as it stands after the write, and
// by the sums against the event tables, before and after a fold. Then: two writers adding to the
// same sums at once do not wait for each other, and the folder folds what is written.
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "prometheus_text.h"
#include "scope_counts_check.h"
#include "server/prometheus_metrics.h"
#include "stats_calls.h"
#include "storage/count_folder.h"

namespace timeline::testing {
namespace {

// An event as the fixture knows it: where (towns or regions, by fixture key), what, when.
struct FixtureEvent {
  std::string name;  // "events/..."
  std::vector<std::string> places;
  std::string type;
  int month = 1;  // of 2023, 1-12
  v1::Precision precision = v1::PRECISION_DAY;
  std::optional<int> fatalities;
  bool live = true;
};

FixtureEvent Ev(std::vector<std::string> places, std::string type, int month,
                v1::Precision precision = v1::PRECISION_DAY,
                std::optional<int> fatalities = std::nullopt) {
  FixtureEvent e;
  e.places = std::move(places);
  e.type = std::move(type);
  e.month = month;
  e.precision = precision;
  e.fatalities = fatalities;
  return e;
}

// The monthly counts of 2023 at one place: per month, events, imprecise ones, fatalities and
// events without a figure.
struct MonthCounts {
  int64_t events[12] = {}, imprecise[12] = {}, fatalities[12] = {}, unknown[12] = {};
};

class EventScopeCountsTest : public IntegrationSuite<EventScopeCountsTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

 protected:
  void SetUp() override {
    IntegrationSuite::SetUp();
    parent_.clear();
    names_.clear();
    events_.clear();
    AddPlace("C", v1::COUNTRY, "");
    AddPlace("R1", v1::ADMIN_REGION, "C");
    AddPlace("R2", v1::ADMIN_REGION, "C");
    AddPlace("T1", v1::SETTLEMENT, "R1");
    AddPlace("T2", v1::SETTLEMENT, "R2");
    AddPlace("T3", v1::SETTLEMENT, "R1");
    v1::CreateActorRequest actor;
    actor.set_actor_id(Unique("actor"));
    actor.mutable_actor()->set_display_name("Armed group");
    actor.mutable_actor()->set_kind(v1::ARMED_GROUP);
    actor_ = CreatedActor(env_->actors(), actor).name();
  }

  void AddPlace(const std::string& key, v1::PlaceKind kind, const std::string& parent) {
    v1::CreatePlaceRequest request;
    request.set_place_id(Unique("place"));
    request.mutable_place()->set_display_name(absl::StrCat("Place ", key));
    request.mutable_place()->set_kind(kind);
    if (!parent.empty()) request.mutable_place()->set_parent(names_.at(parent));
    if (kind == v1::COUNTRY) request.mutable_place()->set_country_code("ML");
    names_[key] = CreatedPlace(env_->places(), request).name();
    parent_[key] = parent;
  }

  // Writes `e` over the API and keeps it in the fixture.
  void AddEvent(FixtureEvent e) {
    v1::Event event;
    event.set_title(Unique("event"));
    event.set_event_type(e.type);
    *event.mutable_time() = TimeOf(e);
    if (e.fatalities) event.mutable_fatalities()->set_best(*e.fatalities);
    AddActor(event, actor_, v1::INITIATOR);
    for (const std::string& place : e.places)
      timeline::testing::AddPlace(event, names_.at(place), v1::LOCATION);
    e.name = CreatedEvent(env_->events(), event).name();
    events_.push_back(e);
  }

  static v1::TimeSpan TimeOf(const FixtureEvent& e) {
    v1::TimeSpan span;
    const std::string month = absl::StrCat("2023-", e.month < 10 ? "0" : "", e.month);
    *span.mutable_start_time() =
        Ts(e.precision == v1::PRECISION_YEAR
               ? "2023-01-01T00:00:00Z"
               : absl::StrCat(
                     month, e.precision == v1::PRECISION_DAY ? "-15T00:00:00Z" : "-01T00:00:00Z"));
    span.set_precision(e.precision);
    return span;
  }

  // Applies `paths` of `e` (already changed in the fixture) over the API.
  void Update(const FixtureEvent& e, const std::vector<std::string>& paths) {
    v1::UpdateEventRequest request;
    v1::Event* patch = request.mutable_event();
    patch->set_name(e.name);
    patch->set_event_type(e.type);
    *patch->mutable_time() = TimeOf(e);
    if (e.fatalities) patch->mutable_fatalities()->set_best(*e.fatalities);
    for (const std::string& place : e.places)
      timeline::testing::AddPlace(*patch, names_.at(place), v1::LOCATION);
    for (const std::string& p : paths) request.mutable_update_mask()->add_paths(p);
    grpc::ClientContext ctx;
    v1::Event out;
    grpc::Status status = env_->events().UpdateEvent(&ctx, request, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Whether fixture place `key` is `place` or below it.
  bool Within(std::string key, const std::string& place) const {
    for (; !key.empty(); key = parent_.at(key)) {
      if (key == place) return true;
    }
    return false;
  }

  MonthCounts Truth(const std::string& place) const {
    MonthCounts t;
    for (const FixtureEvent& e : events_) {
      if (!e.live) continue;
      bool in = false;
      for (const std::string& p : e.places) in = in || Within(p, place);
      if (!in) continue;
      const int m = e.precision == v1::PRECISION_YEAR ? 0 : e.month - 1;
      t.events[m] += 1;
      t.imprecise[m] += e.precision == v1::PRECISION_YEAR ? 1 : 0;
      t.fatalities[m] += e.fatalities.value_or(0);
      t.unknown[m] += e.fatalities ? 0 : 1;
    }
    return t;
  }

  MonthCounts Counted(const std::string& place, v1::CountEventsRequest::GroupBy group_by =
                                                    v1::CountEventsRequest::GROUP_BY_UNSPECIFIED) {
    v1::CountEventsRequest request;
    request.add_places(names_.at(place));
    *request.mutable_time_range() = Range("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
    request.set_interval(v1::CountEventsRequest::MONTH);
    request.set_group_by(group_by);
    v1::CountEventsResponse response;
    grpc::Status status = Count(env_->events(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    MonthCounts c;
    EXPECT_EQ(response.buckets_size(), 12);
    for (int m = 0; m < response.buckets_size() && m < 12; ++m) {
      const v1::HistogramBucket& b = response.buckets(m);
      c.events[m] = b.event_count();
      c.imprecise[m] = b.imprecise_count();
      c.fatalities[m] = b.fatalities();
      c.unknown[m] = b.fatalities_unknown_count();
    }
    return c;
  }

  // The scope is what the links derive; every place's counts equal the fixture's, grouped or
  // not, and the sums the tables, before and after a fold.
  void ExpectCountsMatchFixture(const std::string& step, const std::set<std::string>& places) {
    SCOPED_TRACE(step);
    pqxx::connection conn(env_->database_url());
    EXPECT_EQ(ScopeDrift(conn), "");
    for (bool folded : {false, true}) {
      SCOPED_TRACE(folded ? "folded" : "not folded");
      if (folded) pqxx::nontransaction(conn).exec("SELECT fold_event_scope_counts()");
      EXPECT_EQ(ScopeCountsDrift(conn), "");
      for (const std::string& place : places) {
        SCOPED_TRACE(place);
        const MonthCounts truth = Truth(place);
        for (auto group_by :
             {v1::CountEventsRequest::GROUP_BY_UNSPECIFIED, v1::CountEventsRequest::EVENT_TYPE}) {
          const MonthCounts counted = Counted(place, group_by);
          for (int m = 0; m < 12; ++m) {
            SCOPED_TRACE(absl::StrCat("month ", m + 1));
            EXPECT_EQ(counted.events[m], truth.events[m]);
            EXPECT_EQ(counted.imprecise[m], truth.imprecise[m]);
            EXPECT_EQ(counted.fatalities[m], truth.fatalities[m]);
            EXPECT_EQ(counted.unknown[m], truth.unknown[m]);
          }
        }
      }
    }
  }

  // The internal id of the fixture event at `index`.
  int64_t EventId(size_t index) {
    return SqlNumber(env_->database_url(), "SELECT id FROM events WHERE resource_id = $1",
                     IdOf(events_.at(index).name));
  }

  std::map<std::string, std::string> parent_;  // fixture key -> parent key ("" for the country)
  std::map<std::string, std::string> names_;   // fixture key -> "places/..."
  std::vector<FixtureEvent> events_;
  std::string actor_;
};

TEST_F(EventScopeCountsTest, EveryWriteMovesEventsBetweenTheRightSums) {
  const std::set<std::string> all = {"C", "R1", "R2", "T1", "T2", "T3"};
  AddEvent(Ev({"T1"}, "attack", 3, v1::PRECISION_DAY, 4));
  AddEvent(Ev({"T1"}, "attack", 3, v1::PRECISION_DAY, 2));
  AddEvent(Ev({"T2"}, "protest", 3));
  AddEvent(Ev({"T3"}, "attack", 5, v1::PRECISION_MONTH, 1));
  AddEvent(Ev({"R1"}, "attack", 1, v1::PRECISION_YEAR));
  AddEvent(Ev({"T1", "T2"}, "armed_clash", 7, v1::PRECISION_DAY, 10));
  AddEvent(Ev({"T2"}, "protest", 11, v1::PRECISION_DAY, 0));
  ExpectCountsMatchFixture("created", all);

  events_[0].type = "protest";
  Update(events_[0], {"event_type"});
  events_[1].month = 8;
  Update(events_[1], {"time"});
  events_[2].fatalities = 3;
  Update(events_[2], {"fatalities"});
  events_[3].places = {"T2"};
  Update(events_[3], {"places"});
  ExpectCountsMatchFixture("updated", all);

  {
    v1::DeleteEventRequest request;
    request.set_name(events_[6].name);
    grpc::ClientContext ctx;
    v1::Event deleted;
    ASSERT_TRUE(env_->events().DeleteEvent(&ctx, request, &deleted).ok());
    events_[6].live = false;
  }
  ExpectCountsMatchFixture("deleted", all);

  {  // T3 moves from R1 to R2.
    v1::UpdatePlaceRequest request;
    request.mutable_place()->set_name(names_.at("T3"));
    request.mutable_place()->set_parent(names_.at("R2"));
    request.mutable_update_mask()->add_paths("parent");
    grpc::ClientContext ctx;
    v1::Place moved;
    grpc::Status status = env_->places().UpdatePlace(&ctx, request, &moved);
    ASSERT_TRUE(status.ok()) << status.error_message();
    parent_["T3"] = "R2";
  }
  AddEvent(Ev({"T3"}, "attack", 2));
  ExpectCountsMatchFixture("moved", all);

  {  // T2 merges into T1: its events are T1's now.
    v1::MergePlacesRequest request;
    request.set_name(names_.at("T2"));
    request.set_into(names_.at("T1"));
    grpc::ClientContext ctx;
    v1::Place merged;
    grpc::Status status = env_->places().MergePlaces(&ctx, request, &merged);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (FixtureEvent& e : events_) {
      std::set<std::string> places;
      for (const std::string& p : e.places) places.insert(p == "T2" ? "T1" : p);
      e.places.assign(places.begin(), places.end());
    }
  }
  ExpectCountsMatchFixture("merged", {"C", "R1", "R2", "T1", "T3"});

  {  // Deleted outright, as an operator's purge would: the sums lose it before its links go.
    pqxx::connection conn(env_->database_url());
    pqxx::work txn(conn);
    const int64_t id = EventId(5);
    txn.exec_params("DELETE FROM changes WHERE event_id = $1", id);
    txn.exec_params("DELETE FROM events WHERE id = $1", id);
    txn.commit();
    events_[5].live = false;
  }
  ExpectCountsMatchFixture("purged", {"C", "R1", "R2", "T1", "T3"});
}

// The scope has no foreign keys (migrations/0015_scope_without_foreign_keys.sql): the suites'
// check that it is what the links derive must see a row left behind and a row missing.
TEST_F(EventScopeCountsTest, TheScopeCheckSeesARowLeftBehindAndARowMissing) {
  AddEvent(Ev({"T1"}, "attack", 3));
  pqxx::connection conn(env_->database_url());
  ASSERT_EQ(ScopeDrift(conn), "");
  const int64_t event = EventId(0);
  const int64_t gone = SqlNumber(env_->database_url(), "SELECT max(id) + 1000 FROM events");
  {
    pqxx::work txn(conn);
    txn.exec("SET LOCAL session_replication_role = replica");  // the sums' triggers off
    txn.exec_params(
        "INSERT INTO event_place_scope (place_id, event_id, span) "
        "SELECT place_id, $2, span FROM event_place_scope WHERE event_id = $1 "
        "LIMIT 1",
        event, gone);
    txn.exec_params(
        "DELETE FROM event_place_scope WHERE event_id = $1 AND place_id = "
        "(SELECT id FROM places WHERE resource_id = $2)",
        event, IdOf(names_.at("C")));
    const std::string drift = ScopeDrift(txn);
    EXPECT_TRUE(absl::StartsWith(drift, "2 rows differ: ")) << drift;
    EXPECT_TRUE(absl::StrContains(drift, "(kept,")) << drift;
    EXPECT_TRUE(absl::StrContains(drift, absl::StrCat(",", gone, ","))) << drift;
    EXPECT_TRUE(absl::StrContains(drift, "(truth,")) << drift;
  }  // rolled back
  EXPECT_EQ(ScopeDrift(conn), "");
}

// Before a fold, an event moved to another year leaves a change that cancels its old sum: that
// year has no event, so a count without a range starts at the first year that has one.
TEST_F(EventScopeCountsTest, ABucketLeftWithoutEventsDoesNotWidenTheSeries) {
  AddEvent(Ev({"T1"}, "attack", 3));
  v1::Event early;
  early.set_title(Unique("early"));
  early.set_event_type("attack");
  *early.mutable_time()->mutable_start_time() = Ts("2021-05-15T00:00:00Z");
  early.mutable_time()->set_precision(v1::PRECISION_DAY);
  timeline::testing::AddPlace(early, names_.at("T1"), v1::LOCATION);
  FixtureEvent moved = Ev({"T1"}, "attack", 4);
  moved.name = CreatedEvent(env_->events(), early).name();
  Update(moved, {"time"});
  events_.push_back(moved);

  pqxx::connection conn(env_->database_url());
  for (bool folded : {false, true}) {
    SCOPED_TRACE(folded ? "folded" : "not folded");
    if (folded) pqxx::nontransaction(conn).exec("SELECT fold_event_scope_counts()");
    EXPECT_EQ(ScopeCountsDrift(conn), "");
    for (const char* place : {"T1", "R1", "C"}) {
      v1::CountEventsRequest request;
      request.add_places(names_.at(place));
      request.set_interval(v1::CountEventsRequest::YEAR);
      v1::CountEventsResponse response;
      grpc::Status status = Count(env_->events(), request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      ASSERT_EQ(response.buckets_size(), 1) << place;
      EXPECT_EQ(response.buckets(0).start_time().seconds(), Ts("2023-01-01T00:00:00Z").seconds());
      EXPECT_EQ(response.buckets(0).event_count(), 2);
    }
  }
}

// Writers append changes instead of updating a shared row: a second writer adding an event of
// the same type, day and place while the first has not committed does not wait for it.
TEST_F(EventScopeCountsTest, TwoWritersOfOneDayAndPlaceDoNotWaitForEachOther) {
  AddEvent(Ev({"T1"}, "attack", 6));
  pqxx::connection first(env_->database_url()), second(env_->database_url());
  auto add_event = [&](pqxx::work& txn) {
    const std::string id = Unique("ev");
    txn.exec_params(
        "INSERT INTO events (resource_id, title, event_type, span, time_precision)"
        " VALUES ($1, 'Concurrent', 'attack', tstzrange('2023-06-15', '2023-06-16'), 'day')",
        id);
    txn.exec_params(
        "INSERT INTO event_places (event_id, place_id, role, ordinal)"
        " SELECT e.id, p.id, 'location', 1 FROM events e, places p"
        " WHERE e.resource_id = $1 AND p.resource_id = $2",
        id, IdOf(names_.at("T1")));
  };
  pqxx::work a(first);
  add_event(a);
  pqxx::work b(second);
  b.exec("SET LOCAL lock_timeout = '2s'");
  ASSERT_NO_THROW(add_event(b));
  b.commit();
  a.commit();
  for (int i = 0; i < 2; ++i) {
    FixtureEvent e = Ev({"T1"}, "attack", 6);
    e.name = "events/concurrent";
    events_.push_back(e);
  }
  ExpectCountsMatchFixture("two writers", {"C", "R1", "R2", "T1"});
}

// The folder moves what writers append into the sums, and the counts stay the same; its metrics
// count its ticks and what they moved.
TEST_F(EventScopeCountsTest, TheFolderFoldsWhatIsWritten) {
  server::PrometheusMetrics metrics;
  storage::CountFolder folder(env_->database_url(), absl::Milliseconds(20), &metrics);
  AddEvent(Ev({"T1"}, "attack", 4, v1::PRECISION_DAY, 5));
  AddEvent(Ev({"R2"}, "protest", 9));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (SqlNumber(env_->database_url(), "SELECT count(*) FROM event_scope_count_changes") > 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(SqlNumber(env_->database_url(), "SELECT count(*) FROM event_scope_count_changes"), 0);
  // Read before the scrape: each tick reports to the metrics before it adds to folded().
  const int64_t folded = folder.folded();
  EXPECT_GT(folded, 0);
  const auto samples = ParsePromText(metrics.Scrape());
  EXPECT_GE(PromValue(samples, "timeline_count_folds_total", {{"outcome", "folded"}}).value_or(0),
            1.0);
  EXPECT_EQ(PromValue(samples, "timeline_count_folds_total", {{"outcome", "failed"}}),
            std::nullopt);
  EXPECT_GE(PromValue(samples, "timeline_count_changes_folded_total").value_or(0),
            static_cast<double>(folded));
  ExpectCountsMatchFixture("folded by the folder", {"C", "R1", "R2", "T1"});
}

}  // namespace
}  // namespace timeline::testing
