// CreateEvent through a real server and PostgreSQL: round trips of every field and of open and
// far times, client-chosen and generated ids, idempotent retries, references to missing
// resources, validation, and external ids; a failed write leaves nothing behind (checked in SQL).
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "status_details.h"
#include "writes_suite.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

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

}  // namespace
}  // namespace timeline::testing
