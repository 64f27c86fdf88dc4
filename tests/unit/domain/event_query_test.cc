// EventQueryFromRequest: selectors, order, page size and page tokens of ListEvents.
#include "domain/event_query.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/validation.h"
#include "unit/domain/domain_testing.h"

namespace timeline::domain {
namespace {

using test_support::Fields;
using test_support::Seconds;
using test_support::Utc;
using Strings = std::vector<std::string>;

// --- EventQueryFromRequest --------------------------------------------------------------------

class EventQueryTest : public testing::Test {
 protected:
  absl::StatusOr<EventQuery> Query(const v1::ListEventsRequest& request) {
    return EventQueryFromRequest(request, codec_);
  }
  PageTokenCodec codec_{"test-secret"};
};

TEST_F(EventQueryTest, Defaults) {
  absl::StatusOr<EventQuery> q = Query(v1::ListEventsRequest());
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->page_size, 50);
  EXPECT_FALSE(q->order.descending);
  EXPECT_EQ(q->order.key, EventOrderKey::kStartTime);
  EXPECT_FALSE(q->selection.show_deleted);
  EXPECT_FALSE(q->selection.time_range.has_value());
  EXPECT_FALSE(q->after.has_value());
  EXPECT_EQ(q->fingerprint, RequestFingerprint(v1::ListEventsRequest()));
}

TEST_F(EventQueryTest, PageSize) {
  v1::ListEventsRequest r;
  r.set_page_size(-1);
  EXPECT_EQ(Fields(Query(r).status()), Strings{"page_size"});
  struct Case {
    int32_t requested, expected;
  };
  for (const Case& c : {Case{0, 50}, Case{1, 1}, Case{7, 7}, Case{1000, 1000}, Case{1001, 1000},
                        Case{5000, 1000}}) {
    r.set_page_size(c.requested);
    absl::StatusOr<EventQuery> q = Query(r);
    ASSERT_TRUE(q.ok()) << q.status();
    EXPECT_EQ(q->page_size, c.expected) << c.requested;
  }
}

TEST_F(EventQueryTest, OrderBy) {
  struct Case {
    const char* order_by;
    bool descending;
  };
  for (const Case& c : {Case{"", false}, Case{"start_time", false}, Case{"start_time asc", false},
                        Case{"start_time desc", true}, Case{"  start_time   desc ", true}}) {
    v1::ListEventsRequest r;
    r.set_order_by(c.order_by);
    absl::StatusOr<EventQuery> q = Query(r);
    ASSERT_TRUE(q.ok()) << q.status() << " order_by: " << c.order_by;
    EXPECT_EQ(q->order.descending, c.descending) << c.order_by;
  }
  struct KeyCase {
    const char* order_by;
    EventOrderKey key;
    bool descending;
  };
  for (const KeyCase& c : {KeyCase{"fatalities.best", EventOrderKey::kFatalitiesBest, false},
                           KeyCase{"fatalities.best desc", EventOrderKey::kFatalitiesBest, true},
                           KeyCase{"update_time asc", EventOrderKey::kUpdateTime, false},
                           KeyCase{"update_time desc", EventOrderKey::kUpdateTime, true},
                           KeyCase{"start_time desc", EventOrderKey::kStartTime, true}}) {
    v1::ListEventsRequest r;
    r.set_order_by(c.order_by);
    absl::StatusOr<EventQuery> q = Query(r);
    ASSERT_TRUE(q.ok()) << q.status() << " order_by: " << c.order_by;
    EXPECT_EQ(q->order.key, c.key) << c.order_by;
    EXPECT_EQ(q->order.descending, c.descending) << c.order_by;
  }
  for (const char* bad :
       {"title", "start_time up", "start_time desc title", "desc", "start_time,title", "fatalities",
        "fatalities.low desc", "update_time DESC", "create_time"}) {
    v1::ListEventsRequest r;
    r.set_order_by(bad);
    EXPECT_EQ(Fields(Query(r).status()), Strings{"order_by"}) << bad;
  }
}

TEST_F(EventQueryTest, FilterIsParsedIntoTheSelection) {
  v1::ListEventsRequest r;
  EXPECT_FALSE(Query(r)->selection.filter.has_value());
  r.set_filter(R"(event_type = attack -actor = "actors/jnim")");
  absl::StatusOr<EventQuery> q = Query(r);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_TRUE(q->selection.filter.has_value());
  EXPECT_EQ(FilterToString(*q->selection.filter),
            R"(AND(event_type = "attack", NOT(actor = "jnim")))");

  r.set_filter("event_type = massacre");
  r.add_event_types("massacre");
  absl::Status status = Query(r).status();
  EXPECT_EQ(Fields(status), (Strings{"event_types[0]", "filter"}));
  EXPECT_NE(status.message().find("filter: column 14: "), std::string::npos) << status;
}

TEST_F(EventQueryTest, Selectors) {
  v1::ListEventsRequest r;
  r.add_actors("actors/jnim");
  r.add_actors("actors/fama");
  r.add_places("places/ml");
  r.add_event_types("attack");
  r.add_event_types("air_drone_strike");
  r.mutable_time_range()->mutable_start_time()->set_seconds(Seconds(Utc(2024, 1, 1)));
  r.mutable_time_range()->set_match(v1::TimeRange::WITHIN);
  r.set_show_deleted(true);
  absl::StatusOr<EventQuery> q = Query(r);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->selection.actor_ids, (Strings{"jnim", "fama"}));
  EXPECT_EQ(q->selection.place_ids, Strings{"ml"});
  EXPECT_EQ(q->selection.event_types, (Strings{"attack", "air_drone_strike"}));
  ASSERT_TRUE(q->selection.time_range.has_value());
  EXPECT_EQ(q->selection.time_range->start, Utc(2024, 1, 1));
  EXPECT_FALSE(q->selection.time_range->end.has_value());
  EXPECT_TRUE(q->selection.time_range->within);
  EXPECT_TRUE(q->selection.show_deleted);
}

