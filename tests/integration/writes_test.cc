// CreateEvent, UpdateEvent and DeleteEvent, and the Create* calls of actors, places and sources,
// through a real server and PostgreSQL: round trips, ids, idempotency, references, validation,
// etags, tombstones, the change log, deadlines, and that a failed write leaves nothing behind
// (checked in SQL). Each test writes under its own ids, so tests do not see each other's data
// except where they query the shared seed places (and then only check their own events).
#include <chrono>
#include <cstdint>
#include <ostream>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "api_calls.h"
#include "domain/records.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "pqxx/pqxx"
#include "seed_names.h"
#include "status_details.h"
#include "storage/repository.h"

namespace timeline::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

std::string Diff(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  google::protobuf::util::MessageDifferencer differ;
  std::string report;
  differ.ReportDifferencesToString(&report);
  differ.Compare(a, b);
  return report;
}

bool Same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

class WritesTest : public IntegrationSuite<WritesTest> {
 protected:
  // One number from SQL, such as a count.
  template <typename... Args>
  static int64_t Scalar(const std::string& sql, Args&&... args) {
    return SqlNumber(env_->database_url(), sql, std::forward<Args>(args)...);
  }

  struct RowCounts {
    int64_t events, event_actors, event_places, event_place_scope, event_sources, external_ids,
        changes, idempotent_requests;
    bool operator==(const RowCounts&) const = default;
    friend void PrintTo(const RowCounts& c, std::ostream* os) {
      *os << "events=" << c.events << " event_actors=" << c.event_actors
          << " event_places=" << c.event_places << " event_place_scope=" << c.event_place_scope
          << " event_sources=" << c.event_sources << " external_ids=" << c.external_ids
          << " changes=" << c.changes << " idempotent_requests=" << c.idempotent_requests;
    }
  };
  static RowCounts Counts() {
    pqxx::connection conn(env_->database_url());
    pqxx::read_transaction txn(conn);
    pqxx::row r = txn.exec1(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_actors),"
        " (SELECT count(*) FROM event_places), (SELECT count(*) FROM event_place_scope),"
        " (SELECT count(*) FROM event_sources), (SELECT count(*) FROM external_ids),"
        " (SELECT count(*) FROM changes), (SELECT count(*) FROM idempotent_requests)");
    return {r[0].as<int64_t>(), r[1].as<int64_t>(), r[2].as<int64_t>(), r[3].as<int64_t>(),
            r[4].as<int64_t>(), r[5].as<int64_t>(), r[6].as<int64_t>(), r[7].as<int64_t>()};
  }

  // The kinds of the change records of an event, in order.
  static std::vector<std::string> ChangeKinds(const std::string& event_name) {
    pqxx::connection conn(env_->database_url());
    pqxx::read_transaction txn(conn);
    std::vector<std::string> kinds;
    for (const pqxx::row& r :
         txn.exec_params("SELECT c.kind FROM changes c JOIN events e ON e.id = c.event_id"
                         " WHERE e.resource_id = $1 ORDER BY c.seq",
                         IdOf(event_name))) {
      kinds.push_back(r[0].as<std::string>());
    }
    return kinds;
  }

  // A valid event: a Malian army attack on Tessalit on 5 March 2023 (DAY precision).
  static v1::Event MinimalEvent(const std::string& title) {
    v1::Event e;
    e.set_title(title);
    e.set_event_type("attack");
    *e.mutable_time() = Day("2023-03-05T00:00:00Z");
    AddActor(e, seed_data::kMalianArmedForces, v1::INITIATOR);
    AddPlace(e, seed_data::kTessalit, v1::LOCATION);
    return e;
  }

  static v1::TimeSpan Day(const std::string& start) {
    v1::TimeSpan span;
    *span.mutable_start_time() = Ts(start);
    span.set_precision(v1::PRECISION_DAY);
    return span;
  }

  static grpc::Status Create(const v1::Event& event, v1::Event* out,
                             const std::string& event_id = "", const std::string& request_id = "") {
    return CreateEvent(env_->events(), event, out, event_id, request_id);
  }

  // Creates an event that must be created (api_calls.h).
  static v1::Event MustCreate(const v1::Event& event, const std::string& event_id = "") {
    return CreatedEvent(env_->events(), event, event_id);
  }

  static grpc::Status Update(const v1::Event& patch, const std::vector<std::string>& paths,
                             v1::Event* out) {
    v1::UpdateEventRequest request;
    *request.mutable_event() = patch;
    for (const auto& p : paths) request.mutable_update_mask()->add_paths(p);
    grpc::ClientContext ctx;
    return env_->events().UpdateEvent(&ctx, request, out);
  }

  static grpc::Status Delete(const std::string& name, v1::Event* out,
                             const std::string& etag = "") {
    v1::DeleteEventRequest request;
    request.set_name(name);
    request.set_etag(etag);
    grpc::ClientContext ctx;
    return env_->events().DeleteEvent(&ctx, request, out);
  }

  static grpc::Status Get(const std::string& name, v1::Event* out) {
    v1::GetEventRequest request;
    request.set_name(name);
    grpc::ClientContext ctx;
    return env_->events().GetEvent(&ctx, request, out);
  }

  // The names of every event a query returns, over all pages.
  static std::vector<std::string> Names(const v1::ListEventsRequest& request) {
    return ListAllEventNames(env_->events(), request);
  }

  static v1::Actor MustCreateActor(const std::string& id, const std::string& display_name) {
    v1::CreateActorRequest request;
    request.set_actor_id(id);
    request.mutable_actor()->set_display_name(display_name);
    request.mutable_actor()->set_kind(v1::ARMED_GROUP);
    return CreatedActor(env_->actors(), request);
  }

  static v1::Place MustCreatePlace(const std::string& id, const std::string& display_name,
                                   const std::string& parent) {
    v1::CreatePlaceRequest request;
    request.set_place_id(id);
    request.mutable_place()->set_display_name(display_name);
    request.mutable_place()->set_kind(v1::SETTLEMENT);
    request.mutable_place()->set_parent(parent);
    return CreatedPlace(env_->places(), request);
  }
};

