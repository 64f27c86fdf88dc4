#include "domain/ingest_record.h"

#include <openssl/evp.h>

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "domain/date_adapter.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "normalize/date/date_expression.h"
#include "normalize/match_key.h"

namespace timeline::domain {
namespace {

constexpr size_t kMaxNameBytes = 500;
constexpr size_t kMaxUrlBytes = 2000;
constexpr size_t kMaxQuoteBytes = 100'000;

bool IsCountryCode(absl::string_view code) {
  return code.size() == 2 && absl::ascii_isalpha(code[0]) && absl::ascii_isalpha(code[1]);
}

bool IsSet(const google::protobuf::EnumDescriptor* descriptor, int value) {
  return descriptor->FindValueByNumber(value) != nullptr;
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
    absl::StatusOr<std::string> id = ParseResourceName(a.actor(), kActors, f + ".actor");
    if (!id.ok()) v.Add(f + ".actor", std::string(id.status().message()));
  } else if (a.name().empty()) {
    v.Add(f + ".name", "is required unless actor is set");
  } else {
    CheckName(a.name(), f + ".name", v);
  }
  for (int i = 0; i < a.aliases_size(); ++i) {
    CheckName(a.aliases(i), absl::StrCat(f, ".aliases[", i, "]"), v);
  }
  if (!a.country_code().empty() && !IsCountryCode(a.country_code())) {
    v.Add(f + ".country_code", "must be an ISO 3166-1 alpha-2 code (\"ML\")");
  }
  if (!IsSet(v1::ActorKind_descriptor(), a.kind())) v.Add(f + ".kind", "unknown value");
  if (!IsSet(v1::ActorRole_descriptor(), a.role())) v.Add(f + ".role", "unknown value");
}

void CheckPlace(const v1::IngestPlace& p, const std::string& f, Violations& v) {
  if (!p.place().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(p.place(), kPlaces, f + ".place");
    if (!id.ok()) v.Add(f + ".place", std::string(id.status().message()));
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
  if (!p.country_code().empty() && !IsCountryCode(p.country_code())) {
    v.Add(f + ".country_code", "must be an ISO 3166-1 alpha-2 code (\"ML\")");
  }
  if (p.has_location()) {
    const double lat = p.location().latitude(), lng = p.location().longitude();
    if (!(lat >= -90 && lat <= 90)) v.Add(f + ".location.latitude", "must be within [-90, 90]");
    if (!(lng >= -180 && lng <= 180)) {
      v.Add(f + ".location.longitude", "must be within [-180, 180]");
    }
  }
  if (!p.time_zone().empty() && !IsKnownTimeZone(p.time_zone())) {
    v.Add(f + ".time_zone", absl::StrCat("\"", p.time_zone(), "\" is not an IANA time zone"));
  }
  if (!IsSet(v1::PlaceKind_descriptor(), p.kind())) v.Add(f + ".kind", "unknown value");
  if (!IsSet(v1::LocationPrecision_descriptor(), p.location_precision())) {
    v.Add(f + ".location_precision", "unknown value");
  }
  if (!IsSet(v1::PlaceRole_descriptor(), p.role())) v.Add(f + ".role", "unknown value");
}

void CheckSource(const v1::IngestSource& s, const std::string& f, Violations& v) {
  if (!s.source().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(s.source(), kSources, f + ".source");
    if (!id.ok()) v.Add(f + ".source", std::string(id.status().message()));
  } else if (s.url().empty()) {
    v.Add(f + ".url", "is required unless source is set");
  } else if (s.url().size() > kMaxUrlBytes) {
    v.Add(f + ".url", absl::StrCat("is longer than ", kMaxUrlBytes, " bytes"));
  }
  if (s.has_published_time() && !IsValidTimestamp(s.published_time())) {
    v.Add(f + ".published_time", "is outside 0001-01-01..9999-12-31 or has invalid nanos");
  }
  if (s.quote().size() > kMaxQuoteBytes) {
    v.Add(f + ".quote", absl::StrCat("is longer than ", kMaxQuoteBytes, " bytes"));
  }
  for (int i = 0; i < s.claims_size(); ++i) {
    if (!IsClaimPath(s.claims(i))) {
      v.Add(absl::StrCat(f, ".claims[", i, "]"),
            absl::StrCat("\"", s.claims(i), "\" is not one of: ", ClaimPaths()));
    }
  }
}

void CheckDate(const v1::DateExpression& d, const std::string& f, Violations& v) {
  if (d.has_reference_time() && !IsValidTimestamp(d.reference_time())) {
    v.Add(f + ".reference_time", "is outside 0001-01-01..9999-12-31 or has invalid nanos");
  }
  if (!d.time_zone().empty() && !IsKnownTimeZone(d.time_zone())) {
    v.Add(f + ".time_zone", absl::StrCat("\"", d.time_zone(), "\" is not an IANA time zone"));
  }
  if (d.text().size() > kMaxNameBytes) {
    v.Add(f + ".text", absl::StrCat("is longer than ", kMaxNameBytes, " bytes"));
  }
}

// Unspecified roles take the default; unknown ones too (CheckActor/CheckPlace report those).
v1::ActorRole RoleOf(const v1::IngestActor& a) {
  const bool given = a.role() != v1::ACTOR_ROLE_UNSPECIFIED && v1::ActorRole_IsValid(a.role());
  return given ? a.role() : v1::ASSOCIATED;
}

v1::PlaceRole RoleOf(const v1::IngestPlace& p) {
  const bool given = p.role() != v1::PLACE_ROLE_UNSPECIFIED && v1::PlaceRole_IsValid(p.role());
  return given ? p.role() : v1::LOCATION;
}

// The provisional event's field names, as the record has them: one external_id.
std::string RecordFieldPath(std::string field) {
  static constexpr std::string_view kEventPath = ".external_ids[0]";
  if (size_t at = field.find(kEventPath); at != std::string::npos) {
    field.replace(at, kEventPath.size(), ".external_id");
  }
  return field;
}

// The record as an Event whose references are `actor_ids` / `place_ids`, without sources (their
// quotes are optional here, unlike in CreateEvent) and with `time`.
v1::Event AsEvent(const v1::IngestRecord& r, const std::vector<std::string>& actor_ids,
                  const std::vector<std::string>& place_ids, v1::TimeSpan time) {
  v1::Event e;
  e.set_title(r.title());
  e.set_summary(r.summary());
  e.set_event_type(r.event_type());
  *e.mutable_time() = std::move(time);
  // Two spellings of one name resolve to one actor: it is linked once per role.
  std::set<std::pair<std::string, int>> linked;
  for (int i = 0; i < r.actors_size(); ++i) {
    if (!linked.emplace(actor_ids[i], RoleOf(r.actors(i))).second) continue;
    v1::EventActor* a = e.add_actors();
    a->set_actor(ResourceName(kActors, actor_ids[i]));
    a->set_role(RoleOf(r.actors(i)));
  }
  linked.clear();
  for (int i = 0; i < r.places_size(); ++i) {
    if (!linked.emplace(place_ids[i], RoleOf(r.places(i))).second) continue;
    v1::EventPlace* p = e.add_places();
    p->set_place(ResourceName(kPlaces, place_ids[i]));
    p->set_role(RoleOf(r.places(i)));
  }
  if (r.has_fatalities()) *e.mutable_fatalities() = r.fatalities();
  if (r.has_injured()) *e.mutable_injured() = r.injured();
  if (r.has_external_id()) *e.add_external_ids() = r.external_id();
  return e;
}

v1::TimeSpan UnknownTime(std::string text) {
  v1::TimeSpan t;
  t.set_precision(v1::PRECISION_UNKNOWN);
  t.set_text(std::move(text));
  return t;
}

// The time of a record: its explicit span, else its date expression read in context.
v1::TimeSpan TimeOf(const v1::IngestRecord& r, const std::string& f, const ResolvedLinks& links,
                    std::vector<v1::IngestNote>& warnings) {
  if (r.has_time()) {
    if (!r.date().text().empty()) {
      warnings.push_back(Note(f + ".date.text", kNoteDateIgnored,
                              "the record's explicit time is used; the date text is ignored"));
    }
    return r.time();
  }
  normalize::DateContext context;
  if (r.date().has_reference_time()) {
    context.reference = FromTimestamp(r.date().reference_time());
  } else if (r.source().source().empty() && r.source().has_published_time()) {
    context.reference = FromTimestamp(r.source().published_time());
  } else {
    context.reference = links.source_published_time;
  }
  context.time_zone = !r.date().time_zone().empty()    ? r.date().time_zone()
                      : !links.place_time_zone.empty() ? links.place_time_zone
                                                       : "UTC";
  if (r.date().text().empty()) {
    // An event a dated article reports without a date happened before the article: that much
    // is known, and no more.
    if (context.reference) {
      warnings.push_back(Note(f + ".date.text", kNoteUnresolvedDate,
                              "no date given: known only to be before the reference time (the "
                              "source's publication)"));
      Span before;
      before.end = context.reference;
      before.time_zone = context.time_zone;
      return SpanToProto(before);
    }
    warnings.push_back(
        Note(f + ".date.text", kNoteUnresolvedDate, "the record gives no date; time unresolved"));
    return UnknownTime("");
  }
  normalize::DateParse parsed = normalize::ParseDateExpression(r.date().text(), context);
  for (std::string& w : parsed.warnings) {
    warnings.push_back(Note(f + ".date.text",
                            parsed.span.resolved() ? kNoteDateAssumed : kNoteUnresolvedDate,
                            std::move(w)));
  }
  return SpanToProto(SpanFromDate(parsed.span));
}

}  // namespace

v1::IngestNote Note(std::string field, absl::string_view code, std::string message) {
  v1::IngestNote note;
  note.set_field(std::move(field));
  note.set_code(std::string(code));
  note.set_message(std::move(message));
  return note;
}

struct StreamFingerprint::State {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~State() { EVP_MD_CTX_free(ctx); }
};

StreamFingerprint::StreamFingerprint() : state_(std::make_unique<State>()) {
  EVP_DigestInit_ex(state_->ctx, EVP_sha256(), nullptr);
}

StreamFingerprint::~StreamFingerprint() = default;

void StreamFingerprint::Add(absl::string_view bytes) {
  // Length-prefixed, so that message boundaries count.
  const std::string length = absl::StrCat(bytes.size(), ":");
  EVP_DigestUpdate(state_->ctx, length.data(), length.size());
  EVP_DigestUpdate(state_->ctx, bytes.data(), bytes.size());
}

void StreamFingerprint::Add(const google::protobuf::Message& message) {
  Add(message.SerializeAsString());
}

std::string StreamFingerprint::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(state_->ctx, digest, &size);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), size));
}

