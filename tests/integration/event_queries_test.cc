// ListEvents and GetEvent against the curated seed data, through a real server and PostgreSQL:
// the three seed questions, every selector alone and combined, ordering, paging and the errors
// a caller can provoke. The data is read-only here (writes_test.cc changes data).
#include <set>
#include <string>
#include <vector>

#include "api_calls.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "status_details.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

using seed_data::kAttacks;
using seed_data::kDroneStrikes;
using seed_data::kDroneSupplies;
using seed_data::kPressConference;
using seed_data::kTessalitRetaken;
using seed_data::kVisit;

class EventQueriesTest : public IntegrationSuite<EventQueriesTest> {
 protected:
  // All pages of a query, in order.
  static std::vector<std::string> Names(const v1::ListEventsRequest& request) {
    return ListAllEventNames(env_->events(), request);
  }

  static grpc::Status List(const v1::ListEventsRequest& request, v1::ListEventsResponse* response) {
    grpc::ClientContext ctx;
    return env_->events().ListEvents(&ctx, request, response);
  }
};

// Seed question 1: what happened in Bamako in September 2024?
TEST_F(EventQueriesTest, BamakoInSeptember2024OverlapsFindsTheAttacks) {
  v1::ListEventsRequest request;
  request.add_places(seed_data::kBamako);
  *request.mutable_time_range() = Range("2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z");
  std::vector<std::string> names = Names(request);
  EXPECT_THAT(names, ::testing::Contains(kAttacks));
  // The visit is known only to predate 12 October 2024: it may have happened in September.
  EXPECT_THAT(names, UnorderedElementsAre(kAttacks, kVisit));
}

TEST_F(EventQueriesTest, MonthPrecisionAttacksOverlapButAreNotWithinMidSeptember) {
  v1::ListEventsRequest request;
  request.add_places(seed_data::kBamako);
  *request.mutable_time_range() = Range("2024-09-10T00:00:00Z", "2024-09-20T00:00:00Z");
  EXPECT_THAT(Names(request), ::testing::Contains(kAttacks));

  request.mutable_time_range()->set_match(v1::TimeRange::WITHIN);
  EXPECT_THAT(Names(request), IsEmpty());

  *request.mutable_time_range() =
      Range("2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z", v1::TimeRange::WITHIN);
  EXPECT_THAT(Names(request), ElementsAre(kAttacks));
}

// Seed question 2: what did Goïta do?
TEST_F(EventQueriesTest, GoitaHostedTheTurkishDelegation) {
  v1::ListEventsRequest request;
  request.add_actors(seed_data::kGoita);
  v1::ListEventsResponse response;
  ASSERT_TRUE(List(request, &response).ok());
  ASSERT_EQ(response.events_size(), 1);
  const v1::Event& visit = response.events(0);
  EXPECT_EQ(visit.name(), kVisit);
  EXPECT_EQ(visit.event_type(), "visit");
  std::set<std::pair<std::string, v1::ActorRole>> roles;
  for (const auto& a : visit.actors()) roles.insert({a.actor(), a.role()});
  EXPECT_TRUE(roles.contains({seed_data::kGoita, v1::HOST}));
  EXPECT_TRUE(roles.contains({seed_data::kTurkishDelegation, v1::VISITOR}));
}