// --- CreateEvent ---------------------------------------------------------------------------------

TEST_F(WritesTest, CreateEventRoundTripsEveryField) {
  const std::string source_id = Unique("round-trip-source");
  v1::CreateSourceRequest source_request;
  source_request.set_source_id(source_id);
  v1::Source* s = source_request.mutable_source();
  s->set_url("https://example.org/news/" + source_id);
  s->set_publisher("Example News");
  s->set_language("en");
  *s->mutable_published_time() = Ts("2024-10-12T11:16:00Z");
  s->set_title("Clashes near Bamako");
  const v1::Source source = CreatedSource(env_->sources(), source_request);

  v1::Event in;
  in.set_title("Clashes near the military airport of Bamako");
  in.set_summary("A test event with every field set.");
  in.set_event_type("armed_clash");
  // MONTH precision with only a start: completed to the end of September in Africa/Bamako.
  *in.mutable_time()->mutable_start_time() = Ts("2024-09-01T00:00:00Z");
  in.mutable_time()->set_precision(v1::PRECISION_MONTH);
  in.mutable_time()->set_time_zone("Africa/Bamako");
  in.mutable_time()->set_text("سبتمبر/أيلول الماضي");
  AddActor(in, seed_data::kMalianArmedForces, v1::INITIATOR);
  AddActor(in, seed_data::kWagner, v1::ASSOCIATED);
  AddActor(in, seed_data::kAzawadRebels, v1::TARGET);
  AddPlace(in, seed_data::kBamako, v1::LOCATION);
  AddPlace(in, seed_data::kMilitaryAirport, v1::TARGET_SITE);
  in.mutable_fatalities()->set_low(3);
  in.mutable_fatalities()->set_best(5);
  in.mutable_fatalities()->set_high(10);
  in.mutable_injured()->set_low(1);
  auto* cite = in.add_sources();
  cite->set_source(source.name());
  cite->set_quote("Clashes broke out near the airport; five were killed.");
  cite->add_claims("time");
  cite->add_claims("fatalities");
  auto* cite2 = in.add_sources();
  cite2->set_source(seed_data::kEremNews);
  cite2->set_quote("12 أكتوبر 2024، 3:16 م");
  cite2->add_claims("time");
  auto* x1 = in.add_external_ids();
  x1->set_system("acled");
  x1->set_id(Unique("MLI-RT"));
  auto* x2 = in.add_external_ids();
  x2->set_system("gdelt");
  x2->set_id(Unique("1234"));

  const std::string id = Unique("round-trip");
  v1::Event created;
  grpc::Status status = Create(in, &created, id);
  ASSERT_TRUE(status.ok()) << status.error_message();

  v1::Event expected = in;
  expected.set_name("events/" + id);
  *expected.mutable_time()->mutable_end_time() = Ts("2024-10-01T00:00:00Z");
  expected.mutable_actors(0)->set_display_name("Malian Armed Forces (FAMa)");
  expected.mutable_actors(1)->set_display_name("Wagner Group");
  expected.mutable_actors(2)->set_display_name("Azawad rebels");
  expected.mutable_places(0)->set_display_name("Bamako");
  expected.mutable_places(1)->set_display_name("Military airport, Bamako");
  expected.mutable_sources(0)->set_url(source.url());
  expected.mutable_sources(0)->set_publisher("Example News");
  *expected.mutable_sources(0)->mutable_published_time() = Ts("2024-10-12T11:16:00Z");
  expected.mutable_sources(1)->set_publisher("إرم نيوز (Erem News)");
  *expected.mutable_sources(1)->mutable_published_time() = Ts("2024-10-12T11:16:00Z");

  v1::Event stripped = created;
  stripped.clear_create_time();
  stripped.clear_update_time();
  stripped.clear_etag();
  EXPECT_TRUE(Same(expected, stripped)) << Diff(expected, stripped);

  EXPECT_TRUE(created.has_create_time());
  EXPECT_TRUE(created.has_update_time());
  EXPECT_TRUE(Same(created.create_time(), created.update_time()));
  EXPECT_FALSE(created.has_delete_time());
  EXPECT_FALSE(created.etag().empty());
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  EXPECT_NEAR(created.create_time().seconds(), now, 60);

  // GetEvent returns exactly what CreateEvent did.
  v1::Event got;
  ASSERT_TRUE(Get(created.name(), &got).ok());
  EXPECT_TRUE(Same(created, got)) << Diff(created, got);
}

