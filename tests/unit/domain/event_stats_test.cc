#include "domain/event_stats.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "date/date.h"
#include "domain/validation.h"

namespace timeline::domain {
namespace {

using Request = v1::CountEventsRequest;
using Strings = std::vector<std::string>;
using namespace date;  // NOLINT: calendar literals in expectations

Strings Fields(const absl::Status& status) {
  Strings out;
  for (const FieldViolation& v : FieldViolationsOf(status)) out.push_back(v.field);
  return out;
}

std::string Description(const absl::Status& status, const std::string& field) {
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    if (v.field == field) return v.description;
  }
  return "";
}

google::protobuf::Timestamp At(sys_days day, std::chrono::microseconds plus = {}) {
  const auto us = (Micros{day} + plus).time_since_epoch().count();
  google::protobuf::Timestamp ts;
  ts.set_seconds(us / 1'000'000);
  ts.set_nanos(static_cast<int32_t>(us % 1'000'000) * 1000);
  return ts;
}

Request Monthly() {
  Request r;
  r.set_interval(Request::MONTH);
  return r;
}

// --- CountQueryFromRequest ----------------------------------------------------------------------

TEST(CountQueryTest, DefaultsAreUtcTenGroupsAndCountAtStart) {
  absl::StatusOr<CountQuery> q = CountQueryFromRequest(Monthly());
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->interval, Request::MONTH);
  EXPECT_EQ(q->time_zone, "UTC");
  EXPECT_EQ(q->group_by, Request::GROUP_BY_UNSPECIFIED);
  EXPECT_EQ(q->group_limit, kDefaultGroupLimit);
  EXPECT_EQ(q->group_limit, 10);
  EXPECT_FALSE(q->omit_imprecise);
  EXPECT_EQ(q->group_place_kind, v1::PLACE_KIND_UNSPECIFIED);
  EXPECT_FALSE(q->selection.time_range.has_value());
}

TEST(CountQueryTest, ReadsTheSelectionAsListEventsDoes) {
  Request r = Monthly();
  r.add_places("places/ml");
  r.add_actors("actors/assimi-goita");
  r.add_event_types("attack");
  *r.mutable_time_range()->mutable_start_time() = At(sys_days{2024_y / January / 1});
  *r.mutable_time_range()->mutable_end_time() = At(sys_days{2025_y / January / 1});
  r.mutable_time_range()->set_match(v1::TimeRange::WITHIN);
  r.set_time_zone("Africa/Bamako");
  r.set_imprecise_events(Request::OMIT);
  absl::StatusOr<CountQuery> q = CountQueryFromRequest(r);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->selection.place_ids, Strings{"ml"});
  EXPECT_EQ(q->selection.actor_ids, Strings{"assimi-goita"});
  EXPECT_EQ(q->selection.event_types, Strings{"attack"});
  ASSERT_TRUE(q->selection.time_range.has_value());
  EXPECT_TRUE(q->selection.time_range->within);
  EXPECT_EQ(q->time_zone, "Africa/Bamako");
  EXPECT_TRUE(q->omit_imprecise);
}

TEST(CountQueryTest, IntervalIsRequired) {
  absl::StatusOr<CountQuery> q = CountQueryFromRequest(Request());
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(q.status()), Strings{"interval"});

  Request unknown;
  unknown.set_interval(static_cast<Request::Interval>(9));
  EXPECT_EQ(Fields(CountQueryFromRequest(unknown).status()), Strings{"interval"});
}

TEST(CountQueryTest, TimeZoneMustBeIana) {
  Request r = Monthly();
  r.set_time_zone("Mars/Olympus_Mons");
  absl::StatusOr<CountQuery> q = CountQueryFromRequest(r);
  EXPECT_EQ(Fields(q.status()), Strings{"time_zone"});
  EXPECT_NE(Description(q.status(), "time_zone").find("Mars/Olympus_Mons"), std::string::npos);

  r.set_time_zone("Europe/Paris");
  EXPECT_TRUE(CountQueryFromRequest(r).ok());
}

TEST(CountQueryTest, GroupLimitIsZeroToHundred) {
  Request r = Monthly();
  r.set_group_by(Request::ACTOR);
  r.set_group_limit(-1);
  EXPECT_EQ(Fields(CountQueryFromRequest(r).status()), Strings{"group_limit"});
  r.set_group_limit(101);
  EXPECT_EQ(Fields(CountQueryFromRequest(r).status()), Strings{"group_limit"});
  r.set_group_limit(100);
  EXPECT_EQ(CountQueryFromRequest(r)->group_limit, 100);
  r.set_group_limit(3);
  EXPECT_EQ(CountQueryFromRequest(r)->group_limit, 3);
  r.set_group_limit(0);
  EXPECT_EQ(CountQueryFromRequest(r)->group_limit, 10);
}

