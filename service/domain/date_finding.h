// DateService.ParseDates in domain terms: the request's checked context (zone, reference time,
// language hint) for the date finder (normalize/date/date_extraction.h), and its answer as the
// API's FoundDate messages, each time in the time model (date_adapter.h).
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "normalize/date/date_extraction.h"
#include "timeline/v1/date.pb.h"

namespace timeline::domain {

// INVALID_ARGUMENT naming the field for a zone that is not an IANA zone, a reference_time out of
// range or a language other than Arabic, English or French.
absl::StatusOr<normalize::DateContext> DateContextFromRequest(const v1::ParseDatesRequest& request);

v1::ParseDatesResponse ParseDatesResponseOf(const std::vector<normalize::FoundDate>& found);

}  // namespace timeline::domain
