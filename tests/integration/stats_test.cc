// CountEvents and ListRelatedActors over real RPCs.
//
// SeedStatsTest: the curated seed data (data/seed.json), counted by hand, plus four dated events
// in Mali in 2023 created here through CreateEvent (the seed has a single dated event, too few
// to split into groups with a remainder). The seed's own facts used below:
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
// GeneratedStatsTest: 100,000 generated events (generated_events.h). Histograms of a country
// equal a ground truth computed here from rows fetched directly (places through event_places and
// place_ancestors, ranges by explicit bound comparisons, buckets with Howard Hinnant's date
// library); related actors likewise; and EXPLAIN of the exact statements the service runs shows
// index-served plans, with their execution times printed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "date/date.h"
#include "date/tz.h"
#include "domain/event_stats.h"
#include "domain/time_span.h"
#include "generated_events.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "paging.h"
#include "seed_names.h"
#include "service_sql.h"
#include "status_details.h"
#include "storage/event_query_sql.h"
#include "storage/event_stats_sql.h"

namespace timeline::testing {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Request = v1::CountEventsRequest;

// --- Helpers ------------------------------------------------------------------------------------

grpc::Status Count(v1::EventService::Stub& events, const Request& request,
                   v1::CountEventsResponse* response) {
  grpc::ClientContext ctx;
  return events.CountEvents(&ctx, request, response);
}

grpc::Status Related(v1::ActorService::Stub& actors, const v1::ListRelatedActorsRequest& request,
                     v1::ListRelatedActorsResponse* response) {
  grpc::ClientContext ctx;
  return actors.ListRelatedActors(&ctx, request, response);
}

std::string Str(const google::protobuf::Timestamp& ts) { return TimeUtil::ToString(ts); }

// "group:count" for each group of a bucket or response, in order; "" is the remainder.
std::vector<std::string> GroupCounts(const google::protobuf::RepeatedPtrField<v1::GroupCount>& g) {
  std::vector<std::string> out;
  for (const v1::GroupCount& c : g) out.push_back(absl::StrCat(c.group(), ":", c.event_count()));
  return out;
}

// "ROLE/RELATED_ROLE:count" for each role pair, in order.
std::vector<std::string> RolePairs(const v1::RelatedActor& related) {
  std::vector<std::string> out;
  for (const v1::RolePair& p : related.roles()) {
    out.push_back(absl::StrCat(v1::ActorRole_Name(p.role()), "/",
                               v1::ActorRole_Name(p.related_role()), ":", p.event_count()));
  }
  return out;
}

std::vector<std::string> ActorNames(const v1::ListRelatedActorsResponse& response) {
  std::vector<std::string> out;
  for (const v1::RelatedActor& r : response.related_actors()) out.push_back(r.actor());
  return out;
}

// Every related actor of `request`, page after page; each page but the last full. `pages`
// receives the number of calls made.
std::vector<v1::RelatedActor> AllRelated(v1::ActorService::Stub& actors,
                                         const v1::ListRelatedActorsRequest& request, int* pages) {
  std::vector<int> sizes;
  std::vector<v1::RelatedActor> all = FollowPageItems<v1::ListRelatedActorsResponse>(
      request,
      [&](const v1::ListRelatedActorsRequest& r, v1::ListRelatedActorsResponse* out) {
        return Related(actors, r, out);
      },
      [](const v1::ListRelatedActorsResponse& r) -> const auto& { return r.related_actors(); },
      sizes);
  ExpectFullPagesButTheLast(sizes, request.page_size(), request.page_size());
  *pages = static_cast<int>(sizes.size());
  return all;
}

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

// --- Generated data -----------------------------------------------------------------------------

// One selected event as the ground truth sees it.
struct TruthRow {
  int64_t id;
  std::optional<domain::Micros> start, end;
  std::string event_type;
  std::optional<int> fatalities_best;
  std::vector<std::string> actors;  // "actors/...", each once
};

// One expected bucket.
struct TruthBucket {
  domain::Micros start, end;
  int64_t events = 0, imprecise = 0, fatalities = 0, fatalities_unknown = 0;
  std::map<std::string, int64_t> groups;  // group key -> events
};

struct Truth {
  std::vector<TruthBucket> buckets;
  int64_t undated = 0;
  std::vector<std::pair<std::string, int64_t>> groups;  // reported order; "" = remainder
};

// The local start of the calendar unit holding `t` in `zone`, computed with the date library.
date::local_days UnitKey(Request::Interval interval, const date::time_zone& zone,
                         domain::Micros t) {
  using namespace date;
  const local_days day = floor<days>(zone.to_local(t));
  const year_month_day ymd{day};
  switch (interval) {
    case Request::WEEK:
      return day - (weekday{day} - Monday);
    case Request::MONTH:
      return local_days{ymd.year() / ymd.month() / 1};
    case Request::YEAR:
      return local_days{ymd.year() / January / 1};
    default:
      return day;
  }
}

date::local_days NextKey(Request::Interval interval, date::local_days key) {
  using namespace date;
  switch (interval) {
    case Request::WEEK:
      return key + days{7};
    case Request::MONTH:
      return local_days{year_month_day{key} + months{1}};
    case Request::YEAR:
      return local_days{year_month_day{key} + years{1}};
    default:
      return key + days{1};
  }
}

// What CountEvents must answer for `rows` (the selected events), COUNT_AT_START.
Truth ComputeTruth(const std::vector<TruthRow>& rows, Request::Interval interval,
                   const std::string& zone_name, domain::Micros range_start,
                   domain::Micros range_end, Request::GroupBy group_by, int group_limit) {
  const date::time_zone& zone = *date::locate_zone(zone_name);
  auto instant = [&](date::local_days key) {
    return std::chrono::time_point_cast<std::chrono::microseconds>(
        zone.to_sys(date::local_seconds{key}, date::choose::earliest));
  };
  Truth truth;
  std::map<date::local_days, size_t> index;
  const date::local_days last = UnitKey(interval, zone, range_end - std::chrono::microseconds{1});
  for (date::local_days k = UnitKey(interval, zone, range_start); k <= last;
       k = NextKey(interval, k)) {
    index[k] = truth.buckets.size();
    TruthBucket bucket;
    bucket.start = instant(k);
    bucket.end = instant(NextKey(interval, k));
    truth.buckets.push_back(std::move(bucket));
  }
  std::map<std::string, int64_t> totals;
  for (const TruthRow& row : rows) {
    if (!row.start) {
      ++truth.undated;
      continue;
    }
    TruthBucket& b =
        truth.buckets.at(index.at(UnitKey(interval, zone, std::max(*row.start, range_start))));
    ++b.events;
    if (*row.start < b.start || !row.end || *row.end > b.end) ++b.imprecise;
    b.fatalities += row.fatalities_best.value_or(0);
    if (!row.fatalities_best) ++b.fatalities_unknown;
    std::vector<std::string> keys;
    if (group_by == Request::EVENT_TYPE) keys = {row.event_type};
    if (group_by == Request::ACTOR) keys = row.actors;
    for (const std::string& key : keys) {
      ++b.groups[key];
      ++totals[key];
    }
  }
  std::vector<std::pair<std::string, int64_t>> ranked(totals.begin(), totals.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  std::set<std::string> reported;
  int64_t rest = 0;
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (static_cast<int>(i) < group_limit) {
      truth.groups.push_back(ranked[i]);
      reported.insert(ranked[i].first);
    } else {
      rest += ranked[i].second;
    }
  }
  if (rest > 0) truth.groups.push_back({"", rest});
  // Fold the unreported groups of each bucket into its remainder.
  for (TruthBucket& b : truth.buckets) {
    int64_t bucket_rest = 0;
    for (auto it = b.groups.begin(); it != b.groups.end();) {
      if (reported.contains(it->first)) {
        ++it;
      } else {
        bucket_rest += it->second;
        it = b.groups.erase(it);
      }
    }
    if (bucket_rest > 0) b.groups[""] = bucket_rest;
  }
  return truth;
}

class GeneratedStatsTest : public GeneratedEventsSuite<GeneratedStatsTest> {
 public:
  static void PrepareSuite() {
    GeneratedEventsSuite::PrepareSuite();
    // As the transactions of the service's statistics statements.
    pqxx::nontransaction txn(*conn_);
    txn.exec(absl::StrCat("SET random_page_cost = ", storage::kStatsRandomPageCost));
  }