TEST_F(WritesTest, OtherCalendarPrecisionsAreCompletedFromTheStart) {
  struct Case {
    v1::Precision precision;
    std::string zone, start, end;
  };
  const std::vector<Case> cases = {
      {v1::PRECISION_DAY, "Africa/Bamako", "2024-09-17T00:00:00Z", "2024-09-18T00:00:00Z"},
      // Moscow is UTC+3: 17 September local starts at 21:00 UTC the day before.
      {v1::PRECISION_DAY, "Europe/Moscow", "2024-09-16T21:00:00Z", "2024-09-17T21:00:00Z"},
      {v1::PRECISION_HOUR, "UTC", "2024-09-17T05:00:00Z", "2024-09-17T06:00:00Z"},
      {v1::PRECISION_YEAR, "UTC", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"},
  };
  for (const Case& c : cases) {
    v1::Event e = MinimalEvent("precision " + v1::Precision_Name(c.precision));
    e.mutable_time()->set_precision(c.precision);
    e.mutable_time()->set_time_zone(c.zone);
    *e.mutable_time()->mutable_start_time() = Ts(c.start);
    v1::Event created = MustCreate(e);
    EXPECT_TRUE(Same(created.time().end_time(), Ts(c.end)))
        << v1::Precision_Name(c.precision) << " " << c.zone << ": "
        << created.time().end_time().DebugString();
  }

  // A MONTH span must start at the beginning of a month in its zone.
  v1::Event bad = MinimalEvent("mid-month start");
  bad.mutable_time()->set_precision(v1::PRECISION_MONTH);
  *bad.mutable_time()->mutable_start_time() = Ts("2024-09-15T00:00:00Z");
  v1::Event out;
  grpc::Status status = Create(bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event.time.start_time"));
}

TEST_F(WritesTest, OpenAndFarTimesRoundTrip) {
  struct Case {
    std::string what;
    v1::TimeSpan in;
    v1::TimeSpan out;  // expected back
  };
  std::vector<Case> cases;
  auto span = [](const std::string& start, const std::string& end, v1::Precision p) {
    v1::TimeSpan t;
    if (!start.empty()) *t.mutable_start_time() = Ts(start);
    if (!end.empty()) *t.mutable_end_time() = Ts(end);
    t.set_precision(p);
    t.set_time_zone("UTC");
    return t;
  };
  cases.push_back({"start only, unknown precision: open-ended",
                   span("2024-03-01T00:00:00Z", "", v1::PRECISION_UNKNOWN),
                   span("2024-03-01T00:00:00Z", "", v1::PRECISION_UNKNOWN)});
  cases.push_back({"end only: before the end",
                   span("", "2024-10-12T11:16:00Z", v1::PRECISION_UNKNOWN),
                   span("", "2024-10-12T11:16:00Z", v1::PRECISION_UNKNOWN)});
  cases.push_back(
      {"before 1970, to the microsecond",
       span("1914-06-28T10:50:00.123456Z", "", v1::PRECISION_INSTANT),
       span("1914-06-28T10:50:00.123456Z", "1914-06-28T10:50:00.123457Z", v1::PRECISION_INSTANT)});
  cases.push_back(
      {"nanoseconds are cut to microseconds",
       span("2024-03-01T10:00:00.123456789Z", "2024-03-01T11:00:00.5Z", v1::PRECISION_UNKNOWN),
       span("2024-03-01T10:00:00.123456Z", "2024-03-01T11:00:00.5Z", v1::PRECISION_UNKNOWN)});
  cases.push_back({"the first year", span("0001-01-01T00:00:00Z", "", v1::PRECISION_YEAR),
                   span("0001-01-01T00:00:00Z", "0002-01-01T00:00:00Z", v1::PRECISION_YEAR)});
  for (const Case& c : cases) {
    v1::Event e = MinimalEvent(c.what);
    *e.mutable_time() = c.in;
    v1::Event created;
    grpc::Status status = Create(e, &created);
    ASSERT_TRUE(status.ok()) << c.what << ": " << status.error_message();
    EXPECT_TRUE(Same(created.time(), c.out)) << c.what << "\n" << Diff(created.time(), c.out);
    v1::Event got;
    ASSERT_TRUE(Get(created.name(), &got).ok());
    EXPECT_TRUE(Same(got.time(), c.out)) << c.what;
  }

  // A unit that would end past 9999-12-31 cannot be completed into a valid Timestamp (its end
  // would be 10000-01-01): refused, instead of answering with an out-of-range end_time.
  struct Last {
    std::string start;
    v1::Precision precision;
    std::string zone;
  };
  for (const Last& c : std::vector<Last>{
           {"9999-01-01T00:00:00Z", v1::PRECISION_YEAR, "UTC"},
           {"9999-12-01T00:00:00Z", v1::PRECISION_MONTH, "UTC"},
           {"9999-12-31T00:00:00Z", v1::PRECISION_DAY, "UTC"},
           {"9999-12-31T08:00:00Z", v1::PRECISION_DAY, "America/Los_Angeles"},
           {"9999-12-31T23:59:59.999999Z", v1::PRECISION_INSTANT, "UTC"},
       }) {
    v1::Event e = MinimalEvent("the last unit");
    *e.mutable_time() = span(c.start, "", c.precision);
    e.mutable_time()->set_time_zone(c.zone);
    v1::Event out;
    grpc::Status status = Create(e, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.start << " " << v1::Precision_Name(c.precision) << " came back with end_time "
        << out.time().end_time().DebugString();
    EXPECT_THAT(ViolatedFields(status), ElementsAre("event.time.start_time"));
  }
  // The unit before it is fine.
  v1::Event e = MinimalEvent("the last whole year");
  *e.mutable_time() = span("9998-01-01T00:00:00Z", "", v1::PRECISION_YEAR);
  v1::Event out;
  ASSERT_TRUE(Create(e, &out).ok());
  EXPECT_TRUE(Same(out.time().end_time(), Ts("9999-01-01T00:00:00Z")));
}

TEST_F(WritesTest, ClientChosenAndGeneratedIds) {
  const std::string id = Unique("chosen-id");
  v1::Event chosen = MustCreate(MinimalEvent("chosen id"), id);
  EXPECT_EQ(chosen.name(), "events/" + id);

  v1::Event generated = MustCreate(MinimalEvent("generated id"));
  EXPECT_TRUE(std::regex_match(generated.name(), std::regex("^events/[a-z][a-z0-9-]{0,62}$")))
      << generated.name();
  v1::Event generated2 = MustCreate(MinimalEvent("generated id"));
  EXPECT_NE(generated.name(), generated2.name());
  v1::Event got;
  EXPECT_TRUE(Get(generated.name(), &got).ok());

  v1::Event out;
  for (const std::string& bad : std::vector<std::string>{"Upper", "1starts-with-digit",
                                                         "has_underscore", std::string(64, 'a')}) {
    grpc::Status status = Create(MinimalEvent("bad id"), &out, bad);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("event_id")) << bad;
  }
}

TEST_F(WritesTest, TakenEventIdIsAlreadyExistsAndChangesNothing) {
  const std::string id = Unique("taken");
  v1::Event first = MustCreate(MinimalEvent("first"), id);
  const RowCounts before = Counts();
  v1::Event out;
  grpc::Status status = Create(MinimalEvent("second"), &out, id);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("events/" + id));
  EXPECT_EQ(Counts(), before);
  v1::Event got;
  ASSERT_TRUE(Get(first.name(), &got).ok());
  EXPECT_EQ(got.title(), "first");
  EXPECT_EQ(got.etag(), first.etag());
}

TEST_F(WritesTest, RetryWithRequestIdReturnsTheSameEventAndWritesOnce) {
  const std::string title = Unique("idempotent create");
  const std::string request_id = "8f14e45f-ceea-4e1b-9c4f-" + Unique("a1");
  v1::Event first, second;
  ASSERT_TRUE(Create(MinimalEvent(title), &first, "", request_id).ok());
  const RowCounts after_first = Counts();
  ASSERT_TRUE(Create(MinimalEvent(title), &second, "", request_id).ok());
  EXPECT_TRUE(Same(first, second)) << Diff(first, second);
  EXPECT_EQ(Counts(), after_first);
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE title = $1", title), 1);
  EXPECT_THAT(ChangeKinds(first.name()), ElementsAre("created"));

  // Another request id is another event.
  v1::Event third;
  ASSERT_TRUE(Create(MinimalEvent(title), &third, "", request_id + "-other").ok());
  EXPECT_NE(third.name(), first.name());
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE title = $1", title), 2);

  // Too long a request id is refused.
  v1::Event out;
  grpc::Status status = Create(MinimalEvent(title), &out, "", std::string(129, 'x'));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("request_id"));
}