// Seed question 3: everything in Mali in 2024 (a country includes every place below it).
TEST_F(EventQueriesTest, MaliIn2024IncludesEverythingBelowMali) {
  v1::ListEventsRequest request;
  request.add_places(seed_data::kMali);
  *request.mutable_time_range() = Range("2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
  EXPECT_THAT(Names(request), UnorderedElementsAre(kAttacks, kVisit, kDroneStrikes,
                                                   kTessalitRetaken, kDroneSupplies));
  // Only the attacks certainly happened in 2024.
  request.mutable_time_range()->set_match(v1::TimeRange::WITHIN);
  EXPECT_THAT(Names(request), ElementsAre(kAttacks));
}

TEST_F(EventQueriesTest, RegionIncludesTownsBelowIt) {
  v1::ListEventsRequest request;
  request.add_places(seed_data::kKidalRegion);
  EXPECT_THAT(Names(request), UnorderedElementsAre(kDroneStrikes, kTessalitRetaken));
}

TEST_F(EventQueriesTest, UnresolvedEventsOnlyWithoutTimeRange) {
  v1::ListEventsRequest all;
  std::vector<std::string> names = Names(all);
  ASSERT_EQ(names.size(), 6u);
  // Unresolved comes last in either order.
  EXPECT_EQ(names.back(), kPressConference);
  all.set_order_by("start_time desc");
  EXPECT_EQ(Names(all).back(), kPressConference);

  v1::ListEventsRequest ranged;
  *ranged.mutable_time_range() = Range("", "");
  EXPECT_THAT(Names(ranged), ::testing::Not(::testing::Contains(kPressConference)));
  EXPECT_EQ(Names(ranged).size(), 5u);

  v1::ListEventsRequest lavrov;
  lavrov.add_actors(seed_data::kLavrov);
  EXPECT_THAT(Names(lavrov), ElementsAre(kPressConference));
  *lavrov.mutable_time_range() = Range("2000-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
  EXPECT_THAT(Names(lavrov), IsEmpty());
}

TEST_F(EventQueriesTest, UnresolvedTimeIsReturnedAsWritten) {
  const v1::Event event = Got(env_->events(), kPressConference);
  EXPECT_FALSE(event.time().has_start_time());
  EXPECT_FALSE(event.time().has_end_time());
  EXPECT_EQ(event.time().precision(), v1::PRECISION_UNKNOWN);
  EXPECT_EQ(event.time().text(), "الخميس");
}

TEST_F(EventQueriesTest, OrderByStartTime) {
  v1::ListEventsRequest request;
  request.add_places(seed_data::kMali);
  std::vector<std::string> asc = Names(request);
  ASSERT_EQ(asc.size(), 5u);
  // Events known only to predate publication have an unknown start: they sort first ascending.
  EXPECT_EQ(asc.back(), kAttacks);
  request.set_order_by("start_time desc");
  std::vector<std::string> desc = Names(request);
  EXPECT_EQ(desc.front(), kAttacks);
  EXPECT_THAT(desc, UnorderedElementsAre(kAttacks, kVisit, kDroneStrikes, kTessalitRetaken,
                                         kDroneSupplies));
}

TEST_F(EventQueriesTest, EventTypesAndCombinedSelectors) {
  v1::ListEventsRequest request;
  request.add_event_types("air_drone_strike");
  request.add_event_types("territory_change");
  EXPECT_THAT(Names(request), UnorderedElementsAre(kDroneStrikes, kTessalitRetaken));

  request.add_actors(seed_data::kWagner);
  EXPECT_THAT(Names(request), ElementsAre(kTessalitRetaken));

  request.add_places(seed_data::kTinzaouaten);
  EXPECT_THAT(Names(request), IsEmpty());
}

TEST_F(EventQueriesTest, ActorsCombineWithOr) {
  v1::ListEventsRequest request;
  request.add_actors(seed_data::kGoita);
  request.add_actors(seed_data::kLavrov);
  EXPECT_THAT(Names(request), UnorderedElementsAre(kVisit, kPressConference));
}

TEST_F(EventQueriesTest, PagesCoverEverythingOnceWhateverThePageSize) {
  v1::ListEventsRequest request;
  std::vector<std::string> all = Names(request);
  for (int size : {1, 2, 4}) {
    request.set_page_size(size);
    EXPECT_EQ(Names(request), all) << "page_size " << size;
  }
  request.set_order_by("start_time desc");
  request.set_page_size(1);
  std::vector<std::string> desc = Names(request);
  request.set_page_size(100);
  EXPECT_EQ(Names(request), desc);
}

TEST_F(EventQueriesTest, PageTokenIsBoundToItsRequest) {
  v1::ListEventsRequest request;
  request.set_page_size(2);
  v1::ListEventsResponse first;
  ASSERT_TRUE(List(request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());

  // page_size may change between pages.
  v1::ListEventsRequest next = request;
  next.set_page_token(first.next_page_token());
  next.set_page_size(3);
  v1::ListEventsResponse second;
  EXPECT_TRUE(List(next, &second).ok());

  // Any other parameter may not.
  v1::ListEventsRequest changed = next;
  changed.add_event_types("attack");
  v1::ListEventsResponse ignored;
  grpc::Status status = List(changed, &ignored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));

  v1::ListEventsRequest forged = request;
  std::string token = first.next_page_token();
  token[token.size() / 2] = token[token.size() / 2] == 'A' ? 'B' : 'A';
  forged.set_page_token(token);
  status = List(forged, &ignored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));
}

TEST_F(EventQueriesTest, BadInputIsInvalidArgumentNamingTheField) {
  struct Case {
    std::string what;
    v1::ListEventsRequest request;
    std::vector<std::string> fields;
  };
  std::vector<Case> cases(6);
  cases[0].what = "negative page size";
  cases[0].request.set_page_size(-1);
  cases[0].fields = {"page_size"};
  cases[1].what = "malformed actor";
  cases[1].request.add_actors("assimi-goita");
  cases[1].fields = {"actors[0]"};
  cases[2].what = "place of another collection";
  cases[2].request.add_places(seed_data::kGoita);
  cases[2].fields = {"places[0]"};
  cases[3].what = "reversed range";
  *cases[3].request.mutable_time_range() = Range("2025-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
  cases[3].fields = {"time_range.end_time"};
  cases[4].what = "unknown type and order";
  cases[4].request.add_event_types("massacre");
  cases[4].request.set_order_by("title");
  cases[4].fields = {"event_types[0]", "order_by"};
  cases[5].what = "garbage token";
  cases[5].request.set_page_token("not-a-token");
  cases[5].fields = {"page_token"};
  for (const Case& c : cases) {
    v1::ListEventsResponse response;
    grpc::Status status = List(c.request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.what;
    EXPECT_EQ(ViolatedFields(status), c.fields) << c.what;
  }
}

TEST_F(EventQueriesTest, MissingResourcesAreNotFound) {
  v1::ListEventsRequest request;
  request.add_actors("actors/nobody-at-all");
  v1::ListEventsResponse response;
  grpc::Status status = List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("actors/nobody-at-all"));

  grpc::ClientContext ctx;
  v1::GetEventRequest get;
  get.set_name("events/no-such-event");
  v1::Event event;
  EXPECT_EQ(env_->events().GetEvent(&ctx, get, &event).error_code(), grpc::StatusCode::NOT_FOUND);

  grpc::ClientContext ctx2;
  get.set_name("events/Not_Valid");
  grpc::Status bad = env_->events().GetEvent(&ctx2, get, &event);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(bad), ElementsAre("name"));
}

TEST_F(EventQueriesTest, SeedEventsCarryTheirEvidence) {
  const v1::Event attacks = Got(env_->events(), kAttacks);
  EXPECT_EQ(attacks.time().start_time().seconds(), Ts("2024-09-01T00:00:00Z").seconds());
  EXPECT_EQ(attacks.time().end_time().seconds(), Ts("2024-10-01T00:00:00Z").seconds());
  EXPECT_EQ(attacks.time().precision(), v1::PRECISION_MONTH);
  EXPECT_EQ(attacks.time().time_zone(), "Africa/Bamako");
  ASSERT_TRUE(attacks.fatalities().has_low());
  EXPECT_EQ(attacks.fatalities().low(), 71);
  EXPECT_FALSE(attacks.fatalities().has_best());
  EXPECT_EQ(attacks.injured().low(), 201);
  bool quoted_fatalities = false;
  for (const auto& s : attacks.sources()) {
    for (const auto& claim : s.claims()) {
      if (claim == "fatalities") {
        quoted_fatalities = true;
        EXPECT_THAT(s.quote(), ::testing::HasSubstr("أكثر من 70"));
        EXPECT_EQ(s.publisher(), "إرم نيوز (Erem News)");
      }
    }
  }
  EXPECT_TRUE(quoted_fatalities);
  EXPECT_FALSE(attacks.etag().empty());
  EXPECT_TRUE(attacks.has_create_time());
}

}  // namespace
}  // namespace timeline::testing