 protected:
  // The events at or below `place` whose span overlaps [start, end), read without the service's
  // SQL: links through event_places and place_ancestors, explicit bound comparisons.
  static std::vector<TruthRow> SelectedRows(const std::string& place, const std::string& start,
                                            const std::string& end) {
    pqxx::nontransaction txn(*conn_);
    std::vector<TruthRow> rows;
    std::map<int64_t, size_t> at;
    for (const auto& r : txn.exec_params(R"sql(
          SELECT e.id, epoch_us(lower(e.span)), epoch_us(upper(e.span)), e.event_type,
                 e.fatalities_best
            FROM events e
           WHERE e.delete_time IS NULL
             AND EXISTS (SELECT 1 FROM event_places ep
                           JOIN place_ancestors pa ON pa.place_id = ep.place_id
                           JOIN places p ON p.id = pa.ancestor_id
                          WHERE ep.event_id = e.id AND p.resource_id = $1)
             AND e.span IS NOT NULL
             AND (lower_inf(e.span) OR lower(e.span) < $3::timestamptz)
             AND (upper_inf(e.span) OR upper(e.span) > $2::timestamptz))sql",
                                         place, start, end)) {
      TruthRow row;
      row.id = r[0].as<int64_t>();
      if (!r[1].is_null())
        row.start = domain::Micros{std::chrono::microseconds{r[1].as<int64_t>()}};
      if (!r[2].is_null()) row.end = domain::Micros{std::chrono::microseconds{r[2].as<int64_t>()}};
      row.event_type = r[3].as<std::string>();
      if (!r[4].is_null()) row.fatalities_best = r[4].as<int>();
      at[row.id] = rows.size();
      rows.push_back(std::move(row));
    }
    std::vector<int64_t> ids;
    for (const TruthRow& row : rows) ids.push_back(row.id);
    for (const auto& r : txn.exec_params(
             "SELECT DISTINCT ea.event_id, 'actors/' || a.resource_id FROM event_actors ea JOIN "
             "actors a ON a.id = ea.actor_id WHERE ea.event_id = ANY($1::bigint[])",
             storage::IdArrayLiteral(ids))) {
      rows[at.at(r[0].as<int64_t>())].actors.push_back(r[1].as<std::string>());
    }
    return rows;
  }

