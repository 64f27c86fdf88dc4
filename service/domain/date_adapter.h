// The date normalizer's answer (normalize/date/date_expression.h) in the time model: its DateSpan
// as a Span, its precisions as the API's and back. The normalizer knows nothing of domain/ or of
// the API; this is where the two meet.
#pragma once

#include "domain/time_span.h"
#include "normalize/date/date_expression.h"
#include "timeline/v1/time.pb.h"

namespace timeline::domain {

Span SpanFromDate(const normalize::DateSpan& date);

v1::Precision PrecisionFromDate(normalize::DatePrecision precision);
// PRECISION_UNSPECIFIED, and numbers the enum does not name, are kUnknown.
normalize::DatePrecision DatePrecisionOf(v1::Precision precision);

}  // namespace timeline::domain