// Retries that overlap the first call: each is answered with the first call's event, or ABORTED
// while that call is still in flight (the service's documented answer to a racing duplicate);
// retried, those get the same event. Either way one event exists.
TEST_F(WritesTest, ConcurrentRetriesWithOneRequestIdCreateOneEvent) {
  const std::string title = Unique("concurrent idempotent create");
  const std::string request_id = Unique("concurrent-request");
  constexpr int kCalls = 4;
  std::vector<grpc::Status> statuses(kCalls);
  std::vector<v1::Event> events(kCalls);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCalls; ++i) {
    threads.emplace_back(
        [&, i] { statuses[i] = Create(MinimalEvent(title), &events[i], "", request_id); });
  }
  for (auto& t : threads) t.join();
  std::string name;
  for (int i = 0; i < kCalls; ++i) {
    if (statuses[i].error_code() == grpc::StatusCode::ABORTED) {
      statuses[i] = Create(MinimalEvent(title), &events[i], "", request_id);
    }
    ASSERT_TRUE(statuses[i].ok()) << i << ": " << statuses[i].error_code() << " "
                                  << statuses[i].error_message();
    if (name.empty()) name = events[i].name();
    EXPECT_EQ(events[i].name(), name);
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE title = $1", title), 1);
  EXPECT_THAT(ChangeKinds(name), ElementsAre("created"));
}

