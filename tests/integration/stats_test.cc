// CountEvents and ListRelatedActors over real RPCs, on the curated seed data (data/seed.json),
// counted by hand, plus four dated events in Mali in 2023 created here through CreateEvent (the
// seed has a single dated event, too few to split into groups with a remainder). The seed's own
// facts used below:
//   events/bamako-attacks-2024-09   attack, [2024-09-01, 2024-10-01) MONTH in Africa/Bamako
//                                   (UTC+0), at Bamako; malian-armed-forces TARGET and VICTIM;
//                                   fatalities.low 71, no best figure
//   four undated events in Mali     start unknown, before 2024-10-12T11:16Z: the visit (Goïta
//                                   HOST, the Turkish delegation and Orhan Diliguz VISITOR), the
//                                   Tinzaouaten strikes, Tessalit retaken (FAMa INITIATOR, Wagner
//                                   ASSOCIATED, Azawad rebels TARGET), the Turkish drone supplies
//                                   (Turkey SUPPLIER, Mali RECIPIENT; at places/tr and places/ml)
//   the Diop–Lavrov press conference in Moscow, unresolved: Diop and Lavrov SPEAKER, Russia and
//                                   Mali MENTIONED
//
// The same calls at scale, against ground truth: stats_scale_test.cc.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "stats_calls.h"
#include "status_details.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Request = v1::CountEventsRequest;

// --- Seed data ----------------------------------------------------------------------------------

constexpr char kYear2024[] = "2024-01-01T00:00:00Z";
constexpr char kYear2025[] = "2025-01-01T00:00:00Z";

class SeedStatsTest : public IntegrationSuite<SeedStatsTest> {
 public:
  static void PrepareSuite() {
    // Four dated events in Mali in 2023 (none involves Mali the state or Goïta).
    Create("fama-attacked-tessalit-2023-03-05", "attack", "2023-03-05T00:00:00Z", v1::PRECISION_DAY,
           seed_data::kTessalit,
           {{seed_data::kAzawadRebels, v1::INITIATOR}, {seed_data::kMalianArmedForces, v1::TARGET}},
           4);
    Create("clash-tinzaouaten-2023-03-20", "armed_clash", "2023-03-20T00:00:00Z", v1::PRECISION_DAY,
           seed_data::kTinzaouaten,
           {{seed_data::kMalianArmedForces, v1::INITIATOR},
            {seed_data::kWagner, v1::ASSOCIATED},
            {seed_data::kAzawadRebels, v1::TARGET}},
           10);
    Create("bamako-attack-2023-04-02", "attack", "2023-04-02T00:00:00Z", v1::PRECISION_DAY,
           seed_data::kBamako, {{seed_data::kMalianArmedForces, v1::TARGET}}, std::nullopt);
    Create("bamako-protest-2023-04", "protest", "2023-04-01T00:00:00Z", v1::PRECISION_MONTH,
           seed_data::kBamako, {}, std::nullopt);
  }

 protected:
  static void Create(const std::string& id, const std::string& type, const std::string& start,
                     v1::Precision precision, const std::string& place,
                     const std::vector<std::pair<std::string, v1::ActorRole>>& actors,
                     std::optional<int> fatalities_best) {
    v1::Event e;
    e.set_title(id);
    e.set_event_type(type);
    *e.mutable_time()->mutable_start_time() = Ts(start);
    e.mutable_time()->set_precision(precision);
    e.mutable_time()->set_time_zone("Africa/Bamako");
    AddPlace(e, place, v1::LOCATION);
    for (const auto& [actor, role] : actors) AddActor(e, actor, role);
    if (fatalities_best) e.mutable_fatalities()->set_best(*fatalities_best);
    CreatedEvent(env_->events(), e, id);
  }