  static void ExpectMatchesTruth(const v1::CountEventsResponse& r, const Truth& truth) {
    ASSERT_EQ(r.buckets_size(), static_cast<int>(truth.buckets.size()));
    int64_t events = 0, imprecise = 0;
    for (int i = 0; i < r.buckets_size(); ++i) {
      const v1::HistogramBucket& got = r.buckets(i);
      const TruthBucket& want = truth.buckets[i];
      SCOPED_TRACE(Str(got.start_time()));
      EXPECT_EQ(domain::FromTimestamp(got.start_time()), want.start);
      EXPECT_EQ(domain::FromTimestamp(got.end_time()), want.end);
      EXPECT_EQ(got.event_count(), want.events);
      EXPECT_EQ(got.imprecise_count(), want.imprecise);
      EXPECT_EQ(got.fatalities(), want.fatalities);
      EXPECT_EQ(got.fatalities_unknown_count(), want.fatalities_unknown);
      std::map<std::string, int64_t> groups;
      for (const v1::GroupCount& g : got.groups()) groups[g.group()] = g.event_count();
      EXPECT_EQ(groups, want.groups);
      events += want.events;
      imprecise += want.imprecise;
    }
    EXPECT_EQ(r.event_count(), events);
    EXPECT_EQ(r.imprecise_count(), imprecise);
    EXPECT_EQ(r.undated_count(), truth.undated);
    std::vector<std::pair<std::string, int64_t>> groups;
    for (const v1::GroupCount& g : r.groups()) groups.push_back({g.group(), g.event_count()});
    EXPECT_EQ(groups, truth.groups);
  }

  struct Case {
    Request::Interval interval;
    std::string zone;
    std::string start, end;  // the range, at midnights of `zone`
    Request::GroupBy group_by = Request::GROUP_BY_UNSPECIFIED;
    int group_limit = 10;
  };

  static void CheckCountry(const Case& c) {
    SCOPED_TRACE(absl::StrCat(Request::Interval_Name(c.interval), " in ", c.zone, " by ",
                              Request::GroupBy_Name(c.group_by)));
    Request request;
    request.add_places("places/xa");
    *request.mutable_time_range() = Range(c.start, c.end);
    request.set_interval(c.interval);
    request.set_time_zone(c.zone);
    request.set_group_by(c.group_by);
    request.set_group_limit(c.group_limit);
    v1::CountEventsResponse response;
    const auto start = std::chrono::steady_clock::now();
    grpc::Status status = Count(env_->events(), request, &response);
    const double ms = 1000 * SecondsSince(start);
    ASSERT_TRUE(status.ok()) << status.error_message();
    const std::vector<TruthRow> rows = SelectedRows("xa", c.start, c.end);
    ASSERT_GT(rows.size(), 5000u);
    Truth truth = ComputeTruth(rows, c.interval, c.zone, domain::FromTimestamp(Ts(c.start)),
                               domain::FromTimestamp(Ts(c.end)), c.group_by, c.group_limit);
    ExpectMatchesTruth(response, truth);
    std::printf(
        "[ timing ] CountEvents country xa %s..%s %s in %s, group_by %s: %d buckets, %lld "
        "events, %.1f ms over gRPC\n",
        c.start.c_str(), c.end.c_str(), Request::Interval_Name(c.interval).c_str(), c.zone.c_str(),
        Request::GroupBy_Name(c.group_by).c_str(), response.buckets_size(),
        static_cast<long long>(response.event_count()), ms);
  }