TEST_F(WritesTest, MissingReferencesAreInvalidArgumentAndWriteNothing) {
  const std::string id = Unique("dangling");
  v1::Event e = MinimalEvent("references that do not exist");
  e.mutable_actors(0)->set_actor("actors/nobody-at-all");
  auto* p = e.add_places();
  p->set_place("places/atlantis");
  p->set_role(v1::TARGET_SITE);
  auto* s = e.add_sources();
  s->set_source("sources/no-such-source");
  s->set_quote("words");
  auto* x = e.add_external_ids();
  x->set_system("acled");
  x->set_id(Unique("dangling"));

  const RowCounts before = Counts();
  v1::Event out;
  grpc::Status status = Create(e, &out, id, Unique("dangling-request"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event.actors[0].actor", "event.places[1].place",
                                                  "event.sources[0].source"));
  EXPECT_THAT(status.error_message(), HasSubstr("actors/nobody-at-all"));
  EXPECT_EQ(Counts(), before);
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE resource_id = $1", id), 0);
  v1::Event got;
  EXPECT_EQ(Get("events/" + id, &got).error_code(), grpc::StatusCode::NOT_FOUND);

  // The id and the external id stay free: the corrected event can be created.
  e.mutable_actors(0)->set_actor(seed_data::kMalianArmedForces);
  e.mutable_places(1)->set_place(seed_data::kKidalRegion);
  e.mutable_sources(0)->set_source(seed_data::kEremNews);
  EXPECT_TRUE(Create(e, &out, id).ok());
}