TEST(CountQueryTest, GroupPlaceKindOnlyWithGroupByPlace) {
  Request r = Monthly();
  r.set_group_place_kind(v1::ADMIN_REGION);
  EXPECT_EQ(Fields(CountQueryFromRequest(r).status()), Strings{"group_place_kind"});
  r.set_group_by(Request::ACTOR);
  EXPECT_EQ(Fields(CountQueryFromRequest(r).status()), Strings{"group_place_kind"});

  r.set_group_by(Request::PLACE);
  absl::StatusOr<CountQuery> q = CountQueryFromRequest(r);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->group_by, Request::PLACE);
  EXPECT_EQ(q->group_place_kind, v1::ADMIN_REGION);

  r.clear_group_place_kind();
  EXPECT_EQ(CountQueryFromRequest(r)->group_place_kind, v1::PLACE_KIND_UNSPECIFIED);
}

TEST(CountQueryTest, UnknownEnumValuesAreRejected) {
  Request r = Monthly();
  r.set_group_by(static_cast<Request::GroupBy>(42));
  r.set_imprecise_events(static_cast<Request::ImpreciseEvents>(42));
  EXPECT_EQ(Fields(CountQueryFromRequest(r).status()), (Strings{"group_by", "imprecise_events"}));
}

TEST(CountQueryTest, EveryProblemIsReportedAtOnce) {
  Request r;
  r.add_places("ml");
  r.add_event_types("massacre");
  r.set_time_zone("Nowhere");
  r.set_group_limit(500);
  *r.mutable_time_range()->mutable_start_time() = At(sys_days{2025_y / January / 1});
  *r.mutable_time_range()->mutable_end_time() = At(sys_days{2024_y / January / 1});
  EXPECT_EQ(Fields(CountQueryFromRequest(r).status()),
            (Strings{"places[0]", "event_types[0]", "time_range.end_time", "interval", "time_zone",
                     "group_limit"}));
}

// --- The bucket cap -----------------------------------------------------------------------------

TEST(CountQueryTest, AtMostTenThousandBucketsOverTheRange) {
  Request r;
  r.set_interval(Request::DAY);
  // 2000-01-01 .. 2027-05-18 inclusive: exactly 10,000 days.
  *r.mutable_time_range()->mutable_start_time() = At(sys_days{2000_y / January / 1});
  *r.mutable_time_range()->mutable_end_time() = At(sys_days{2027_y / May / 19});
  EXPECT_TRUE(CountQueryFromRequest(r).ok());

  // One microsecond more reaches into a 10,001st day.
  *r.mutable_time_range()->mutable_end_time() =
      At(sys_days{2027_y / May / 19}, std::chrono::microseconds{1});
  absl::StatusOr<CountQuery> q = CountQueryFromRequest(r);
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(q.status()), Strings{"interval"});
  EXPECT_NE(Description(q.status(), "interval").find("10001"), std::string::npos) << q.status();

  // The same range in months is fine.
  r.set_interval(Request::MONTH);
  EXPECT_TRUE(CountQueryFromRequest(r).ok());
}

TEST(CountQueryTest, TheCapCountsBucketsInTheRequestedZone) {
  Request r;
  r.set_interval(Request::DAY);
  // [2000-01-01T00:00Z, 2027-05-18T00:00Z) is 9,999 UTC days, but in New York (UTC-5) its
  // first instant is still 31 December 1999: 10,000 local days.
  *r.mutable_time_range()->mutable_start_time() = At(sys_days{2000_y / January / 1});
  *r.mutable_time_range()->mutable_end_time() = At(sys_days{2027_y / May / 18});
  EXPECT_TRUE(CountQueryFromRequest(r).ok());
  r.set_time_zone("America/New_York");
  EXPECT_TRUE(CountQueryFromRequest(r).ok());
  // And with the end at 06:00Z (01:00 in New York) the range touches a 10,001st local day.
  *r.mutable_time_range()->mutable_end_time() =
      At(sys_days{2027_y / May / 18}, std::chrono::hours{6});
  EXPECT_EQ(Fields(CountQueryFromRequest(r).status()), Strings{"interval"});
  r.set_time_zone("UTC");
  EXPECT_TRUE(CountQueryFromRequest(r).ok());
}