  static v1::CountEventsResponse CountOk(const Request& request) {
    v1::CountEventsResponse response;
    grpc::Status status = Count(env_->events(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static v1::ListRelatedActorsResponse RelatedOk(const v1::ListRelatedActorsRequest& request) {
    v1::ListRelatedActorsResponse response;
    grpc::Status status = Related(env_->actors(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static Request Mali(const std::string& start, const std::string& end,
                      Request::Interval interval) {
    Request r;
    r.add_places(seed_data::kMali);
    *r.mutable_time_range() = Range(start, end);
    r.set_interval(interval);
    r.set_time_zone("Africa/Bamako");
    return r;
  }
};

TEST_F(SeedStatsTest, MaliMonthly2024CountsTheAttacksInSeptemberAndTheRestAsUndated) {
  v1::CountEventsResponse r = CountOk(Mali(kYear2024, kYear2025, Request::MONTH));
  ASSERT_EQ(r.buckets_size(), 12);
  for (int m = 0; m < 12; ++m) {
    const v1::HistogramBucket& b = r.buckets(m);
    SCOPED_TRACE(Str(b.start_time()));
    // Africa/Bamako is UTC+0 all year: its midnights are UTC midnights.
    EXPECT_EQ(Str(b.start_time()), absl::StrCat("2024-", m < 9 ? "0" : "", m + 1, "-01T00:00:00Z"));
    if (m < 11) {
      EXPECT_EQ(Str(b.end_time()), Str(r.buckets(m + 1).start_time()));
    }
    const bool september = m == 8;
    EXPECT_EQ(b.event_count(), september ? 1 : 0);
    // The month-precision attacks fill their month bucket exactly: not imprecise here.
    EXPECT_EQ(b.imprecise_count(), 0);
    EXPECT_EQ(b.fatalities(), 0);  // "more than 70" is a lower bound, not a best figure
    EXPECT_EQ(b.fatalities_unknown_count(), september ? 1 : 0);
    EXPECT_THAT(b.groups(), IsEmpty());
  }
  EXPECT_EQ(Str(r.buckets(11).end_time()), kYear2025);
  EXPECT_EQ(r.event_count(), 1);
  EXPECT_EQ(r.imprecise_count(), 0);
  // The visit, the Tinzaouaten strikes, Tessalit and the drone supplies: known only to predate
  // 12 October 2024, so selected by an OVERLAPS range but in no bucket.
  EXPECT_EQ(r.undated_count(), 4);
  EXPECT_EQ(r.time_zone(), "Africa/Bamako");

  // Certainly in 2024: only the attacks.
  Request within = Mali(kYear2024, kYear2025, Request::MONTH);
  within.mutable_time_range()->set_match(v1::TimeRange::WITHIN);
  r = CountOk(within);
  EXPECT_EQ(r.event_count(), 1);
  EXPECT_EQ(r.undated_count(), 0);
}

TEST_F(SeedStatsTest, DailyBucketsCountAMonthPrecisionEventOnceAtItsStartAndAsImprecise) {
  Request request = Mali("2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z", Request::DAY);
  v1::CountEventsResponse r = CountOk(request);
  ASSERT_EQ(r.buckets_size(), 30);
  EXPECT_EQ(Str(r.buckets(0).start_time()), "2024-09-01T00:00:00Z");
  EXPECT_EQ(Str(r.buckets(0).end_time()), "2024-09-02T00:00:00Z");
  EXPECT_EQ(Str(r.buckets(29).start_time()), "2024-09-30T00:00:00Z");
  EXPECT_EQ(r.buckets(0).event_count(), 1);
  EXPECT_EQ(r.buckets(0).imprecise_count(), 1);
  for (int d = 1; d < 30; ++d) EXPECT_EQ(r.buckets(d).event_count(), 0) << d;
  EXPECT_EQ(r.event_count(), 1);
  EXPECT_EQ(r.imprecise_count(), 1);
  EXPECT_EQ(r.undated_count(), 4);

  // OMIT: in no bucket at all, counted only as imprecise.
  request.set_imprecise_events(Request::OMIT);
  r = CountOk(request);
  ASSERT_EQ(r.buckets_size(), 30);
  for (const v1::HistogramBucket& b : r.buckets()) {
    EXPECT_EQ(b.event_count(), 0);
    EXPECT_EQ(b.imprecise_count(), 0);
    EXPECT_EQ(b.fatalities_unknown_count(), 0);
  }
  EXPECT_EQ(r.event_count(), 0);
  EXPECT_EQ(r.imprecise_count(), 1);
  EXPECT_EQ(r.undated_count(), 4);
}

TEST_F(SeedStatsTest, AnEventStartingBeforeTheRangeCountsInTheFirstBucket) {
  v1::CountEventsResponse r =
      CountOk(Mali("2024-09-10T00:00:00Z", "2024-09-20T00:00:00Z", Request::DAY));
  ASSERT_EQ(r.buckets_size(), 10);
  EXPECT_EQ(Str(r.buckets(0).start_time()), "2024-09-10T00:00:00Z");
  EXPECT_EQ(r.buckets(0).event_count(), 1);
  EXPECT_EQ(r.buckets(0).imprecise_count(), 1);
  EXPECT_EQ(r.event_count(), 1);
}

TEST_F(SeedStatsTest, IsoWeeksStartOnMondayMidnightInTheRequestedZone) {
  v1::CountEventsResponse r =
      CountOk(Mali("2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z", Request::WEEK));
  // 1 September 2024 is a Sunday: its ISO week began on Monday 26 August. The range's last day,
  // Monday 30 September, opens the sixth week.
  ASSERT_EQ(r.buckets_size(), 6);
  const char* mondays[] = {"2024-08-26", "2024-09-02", "2024-09-09",
                           "2024-09-16", "2024-09-23", "2024-09-30"};
  for (int w = 0; w < 6; ++w) {
    EXPECT_EQ(Str(r.buckets(w).start_time()), absl::StrCat(mondays[w], "T00:00:00Z"));
    EXPECT_EQ(r.buckets(w).end_time().seconds() - r.buckets(w).start_time().seconds(), 7 * 86400);
  }
  EXPECT_EQ(r.buckets(0).event_count(), 1);
  EXPECT_EQ(r.buckets(0).imprecise_count(), 1);  // a month does not fit a week
  EXPECT_EQ(r.time_zone(), "Africa/Bamako");

  // In Tokyo (UTC+9) the attacks start at 09:00 on Sunday 1 September, in the week whose Monday
  // midnight is 15:00 UTC on 25 August.
  Request tokyo = Mali("2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z", Request::WEEK);
  tokyo.set_time_zone("Asia/Tokyo");
  r = CountOk(tokyo);
  ASSERT_GE(r.buckets_size(), 1);
  EXPECT_EQ(Str(r.buckets(0).start_time()), "2024-08-25T15:00:00Z");
  EXPECT_EQ(r.buckets(0).event_count(), 1);
  EXPECT_EQ(r.time_zone(), "Asia/Tokyo");
}

TEST_F(SeedStatsTest, GroupByEventTypeSumsTheRestIntoOneRemainder) {
  Request request = Mali("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z", Request::MONTH);
  request.set_group_by(Request::EVENT_TYPE);
  request.set_group_limit(1);
  v1::CountEventsResponse r = CountOk(request);
  ASSERT_EQ(r.buckets_size(), 12);
  // attack 2; armed_clash 1 and protest 1 summed into the remainder.
  EXPECT_THAT(GroupCounts(r.groups()), ElementsAre("attack:2", ":2"));
  ASSERT_EQ(r.groups_size(), 2);
  EXPECT_EQ(r.groups(0).display_name(), "attack");
  EXPECT_EQ(r.groups(0).fatalities(), 4);
  EXPECT_EQ(r.groups(1).display_name(), "other");
  EXPECT_EQ(r.groups(1).fatalities(), 10);
  const v1::HistogramBucket& march = r.buckets(2);
  const v1::HistogramBucket& april = r.buckets(3);
  EXPECT_EQ(Str(march.start_time()), "2023-03-01T00:00:00Z");
  EXPECT_THAT(GroupCounts(march.groups()), ElementsAre("attack:1", ":1"));
  EXPECT_THAT(GroupCounts(april.groups()), ElementsAre("attack:1", ":1"));
  EXPECT_EQ(march.fatalities(), 14);
  EXPECT_EQ(march.fatalities_unknown_count(), 0);
  EXPECT_EQ(april.fatalities(), 0);
  EXPECT_EQ(april.fatalities_unknown_count(), 2);
  for (int m : {0, 1, 4, 5, 6, 7, 8, 9, 10, 11}) EXPECT_THAT(r.buckets(m).groups(), IsEmpty());
  EXPECT_EQ(r.event_count(), 4);
  // The undated seed events may also have happened in 2023.
  EXPECT_EQ(r.undated_count(), 4);

  // Without a limit every type is its own group; ties by key.
  request.set_group_limit(0);
  EXPECT_THAT(GroupCounts(CountOk(request).groups()),
              ElementsAre("attack:2", "armed_clash:1", "protest:1"));
}

TEST_F(SeedStatsTest, GroupByActorCountsEachActorOnceAndEventsWithoutActorsOnlyInTotals) {
  Request request = Mali("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z", Request::MONTH);
  request.set_group_by(Request::ACTOR);
  request.set_group_limit(2);
  v1::CountEventsResponse r = CountOk(request);
  EXPECT_THAT(GroupCounts(r.groups()),
              ElementsAre("actors/malian-armed-forces:3", "actors/azawad-rebels:2", ":1"));
  ASSERT_EQ(r.groups_size(), 3);
  EXPECT_EQ(r.groups(0).display_name(), "Malian Armed Forces (FAMa)");
  EXPECT_EQ(r.groups(0).fatalities(), 14);
  EXPECT_EQ(r.groups(2).display_name(), "other");  // the Wagner Group
  EXPECT_EQ(r.groups(2).fatalities(), 10);
  EXPECT_THAT(GroupCounts(r.buckets(2).groups()),
              ElementsAre("actors/malian-armed-forces:2", "actors/azawad-rebels:2", ":1"));
  EXPECT_THAT(GroupCounts(r.buckets(3).groups()), ElementsAre("actors/malian-armed-forces:1"));
  // The April protest has no actor: in the bucket's total, in no group.
  EXPECT_EQ(r.buckets(3).event_count(), 2);
  EXPECT_EQ(r.event_count(), 4);

  // The seed's attacks: FAMa is TARGET and VICTIM, and counts once.
  Request attacks = Mali(kYear2024, kYear2025, Request::MONTH);
  attacks.set_group_by(Request::ACTOR);
  EXPECT_THAT(GroupCounts(CountOk(attacks).groups()), ElementsAre("actors/malian-armed-forces:1"));
}

TEST_F(SeedStatsTest, GroupByPlaceUsesLinksOrThePlacesOfAKindEventsLieIn) {
  Request request = Mali("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z", Request::YEAR);
  request.set_group_by(Request::PLACE);
  v1::CountEventsResponse r = CountOk(request);
  ASSERT_EQ(r.buckets_size(), 1);
  EXPECT_THAT(GroupCounts(r.groups()),
              ElementsAre("places/ml-bamako:2", "places/ml-tessalit:1", "places/ml-tinzaouaten:1"));
  EXPECT_EQ(r.groups(0).display_name(), "Bamako");

  // Tessalit and Tinzaouaten tie; the key decides.
  request.set_group_place_kind(v1::SETTLEMENT);
  request.set_group_limit(2);
  EXPECT_THAT(GroupCounts(CountOk(request).groups()),
              ElementsAre("places/ml-bamako:2", "places/ml-tessalit:1", ":1"));

  // Regions: both Kidal events in the Kidal Region; Bamako lies in none.
  request.set_group_place_kind(v1::ADMIN_REGION);
  r = CountOk(request);
  EXPECT_THAT(GroupCounts(r.groups()), ElementsAre("places/ml-kidal-region:2"));
  EXPECT_EQ(r.groups(0).display_name(), "Kidal Region");
  EXPECT_EQ(r.buckets(0).event_count(), 4);
}

TEST_F(SeedStatsTest, WithoutARangeBucketsRunFromTheFirstToTheLastSelectedEvent) {
  Request request;
  request.add_places(seed_data::kMali);
  request.set_interval(Request::MONTH);
  v1::CountEventsResponse r = CountOk(request);
  // March 2023 (the first created event) to September 2024 (the attacks): 19 months.
  ASSERT_EQ(r.buckets_size(), 19);
  EXPECT_EQ(Str(r.buckets(0).start_time()), "2023-03-01T00:00:00Z");
  EXPECT_EQ(Str(r.buckets(18).start_time()), "2024-09-01T00:00:00Z");
  EXPECT_EQ(r.event_count(), 5);
  EXPECT_EQ(r.undated_count(), 4);

  // Everything: the unresolved press conference is undated too.
  request.clear_places();
  r = CountOk(request);
  EXPECT_EQ(r.event_count(), 5);
  EXPECT_EQ(r.undated_count(), 5);
}

// "Mali's government": the seed has no actor of kind GOVERNMENT; Mali the state (actors/mali) and
// the President of the Transition (actors/assimi-goita) act for it.
TEST_F(SeedStatsTest, MaliTheStateIsRelatedToTurkeyAndRussia) {
  v1::ListRelatedActorsRequest request;
  request.set_actor(seed_data::kMaliState);
  v1::ListRelatedActorsResponse r = RelatedOk(request);
  // One shared event each: ties by resource name.
  EXPECT_THAT(ActorNames(r), ElementsAre(seed_data::kDiop, seed_data::kRussiaState,
                                         seed_data::kLavrov, seed_data::kTurkeyState));
  ASSERT_EQ(r.related_actors_size(), 4);
  const v1::RelatedActor& russia = r.related_actors(1);
  EXPECT_EQ(russia.display_name(), "Russia");
  EXPECT_EQ(russia.kind(), v1::STATE);
  EXPECT_EQ(russia.event_count(), 1);
  EXPECT_THAT(RolePairs(russia), ElementsAre("MENTIONED/MENTIONED:1"));
  EXPECT_THAT(RolePairs(r.related_actors(2)), ElementsAre("MENTIONED/SPEAKER:1"));
  const v1::RelatedActor& turkey = r.related_actors(3);
  // Turkey supplied, Mali received.
  EXPECT_THAT(RolePairs(turkey), ElementsAre("RECIPIENT/SUPPLIER:1"));
  // Neither shared event has a known start.
  EXPECT_FALSE(turkey.has_first_start_time());
  EXPECT_FALSE(turkey.has_last_start_time());
  EXPECT_EQ(turkey.fatalities(), 0);
  EXPECT_TRUE(r.next_page_token().empty());

  // Only events in Mali: the Moscow press conference drops out.
  request.add_places(seed_data::kMali);
  EXPECT_THAT(ActorNames(RelatedOk(request)), ElementsAre(seed_data::kTurkeyState));
}

TEST_F(SeedStatsTest, GoitaHostedTheTurkishDelegation) {
  v1::ListRelatedActorsRequest request;
  request.set_actor(seed_data::kGoita);
  v1::ListRelatedActorsResponse r = RelatedOk(request);
  EXPECT_THAT(ActorNames(r), ElementsAre(seed_data::kDiliguz, seed_data::kTurkishDelegation));
  for (const v1::RelatedActor& related : r.related_actors()) {
    EXPECT_THAT(RolePairs(related), ElementsAre("HOST/VISITOR:1")) << related.actor();
  }
  EXPECT_EQ(r.related_actors(1).kind(), v1::DELEGATION);
}

TEST_F(SeedStatsTest, TheArmyWithItsRussianAllyAndTheRebelsPageByPage) {
  v1::ListRelatedActorsRequest request;
  request.set_actor(seed_data::kMalianArmedForces);
  request.set_page_size(1);
  int pages = 0;
  std::vector<v1::RelatedActor> all = AllRelated(env_->actors(), request, &pages);
  EXPECT_EQ(pages, 2);
  ASSERT_EQ(all.size(), 2u);
  // Tessalit (seed) and the two Kidal events of 2023.
  EXPECT_EQ(all[0].actor(), seed_data::kAzawadRebels);
  EXPECT_EQ(all[0].event_count(), 3);
  EXPECT_THAT(RolePairs(all[0]), ElementsAre("INITIATOR/TARGET:2", "TARGET/INITIATOR:1"));
  EXPECT_EQ(Str(all[0].first_start_time()), "2023-03-05T00:00:00Z");
  EXPECT_EQ(Str(all[0].last_start_time()), "2023-03-20T00:00:00Z");
  EXPECT_EQ(all[0].fatalities(), 14);
  EXPECT_EQ(all[1].actor(), seed_data::kWagner);
  EXPECT_EQ(all[1].event_count(), 2);
  EXPECT_THAT(RolePairs(all[1]), ElementsAre("INITIATOR/ASSOCIATED:2"));
  EXPECT_EQ(all[1].fatalities(), 10);

  // Certainly in 2023: Tessalit's undated retaking drops out.
  request.set_page_size(0);
  *request.mutable_time_range() =
      Range("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z", v1::TimeRange::WITHIN);
  v1::ListRelatedActorsResponse r = RelatedOk(request);
  ASSERT_EQ(r.related_actors_size(), 2);
  EXPECT_EQ(r.related_actors(0).event_count(), 2);
  EXPECT_THAT(RolePairs(r.related_actors(0)),
              ElementsAre("INITIATOR/TARGET:1", "TARGET/INITIATOR:1"));
  EXPECT_EQ(r.related_actors(1).event_count(), 1);
}

TEST_F(SeedStatsTest, InvalidCountRequestsNameTheirFields) {
  Request request;
  request.set_time_zone("Africa/Timbuktu-Not");
  request.set_group_limit(101);
  request.set_group_place_kind(v1::COUNTRY);
  v1::CountEventsResponse response;
  grpc::Status status = Count(env_->events(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("interval", "time_zone", "group_place_kind", "group_limit"));

  // 40 years of days, over the range asked.
  Request days = Mali("1990-01-01T00:00:00Z", "2030-01-01T00:00:00Z", Request::DAY);
  status = Count(env_->events(), days, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("interval"));

  // From 1990 to the last selected event (September 2024): known only once the data is read.
  days.mutable_time_range()->clear_end_time();
  status = Count(env_->events(), days, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(ViolatedFields(status), ElementsAre("interval"));
  days.set_interval(Request::MONTH);
  EXPECT_TRUE(Count(env_->events(), days, &response).ok());

  Request unknown_place = Mali(kYear2024, kYear2025, Request::MONTH);
  unknown_place.add_places("places/atlantis");
  status = Count(env_->events(), unknown_place, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("places[1]"));
}

TEST_F(SeedStatsTest, InvalidRelatedActorsRequestsNameTheirFields) {
  v1::ListRelatedActorsRequest request;
  v1::ListRelatedActorsResponse response;
  grpc::Status status = Related(env_->actors(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("actor"));

  request.set_actor("actors/nobody");
  status = Related(env_->actors(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("actors/nobody"));

  request.set_actor(seed_data::kMalianArmedForces);
  request.set_page_size(1);
  ASSERT_TRUE(Related(env_->actors(), request, &response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  request.set_page_token(response.next_page_token());
  request.add_event_types("attack");  // another request
  status = Related(env_->actors(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("page_token"));
}

}  // namespace
}  // namespace timeline::testing