std::vector<v1::IngestNote> CheckGazetteerPlace(const v1::IngestPlace& place,
                                                absl::string_view field) {
  const std::string f(field);
  Violations v;
  CheckNoNulBytes(place, f, v);
  CheckPlace(place, f, v);
  if (place.name().empty()) v.Add(f + ".name", "is required for a gazetteer row");
  if (place.country_code().empty()) v.Add(f + ".country_code", "is required for a gazetteer row");
  if (place.geonames_id() <= 0) v.Add(f + ".geonames_id", "is required for a gazetteer row");
  if (!place.has_location()) v.Add(f + ".location", "is required for a gazetteer row");
  if (!place.place().empty()) v.Add(f + ".place", "must be empty for a gazetteer row");
  std::vector<v1::IngestNote> notes;
  for (const FieldViolation& fv : FieldViolationsOf(v.ToStatus())) {
    notes.push_back(Note(fv.field, kNoteInvalidArgument, fv.description));
  }
  return notes;
}

std::string RecordField(int index) { return absl::StrCat("records[", index, "]"); }

std::vector<v1::IngestNote> CheckIngestRecord(const v1::IngestRecord& record,
                                              absl::string_view field) {
  const std::string f(field);
  Violations v;
  CheckNoNulBytes(record, f, v);
  for (int i = 0; i < record.actors_size(); ++i) {
    CheckActor(record.actors(i), absl::StrCat(f, ".actors[", i, "]"), v);
  }
  for (int i = 0; i < record.places_size(); ++i) {
    CheckPlace(record.places(i), absl::StrCat(f, ".places[", i, "]"), v);
  }
  if (record.has_source()) CheckSource(record.source(), f + ".source", v);
  if (!record.has_time()) CheckDate(record.date(), f + ".date", v);

  // Everything else is what CreateEvent checks; stand-in ids make the references well-formed.
  std::vector<std::string> actor_ids, place_ids;
  for (int i = 0; i < record.actors_size(); ++i) actor_ids.push_back(absl::StrCat("checked-", i));
  for (int i = 0; i < record.places_size(); ++i) place_ids.push_back(absl::StrCat("checked-", i));
  v1::Event provisional =
      AsEvent(record, actor_ids, place_ids, record.has_time() ? record.time() : UnknownTime(""));
  absl::StatusOr<EventRecord> checked = EventRecordFromProto(provisional, field);
  for (const FieldViolation& fv : FieldViolationsOf(checked.status())) {
    v.Add(RecordFieldPath(fv.field), fv.description);
  }

  // Both checks see NUL bytes in the fields they share; each problem is told once.
  std::vector<v1::IngestNote> notes;
  std::set<std::pair<std::string, std::string>> told;
  for (const FieldViolation& fv : FieldViolationsOf(v.ToStatus())) {
    if (!told.emplace(fv.field, fv.description).second) continue;
    notes.push_back(Note(fv.field, kNoteInvalidArgument, fv.description));
  }
  return notes;
}