TEST_F(WritesTest, ValidationReportsEveryProblemAtOnce) {
  v1::Event e;
  e.set_event_type("massacre");
  e.mutable_time()->set_precision(v1::PRECISION_UNSPECIFIED);
  auto* a = e.add_actors();
  a->set_actor("assimi-goita");
  auto* p = e.add_places();
  p->set_place(seed_data::kBamako);
  e.mutable_fatalities()->set_low(-1);
  e.mutable_injured()->set_low(10);
  e.mutable_injured()->set_high(5);
  auto* s = e.add_sources();
  s->set_source(seed_data::kEremNews);
  s->add_claims("weather");
  auto* x = e.add_external_ids();
  x->set_system("ACLED");

  const RowCounts before = Counts();
  v1::Event out;
  grpc::Status status = Create(e, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("event.title", "event.event_type", "event.time.precision",
                                   "event.actors[0].actor", "event.actors[0].role",
                                   "event.places[0].role", "event.fatalities.low", "event.injured",
                                   "event.sources[0].quote", "event.sources[0].claims[0]",
                                   "event.external_ids[0].system", "event.external_ids[0].id"));
  EXPECT_EQ(Counts(), before);

  // A missing request body part is named too.
  v1::CreateEventRequest empty;
  grpc::ClientContext ctx;
  status = env_->events().CreateEvent(&ctx, empty, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event"));

  // An end before the start.
  v1::Event reversed = MinimalEvent("reversed");
  reversed.mutable_time()->set_precision(v1::PRECISION_UNKNOWN);
  *reversed.mutable_time()->mutable_start_time() = Ts("2024-02-01T00:00:00Z");
  *reversed.mutable_time()->mutable_end_time() = Ts("2024-01-01T00:00:00Z");
  status = Create(reversed, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event.time.end_time"));

  // The same actor twice in the same role.
  v1::Event repeated = MinimalEvent("repeated actor");
  *repeated.add_actors() = repeated.actors(0);
  status = Create(repeated, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event.actors[1]"));
  EXPECT_EQ(Counts(), before);
}

TEST_F(WritesTest, ExternalIdBelongsToOneEvent) {
  const std::string acled = Unique("MLI4242");
  v1::Event a = MinimalEvent("first claim on an external id");
  auto* x = a.add_external_ids();
  x->set_system("acled");
  x->set_id(acled);
  const std::string owner_id = Unique("external-owner");
  v1::Event owner = MustCreate(a, owner_id);

  const std::string second_id = Unique("external-second");
  v1::Event b = MinimalEvent("second claim on an external id");
  auto* y = b.add_external_ids();
  y->set_system("gdelt");
  y->set_id(Unique("free"));
  *b.add_external_ids() = *x;
  const RowCounts before = Counts();
  v1::Event out;
  grpc::Status status = Create(b, &out, second_id);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr(owner.name()));
  EXPECT_THAT(status.error_message(), HasSubstr("acled/" + acled));
  EXPECT_EQ(Counts(), before);
  v1::Event got;
  EXPECT_EQ(Get("events/" + second_id, &got).error_code(), grpc::StatusCode::NOT_FOUND);

  // Taking it by update fails the same way and leaves the event as it was.
  v1::Event other = MustCreate(MinimalEvent("another event"));
  v1::Event patch;
  patch.set_name(other.name());
  *patch.add_external_ids() = *x;
  status = Update(patch, {"external_ids"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr(owner.name()));
  ASSERT_TRUE(Get(other.name(), &got).ok());
  EXPECT_TRUE(Same(got, other)) << Diff(got, other);
  EXPECT_THAT(ChangeKinds(other.name()), ElementsAre("created"));

  // The same system/id pair in one event is a validation error.
  v1::Event twice = MinimalEvent("same external id twice");
  *twice.add_external_ids() = *y;
  *twice.add_external_ids() = *y;
  status = Create(twice, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event.external_ids[1]"));
}

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

// --- Actors
// ---------------------------------------------------------------------------------------

TEST_F(WritesTest, CreateActor) {
  const std::string id = Unique("fla-spokesman");
  v1::CreateActorRequest request;
  request.set_actor_id(id);
  v1::Actor* a = request.mutable_actor();
  a->set_display_name("Mohamed Elmaouloud Ramadane");
  a->set_kind(v1::PERSON);
  a->set_country_code("ML");
  a->set_wikidata_id("Q987654321");
  a->set_description("Spokesman");
  auto* n = a->add_names();
  n->set_name("محمد المولود رمضان");
  n->set_language("ar");
  v1::Actor created;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->actors().CreateActor(&ctx, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(created.name(), "actors/" + id);
  EXPECT_EQ(created.display_name(), "Mohamed Elmaouloud Ramadane");
  EXPECT_EQ(created.kind(), v1::PERSON);
  EXPECT_EQ(created.country_code(), "ML");
  EXPECT_EQ(created.wikidata_id(), "Q987654321");
  EXPECT_EQ(created.description(), "Spokesman");
  // display_name is always among the names.
  EXPECT_THAT(NameTexts(created.names()),
              UnorderedElementsAre("محمد المولود رمضان", "Mohamed Elmaouloud Ramadane"));

  const v1::Actor got = Got(env_->actors(), created.name());
  EXPECT_TRUE(Same(got, created)) << Diff(got, created);

  // The id is taken now.
  {
    grpc::ClientContext ctx;
    request.mutable_actor()->clear_wikidata_id();
    v1::Actor out;
    grpc::Status status = env_->actors().CreateActor(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  }
  // So is the Wikidata id, under another actor id: ALREADY_EXISTS, not INTERNAL.
  {
    grpc::ClientContext ctx;
    v1::CreateActorRequest dup = request;
    dup.set_actor_id(Unique("fla-spokesman-dup"));
    dup.mutable_actor()->set_wikidata_id("Q987654321");
    v1::Actor out;
    EXPECT_EQ(env_->actors().CreateActor(&ctx, dup, &out).error_code(),
              grpc::StatusCode::ALREADY_EXISTS);
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM actors WHERE display_name = $1",
                   std::string("Mohamed Elmaouloud Ramadane")),
            1);
}

TEST_F(WritesTest, CreateActorIsIdempotentByRequestId) {
  v1::CreateActorRequest request;
  request.mutable_actor()->set_display_name("Idempotent Actor");
  request.mutable_actor()->set_kind(v1::ORGANIZATION);
  request.set_request_id(Unique("actor-request"));
  v1::Actor first, second;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->actors().CreateActor(&ctx, request, &first).ok());
  }
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->actors().CreateActor(&ctx, request, &second).ok());
  }
  EXPECT_TRUE(std::regex_match(first.name(), std::regex("^actors/[a-z][a-z0-9-]{0,62}$")));
  EXPECT_TRUE(Same(first, second)) << Diff(first, second);
  EXPECT_EQ(Scalar("SELECT count(*) FROM actors WHERE display_name = 'Idempotent Actor'"), 1);
}

TEST_F(WritesTest, CreateActorValidation) {
  v1::CreateActorRequest request;
  request.set_actor_id("Bad_Id");
  v1::Actor* a = request.mutable_actor();
  a->set_display_name("Anyone");
  v1::Actor out;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->actors().CreateActor(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("actor_id"));
  }
  request.clear_actor_id();
  a->clear_display_name();
  a->set_country_code("ml");
  a->set_wikidata_id("X12");
  auto* n = a->add_names();
  n->set_name("");
  auto* n2 = a->add_names();
  n2->set_name("Name");
  n2->set_language("not a tag");
  auto* n3 = a->add_names();
  n3->set_name("---");
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->actors().CreateActor(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status),
                UnorderedElementsAre("actor.display_name", "actor.kind", "actor.country_code",
                                     "actor.wikidata_id", "actor.names[0].name",
                                     "actor.names[1].language", "actor.names[2].name"));
  }
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->actors().CreateActor(&ctx, v1::CreateActorRequest(), &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("actor"));
  }
}