TEST(CountQueryTest, AnOpenRangeIsLeftToTheData) {
  Request r;
  r.set_interval(Request::DAY);
  *r.mutable_time_range()->mutable_start_time() = At(sys_days{1900_y / January / 1});
  EXPECT_TRUE(CountQueryFromRequest(r).ok());
}

TEST(BucketsBetweenTest, CountsCalendarUnitsBothEndsIncluded) {
  const local_days mon{2024_y / January / 1};  // a Monday
  EXPECT_EQ(BucketsBetween(Request::DAY, mon, mon), 1);
  EXPECT_EQ(BucketsBetween(Request::DAY, mon, local_days{2024_y / December / 31}), 366);
  // ISO weeks: Monday to Sunday.
  EXPECT_EQ(BucketsBetween(Request::WEEK, mon, local_days{2024_y / January / 7}), 1);
  EXPECT_EQ(BucketsBetween(Request::WEEK, mon, local_days{2024_y / January / 8}), 2);
  EXPECT_EQ(BucketsBetween(Request::WEEK, local_days{2023_y / December / 31}, mon), 2);
  EXPECT_EQ(BucketsBetween(Request::MONTH, local_days{2024_y / January / 31},
                           local_days{2024_y / February / 1}),
            2);
  EXPECT_EQ(BucketsBetween(Request::MONTH, local_days{2023_y / December / 15},
                           local_days{2024_y / December / 15}),
            13);
  EXPECT_EQ(BucketsBetween(Request::YEAR, local_days{2023_y / December / 31}, mon), 2);
  EXPECT_EQ(BucketsBetween(Request::YEAR, mon, local_days{2024_y / December / 31}), 1);
}

TEST(IntervalUnitTest, NamesDateTruncUnits) {
  EXPECT_EQ(IntervalUnit(Request::DAY), "day");
  EXPECT_EQ(IntervalUnit(Request::WEEK), "week");
  EXPECT_EQ(IntervalUnit(Request::MONTH), "month");
  EXPECT_EQ(IntervalUnit(Request::YEAR), "year");
}

// --- RelatedActorsQueryFromRequest --------------------------------------------------------------

TEST(RelatedActorsQueryTest, ReadsTheActorAndTheSelection) {
  PageTokenCodec codec("secret");
  v1::ListRelatedActorsRequest r;
  r.set_actor("actors/mali");
  r.add_places("places/ml");
  r.add_actors("actors/turkey");
  r.set_page_size(5000);
  absl::StatusOr<RelatedActorsQuery> q = RelatedActorsQueryFromRequest(r, codec);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->actor_id, "mali");
  EXPECT_EQ(q->selection.place_ids, Strings{"ml"});
  EXPECT_EQ(q->selection.actor_ids, Strings{"turkey"});
  EXPECT_EQ(q->page_size, kMaxPageSize);
  EXPECT_FALSE(q->after.has_value());
  EXPECT_FALSE(q->fingerprint.empty());
}

TEST(RelatedActorsQueryTest, ActorIsRequiredAndWellFormed) {
  PageTokenCodec codec("secret");
  v1::ListRelatedActorsRequest r;
  EXPECT_EQ(Fields(RelatedActorsQueryFromRequest(r, codec).status()), Strings{"actor"});
  r.set_actor("places/ml");
  EXPECT_EQ(Fields(RelatedActorsQueryFromRequest(r, codec).status()), Strings{"actor"});
  r.set_actor("actors/mali");
  r.set_page_size(-1);
  r.add_event_types("massacre");
  EXPECT_EQ(Fields(RelatedActorsQueryFromRequest(r, codec).status()),
            (Strings{"page_size", "event_types[0]"}));
}

TEST(RelatedActorsQueryTest, PageTokensBelongToTheirRequest) {
  PageTokenCodec codec("secret");
  v1::ListRelatedActorsRequest r;
  r.set_actor("actors/mali");
  r.set_page_size(1);
  const std::string fingerprint = RequestFingerprint(r);
  PageCursor cursor;
  cursor.fingerprint = fingerprint;
  cursor.sort_key = "russia";
  cursor.last_id = 3;
  r.set_page_token(codec.Encode(cursor));
  r.set_page_size(2);  // may change between pages
  absl::StatusOr<RelatedActorsQuery> q = RelatedActorsQueryFromRequest(r, codec);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_TRUE(q->after.has_value());
  EXPECT_EQ(q->after->sort_key, "russia");
  EXPECT_EQ(q->after->last_id, 3);

  r.set_actor("actors/turkey");  // another request
  EXPECT_EQ(Fields(RelatedActorsQueryFromRequest(r, codec).status()), Strings{"page_token"});
}

}  // namespace
}  // namespace timeline::domain