  // EXPLAIN ANALYZE of the statement CountEvents runs for `request`, printed as `name`: it must
  // reach the place's events through event_place_scope's (place, span) index.
  static void ExpectServedByPlaceSpanIndex(const std::string& name, const Request& request) {
    storage::SqlWithParams statement = CountEventsStatement(*conn_, request);
    ExplainedPlan plan = Explain(*conn_, statement.sql, statement.params);
    PrintPlan(name, plan);
    EXPECT_TRUE(IsIndexServed(plan, BigEventRelations(), {{"event_place_scope_place_span_idx"}}))
        << name;
  }
};

TEST_F(GeneratedStatsTest, CountryHistogramsEqualTheGroundTruth) {
  for (Request::Interval interval : {Request::DAY, Request::MONTH, Request::YEAR}) {
    CheckCountry({interval, "UTC", "2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z"});
  }
  CheckCountry({Request::WEEK, "UTC", "2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z"});
}

TEST_F(GeneratedStatsTest, CountryHistogramsByGroupEqualTheGroundTruth) {
  CheckCountry({Request::MONTH, "UTC", "2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z",
                Request::EVENT_TYPE, 3});
  CheckCountry(
      {Request::MONTH, "UTC", "2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z", Request::ACTOR, 5});
  CheckCountry({Request::DAY, "UTC", "2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z",
                Request::EVENT_TYPE, 10});
  CheckCountry(
      {Request::YEAR, "UTC", "2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z", Request::ACTOR, 100});
}

// Paris is UTC+1 in winter and UTC+2 in summer: the generated events, at UTC midnights, start at
// 01:00 or 02:00 local, and a day-precision event spans two Paris days.
TEST_F(GeneratedStatsTest, HistogramsInAZoneWithSummerTimeEqualTheGroundTruth) {
  CheckCountry({Request::MONTH, "Europe/Paris", "2018-12-31T23:00:00Z", "2019-12-31T23:00:00Z",
                Request::EVENT_TYPE, 2});
  CheckCountry({Request::DAY, "Europe/Paris", "2018-12-31T23:00:00Z", "2019-12-31T23:00:00Z"});
}

TEST_F(GeneratedStatsTest, CountryYearMonthlyIsIndexServed) {
  Request request;
  request.add_places("places/xa");
  *request.mutable_time_range() = Range("2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z");
  request.set_interval(Request::MONTH);
  ExpectServedByPlaceSpanIndex("CountEvents country xa, 2019, monthly", request);

  request.set_group_by(Request::ACTOR);
  ExpectServedByPlaceSpanIndex("CountEvents country xa, 2019, monthly, group_by ACTOR", request);

  request.set_group_by(Request::PLACE);
  request.set_group_place_kind(v1::ADMIN_REGION);
  ExpectServedByPlaceSpanIndex(
      "CountEvents country xa, 2019, monthly, group_by PLACE (ADMIN_REGION)", request);
}

TEST_F(GeneratedStatsTest, RegionTenYearsDailyIsIndexServed) {
  Request request;
  request.add_places("places/xa-r03");
  *request.mutable_time_range() = Range("2012-01-01T00:00:00Z", "2022-01-01T00:00:00Z");
  request.set_interval(Request::DAY);
  ExpectServedByPlaceSpanIndex("CountEvents region xa-r03, 2012-2021, daily", request);

  v1::CountEventsResponse response;
  const auto start = std::chrono::steady_clock::now();
  grpc::Status status = Count(env_->events(), request, &response);
  const double ms = 1000 * SecondsSince(start);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.buckets_size(), 3653);
  int64_t events = 0;
  for (const v1::HistogramBucket& b : response.buckets()) events += b.event_count();
  EXPECT_EQ(events, response.event_count());
  EXPECT_GT(response.event_count(), 2000);
  std::printf(
      "[ timing ] CountEvents region xa-r03 2012-2021 daily: 3653 buckets, %lld events, "
      "%.1f ms over gRPC\n",
      static_cast<long long>(response.event_count()), ms);
}