// --- Places
// ---------------------------------------------------------------------------------------

TEST_F(WritesTest, CreatePlaceUnderAParentInheritsItsCountry) {
  const std::string id = Unique("ml-aguelhok");
  v1::CreatePlaceRequest request;
  request.set_place_id(id);
  v1::Place* p = request.mutable_place();
  p->set_display_name("Aguelhok");
  p->set_kind(v1::SETTLEMENT);
  p->set_parent(seed_data::kKidalRegion);
  p->mutable_location()->set_latitude(19.46);
  p->mutable_location()->set_longitude(0.86);
  p->set_location_precision(v1::EXACT);
  p->set_time_zone("Africa/Bamako");
  auto* n = p->add_names();
  n->set_name("أغلهوك");
  n->set_language("ar");
  v1::Place created;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(created.name(), "places/" + id);
  EXPECT_EQ(created.country_code(), "ML");
  EXPECT_EQ(created.parent(), seed_data::kKidalRegion);
  EXPECT_THAT(created.ancestors(), ElementsAre(seed_data::kKidalRegion, seed_data::kMali));
  EXPECT_NEAR(created.location().latitude(), 19.46, 1e-9);
  EXPECT_NEAR(created.location().longitude(), 0.86, 1e-9);
  EXPECT_EQ(created.location_precision(), v1::EXACT);
  EXPECT_EQ(created.time_zone(), "Africa/Bamako");
  EXPECT_EQ(created.geonames_id(), 0);
  EXPECT_THAT(NameTexts(created.names()), UnorderedElementsAre("أغلهوك", "Aguelhok"));

  const v1::Place got = Got(env_->places(), created.name());
  EXPECT_TRUE(Same(got, created)) << Diff(got, created);

  // A grandchild reports every ancestor, nearest first.
  v1::CreatePlaceRequest child;
  child.set_place_id(Unique("ml-aguelhok-camp"));
  child.mutable_place()->set_display_name("Aguelhok camp");
  child.mutable_place()->set_kind(v1::SITE);
  child.mutable_place()->set_parent(created.name());
  v1::Place camp;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->places().CreatePlace(&ctx, child, &camp).ok());
  }
  EXPECT_THAT(camp.ancestors(),
              ElementsAre(created.name(), seed_data::kKidalRegion, seed_data::kMali));
  EXPECT_EQ(camp.country_code(), "ML");

  // An explicit country code wins over the parent's.
  child.set_place_id(Unique("ml-border-post"));
  child.mutable_place()->set_display_name("Border post");
  child.mutable_place()->set_country_code("DZ");
  v1::Place post;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->places().CreatePlace(&ctx, child, &post).ok());
  }
  EXPECT_EQ(post.country_code(), "DZ");

  // The id is taken now.
  {
    grpc::ClientContext ctx;
    v1::Place out;
    EXPECT_EQ(env_->places().CreatePlace(&ctx, request, &out).error_code(),
              grpc::StatusCode::ALREADY_EXISTS);
  }
}

TEST_F(WritesTest, CreatePlaceErrors) {
  const RowCounts events_before = Counts();
  const int64_t places_before = Scalar("SELECT count(*) FROM places");
  v1::CreatePlaceRequest request;
  request.set_place_id(Unique("orphan"));
  request.mutable_place()->set_display_name("Orphan");
  request.mutable_place()->set_kind(v1::SETTLEMENT);
  request.mutable_place()->set_parent("places/no-such-parent");
  v1::Place out;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("place.parent"));
  }
  // Bamako's GeoNames id is taken.
  request.mutable_place()->set_parent(seed_data::kMali);
  request.mutable_place()->set_geonames_id(2460596);
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
    EXPECT_THAT(status.error_message(), HasSubstr("2460596"));
  }
  // Field validation, all at once.
  v1::CreatePlaceRequest bad;
  v1::Place* p = bad.mutable_place();
  p->set_kind(v1::COUNTRY);
  p->set_parent(seed_data::kMali);
  p->set_country_code("Mali");
  p->set_geonames_id(-5);
  p->mutable_location()->set_latitude(100);
  p->mutable_location()->set_longitude(0);
  p->set_time_zone("Mars/Olympus_Mons");
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, bad, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status),
                UnorderedElementsAre("place.display_name", "place.parent", "place.country_code",
                                     "place.geonames_id", "place.location.latitude",
                                     "place.location_precision", "place.time_zone"));
  }
  {
    grpc::ClientContext ctx;
    v1::CreatePlaceRequest malformed = request;
    malformed.mutable_place()->set_geonames_id(0);
    malformed.mutable_place()->set_parent("ml");
    grpc::Status status = env_->places().CreatePlace(&ctx, malformed, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("place.parent"));
  }
  EXPECT_EQ(Scalar("SELECT count(*) FROM places"), places_before);
  EXPECT_EQ(Counts(), events_before);
}

