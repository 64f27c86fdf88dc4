#include "normalize/date/bounds.h"

#include <chrono>

#include "normalize/date/local_interval.h"
#include "normalize/date/rules.h"

namespace timeline::normalize::date_internal {
namespace {

using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

bool IsClockPrecision(DatePrecision p) {
  return p == DatePrecision::kInstant || p == DatePrecision::kMinute || p == DatePrecision::kHour;
}

absl::StatusOr<Bounds> ToBounds(const Interval& interval, const Env& env, Warnings* warnings) {
  Bounds out;
  out.precision = interval.precision;
  out.first_day = interval.first_day;
  if (interval.utc_offset_minutes) {
    const minutes offset{*interval.utc_offset_minutes};
    out.start = Micros{interval.start.time_since_epoch()} - offset;
    out.end = Micros{interval.end.time_since_epoch()} - offset;
  } else {
    date::choose end_choice = date::choose::earliest;
    if (IsClockPrecision(interval.precision)) {
      const date::local_info info = env.zone->get_info(date::floor<seconds>(interval.start));
      if (info.result == date::local_info::nonexistent) {
        return Unreadable("the time in " + env.quoted + " does not exist in " + env.zone->name() +
                          ": the clocks skip it");
      }
      if (info.result == date::local_info::ambiguous) {
        warnings->push_back("the time in " + env.quoted + " occurs twice in " + env.zone->name() +
                            "; the span covers both");
        end_choice = date::choose::latest;
      }
    }
    // A local midnight that a DST change skips maps to the instant the clocks jump, as in
    // EndOfUnit (calendar_unit.h).
    out.start = env.zone->to_sys(interval.start, date::choose::earliest);
    out.end = env.zone->to_sys(interval.end, end_choice);
  }
  static const Micros kMin{date::sys_days{date::year{1} / 1 / 1}};
  static const Micros kMax{date::sys_days{date::year{10000} / 1 / 1} - microseconds{1}};
  if (*out.start < kMin || *out.end > kMax || *out.end <= *out.start) {
    return Unreadable(env.quoted + " falls outside 0001-01-01..9999-12-31");
  }
  return out;
}

// "before X", "since X": only one bound is known, and no unit.
Bounds ApplyBound(Sense bound, const Bounds& known) {
  Bounds b;
  switch (bound) {
    case Sense::kBefore:
      b.end = known.start;
      break;
    case Sense::kAfter:
      b.start = known.end;
      break;
    case Sense::kSince:
      b.start = known.start;
      break;
    default:  // kUntil
      b.end = known.end;
      break;
  }
  return b;
}

}  // namespace

absl::StatusOr<Bounds> ResolveToBounds(const Reading& r, const Env& env,
                                       const std::optional<Anchor>& anchor, Warnings* warnings) {
  absl::StatusOr<Interval> interval = ResolveReading(r, env, anchor, warnings);
  if (!interval.ok()) return interval.status();
  return ToBounds(*interval, env, warnings);
}

std::string ApproximateWarning(const Reading& r, const Env& env) {
  if (r.clock) return env.quoted + " gives an approximate time of day; the span is the whole day";
  return env.quoted + " is stated as approximate; the span is the unit stated";
}

std::optional<Anchor> ReferenceAnchor(const Env& env) {
  if (!env.reference) return std::nullopt;
  return Anchor{env.ReferenceDay(), /*forward=*/false, /*is_reference=*/true};
}

absl::StatusOr<Bounds> ResolveSingle(const Reading& r, const Env& env, Warnings* warnings) {
  absl::StatusOr<Bounds> bounds = ResolveToBounds(r, env, ReferenceAnchor(env), warnings);
  if (!bounds.ok()) return bounds;
  if (r.approximate) warnings->push_back(ApproximateWarning(r, env));
  if (r.bound) return ApplyBound(*r.bound, *bounds);
  if (r.from) return ApplyBound(Sense::kSince, *bounds);
  return bounds;
}

}  // namespace timeline::normalize::date_internal
