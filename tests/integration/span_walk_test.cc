// Pages of one place's or one actor's events in time order are merged walks of their links, one
// per span class, each looking back from the range's start by its class's longest span
// (storage/event_walk_sql.cc, migrations/0012 and 0016). Here every class boundary is crossed:
// events of lengths just under, at and over each class's limit, open at either end, starting just
// before, at and just after the range's bounds, listed by place and by actor, OVERLAPS and WITHIN,
// in both directions and in pages of 3 and of 1,000 — against the answer computed here from the
// spans the test wrote.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "writes_suite.h"

namespace timeline::testing {
namespace {

struct WrittenSpan {
  std::string name;  // "events/..."
  std::optional<absl::Time> start, end;
};

std::string Rfc3339(absl::Time t) {
  return absl::FormatTime(absl::RFC3339_full, t, absl::UTCTimeZone());
}

// The events of `written` (in creation order, which is the order of their ids) that a range
// [a, b) selects, in ListEvents' order: by start (an open start first), then by id.
std::vector<std::string> Expected(const std::vector<WrittenSpan>& written,
                                  std::optional<absl::Time> a, std::optional<absl::Time> b,
                                  bool within, bool descending) {
  std::vector<const WrittenSpan*> selected;
  for (const WrittenSpan& w : written) {
    const bool overlaps = (!w.start || !b || *w.start < *b) && (!w.end || !a || *w.end > *a);
    const bool inside = (!a || (w.start && *w.start >= *a)) && (!b || (w.end && *w.end <= *b));
    if (within ? inside : overlaps) selected.push_back(&w);
  }
  std::stable_sort(
      selected.begin(), selected.end(), [](const WrittenSpan* x, const WrittenSpan* y) {
        return x->start.value_or(absl::InfinitePast()) < y->start.value_or(absl::InfinitePast());
      });
  std::vector<std::string> names;
  for (const WrittenSpan* w : selected) names.push_back(w->name);
  if (descending) std::reverse(names.begin(), names.end());
  return names;
}

TEST_F(WritesTest, PlaceAndActorPagesAreRightAcrossEverySpanClass) {
  const v1::Place place =
      MustCreatePlace(Unique("span-walk-town"), "Span Walk Town", seed_data::kKidalRegion);
  const v1::Actor actor = MustCreateActor(Unique("span-walk-group"), "Span Walk Group");
  const absl::Time a = absl::FromCivil(absl::CivilDay(2021, 3, 1), absl::UTCTimeZone());
  const absl::Time b = absl::FromCivil(absl::CivilDay(2021, 4, 1), absl::UTCTimeZone());

  std::vector<WrittenSpan> written;
  auto write = [&](std::optional<absl::Time> start, std::optional<absl::Time> end) {
    v1::Event e;
    e.set_title(absl::StrCat("span walk ", written.size()));
    e.set_event_type("attack");
    e.mutable_time()->set_precision(v1::PRECISION_UNKNOWN);
    if (start) *e.mutable_time()->mutable_start_time() = Ts(Rfc3339(*start));
    if (end) *e.mutable_time()->mutable_end_time() = Ts(Rfc3339(*end));
    AddPlace(e, place.name(), v1::LOCATION);
    AddActor(e, actor.name(), v1::INITIATOR);
    // The same actor in two roles: one event, listed once.
    if (written.size() % 3 == 0) AddActor(e, actor.name(), v1::TARGET);
    written.push_back({MustCreate(e).name(), start, end});
  };
  const absl::Duration hour = absl::Hours(1), day = absl::Hours(24);
  // Lengths under, at and over each class's longest span (an hour, a day, 7, 28, 29, 30, 31, 365
  // and 366 days), and longer.
  const std::vector<absl::Duration> lengths = {absl::Seconds(1),
                                               hour,
                                               hour + absl::Seconds(1),
                                               day,
                                               day + hour,
                                               7 * day,
                                               7 * day + hour,
                                               20 * day,
                                               28 * day,
                                               29 * day,
                                               30 * day,
                                               31 * day,
                                               31 * day + hour,
                                               200 * day,
                                               365 * day,
                                               366 * day,
                                               367 * day,
                                               3 * 365 * day};
  for (const absl::Duration length : lengths) {
    for (const absl::Time start : {a - length - hour, a - length, a - length + hour, a - hour, a,
                                   a + 5 * day, b - length, b - hour, b}) {
      write(start, start + length);
    }
  }
  // Open at one end.
  for (const absl::Time end : {a - hour, a, a + hour, b + 400 * day}) write(std::nullopt, end);
  for (const absl::Time start : {a - 500 * day, b - hour, b}) write(start, std::nullopt);
  ASSERT_EQ(written.size(), lengths.size() * 9 + 7);

  struct Bounds {
    std::optional<absl::Time> start, end;
  };
  const std::vector<Bounds> ranges = {
      {a, b}, {a, std::nullopt}, {std::nullopt, b}, {a + 10 * day, a + 10 * day + hour}};
  for (const std::string& selector : {place.name(), actor.name()}) {
    for (const Bounds& range : ranges) {
      for (const bool within : {false, true}) {
        for (const bool descending : {false, true}) {
          v1::ListEventsRequest request;
          if (selector == place.name()) {
            request.add_places(selector);
          } else {
            request.add_actors(selector);
          }
          *request.mutable_time_range() =
              Range(range.start ? Rfc3339(*range.start) : "", range.end ? Rfc3339(*range.end) : "",
                    within ? v1::TimeRange::WITHIN : v1::TimeRange::OVERLAPS);
          if (descending) request.set_order_by("start_time desc");
          const std::vector<std::string> expected =
              Expected(written, range.start, range.end, within, descending);
          for (const int page_size : {3, 1000}) {
            SCOPED_TRACE(absl::StrCat(selector, " ", request.time_range().ShortDebugString(),
                                      descending ? " desc" : "", ", pages of ", page_size));
            EXPECT_EQ(ListEventPages(env_->events(), request, page_size, page_size).names,
                      expected);
          }
        }
      }
    }
  }

  // Without a range: every event, the open starts first.
  v1::ListEventsRequest all;
  all.add_actors(actor.name());
  EXPECT_EQ(ListEventPages(env_->events(), all, 5, 5).names,
            Expected(written, std::nullopt, std::nullopt, false, false));
}

}  // namespace
}  // namespace timeline::testing
