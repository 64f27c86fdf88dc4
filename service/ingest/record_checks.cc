#include "ingest/record_checks.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/event_record.h"
#include "domain/field_checks.h"
#include "domain/ingest_notes.h"
#include "domain/request_limits.h"
#include "domain/resource_name.h"
#include "domain/time_span.h"
#include "domain/validation.h"
#include "normalize/match_key.h"

namespace timeline::ingest {
namespace {

using domain::Violations;

constexpr size_t kMaxNameBytes = 500;
constexpr size_t kMaxUrlBytes = 2000;
constexpr size_t kMaxQuoteBytes = 100'000;

// A reference by resource name: well-formed, in the right collection.
void CheckResourceName(const std::string& name, absl::string_view collection,
                       const std::string& field, Violations& v) {
  absl::StatusOr<std::string> id = domain::ParseResourceName(name, collection, field);
  if (!id.ok()) v.Add(field, std::string(id.status().message()));
}

// Violations of a name as written: present, short enough, with letters or digits.
void CheckName(const std::string& name, const std::string& field, Violations& v) {
  if (name.size() > kMaxNameBytes) {
    v.Add(field, absl::StrCat("is longer than ", kMaxNameBytes, " bytes"));
  } else if (normalize::MatchKey(name).empty()) {
    v.Add(field, "has no letters or digits");
  }
}

void CheckActor(const v1::IngestActor& a, const std::string& f, Violations& v) {
  if (!a.actor().empty()) {
    CheckResourceName(a.actor(), domain::kActors, f + ".actor", v);
  } else if (a.name().empty()) {
    v.Add(f + ".name", "is required unless actor is set");
  } else {
    CheckName(a.name(), f + ".name", v);
  }
  for (int i = 0; i < a.aliases_size(); ++i) {
    CheckName(a.aliases(i), absl::StrCat(f, ".aliases[", i, "]"), v);
  }
  if (!a.country_code().empty() &&
      !domain::IsCountryCode(absl::AsciiStrToUpper(a.country_code()))) {
    v.Add(f + ".country_code", "must be an ISO 3166-1 alpha-2 code (\"ML\")");
  }
  if (!domain::IsKnownEnumValue(v1::ActorKind_descriptor(), a.kind()))
    v.Add(f + ".kind", "unknown value");
  if (!domain::IsKnownEnumValue(v1::ActorRole_descriptor(), a.role()))
    v.Add(f + ".role", "unknown value");
}

void CheckPlace(const v1::IngestPlace& p, const std::string& f, Violations& v) {
  if (!p.place().empty()) {
    CheckResourceName(p.place(), domain::kPlaces, f + ".place", v);
  } else if (p.name().empty() && p.geonames_id() <= 0) {
    v.Add(f + ".name", "is required unless place or geonames_id is set");
  } else if (!p.name().empty()) {
    CheckName(p.name(), f + ".name", v);
  }
  if (p.geonames_id() < 0) v.Add(f + ".geonames_id", "must be positive");
  for (int i = 0; i < p.aliases_size(); ++i) {
    CheckName(p.aliases(i), absl::StrCat(f, ".aliases[", i, "]"), v);
  }
  for (int i = 0; i < p.admin_names_size(); ++i) {
    CheckName(p.admin_names(i), absl::StrCat(f, ".admin_names[", i, "]"), v);
  }
  if (!p.country_code().empty() &&
      !domain::IsCountryCode(absl::AsciiStrToUpper(p.country_code()))) {
    v.Add(f + ".country_code", "must be an ISO 3166-1 alpha-2 code (\"ML\")");
  }
  if (p.has_location()) {
    const double lat = p.location().latitude(), lng = p.location().longitude();
    if (!(lat >= -90 && lat <= 90)) v.Add(f + ".location.latitude", "must be within [-90, 90]");
    if (!(lng >= -180 && lng <= 180)) {
      v.Add(f + ".location.longitude", "must be within [-180, 180]");
    }
  }
  if (!p.time_zone().empty() && !domain::IsKnownTimeZone(p.time_zone())) {
    v.Add(f + ".time_zone",
          absl::StrCat(domain::Quoted(p.time_zone()), " is not an IANA time zone"));
  }
  if (!domain::IsKnownEnumValue(v1::PlaceKind_descriptor(), p.kind()))
    v.Add(f + ".kind", "unknown value");
  if (!domain::IsKnownEnumValue(v1::LocationPrecision_descriptor(), p.location_precision())) {
    v.Add(f + ".location_precision", "unknown value");
  }
  if (!domain::IsKnownEnumValue(v1::PlaceRole_descriptor(), p.role()))
    v.Add(f + ".role", "unknown value");
}

void CheckSource(const v1::IngestSource& s, const std::string& f, Violations& v) {
  if (!s.source().empty()) {
    CheckResourceName(s.source(), domain::kSources, f + ".source", v);
  } else if (s.url().empty()) {
    v.Add(f + ".url", "is required unless source is set");
  } else if (s.url().size() > kMaxUrlBytes) {
    v.Add(f + ".url", absl::StrCat("is longer than ", kMaxUrlBytes, " bytes"));
  }
  if (s.has_published_time() && !domain::IsValidTimestamp(s.published_time())) {
    v.Add(f + ".published_time", "is outside 0001-01-01..9999-12-31 or has invalid nanos");
  }
  if (s.quote().size() > kMaxQuoteBytes) {
    v.Add(f + ".quote", absl::StrCat("is longer than ", kMaxQuoteBytes, " bytes"));
  }
  for (int i = 0; i < s.claims_size(); ++i) {
    if (!domain::IsClaimPath(s.claims(i))) {
      v.Add(absl::StrCat(f, ".claims[", i, "]"),
            absl::StrCat(domain::Quoted(s.claims(i)), " is not one of: ", domain::ClaimPaths()));
    }
  }
}

void CheckDate(const v1::DateExpression& d, const std::string& f, Violations& v) {
  if (d.has_reference_time() && !domain::IsValidTimestamp(d.reference_time())) {
    v.Add(f + ".reference_time", "is outside 0001-01-01..9999-12-31 or has invalid nanos");
  }
  if (!d.time_zone().empty() && !domain::IsKnownTimeZone(d.time_zone())) {
    v.Add(f + ".time_zone",
          absl::StrCat(domain::Quoted(d.time_zone()), " is not an IANA time zone"));
  }
  if (d.text().size() > kMaxNameBytes) {
    v.Add(f + ".text", absl::StrCat("is longer than ", kMaxNameBytes, " bytes"));
  }
}

// The parts of a record that are an event's: what CreateEvent checks of them.
void CheckEventParts(const v1::IngestRecord& r, const std::string& f, Violations& v) {
  domain::CheckEventDescription(r.title(), r.summary(), r.event_type(), f, v);
  if (r.has_time())
    domain::AddViolationsOf(domain::NormalizeTimeSpan(r.time(), f + ".time").status(), v);
  domain::ReadCount(r.fatalities(), f + ".fatalities", v);
  domain::ReadCount(r.injured(), f + ".injured", v);
  if (r.has_external_id()) domain::CheckExternalId(r.external_id(), f + ".external_id", v);
}

std::vector<v1::IngestNote> NotesOf(const absl::Status& status) {
  std::vector<v1::IngestNote> notes;
  for (const domain::FieldViolation& fv : domain::FieldViolationsOf(status)) {
    notes.push_back(domain::Note(fv.field, domain::kNoteInvalidArgument, fv.description));
  }
  return notes;
}

}  // namespace

std::vector<v1::IngestNote> CheckGazetteerPlace(const v1::IngestPlace& place,
                                                absl::string_view field) {
  if (absl::Status limits = domain::CheckRequestLimits(place, field); !limits.ok()) {
    return NotesOf(limits);
  }
  const std::string f(field);
  Violations v;
  domain::CheckNoNulBytes(place, f, v);
  CheckPlace(place, f, v);
  if (place.name().empty()) v.Add(f + ".name", "is required for a gazetteer row");
  if (place.country_code().empty()) v.Add(f + ".country_code", "is required for a gazetteer row");
  if (place.geonames_id() <= 0) v.Add(f + ".geonames_id", "is required for a gazetteer row");
  if (!place.has_location()) v.Add(f + ".location", "is required for a gazetteer row");
  if (!place.place().empty()) v.Add(f + ".place", "must be empty for a gazetteer row");
  return NotesOf(v.ToStatus());
}

std::vector<v1::IngestNote> CheckIngestRecord(const v1::IngestRecord& record,
                                              absl::string_view field) {
  if (absl::Status limits = domain::CheckRequestLimits(record, field); !limits.ok()) {
    return NotesOf(limits);
  }
  const std::string f(field);
  Violations v;
  domain::CheckNoNulBytes(record, f, v);
  for (int i = 0; i < record.actors_size(); ++i) {
    CheckActor(record.actors(i), absl::StrCat(f, ".actors[", i, "]"), v);
  }
  for (int i = 0; i < record.places_size(); ++i) {
    CheckPlace(record.places(i), absl::StrCat(f, ".places[", i, "]"), v);
  }
  if (record.has_source()) CheckSource(record.source(), f + ".source", v);
  if (!record.has_time()) CheckDate(record.date(), f + ".date", v);
  CheckEventParts(record, f, v);
  return NotesOf(v.ToStatus());
}

}  // namespace timeline::ingest
