#include "storage/pg_event_rows.h"

#include <array>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/directory_records.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "storage/db_enums.h"
#include "storage/pg_directory_rows.h"
#include "storage/query_builder.h"
#include "storage/sql.h"

namespace timeline::storage::pg {
namespace {

using domain::kActors;
using domain::kEvents;
using domain::kPlaces;
using domain::kSources;
using domain::ResourceName;

// The columns the list of sql::kEventColumns has, counted at compile time: EventColumn and the
// SQL cannot drift apart.
constexpr int CountColumns(std::string_view list) {
  int commas = 0;
  for (char c : list) commas += c == ',';
  return commas + 1;
}
static_assert(CountColumns(sql::kEventColumns) == kEventColumnCount);

domain::CountRecord CountAt(const pqxx::row& r, int low) {
  return {OptInt(r[low]), OptInt(r[low + 1]), OptInt(r[low + 2])};
}

// The values of an event's own columns, in the order of the parameters $2.. of sql::kInsertEvent
// and sql::kUpdateEvent: title, summary, event_type, start and end (microseconds), precision,
// zone, text, then fatalities and injured low/best/high.
std::vector<NullableText> EventValues(const domain::EventRecord& r) {
  return {{r.title},
          {r.summary},
          {r.event_type},
          NullableMicros(r.time.start),
          NullableMicros(r.time.end),
          {PrecisionToDb(r.time.precision)},
          {r.time.time_zone},
          {r.time.text},
          Nullable(r.fatalities.low),
          Nullable(r.fatalities.best),
          Nullable(r.fatalities.high),
          Nullable(r.injured.low),
          Nullable(r.injured.best),
          Nullable(r.injured.high)};
}

// A tstzrange literal of the span: "[start,end)", unbounded where a bound is unknown.
std::string SpanLiteral(const domain::Span& span) {
  std::string lower =
      span.start ? absl::StrCat("[\"", domain::FormatRfc3339(*span.start), "\"") : std::string("(");
  std::string upper =
      span.end ? absl::StrCat("\"", domain::FormatRfc3339(*span.end), "\")") : std::string(")");
  return absl::StrCat(lower, ",", upper);
}

template <typename... Values>
void WriteRow(pqxx::stream_to& stream, const Values&... values) {
  stream << std::make_tuple(values.get()...);
}

NullableText Text(std::string s) { return {std::move(s)}; }

// A link's own point as the text of a geography (EWKT, 17 significant digits so that it reads
// back as the same doubles), and its precision; NULL without one.
NullableText LinkPointText(const domain::EventRecord::PlaceLink& link) {
  if (!link.point) return {};
  return {
      absl::StrFormat("SRID=4326;POINT(%.17g %.17g)", link.point->longitude, link.point->latitude)};
}
NullableText LinkPrecisionText(const domain::EventRecord::PlaceLink& link) {
  if (!link.point) return {};
  return {EnumToDb(v1::LocationPrecision_descriptor(), link.point->precision)};
}

void DeleteEventLinks(pqxx::transaction_base& txn, int64_t event_id) {
  txn.exec_prepared("delete_event_actors", event_id);
  txn.exec_prepared("delete_event_places", event_id);
  txn.exec_prepared("delete_event_sources", event_id);
  txn.exec_prepared("delete_external_ids", event_id);
}

}  // namespace

absl::Status WriteEventLinks(pqxx::transaction_base& txn, int64_t event_id,
                             const domain::EventRecord& r) {
  domain::Violations missing;
  for (size_t i = 0; i < r.actors.size(); ++i) {
    const auto& a = r.actors[i];
    if (txn.exec_prepared("insert_event_actor", event_id, a.actor_id,
                          EnumToDb(v1::ActorRole_descriptor(), a.role), i)
                .affected_rows() == 0 &&
        !txn.exec_params(sql::kActorIsLive, a.actor_id)[0][0].as<bool>()) {
      missing.Add(absl::StrCat("event.actors[", i, "].actor"),
                  absl::StrCat(ResourceName(kActors, a.actor_id), " does not exist"));
    }
  }
  for (size_t i = 0; i < r.places.size(); ++i) {
    const auto& p = r.places[i];
    if (txn.exec_prepared("insert_event_place", event_id, p.place_id,
                          EnumToDb(v1::PlaceRole_descriptor(), p.role), i, LinkPointText(p).get(),
                          LinkPrecisionText(p).get())
                .affected_rows() == 0 &&
        !txn.exec_params(sql::kPlaceIsLive, p.place_id)[0][0].as<bool>()) {
      missing.Add(absl::StrCat("event.places[", i, "].place"),
                  absl::StrCat(ResourceName(kPlaces, p.place_id), " does not exist"));
    }
  }
  for (size_t i = 0; i < r.sources.size(); ++i) {
    const auto& s = r.sources[i];
    if (txn.exec_prepared("insert_event_source", event_id, i, s.source_id, s.quote,
                          TextArrayLiteral(s.claims))
            .affected_rows() == 0) {
      missing.Add(absl::StrCat("event.sources[", i, "].source"),
                  absl::StrCat(ResourceName(kSources, s.source_id), " does not exist"));
    }
  }
  if (!missing.empty()) return missing.ToStatus();
  for (const auto& x : r.external_ids) {
    if (txn.exec_prepared("insert_external_id", x.system, x.id, event_id).affected_rows() == 0) {
      pqxx::result owner = txn.exec_prepared("external_id_owner", x.system, x.id);
      return absl::AlreadyExistsError(
          absl::StrCat("external id ", x.system, "/", x.id, " already belongs to ",
                       ResourceName(kEvents, owner.empty() ? "?" : owner[0][0].c_str())));
    }
  }
  return absl::OkStatus();
}

namespace {

// The columns of sql::EventChildrenOf and what its `part` column says a row is.
enum ChildColumn {
  kChildPart,
  kChildEventId,
  kChildOrdinal,
  kChildRef,
  kChildText1,
  kChildText2,
  kChildText3,
  kChildLat,
  kChildLon,
  kChildMicros,
  kChildClaims
};
enum ChildPart { kActorPart = 1, kPlacePart = 2, kSourcePart = 3, kExternalIdPart = 4 };

void AddActor(const pqxx::row& r, v1::Event& event) {
  v1::EventActor* a = event.add_actors();
  a->set_actor(ResourceName(kActors, r[kChildRef].as<std::string>()));
  a->set_display_name(r[kChildText1].as<std::string>());
  a->set_role(
      static_cast<v1::ActorRole>(EnumFromDb(v1::ActorRole_descriptor(), r[kChildText2].c_str())));
}

void AddPlace(const pqxx::row& r, v1::Event& event) {
  v1::EventPlace* p = event.add_places();
  p->set_place(ResourceName(kPlaces, r[kChildRef].as<std::string>()));
  p->set_display_name(r[kChildText1].as<std::string>());
  p->set_role(
      static_cast<v1::PlaceRole>(EnumFromDb(v1::PlaceRole_descriptor(), r[kChildText2].c_str())));
  if (!r[kChildLat].is_null()) {
    p->mutable_location()->set_latitude(r[kChildLat].as<double>());
    p->mutable_location()->set_longitude(r[kChildLon].as<double>());
    p->set_location_precision(static_cast<v1::LocationPrecision>(
        EnumFromDb(v1::LocationPrecision_descriptor(), r[kChildText3].c_str())));
  }
}

void AddSource(const pqxx::row& r, v1::Event& event) {
  v1::EventSource* s = event.add_sources();
  s->set_source(ResourceName(kSources, r[kChildRef].as<std::string>()));
  s->set_url(r[kChildText1].as<std::string>());
  s->set_publisher(r[kChildText2].as<std::string>());
  if (auto t = OptMicros(r[kChildMicros])) *s->mutable_published_time() = domain::ToTimestamp(*t);
  s->set_quote(r[kChildText3].as<std::string>());
  for (std::string& claim : TextArray(r[kChildClaims])) s->add_claims(std::move(claim));
}

void AddExternalId(const pqxx::row& r, v1::Event& event) {
  v1::ExternalId* x = event.add_external_ids();
  x->set_system(r[kChildRef].as<std::string>());
  x->set_id(r[kChildText1].as<std::string>());
}

}  // namespace

EventRow ReadEventRow(const pqxx::row& r) {
  EventRow row;
  row.id = r[kId].as<int64_t>();
  v1::Event& e = row.event;
  e.set_name(ResourceName(kEvents, r[kResourceId].as<std::string>()));
  e.set_title(r[kTitle].as<std::string>());
  e.set_summary(r[kSummary].as<std::string>());
  e.set_event_type(r[kEventType].as<std::string>());
  domain::Span span;
  span.start = OptMicros(r[kStartMicros]);
  span.end = OptMicros(r[kEndMicros]);
  span.precision = PrecisionFromDb(r[kPrecision].as<std::string>());
  span.time_zone = r[kTimeZone].as<std::string>();
  span.text = r[kTimeText].as<std::string>();
  *e.mutable_time() = domain::SpanToProto(span);
  domain::SetKnownCount(CountAt(r, kFatalitiesLow), &v1::Event::mutable_fatalities, e);
  domain::SetKnownCount(CountAt(r, kInjuredLow), &v1::Event::mutable_injured, e);
  *e.mutable_create_time() = domain::ToTimestamp(*OptMicros(r[kCreateMicros]));
  *e.mutable_update_time() = domain::ToTimestamp(*OptMicros(r[kUpdateMicros]));
  if (auto deleted = OptMicros(r[kDeleteMicros])) {
    *e.mutable_delete_time() = domain::ToTimestamp(*deleted);
  }
  e.set_etag(RevisionEtag(r[kRevision].as<int64_t>()));
  if (!r[kSortTime].is_null()) row.sort_key = r[kSortTime].as<std::string>();
  if (!r[kMergedInto].is_null()) {
    e.set_merged_into(ResourceName(kEvents, r[kMergedInto].as<std::string>()));
  }
  return row;
}

void LoadEventChildren(pqxx::transaction_base& txn, std::vector<EventRow>& rows) {
  if (rows.empty()) return;
  std::unordered_map<int64_t, v1::Event*> by_id;
  std::vector<int64_t> ids;
  for (EventRow& row : rows) {
    by_id[row.id] = &row.event;
    ids.push_back(row.id);
  }
  const char* statement = ids.size() <= sql::kEventChildrenByKeyMaxEvents
                              ? sql::kEventChildrenByKeyStatement
                              : sql::kEventChildrenStatement;
  for (const pqxx::row& r : txn.exec_prepared(statement, IdArrayLiteral(ids))) {
    v1::Event& event = *by_id.at(r[kChildEventId].as<int64_t>());
    switch (r[kChildPart].as<int>()) {
      case kActorPart:
        AddActor(r, event);
        break;
      case kPlacePart:
        AddPlace(r, event);
        break;
      case kSourcePart:
        AddSource(r, event);
        break;
      case kExternalIdPart:
        AddExternalId(r, event);
        break;
    }
  }
}

std::optional<EventRow> FindEvent(pqxx::transaction_base& txn, absl::string_view id,
                                  bool for_update) {
  pqxx::result rows = txn.exec_params(sql::EventByResourceId(for_update), std::string(id));
  if (rows.empty()) return std::nullopt;
  std::vector<EventRow> one = {ReadEventRow(rows[0])};
  LoadEventChildren(txn, one);
  return std::move(one[0]);
}

absl::Status EventNotFound(absl::string_view id) {
  return absl::NotFoundError(absl::StrCat(ResourceName(kEvents, id), " does not exist"));
}

absl::Status StaleEtag(absl::string_view expected, const v1::Event& event) {
  return absl::AbortedError(absl::StrCat("etag \"", expected, "\" is stale; ", event.name(),
                                         " is now at \"", event.etag(), "\""));
}

std::optional<int64_t> InsertEvent(pqxx::transaction_base& txn, absl::string_view resource_id,
                                   const domain::EventRecord& record) {
  std::vector<NullableText> values = {{std::string(resource_id)}};
  for (NullableText& v : EventValues(record)) values.push_back(std::move(v));
  pqxx::result inserted = ExecWith(txn, "insert_event", values);
  if (inserted.empty()) return std::nullopt;
  return inserted[0][0].as<int64_t>();
}

absl::Status RewriteEvent(pqxx::transaction_base& txn, int64_t event_id,
                          const domain::EventRecord& record) {
  std::vector<NullableText> values = {{absl::StrCat(event_id)}};
  for (NullableText& v : EventValues(record)) values.push_back(std::move(v));
  ExecWith(txn, "update_event", values);
  DeleteEventLinks(txn, event_id);
  return WriteEventLinks(txn, event_id, record);
}

void CopyEvents(pqxx::transaction_base& txn, const std::vector<CopiedEvent>& events) {
  if (events.empty()) return;
  {
    pqxx::stream_to rows(
        txn, "events",
        std::vector<std::string>{"id", "resource_id", "title", "summary", "event_type", "span",
                                 "time_precision", "time_zone", "time_text", "fatalities_low",
                                 "fatalities_best", "fatalities_high", "injured_low",
                                 "injured_best", "injured_high", "content_hash"});
    for (const CopiedEvent& e : events) {
      std::vector<NullableText> v = EventValues(*e.record);
      // COPY cannot build the range from its bounds: it takes the range's literal.
      const NullableText span =
          e.record->time.resolved() ? Text(SpanLiteral(e.record->time)) : NullableText{};
      WriteRow(rows, Text(absl::StrCat(e.id)), Text(e.resource_id), v[0], v[1], v[2], span, v[5],
               v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], Text("\\x" + e.content_hash));
    }
    rows.complete();
  }
  {
    pqxx::stream_to actors(txn, "event_actors",
                           std::vector<std::string>{"event_id", "actor_id", "role", "ordinal"});
    for (const CopiedEvent& e : events) {
      for (size_t j = 0; j < e.record->actors.size(); ++j) {
        WriteRow(actors, Text(absl::StrCat(e.id)), Text(absl::StrCat(e.actor_ids[j])),
                 Text(EnumToDb(v1::ActorRole_descriptor(), e.record->actors[j].role)),
                 Text(absl::StrCat(j)));
      }
    }
    actors.complete();
  }
  {
    pqxx::stream_to places(txn, "event_places",
                           std::vector<std::string>{"event_id", "place_id", "role", "ordinal",
                                                    "location", "location_precision"});
    for (const CopiedEvent& e : events) {
      for (size_t j = 0; j < e.record->places.size(); ++j) {
        const domain::EventRecord::PlaceLink& link = e.record->places[j];
        WriteRow(places, Text(absl::StrCat(e.id)), Text(absl::StrCat(e.place_ids[j])),
                 Text(EnumToDb(v1::PlaceRole_descriptor(), link.role)), Text(absl::StrCat(j)),
                 LinkPointText(link), LinkPrecisionText(link));
      }
    }
    places.complete();
  }
  {
    pqxx::stream_to sources(
        txn, "event_sources",
        std::vector<std::string>{"event_id", "ordinal", "source_id", "quote", "claims"});
    for (const CopiedEvent& e : events) {
      for (size_t j = 0; j < e.record->sources.size(); ++j) {
        const auto& s = e.record->sources[j];
        WriteRow(sources, Text(absl::StrCat(e.id)), Text(absl::StrCat(j)),
                 Text(absl::StrCat(e.source_ids[j])), Text(s.quote),
                 Text(TextArrayLiteral(s.claims)));
      }
    }
    sources.complete();
  }
  {
    pqxx::stream_to external(txn, "external_ids",
                             std::vector<std::string>{"system", "external_id", "event_id"});
    for (const CopiedEvent& e : events) {
      for (const auto& x : e.record->external_ids) {
        WriteRow(external, Text(x.system), Text(x.id), Text(absl::StrCat(e.id)));
      }
    }
    external.complete();
  }
  {
    pqxx::stream_to changes(txn, "changes", std::vector<std::string>{"event_id", "kind"});
    for (const CopiedEvent& e : events) {
      WriteRow(changes, Text(absl::StrCat(e.id)), Text("created"));
    }
    changes.complete();
  }
}

}  // namespace timeline::storage::pg
