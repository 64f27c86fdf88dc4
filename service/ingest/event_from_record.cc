#include "ingest/event_from_record.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/date_adapter.h"
#include "domain/field_checks.h"
#include "domain/ingest_notes.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "normalize/date/date_expression.h"
#include "normalize/date/date_extraction.h"

namespace timeline::ingest {
namespace {

using domain::kNoteDateAssumed;
using domain::kNoteDateIgnored;
using domain::kNoteNoExternalId;
using domain::kNoteNoTimeZone;
using domain::kNoteUnresolvedDate;
using domain::Note;

// Unspecified roles take the default; unknown ones too (CheckActor/CheckPlace report those).
v1::ActorRole RoleOf(const v1::IngestActor& a) {
  const bool given = a.role() != v1::ACTOR_ROLE_UNSPECIFIED && v1::ActorRole_IsValid(a.role());
  return given ? a.role() : v1::ASSOCIATED;
}

v1::PlaceRole RoleOf(const v1::IngestPlace& p) {
  const bool given = p.role() != v1::PLACE_ROLE_UNSPECIFIED && v1::PlaceRole_IsValid(p.role());
  return given ? p.role() : v1::LOCATION;
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
    context.reference = domain::FromTimestamp(r.date().reference_time());
  } else if (r.source().source().empty() && r.source().has_published_time()) {
    context.reference = domain::FromTimestamp(r.source().published_time());
  } else {
    context.reference = links.source_published_time;
  }
  context.time_zone = !r.date().time_zone().empty()    ? r.date().time_zone()
                      : !links.place_time_zone.empty() ? links.place_time_zone
                                                       : "UTC";
  if (r.date().time_zone().empty() && links.place_time_zone.empty() && r.places_size() > 0 &&
      !r.date().text().empty()) {
    warnings.push_back(Note(f + ".places", kNoteNoTimeZone,
                            "no time zone is known for the record's places (none given, and "
                            "none from the country or nearby places): the date is read in UTC"));
  }
  if (r.date().text().empty()) {
    // An event a dated article reports without a date happened before the article: that much
    // is known, and no more.
    if (context.reference) {
      warnings.push_back(Note(f + ".date.text", kNoteUnresolvedDate,
                              "no date given: known only to be before the reference time (the "
                              "source's publication)"));
      domain::Span before;
      before.end = context.reference;
      before.time_zone = context.time_zone;
      return domain::SpanToProto(before);
    }
    warnings.push_back(
        Note(f + ".date.text", kNoteUnresolvedDate, "the record gives no date; time unresolved"));
    return UnknownTime("");
  }
  // A date inside a longer text is found in it (normalize/date/date_extraction.h).
  normalize::DateParse parsed = normalize::ParseDateInText(r.date().text(), context);
  for (std::string& w : parsed.warnings) {
    warnings.push_back(Note(f + ".date.text",
                            parsed.span.resolved() ? kNoteDateAssumed : kNoteUnresolvedDate,
                            std::move(w)));
  }
  return domain::SpanToProto(domain::SpanFromDate(parsed.span));
}

// The record's time as the time model keeps it. A span the date parser produced but the model
// refuses leaves the event unresolved, with a warning.
absl::StatusOr<domain::Span> SpanOf(const v1::IngestRecord& r, const std::string& f,
                                    const ResolvedLinks& links,
                                    std::vector<v1::IngestNote>& warnings) {
  v1::TimeSpan time = TimeOf(r, f, links, warnings);
  absl::StatusOr<domain::Span> span = domain::NormalizeTimeSpan(time, f + ".time");
  if (span.ok()) return span;
  warnings.push_back(Note(f + ".date.text", kNoteUnresolvedDate,
                          absl::StrCat("the date could not be used: ", span.status().message())));
  return domain::NormalizeTimeSpan(UnknownTime(time.text()), f + ".time");
}

// Links each resolved id once per role (two spellings of one name resolve to one actor), the
// link made by `make_link` from the first entry with that id and role. An id that is not a resource
// id is a violation of `where`[i].`name_field` ("records[3].actors[1].actor").
template <typename Link, typename Entries, typename RoleOfEntry, typename MakeLink>
std::vector<Link> LinksOf(const Entries& entries, const std::vector<std::string>& ids,
                          RoleOfEntry role_of, absl::string_view collection,
                          const std::string& where, absl::string_view name_field,
                          domain::Violations& v, MakeLink make_link) {
  std::vector<Link> links;
  std::set<std::pair<std::string, int>> linked;
  for (int i = 0; i < entries.size(); ++i) {
    absl::Status valid =
        domain::ParseResourceName(domain::ResourceName(collection, ids[i]), collection,
                                  absl::StrCat(where, "[", i, "].", name_field))
            .status();
    if (!valid.ok()) {
      domain::AddViolationsOf(valid, v);
      continue;
    }
    const auto role = role_of(entries[i]);
    if (linked.emplace(ids[i], role).second) links.push_back(make_link(entries[i], ids[i], role));
  }
  return links;
}

}  // namespace

absl::StatusOr<FinishedRecord> FinishIngestRecord(const v1::IngestRecord& record,
                                                  absl::string_view field,
                                                  const ResolvedLinks& links) {
  const std::string f(field);
  FinishedRecord out;
  domain::EventRecord& e = out.record;
  absl::StatusOr<domain::Span> span = SpanOf(record, f, links, out.warnings);
  if (!span.ok()) return span.status();
  e.time = *std::move(span);
  e.title = record.title();
  e.summary = record.summary();
  e.event_type = record.event_type();
  domain::Violations v;
  e.actors = LinksOf<domain::EventRecord::ActorLink>(
      record.actors(), links.actor_ids, [](const v1::IngestActor& a) { return RoleOf(a); },
      domain::kActors, f + ".actors", "actor", v,
      [](const v1::IngestActor&, const std::string& id, v1::ActorRole role) {
        return domain::EventRecord::ActorLink{id, role};
      });
  e.places = LinksOf<domain::EventRecord::PlaceLink>(
      record.places(), links.place_ids, [](const v1::IngestPlace& p) { return RoleOf(p); },
      domain::kPlaces, f + ".places", "place", v,
      // The record's own point stays with the event, whatever place its name resolved to.
      [](const v1::IngestPlace& p, const std::string& id, v1::PlaceRole role) {
        return domain::EventRecord::PlaceLink{id, role, domain::PlaceLinkPointOfRecord(p)};
      });
  e.fatalities = domain::ReadCount(record.fatalities(), f + ".fatalities", v);
  e.injured = domain::ReadCount(record.injured(), f + ".injured", v);
  if (!v.empty()) return v.ToStatus();
  if (record.has_external_id()) {
    e.external_ids.push_back({record.external_id().system(), record.external_id().id()});
  } else {
    out.warnings.push_back(Note(f + ".external_id", kNoteNoExternalId,
                                "without an external id, re-sending this record creates another "
                                "event"));
  }
  if (!links.source_id.empty()) {
    std::vector<std::string> claims;
    for (const std::string& c : record.source().claims()) {
      if (std::find(claims.begin(), claims.end(), c) == claims.end()) claims.push_back(c);
    }
    e.sources.push_back({links.source_id, record.source().quote(), std::move(claims)});
  }
  return out;
}

}  // namespace timeline::ingest
