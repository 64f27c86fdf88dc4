#include "domain/date_finding.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/date_adapter.h"
#include "domain/field_checks.h"
#include "domain/time_span.h"
#include "domain/validation.h"

namespace timeline::domain {
namespace {

// The languages whose date words the normalizer knows (normalize/date/lexicon.h).
bool IsReadLanguage(absl::string_view tag) {
  const std::string primary = absl::AsciiStrToLower(tag.substr(0, tag.find('-')));
  return primary == "ar" || primary == "en" || primary == "fr";
}

}  // namespace

absl::StatusOr<normalize::DateContext> DateContextFromRequest(
    const v1::ParseDatesRequest& request) {
  Violations v;
  normalize::DateContext context;
  if (!request.time_zone().empty()) {
    if (IsKnownTimeZone(request.time_zone())) {
      context.time_zone = request.time_zone();
    } else {
      v.Add("time_zone", absl::StrCat(Quoted(request.time_zone()), " is not an IANA time zone"));
    }
  }
  if (request.has_reference_time()) {
    if (IsValidTimestamp(request.reference_time())) {
      context.reference = FromTimestamp(request.reference_time());
    } else {
      v.Add("reference_time", "is outside the years 1 to 9999 or has invalid nanos");
    }
  }
  if (!request.language().empty() &&
      (!IsLanguageTag(request.language()) || !IsReadLanguage(request.language()))) {
    v.Add("language", absl::StrCat(Quoted(request.language()),
                                   " is not a language whose dates are read (ar, en, fr)"));
  }
  if (absl::Status s = v.ToStatus(); !s.ok()) return s;
  return context;
}

v1::ParseDatesResponse ParseDatesResponseOf(const std::vector<normalize::FoundDate>& found) {
  v1::ParseDatesResponse response;
  for (const normalize::FoundDate& f : found) {
    v1::FoundDate& date = *response.add_dates();
    date.set_start_offset(static_cast<int32_t>(f.begin_code_point));
    date.set_end_offset(static_cast<int32_t>(f.end_code_point));
    date.set_text(f.parse.span.text);
    *date.mutable_time() = SpanToProto(SpanFromDate(f.parse.span));
    for (const std::string& warning : f.parse.warnings) date.add_warnings(warning);
  }
  return response;
}

}  // namespace timeline::domain
