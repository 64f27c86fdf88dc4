#include "domain/time_span.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "date/date.h"
#include "date/tz.h"
#include "domain/date_adapter.h"
#include "domain/field_checks.h"
#include "domain/validation.h"
#include "normalize/date/calendar_unit.h"

namespace timeline::domain {
namespace {

using std::chrono::microseconds;

// google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;

const date::time_zone* FindZone(absl::string_view name) {
  try {
    return date::locate_zone(std::string(name));
  } catch (const std::exception&) {
    return nullptr;
  }
}

bool IsCalendarPrecision(v1::Precision p) {
  return p >= v1::PRECISION_INSTANT && p <= v1::PRECISION_YEAR;
}

}  // namespace

bool IsValidTimestamp(const google::protobuf::Timestamp& ts) {
  return ts.seconds() >= kMinSeconds && ts.seconds() <= kMaxSeconds && ts.nanos() >= 0 &&
         ts.nanos() <= 999'999'999;
}

bool IsKnownTimeZone(absl::string_view name) { return FindZone(name) != nullptr; }

Micros FromTimestamp(const google::protobuf::Timestamp& ts) {
  return Micros{std::chrono::seconds{ts.seconds()} + microseconds{ts.nanos() / 1000}};
}

google::protobuf::Timestamp ToTimestamp(Micros t) {
  auto us = t.time_since_epoch().count();
  int64_t seconds = us / 1'000'000;
  int64_t rem = us % 1'000'000;
  if (rem < 0) {
    rem += 1'000'000;
    --seconds;
  }
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>(rem * 1000));
  return ts;
}

absl::StatusOr<Micros> EndOfUnit(Micros start, v1::Precision precision,
                                 absl::string_view time_zone) {
  if (precision == v1::PRECISION_INSTANT) return start + microseconds{1};
  const date::time_zone* zone = FindZone(time_zone);
  if (zone == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("unknown time zone ", Quoted(time_zone)));
  }
  std::optional<Micros> end = normalize::EndOfUnit(start, DatePrecisionOf(precision), *zone);
  if (!end) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a ", PrecisionWord(precision), "-precision span must start at the beginning of a ",
        PrecisionWord(precision), " in ", time_zone));
  }
  return *end;
}

