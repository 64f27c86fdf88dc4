// CountEvents and ListRelatedActors over real RPCs on 100,000 generated events
// (generated_events.h). Histograms of a country equal a ground truth computed here from rows
// fetched directly (places through event_places and place_ancestors, ranges by explicit bound
// comparisons, buckets with Howard Hinnant's date library); related actors likewise; and EXPLAIN
// of the exact statements the service runs shows index-served plans, with their execution times
// printed.
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
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "service_sql.h"
#include "stats_calls.h"
#include "storage/db_enums.h"
#include "storage/event_query_sql.h"
#include "storage/event_stats_sql.h"

namespace timeline::testing {
namespace {

using Request = v1::CountEventsRequest;

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
  // reach the place's events through event_place_scope's (place, span class, sort time) index.
  static void ExpectServedByPlaceWalkIndex(const std::string& name, const Request& request) {
    storage::SqlWithParams statement = CountEventsStatement(*conn_, request);
    ExplainedPlan plan = Explain(*conn_, statement.sql, statement.params);
    PrintPlan(name, plan);
    EXPECT_TRUE(IsIndexServed(plan, BigEventRelations(), {{"event_place_scope_class_walk_idx"}}))
        << name;
  }

  // The same for a statement that must read the place's sums by their key and no event table.
  static void ExpectServedByPlaceSums(const std::string& name, const Request& request) {
    storage::SqlWithParams statement = CountEventsStatement(*conn_, request);
    ExplainedPlan plan = Explain(*conn_, statement.sql, statement.params);
    PrintPlan(name, plan);
    std::set<std::string> big = BigEventRelations();
    big.insert("event_scope_counts");
    EXPECT_TRUE(IsIndexServed(plan, big, {{"event_scope_counts_key"}})) << name;
    for (const PlanNode& node : plan.nodes) {
      EXPECT_TRUE(node.relation != "events" && node.relation != "event_place_scope")
          << name << " reads " << node.relation;
    }
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
  ExpectServedByPlaceSums("CountEvents country xa, 2019, monthly", request);
  request.set_group_by(Request::EVENT_TYPE);
  ExpectServedByPlaceSums("CountEvents country xa, 2019, monthly, group_by EVENT_TYPE", request);

  request.set_group_by(Request::ACTOR);
  ExpectServedByPlaceWalkIndex("CountEvents country xa, 2019, monthly, group_by ACTOR", request);

  request.set_group_by(Request::PLACE);
  request.set_group_place_kind(v1::ADMIN_REGION);
  ExpectServedByPlaceWalkIndex(
      "CountEvents country xa, 2019, monthly, group_by PLACE (ADMIN_REGION)", request);
}

TEST_F(GeneratedStatsTest, RegionTenYearsDailyIsIndexServed) {
  Request request;
  request.add_places("places/xa-r03");
  *request.mutable_time_range() = Range("2012-01-01T00:00:00Z", "2022-01-01T00:00:00Z");
  request.set_interval(Request::DAY);
  ExpectServedByPlaceSums("CountEvents region xa-r03, 2012-2021, daily", request);
  Request by_actor = request;
  by_actor.set_group_by(Request::ACTOR);
  ExpectServedByPlaceWalkIndex("CountEvents region xa-r03, 2012-2021, daily, group_by ACTOR",
                               by_actor);

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
      roles[{storage::EnumToDb(v1::ActorRole_descriptor(), p.role()),
             storage::EnumToDb(v1::ActorRole_descriptor(), p.related_role())}] = p.event_count();
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
