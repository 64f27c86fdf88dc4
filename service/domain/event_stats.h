// The validated requests of the two statistics calls over a selection of events:
// EventService.CountEvents (a histogram in calendar buckets, optionally split into groups) and
// ActorService.ListRelatedActors (who took part in events together with an actor).
//
// Both read their selectors as ListEvents does (event_query.h, EventSelection) and check everything
// else here, naming each bad field:
//
//   absl::StatusOr<CountQuery> q = CountQueryFromRequest(request);
//   // q->interval == MONTH, q->time_zone == "Africa/Bamako", q->group_limit == 10, ...
//
// A histogram has at most kMaxBuckets buckets. When the request's time range has both bounds the
// check happens here; otherwise the range comes from the selected events' starts, and the storage
// layer applies the same cap (TooManyBuckets) once it knows them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "date/date.h"
#include "domain/event_query.h"
#include "domain/page_token.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/event.pb.h"

namespace timeline::domain {

// The most buckets one histogram may have: a day each for 27 years, a month each for 833.
inline constexpr int64_t kMaxBuckets = 10'000;
// CountEventsRequest.group_limit: 0 means kDefaultGroupLimit; at most kMaxGroupLimit.
inline constexpr int kDefaultGroupLimit = 10;
inline constexpr int kMaxGroupLimit = 100;

using BucketInterval = v1::CountEventsRequest::Interval;
using GroupBy = v1::CountEventsRequest::GroupBy;

// The validated form of CountEventsRequest.
struct CountQuery {
  EventSelection selection;
  BucketInterval interval = v1::CountEventsRequest::DAY;
  std::string time_zone = "UTC";
  GroupBy group_by = v1::CountEventsRequest::GROUP_BY_UNSPECIFIED;
  // With group_by PLACE: the kind of place to count in (ADMIN_REGION); UNSPECIFIED to group by
  // the places events are linked to.
  v1::PlaceKind group_place_kind = v1::PLACE_KIND_UNSPECIFIED;
  int group_limit = kDefaultGroupLimit;
  // OMIT: events whose span does not fit their bucket are left out of every bucket.
  bool omit_imprecise = false;
};
absl::StatusOr<CountQuery> CountQueryFromRequest(const v1::CountEventsRequest& request);

// The calendar unit of a bucket as PostgreSQL's date_trunc names it: "day", "week" (ISO, from
// Monday), "month", "year".
std::string IntervalUnit(BucketInterval interval);

// How many buckets of `interval` there are from the one holding local day `first` to the one
// holding local day `last` (first <= last), both ends included.
int64_t BucketsBetween(BucketInterval interval, date::local_days first, date::local_days last);

// INVALID_ARGUMENT on `interval`: more than kMaxBuckets buckets. `count` says how many ("12054",
// or "more than 10000" when the exact figure is not known); `over` what they would cover.
absl::Status TooManyBuckets(BucketInterval interval, absl::string_view count,
                            absl::string_view over);

// The validated form of ListRelatedActorsRequest.
struct RelatedActorsQuery {
  std::string actor_id;  // the actor whose relations are listed
  EventSelection selection;
  int page_size = kDefaultPageSize;
  // Resume after this related actor: sort_key is its resource id, last_id its event count (the
  // order is event count descending, then resource id).
  std::optional<PageCursor> after;
  std::string fingerprint;
};
absl::StatusOr<RelatedActorsQuery> RelatedActorsQueryFromRequest(
    const v1::ListRelatedActorsRequest& request, const PageTokenCodec& codec);

}  // namespace timeline::domain