TEST_F(WritesTest, CreatePlaceIsIdempotentByRequestId) {
  v1::CreatePlaceRequest request;
  request.mutable_place()->set_display_name("Idempotent Town");
  request.mutable_place()->set_kind(v1::SETTLEMENT);
  request.mutable_place()->set_parent(seed_data::kKidalRegion);
  request.mutable_place()->set_geonames_id(987654321);
  request.set_request_id(Unique("place-request"));
  v1::Place first, second;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, request, &first);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  {
    // The retry is answered from the first call, not refused for its GeoNames id.
    grpc::ClientContext ctx;
    grpc::Status status = env_->places().CreatePlace(&ctx, request, &second);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_TRUE(Same(first, second)) << Diff(first, second);
  EXPECT_EQ(Scalar("SELECT count(*) FROM places WHERE display_name = 'Idempotent Town'"), 1);
}

// --- Sources
// --------------------------------------------------------------------------------------

TEST_F(WritesTest, CreateSource) {
  const std::string id = Unique("source-happy");
  const std::string url = "https://example.org/articles/" + id;
  v1::CreateSourceRequest request;
  request.set_source_id(id);
  v1::Source* s = request.mutable_source();
  s->set_url(url);
  s->set_publisher("Example Wire");
  s->set_language("fr");
  *s->mutable_published_time() = Ts("2024-10-01T08:30:00.123456Z");
  s->set_title("Un titre");
  v1::Source created;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::Source expected = *s;
  expected.set_name("sources/" + id);
  EXPECT_TRUE(Same(expected, created)) << Diff(expected, created);

  const v1::Source got = Got(env_->sources(), created.name());
  EXPECT_TRUE(Same(got, created)) << Diff(got, created);

  // The id is taken.
  {
    grpc::ClientContext ctx;
    v1::CreateSourceRequest dup = request;
    dup.mutable_source()->set_url(url + "/other");
    v1::Source out;
    EXPECT_EQ(env_->sources().CreateSource(&ctx, dup, &out).error_code(),
              grpc::StatusCode::ALREADY_EXISTS);
  }
  // The URL is taken.
  {
    grpc::ClientContext ctx;
    v1::CreateSourceRequest dup = request;
    dup.set_source_id(Unique("source-dup-url"));
    v1::Source out;
    grpc::Status status = env_->sources().CreateSource(&ctx, dup, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
    EXPECT_THAT(status.error_message(), HasSubstr(url));
  }
  // Sources without a URL do not collide with each other.
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext ctx;
    v1::CreateSourceRequest no_url;
    no_url.mutable_source()->set_publisher("A publisher without a website");
    v1::Source out;
    grpc::Status status = env_->sources().CreateSource(&ctx, no_url, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(out.url(), "");
  }
}

TEST_F(WritesTest, CreateSourceIdempotencyAndValidation) {
  v1::CreateSourceRequest request;
  request.mutable_source()->set_url("https://example.org/" + Unique("idempotent-source"));
  request.set_request_id(Unique("source-request"));
  v1::Source first, second;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(env_->sources().CreateSource(&ctx, request, &first).ok());
  }
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, request, &second);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_TRUE(Same(first, second)) << Diff(first, second);
  EXPECT_EQ(Scalar("SELECT count(*) FROM sources WHERE url = $1", request.source().url()), 1);

  v1::CreateSourceRequest bad;
  bad.set_source_id("9lives");
  bad.mutable_source()->set_publisher("Somebody");
  v1::Source out;
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, bad, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("source_id"));
  }
  bad.clear_source_id();
  bad.mutable_source()->set_url("ftp://example.org/file");
  bad.mutable_source()->set_language("english!");
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, bad, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("source.url", "source.language"));
  }
  bad.mutable_source()->clear_url();
  bad.mutable_source()->clear_language();
  bad.mutable_source()->clear_publisher();
  {
    grpc::ClientContext ctx;
    grpc::Status status = env_->sources().CreateSource(&ctx, bad, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("source.publisher"));
  }
}

}  // namespace
}  // namespace timeline::testing
