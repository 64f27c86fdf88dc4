#include "domain/date_adapter.h"

#include <utility>

namespace timeline::domain {
namespace {

using normalize::DatePrecision;

// One table for both directions, so that they cannot disagree.
constexpr std::pair<DatePrecision, v1::Precision> kPrecisions[] = {
    {DatePrecision::kInstant, v1::PRECISION_INSTANT},
    {DatePrecision::kMinute, v1::PRECISION_MINUTE},
    {DatePrecision::kHour, v1::PRECISION_HOUR},
    {DatePrecision::kDay, v1::PRECISION_DAY},
    {DatePrecision::kWeek, v1::PRECISION_WEEK},
    {DatePrecision::kMonth, v1::PRECISION_MONTH},
    {DatePrecision::kYear, v1::PRECISION_YEAR},
};

}  // namespace

Span SpanFromDate(const normalize::DateSpan& date) {
  Span span;
  span.start = date.start;
  span.end = date.end;
  span.precision = PrecisionFromDate(date.precision);
  span.time_zone = date.time_zone;
  span.text = date.text;
  return span;
}

v1::Precision PrecisionFromDate(DatePrecision precision) {
  for (const auto& [date_precision, api_precision] : kPrecisions) {
    if (date_precision == precision) return api_precision;
  }
  return v1::PRECISION_UNKNOWN;
}

DatePrecision DatePrecisionOf(v1::Precision precision) {
  for (const auto& [date_precision, api_precision] : kPrecisions) {
    if (api_precision == precision) return date_precision;
  }
  return DatePrecision::kUnknown;
}

}  // namespace timeline::domain