TEST_F(EventQueryTest, BadSelectors) {
  v1::ListEventsRequest r;
  r.add_actors("actor/x");
  r.add_places("places/ml");
  r.add_places("places/");
  r.add_event_types("attack");
  r.add_event_types("Attack");
  EXPECT_EQ(Fields(Query(r).status()), (Strings{"actors[0]", "places[1]", "event_types[1]"}));
}

TEST_F(EventQueryTest, UnknownEventType) {
  v1::ListEventsRequest r;
  r.add_event_types("bombing");
  EXPECT_EQ(Fields(Query(r).status()), Strings{"event_types[0]"});
}

TEST_F(EventQueryTest, TooManyActors) {
  v1::ListEventsRequest r;
  for (int i = 0; i < 100; ++i) r.add_actors("actors/a" + std::to_string(i));
  absl::StatusOr<EventQuery> q = Query(r);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->selection.actor_ids.size(), 100u);

  r.add_actors("actors/one-too-many");
  EXPECT_EQ(Fields(Query(r).status()), Strings{"actors"});
}

TEST_F(EventQueryTest, BadTimeRange) {
  v1::ListEventsRequest r;
  r.mutable_time_range()->mutable_start_time()->set_seconds(Seconds(Utc(2024, 2, 1)));
  r.mutable_time_range()->mutable_end_time()->set_seconds(Seconds(Utc(2024, 1, 1)));
  EXPECT_EQ(Fields(Query(r).status()), Strings{"time_range.end_time"});
}

TEST_F(EventQueryTest, PageTokenOfTheSameRequestResumes) {
  v1::ListEventsRequest r;
  r.add_actors("actors/jnim");
  r.set_page_size(10);
  PageCursor cursor;
  cursor.fingerprint = RequestFingerprint(r);
  cursor.sort_key = "2024-09-17 00:00:00+00";
  cursor.last_id = 1234;
  r.set_page_token(codec_.Encode(cursor));
  r.set_page_size(20);  // page_size may change between pages
  absl::StatusOr<EventQuery> q = Query(r);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_TRUE(q->after.has_value());
  EXPECT_EQ(q->after->sort_key, "2024-09-17 00:00:00+00");
  EXPECT_EQ(q->after->last_id, 1234);
  EXPECT_EQ(q->page_size, 20);
}

TEST_F(EventQueryTest, PageTokenOfAnotherRequestIsRejected) {
  v1::ListEventsRequest first;
  first.add_actors("actors/jnim");
  PageCursor cursor;
  cursor.fingerprint = RequestFingerprint(first);
  cursor.last_id = 1234;

  v1::ListEventsRequest second;
  second.add_actors("actors/fama");
  second.set_page_token(codec_.Encode(cursor));
  EXPECT_EQ(Fields(Query(second).status()), Strings{"page_token"});

  second.set_page_token("garbage");
  EXPECT_EQ(Fields(Query(second).status()), Strings{"page_token"});
}

}  // namespace
}  // namespace timeline::domain
