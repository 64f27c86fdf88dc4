#include "domain/event_stats.h"

#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "date/tz.h"
#include "domain/field_checks.h"
#include "domain/resource_name.h"
#include "domain/time_span.h"
#include "domain/validation.h"

namespace timeline::domain {
namespace {

using Request = v1::CountEventsRequest;

std::string IntervalName(BucketInterval interval) { return Request::Interval_Name(interval); }

// The local day of instant `t` in `zone`.
date::local_days LocalDay(const date::time_zone& zone, Micros t) {
  return date::floor<date::days>(zone.to_local(t));
}

void CheckInterval(const Request& request, Violations& v) {
  if (request.interval() == Request::INTERVAL_UNSPECIFIED) {
    v.Add("interval", "is required: DAY, WEEK, MONTH or YEAR");
  } else if (!Request::Interval_IsValid(request.interval())) {
    v.Add("interval", absl::StrCat("unknown value ", request.interval()));
  }
}

void CheckGrouping(const Request& request, Violations& v, CountQuery& out) {
  if (!Request::GroupBy_IsValid(request.group_by())) {
    v.Add("group_by", absl::StrCat("unknown value ", request.group_by()));
  } else {
    out.group_by = request.group_by();
  }
  if (request.group_place_kind() != v1::PLACE_KIND_UNSPECIFIED) {
    if (!v1::PlaceKind_IsValid(request.group_place_kind())) {
      v.Add("group_place_kind", absl::StrCat("unknown value ", request.group_place_kind()));
    } else if (request.group_by() != Request::PLACE) {
      v.Add("group_place_kind", "is allowed only with group_by PLACE");
    } else {
      out.group_place_kind = request.group_place_kind();
    }
  }
  if (request.group_limit() < 0) {
    v.Add("group_limit", "must not be negative");
  } else if (request.group_limit() > kMaxGroupLimit) {
    v.Add("group_limit", absl::StrCat("must be at most ", kMaxGroupLimit));
  } else if (request.group_limit() > 0) {
    out.group_limit = request.group_limit();
  }
}

// With both bounds of the range known, the number of buckets is known before any event is read.
void CheckBucketCount(const CountQuery& q, Violations& v) {
  const std::optional<RangeFilter>& range = q.selection.time_range;
  if (!range || !range->start || !range->end) return;
  const date::time_zone* zone = date::locate_zone(q.time_zone);
  // The last bucket holds the range's last instant, one microsecond before its exclusive end.
  const int64_t count = BucketsBetween(q.interval, LocalDay(*zone, *range->start),
                                       LocalDay(*zone, *range->end - std::chrono::microseconds{1}));
  if (count > kMaxBuckets) {
    const absl::Status s = TooManyBuckets(q.interval, absl::StrCat(count), "over time_range");
    for (const FieldViolation& fv : FieldViolationsOf(s)) v.Add(fv.field, fv.description);
  }
}

}  // namespace

std::string IntervalUnit(BucketInterval interval) {
  return absl::AsciiStrToLower(IntervalName(interval));
}

int64_t BucketsBetween(BucketInterval interval, date::local_days first, date::local_days last) {
  using namespace date;
  switch (interval) {
    case Request::WEEK: {
      // Count Mondays: the ISO week of `first` starts on the Monday on or before it.
      const local_days monday = first - (weekday{first} - Monday);
      return (last - monday).count() / 7 + 1;
    }
    case Request::MONTH: {
      const year_month_day a{first}, b{last};
      return (b.year() / b.month() - a.year() / a.month()).count() + 1;
    }
    case Request::YEAR:
      return (year_month_day{last}.year() - year_month_day{first}.year()).count() + 1;
    default:
      return (last - first).count() + 1;
  }
}

absl::Status TooManyBuckets(BucketInterval interval, absl::string_view count,
                            absl::string_view over) {
  return InvalidField("interval", absl::StrCat(IntervalName(interval), " buckets ", over,
                                               " would number ", count, "; at most ", kMaxBuckets,
                                               ": choose a wider interval or a shorter "
                                               "time_range"));
}

absl::StatusOr<CountQuery> CountQueryFromRequest(const v1::CountEventsRequest& request) {
  Violations v;
  CountQuery out;
  ReadEventSelection(request, out.selection, v);
  CheckInterval(request, v);
  out.interval = request.interval();
  if (!request.time_zone().empty()) {
    out.time_zone = request.time_zone();
    if (!IsKnownTimeZone(out.time_zone)) {
      v.Add("time_zone", absl::StrCat(Quoted(out.time_zone), " is not an IANA time zone"));
    }
  }
  CheckGrouping(request, v, out);
  if (!Request::ImpreciseEvents_IsValid(request.imprecise_events())) {
    v.Add("imprecise_events", absl::StrCat("unknown value ", request.imprecise_events()));
  }
  out.omit_imprecise = request.imprecise_events() == Request::OMIT;
  // The bucket count needs a valid range, interval and zone.
  if (v.empty()) CheckBucketCount(out, v);
  if (!v.empty()) return v.ToStatus();
  return out;
}

absl::StatusOr<RelatedActorsQuery> RelatedActorsQueryFromRequest(
    const v1::ListRelatedActorsRequest& request, const PageTokenCodec& codec) {
  Violations v;
  RelatedActorsQuery out;
  if (request.actor().empty()) {
    v.Add("actor", "is required: the actor whose relations to list (\"actors/{actor}\")");
  } else {
    absl::StatusOr<std::string> id = ParseResourceName(request.actor(), kActors, "actor");
    if (id.ok()) {
      out.actor_id = *id;
    } else {
      for (const FieldViolation& fv : FieldViolationsOf(id.status()))
        v.Add(fv.field, fv.description);
    }
  }
  out.page_size = ReadPageSize(request.page_size(), v);
  ReadEventSelection(request, out.selection, v);
  out.fingerprint = RequestFingerprint(request);
  out.after = ReadPageToken(request.page_token(), out.fingerprint, codec, v);
  if (!v.empty()) return v.ToStatus();
  return out;
}

}  // namespace timeline::domain