absl::StatusOr<Span> NormalizeTimeSpan(const v1::TimeSpan& in, absl::string_view field) {
  Violations v;
  const std::string f(field);
  Span span;
  span.precision = in.precision();
  span.text = in.text();
  span.time_zone = in.time_zone().empty() ? "UTC" : in.time_zone();

  if (in.precision() == v1::PRECISION_UNSPECIFIED) {
    v.Add(f + ".precision", "is required (PRECISION_UNKNOWN when the source does not say)");
  } else if (!v1::Precision_IsValid(in.precision())) {
    v.Add(f + ".precision", absl::StrCat("unknown value ", in.precision()));
  }
  if (FindZone(span.time_zone) == nullptr) {
    v.Add(f + ".time_zone", absl::StrCat(Quoted(span.time_zone), " is not an IANA time zone"));
  }
  if (in.has_start_time()) {
    if (IsValidTimestamp(in.start_time())) {
      span.start = FromTimestamp(in.start_time());
    } else {
      v.Add(f + ".start_time", "is outside 0001-01-01..9999-12-31 or has invalid nanos");
    }
  }
  if (in.has_end_time()) {
    if (IsValidTimestamp(in.end_time())) {
      span.end = FromTimestamp(in.end_time());
    } else {
      v.Add(f + ".end_time", "is outside 0001-01-01..9999-12-31 or has invalid nanos");
    }
  }
  if (!v.empty()) return v.ToStatus();

  const bool calendar = IsCalendarPrecision(span.precision);
  if (!span.resolved() && span.precision != v1::PRECISION_UNKNOWN) {
    v.Add(f + ".precision",
          "must be PRECISION_UNKNOWN when neither start_time nor end_time is set");
  } else if (!span.start && span.end && calendar) {
    v.Add(f + ".start_time",
          "is required with a calendar precision; use PRECISION_UNKNOWN "
          "for a time known only to be before end_time");
  } else if (span.start && !span.end && calendar) {
    absl::StatusOr<Micros> end = EndOfUnit(*span.start, span.precision, span.time_zone);
    if (!end.ok()) {
      v.Add(f + ".start_time", std::string(end.status().message()));
    } else if (*end > Micros{std::chrono::seconds{kMaxSeconds} + microseconds{999'999}}) {
      // The completed end would be no valid Timestamp (10000-01-01 for a unit ending with 9999).
      v.Add(f + ".start_time", absl::StrCat("a ", PrecisionWord(span.precision),
                                            " starting here ends after 9999-12-31T23:59:59Z"));
    } else {
      span.end = *end;
    }
  } else if (span.start && span.end && *span.end <= *span.start) {
    v.Add(f + ".end_time", "must be after start_time");
  }
  if (!v.empty()) return v.ToStatus();
  return span;
}

v1::TimeSpan SpanToProto(const Span& span) {
  v1::TimeSpan out;
  if (span.start) *out.mutable_start_time() = ToTimestamp(*span.start);
  if (span.end) *out.mutable_end_time() = ToTimestamp(*span.end);
  out.set_precision(span.precision);
  out.set_time_zone(span.time_zone);
  out.set_text(span.text);
  return out;
}

absl::StatusOr<RangeFilter> NormalizeTimeRange(const v1::TimeRange& in, absl::string_view field) {
  Violations v;
  const std::string f(field);
  RangeFilter range;
  range.within = in.match() == v1::TimeRange::WITHIN;
  if (!v1::TimeRange::Match_IsValid(in.match())) {
    v.Add(f + ".match", absl::StrCat("unknown value ", in.match()));
  }
  if (in.has_start_time()) {
    if (IsValidTimestamp(in.start_time())) {
      range.start = FromTimestamp(in.start_time());
    } else {
      v.Add(f + ".start_time", "is outside 0001-01-01..9999-12-31 or has invalid nanos");
    }
  }
  if (in.has_end_time()) {
    if (IsValidTimestamp(in.end_time())) {
      range.end = FromTimestamp(in.end_time());
    } else {
      v.Add(f + ".end_time", "is outside 0001-01-01..9999-12-31 or has invalid nanos");
    }
  }
  if (range.start && range.end && *range.end <= *range.start) {
    v.Add(f + ".end_time", "must be after start_time");
  }
  if (!v.empty()) return v.ToStatus();
  return range;
}

bool SpanMatches(const Span& span, const RangeFilter& range) {
  if (!span.resolved()) return false;
  // Unknown bounds are -infinity / +infinity, as in a PostgreSQL range.
  auto before = [](const std::optional<Micros>& a, const std::optional<Micros>& b) {
    return a && b && *a < *b;
  };
  if (range.within) {
    bool start_ok = !range.start || (span.start && *span.start >= *range.start);
    bool end_ok = !range.end || (span.end && *span.end <= *range.end);
    return start_ok && end_ok;
  }
  // OVERLAPS: span.start < range.end and range.start < span.end (half-open intervals).
  bool starts_before_range_ends = !range.end || !span.start || before(span.start, range.end);
  bool ends_after_range_starts = !range.start || !span.end || before(range.start, span.end);
  return starts_before_range_ends && ends_after_range_starts;
}

std::string PrecisionWord(v1::Precision precision) {
  std::string name = v1::Precision_Name(precision);
  constexpr std::string_view kPrefix = "PRECISION_";
  if (name.rfind(kPrefix, 0) == 0) name = name.substr(kPrefix.size());
  return absl::AsciiStrToLower(name);
}

v1::Precision PrecisionFromWord(absl::string_view text) {
  v1::Precision p = v1::PRECISION_UNKNOWN;
  v1::Precision_Parse(absl::StrCat("PRECISION_", absl::AsciiStrToUpper(text)), &p);
  return p;
}

std::string FormatRfc3339(Micros t) { return date::format("%FT%TZ", t); }

}  // namespace timeline::domain