absl::StatusOr<FinishedRecord> FinishIngestRecord(const v1::IngestRecord& record,
                                                  absl::string_view field,
                                                  const ResolvedLinks& links) {
  const std::string f(field);
  FinishedRecord out;
  v1::TimeSpan time = TimeOf(record, f, links, out.warnings);
  absl::StatusOr<EventRecord> built =
      EventRecordFromProto(AsEvent(record, links.actor_ids, links.place_ids, time), field);
  if (!built.ok()) {
    // The date parser produced a span the time model refuses: keep the event, unresolved.
    out.warnings.push_back(
        Note(f + ".date.text", kNoteUnresolvedDate,
             absl::StrCat("the date could not be used: ", built.status().message())));
    built = EventRecordFromProto(
        AsEvent(record, links.actor_ids, links.place_ids, UnknownTime(time.text())), field);
    if (!built.ok()) return built.status();
  }
  out.record = *std::move(built);
  if (!links.source_id.empty()) {
    std::vector<std::string> claims;
    for (const std::string& c : record.source().claims()) {
      if (std::find(claims.begin(), claims.end(), c) == claims.end()) claims.push_back(c);
    }
    out.record.sources.push_back({links.source_id, record.source().quote(), std::move(claims)});
  }
  if (!record.has_external_id()) {
    out.warnings.push_back(Note(f + ".external_id", kNoteNoExternalId,
                                "without an external id, re-sending this record creates another "
                                "event"));
  }
  return out;
}

}  // namespace timeline::domain