// A busy actor's relations over three years (some 500 shared events), against a count made
// from its links.
TEST_F(GeneratedStatsTest, RelatedActorsEqualTheGroundTruthPageByPage) {
  const std::string actor = "actors/actor-0002";
  const std::string from = "2016-01-01T00:00:00Z", to = "2019-01-01T00:00:00Z";
  struct Want {
    int64_t events = 0;
    std::map<std::pair<std::string, std::string>, int64_t> roles;
    std::optional<domain::Micros> first, last;
  };
  std::map<std::string, Want> want;
  {
    pqxx::nontransaction txn(*conn_);
    // Every link of every event the actor took part in within the range, with the actor's own
    // roles in that event.
    pqxx::result links = txn.exec_params(R"sql(
        SELECT e.id, epoch_us(lower(e.span)), 'actors/' || a.resource_id, o.role, m.role
          FROM events e
          JOIN event_actors m ON m.event_id = e.id
          JOIN actors ma ON ma.id = m.actor_id AND 'actors/' || ma.resource_id = $1
          JOIN event_actors o ON o.event_id = e.id AND o.actor_id <> m.actor_id
          JOIN actors a ON a.id = o.actor_id
         WHERE e.delete_time IS NULL AND e.span IS NOT NULL
           AND (lower_inf(e.span) OR lower(e.span) < $3::timestamptz)
           AND (upper_inf(e.span) OR upper(e.span) > $2::timestamptz))sql",
                                         actor, from, to);
    std::map<std::string, std::set<int64_t>> events;
    for (const auto& r : links) {
      Want& w = want[r[2].as<std::string>()];
      events[r[2].as<std::string>()].insert(r[0].as<int64_t>());
      ++w.roles[{r[4].as<std::string>(), r[3].as<std::string>()}];
      if (!r[1].is_null()) {
        domain::Micros t{std::chrono::microseconds{r[1].as<int64_t>()}};
        w.first = w.first ? std::min(*w.first, t) : t;
        w.last = w.last ? std::max(*w.last, t) : t;
      }
    }
    for (auto& [name, ids] : events) want[name].events = static_cast<int64_t>(ids.size());
  }
  ASSERT_GT(want.size(), 100u);
  std::vector<std::string> order;
  for (const auto& [name, w] : want) order.push_back(name);
  std::stable_sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
    return want[a].events > want[b].events;
  });

  v1::ListRelatedActorsRequest request;
  request.set_actor(actor);
  *request.mutable_time_range() = Range(from, to);
  request.set_page_size(7);
  int pages = 0;
  const auto start = std::chrono::steady_clock::now();
  std::vector<v1::RelatedActor> got = AllRelated(env_->actors(), request, &pages);
  const double ms = 1000 * SecondsSince(start);
  ASSERT_EQ(got.size(), order.size());
  EXPECT_EQ(pages, static_cast<int>((order.size() + 6) / 7));
  for (size_t i = 0; i < got.size(); ++i) {
    const v1::RelatedActor& g = got[i];
    SCOPED_TRACE(absl::StrCat(i, ": ", g.actor()));
    EXPECT_EQ(g.actor(), order[i]);
    const Want& w = want[order[i]];
    EXPECT_EQ(g.event_count(), w.events);
    std::map<std::pair<std::string, std::string>, int64_t> roles;
    int64_t previous = INT64_MAX;
    for (const v1::RolePair& p : g.roles()) {
      EXPECT_LE(p.event_count(), previous);  // most frequent first
      previous = p.event_count();
      roles[{domain::EnumToDb(v1::ActorRole_descriptor(), p.role()),
             domain::EnumToDb(v1::ActorRole_descriptor(), p.related_role())}] = p.event_count();
    }
    EXPECT_EQ(roles, w.roles);
    ASSERT_EQ(g.has_first_start_time(), w.first.has_value());
    if (w.first) {
      EXPECT_EQ(domain::FromTimestamp(g.first_start_time()), *w.first);
      EXPECT_EQ(domain::FromTimestamp(g.last_start_time()), *w.last);
    }
  }
  std::printf(
      "[ timing ] ListRelatedActors %s 2016-2018: %zu related actors in %d pages of 7, "
      "%.1f ms over gRPC\n",
      actor.c_str(), got.size(), pages, ms);
}

}  // namespace
}  // namespace timeline::testing
