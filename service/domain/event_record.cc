#include "domain/event_record.h"

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/event_types.h"
#include "domain/field_checks.h"
#include "domain/resource_name.h"
#include "google/protobuf/util/field_mask_util.h"
#include "google/protobuf/util/message_differencer.h"

namespace timeline::domain {
namespace {

using google::protobuf::util::FieldMaskUtil;

constexpr size_t kMaxTitleBytes = 1000;
constexpr size_t kMaxTextBytes = 100'000;

const std::set<std::string, std::less<>>& ClaimPathSet() {
  static const auto* paths = new std::set<std::string, std::less<>>{
      "title", "summary", "event_type", "time", "actors", "places", "fatalities", "injured"};
  return *paths;
}

// "initiator" for ActorRole INITIATOR: how messages name an enum value.
std::string ValueWord(const google::protobuf::EnumDescriptor* descriptor, int value) {
  const auto* v = descriptor->FindValueByNumber(value);
  return v == nullptr ? "" : absl::AsciiStrToLower(v->name());
}

// Parses an event's links to actors or places: a resource name and a role each, no pair twice;
// `make_link` makes the link of an id and a role, reading the rest of the entry.
template <typename Link, typename Out, typename NameOf, typename RoleOf, typename MakeLink>
void CollectLinks(const google::protobuf::RepeatedPtrField<Link>& links, const std::string& field,
                  absl::string_view child, absl::string_view collection,
                  absl::string_view name_field, NameOf name_of, RoleOf role_of,
                  const google::protobuf::EnumDescriptor* roles, Violations& v,
                  std::vector<Out>& out, MakeLink make_link) {
  std::set<std::pair<std::string, int>> seen;
  for (int i = 0; i < links.size(); ++i) {
    const std::string where = FieldAt(field, child, i);
    const std::string name = name_of(links[i]);
    absl::StatusOr<std::string> id =
        ParseResourceName(name, collection, absl::StrCat(where, ".", name_field));
    AddViolationsOf(id.status(), v);
    const auto role = role_of(links[i]);
    const bool role_set = IsSetEnum(roles, role);
    if (!role_set) v.Add(where + ".role", "is required");
    if (!id.ok() || !role_set) continue;
    if (!seen.emplace(*id, role).second) {
      v.Add(where, absl::StrCat("repeats ", name, " as ", ValueWord(roles, role)));
      continue;
    }
    out.push_back(make_link(links[i], where, *id, role));
  }
}

void ReadSources(const v1::Event& event, const std::string& f, Violations& v, EventRecord& out) {
  for (int i = 0; i < event.sources_size(); ++i) {
    const v1::EventSource& s = event.sources(i);
    const std::string where = FieldAt(f, "sources", i);
    absl::StatusOr<std::string> id = ParseResourceName(s.source(), kSources, where + ".source");
    AddViolationsOf(id.status(), v);
    if (s.quote().empty()) v.Add(where + ".quote", "is required: the source's own words");
    if (s.quote().size() > kMaxTextBytes) {
      v.Add(where + ".quote", absl::StrCat("is longer than ", kMaxTextBytes, " bytes"));
    }
    std::vector<std::string> claims;
    for (int j = 0; j < s.claims_size(); ++j) {
      if (!IsClaimPath(s.claims(j))) {
        v.Add(absl::StrCat(where, ".claims[", j, "]"),
              absl::StrCat(Quoted(s.claims(j)), " is not one of: ", ClaimPaths()));
      } else if (std::find(claims.begin(), claims.end(), s.claims(j)) == claims.end()) {
        claims.push_back(s.claims(j));
      }
    }
    if (id.ok()) out.sources.push_back({*id, s.quote(), std::move(claims)});
  }
}

void ReadExternalIds(const v1::Event& event, const std::string& f, Violations& v,
                     EventRecord& out) {
  std::set<std::pair<std::string, std::string>> external;
  for (int i = 0; i < event.external_ids_size(); ++i) {
    const v1::ExternalId& x = event.external_ids(i);
    const std::string where = FieldAt(f, "external_ids", i);
    CheckExternalId(x, where, v);
    if (!external.emplace(x.system(), x.id()).second) {
      v.Add(where, absl::StrCat("repeats ", x.system(), "/", x.id()));
      continue;
    }
    out.external_ids.push_back({x.system(), x.id()});
  }
}

}  // namespace

void SetKnownCount(const CountRecord& r, v1::Count* (v1::Event::*field)(), v1::Event& e) {
  if (!r.low && !r.best && !r.high) return;
  v1::Count* c = (e.*field)();
  if (r.low) c->set_low(*r.low);
  if (r.best) c->set_best(*r.best);
  if (r.high) c->set_high(*r.high);
}

bool IsClaimPath(absl::string_view path) { return ClaimPathSet().contains(path); }

std::string ClaimPaths() { return absl::StrJoin(ClaimPathSet(), ", "); }

void CheckEventDescription(absl::string_view title, absl::string_view summary,
                           absl::string_view event_type, const std::string& f, Violations& v) {
  if (title.empty()) v.Add(f + ".title", "is required");
  if (title.size() > kMaxTitleBytes) {
    v.Add(f + ".title", absl::StrCat("is longer than ", kMaxTitleBytes, " bytes"));
  }
  if (summary.size() > kMaxTextBytes) {
    v.Add(f + ".summary", absl::StrCat("is longer than ", kMaxTextBytes, " bytes"));
  }
  if (event_type.empty()) {
    v.Add(f + ".event_type", absl::StrCat("is required; one of: ", EventTypeNames()));
  } else if (!IsKnownEventType(event_type)) {
    v.Add(f + ".event_type",
          absl::StrCat(Quoted(event_type), " is not an event type; one of: ", EventTypeNames()));
  }
}

CountRecord ReadCount(const v1::Count& in, const std::string& field, Violations& v) {
  CountRecord out;
  auto take = [&](bool has, int32_t value, absl::string_view name, std::optional<int32_t>& slot) {
    if (!has) return;
    if (value < 0) {
      v.Add(absl::StrCat(field, ".", name), "must not be negative");
      return;
    }
    slot = value;
  };
  take(in.has_low(), in.low(), "low", out.low);
  take(in.has_best(), in.best(), "best", out.best);
  take(in.has_high(), in.high(), "high", out.high);
  auto ordered = [](const std::optional<int32_t>& a, const std::optional<int32_t>& b) {
    return !a || !b || *a <= *b;
  };
  if (!ordered(out.low, out.best) || !ordered(out.best, out.high) || !ordered(out.low, out.high)) {
    v.Add(field, "must satisfy low <= best <= high");
  }
  return out;
}

void CheckExternalId(const v1::ExternalId& id, const std::string& field, Violations& v) {
  if (!IsExternalSystem(id.system())) {
    v.Add(field + ".system", "must be lower case letters, digits, '_', '.' or '-' (\"acled\")");
  }
  if (id.id().empty()) v.Add(field + ".id", "is required");
}

absl::StatusOr<EventRecord> EventRecordFromProto(const v1::Event& event, absl::string_view field) {
  Violations v;
  const std::string f(field);
  CheckNoNulBytes(event, f, v);
  EventRecord out;
  CheckEventDescription(event.title(), event.summary(), event.event_type(), f, v);
  out.title = event.title();
  out.summary = event.summary();
  out.event_type = event.event_type();

  if (!event.has_time()) {
    v.Add(f + ".time", "is required (precision PRECISION_UNKNOWN for an unresolved time)");
  } else {
    absl::StatusOr<Span> span = NormalizeTimeSpan(event.time(), f + ".time");
    if (span.ok()) {
      out.time = *std::move(span);
    } else {
      AddViolationsOf(span.status(), v);
    }
  }

  CollectLinks(
      event.actors(), f, "actors", kActors, "actor",
      [](const v1::EventActor& a) { return a.actor(); },
      [](const v1::EventActor& a) { return a.role(); }, v1::ActorRole_descriptor(), v, out.actors,
      [](const v1::EventActor&, const std::string&, const std::string& id, v1::ActorRole role) {
        return EventRecord::ActorLink{id, role};
      });
  CollectLinks(
      event.places(), f, "places", kPlaces, "place",
      [](const v1::EventPlace& p) { return p.place(); },
      [](const v1::EventPlace& p) { return p.role(); }, v1::PlaceRole_descriptor(), v, out.places,
      [&v](const v1::EventPlace& p, const std::string& where, const std::string& id,
           v1::PlaceRole role) {
        return EventRecord::PlaceLink{id, role, ReadPlaceLinkPoint(p, where, v)};
      });

  out.fatalities = ReadCount(event.fatalities(), f + ".fatalities", v);
  out.injured = ReadCount(event.injured(), f + ".injured", v);
  ReadSources(event, f, v, out);
  ReadExternalIds(event, f, v, out);

  if (!v.empty()) return v.ToStatus();
  return out;
}

absl::StatusOr<v1::Event> ApplyEventUpdate(const v1::Event& current, const v1::Event& patch,
                                           const google::protobuf::FieldMask& update_mask) {
  static const std::vector<std::string> kUpdatable = {
      "title",  "summary",    "event_type", "time",    "actors",
      "places", "fatalities", "injured",    "sources", "external_ids"};
  google::protobuf::FieldMask mask;
  if (update_mask.paths_size() == 1 && update_mask.paths(0) == "*") {
    for (const auto& p : kUpdatable) mask.add_paths(p);
  } else if (update_mask.paths_size() == 0) {
    std::vector<const google::protobuf::FieldDescriptor*> set_fields;
    patch.GetReflection()->ListFields(patch, &set_fields);
    for (const auto* fd : set_fields) {
      if (std::find(kUpdatable.begin(), kUpdatable.end(), fd->name()) != kUpdatable.end()) {
        mask.add_paths(fd->name());
      }
    }
  } else {
    Violations v;
    for (int i = 0; i < update_mask.paths_size(); ++i) {
      const std::string& p = update_mask.paths(i);
      if (std::find(kUpdatable.begin(), kUpdatable.end(), p) == kUpdatable.end()) {
        v.Add(absl::StrCat("update_mask.paths[", i, "]"),
              absl::StrCat(Quoted(p), " cannot be updated; one of: ",
                           absl::StrJoin(kUpdatable, ", "), " or \"*\""));
      } else {
        mask.add_paths(p);
      }
    }
    if (!v.empty()) return v.ToStatus();
  }
  v1::Event merged = current;
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(patch, mask, options, &merged);
  return merged;
}

v1::Event EventRecordAsProto(const EventRecord& r) {
  v1::Event e;
  e.set_title(r.title);
  e.set_summary(r.summary);
  e.set_event_type(r.event_type);
  *e.mutable_time() = SpanToProto(r.time);
  for (const auto& a : r.actors) {
    auto* out = e.add_actors();
    out->set_actor(ResourceName(kActors, a.actor_id));
    out->set_role(a.role);
  }
  for (const auto& p : r.places) {
    auto* out = e.add_places();
    out->set_place(ResourceName(kPlaces, p.place_id));
    out->set_role(p.role);
    SetPlaceLinkPoint(p.point, *out);
  }
  SetKnownCount(r.fatalities, &v1::Event::mutable_fatalities, e);
  SetKnownCount(r.injured, &v1::Event::mutable_injured, e);
  for (const auto& s : r.sources) {
    auto* out = e.add_sources();
    out->set_source(ResourceName(kSources, s.source_id));
    out->set_quote(s.quote);
    for (const auto& c : s.claims) out->add_claims(c);
  }
  // Stored external ids come back sorted.
  auto ids = r.external_ids;
  std::sort(ids.begin(), ids.end(), [](const auto& a, const auto& b) {
    return std::tie(a.system, a.id) < std::tie(b.system, b.id);
  });
  for (const auto& x : ids) {
    auto* out = e.add_external_ids();
    out->set_system(x.system);
    out->set_id(x.id);
  }
  return e;
}

v1::Event WithoutOutputFields(v1::Event e) {
  e.clear_name();
  e.clear_create_time();
  e.clear_update_time();
  e.clear_delete_time();
  e.clear_etag();
  e.clear_merged_into();
  for (auto& a : *e.mutable_actors()) a.clear_display_name();
  for (auto& p : *e.mutable_places()) p.clear_display_name();
  for (auto& s : *e.mutable_sources()) {
    s.clear_url();
    s.clear_publisher();
    s.clear_published_time();
  }
  return e;
}

bool RecordMatchesEvent(const EventRecord& record, const v1::Event& stored) {
  return google::protobuf::util::MessageDifferencer::Equals(WithoutOutputFields(stored),
                                                            EventRecordAsProto(record));
}

}  // namespace timeline::domain
