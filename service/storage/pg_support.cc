#include "storage/pg_support.h"

#include <algorithm>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "storage/event_query_sql.h"
#include "storage/sql.h"

namespace timeline::storage::pg {

using domain::kActors;
using domain::kEvents;
using domain::kPlaces;
using domain::kSources;
using domain::ResourceName;

// --- Parameters ---------------------------------------------------------------------------------

NullableText NullableMicros(const std::optional<domain::Micros>& t) {
  if (!t) return {};
  return {absl::StrCat(t->time_since_epoch().count())};
}

// Escapes LIKE wildcards so a name is matched literally.
std::string EscapeLike(absl::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// The elements of a text[] column.
std::vector<std::string> TextArray(const pqxx::field& f) {
  std::vector<std::string> out;
  pqxx::array_parser parser = f.as_array();
  for (auto [juncture, value] = parser.get_next(); juncture != pqxx::array_parser::done;
       std::tie(juncture, value) = parser.get_next()) {
    if (juncture == pqxx::array_parser::string_value) out.push_back(std::move(value));
  }
  return out;
}

std::optional<int32_t> OptInt(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<int32_t>();
}

std::optional<domain::Micros> OptMicros(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return domain::Micros{std::chrono::microseconds{f.as<int64_t>()}};
}

std::string Etag(int64_t revision) { return absl::StrCat("rev-", revision); }

// --- Errors -------------------------------------------------------------------------------------

absl::Status ToStatus(const pqxx::sql_error& e) {
  const std::string& state = e.sqlstate();
  if (state == "57014") return absl::DeadlineExceededError("the query ran past the deadline");
  if (state == "40001" || state == "40P01") {
    return absl::AbortedError("a concurrent write conflicted; retry");
  }
  if (state.rfind("08", 0) == 0 || state == "53300" || state == "57P01" || state == "57P03") {
    return absl::UnavailableError(absl::StrCat("database unavailable: ", e.what()));
  }
  if (state == "23505") return absl::AlreadyExistsError(e.what());
  // Input the validators let through but the database refuses: still the caller's data.
  if (state.rfind("22", 0) == 0 || state == "23514") {
    return absl::InvalidArgumentError(absl::StrCat("the database refused a value: ", e.what()));
  }
  if (state == "23503") {
    return absl::FailedPreconditionError(absl::StrCat("a referenced row is missing: ", e.what()));
  }
  return absl::InternalError(absl::StrCat("database error ", state, ": ", e.what()));
}

absl::Status DeadlineStatus() { return absl::DeadlineExceededError("the deadline has passed"); }

// --- Reading events -----------------------------------------------------------------------------

// Sets a count field only when some bound is known, so unknown counts stay absent.
void SetCount(const domain::CountRecord& r, v1::Event& e, v1::Count* (v1::Event::*field)()) {
  if (!r.low && !r.best && !r.high) return;
  v1::Count* c = (e.*field)();
  if (r.low) c->set_low(*r.low);
  if (r.best) c->set_best(*r.best);
  if (r.high) c->set_high(*r.high);
}

EventRow ReadEventRow(const pqxx::row& r) {
  EventRow row;
  row.id = r[0].as<int64_t>();
  v1::Event& e = row.event;
  e.set_name(ResourceName(kEvents, r[1].as<std::string>()));
  e.set_title(r[2].as<std::string>());
  e.set_summary(r[3].as<std::string>());
  e.set_event_type(r[4].as<std::string>());
  domain::Span span;
  span.start = OptMicros(r[5]);
  span.end = OptMicros(r[6]);
  span.precision = domain::PrecisionFromDb(r[7].as<std::string>());
  span.time_zone = r[8].as<std::string>();
  span.text = r[9].as<std::string>();
  *e.mutable_time() = domain::SpanToProto(span);
  auto count = [](const pqxx::field& lo, const pqxx::field& be, const pqxx::field& hi) {
    return domain::CountRecord{OptInt(lo), OptInt(be), OptInt(hi)};
  };
  SetCount(count(r[10], r[11], r[12]), e, &v1::Event::mutable_fatalities);
  SetCount(count(r[13], r[14], r[15]), e, &v1::Event::mutable_injured);
  *e.mutable_create_time() = domain::ToTimestamp(*OptMicros(r[16]));
  *e.mutable_update_time() = domain::ToTimestamp(*OptMicros(r[17]));
  if (auto deleted = OptMicros(r[18])) *e.mutable_delete_time() = domain::ToTimestamp(*deleted);
  e.set_etag(Etag(r[19].as<int64_t>()));
  if (!r[20].is_null()) row.sort_key = r[20].as<std::string>();
  if (!r[21].is_null()) e.set_merged_into(ResourceName(kEvents, r[21].as<std::string>()));
  return row;
}

// Fills actors, places, sources and external ids of `rows` with four queries in all.
void LoadEventChildren(pqxx::transaction_base& txn, std::vector<EventRow>& rows) {
  if (rows.empty()) return;
  std::unordered_map<int64_t, v1::Event*> by_id;
  std::vector<int64_t> ids;
  for (EventRow& row : rows) {
    by_id[row.id] = &row.event;
    ids.push_back(row.id);
  }
  const std::string id_array = IdArrayLiteral(ids);
  for (const pqxx::row& r : txn.exec_params(sql::kEventActorsOf, id_array)) {
    v1::EventActor* a = by_id[r[0].as<int64_t>()]->add_actors();
    a->set_actor(ResourceName(kActors, r[1].as<std::string>()));
    a->set_display_name(r[2].as<std::string>());
    a->set_role(static_cast<v1::ActorRole>(
        domain::EnumFromDb(v1::ActorRole_descriptor(), r[3].as<std::string>())));
  }
  for (const pqxx::row& r : txn.exec_params(sql::kEventPlacesOf, id_array)) {
    v1::EventPlace* p = by_id[r[0].as<int64_t>()]->add_places();
    p->set_place(ResourceName(kPlaces, r[1].as<std::string>()));
    p->set_display_name(r[2].as<std::string>());
    p->set_role(static_cast<v1::PlaceRole>(
        domain::EnumFromDb(v1::PlaceRole_descriptor(), r[3].as<std::string>())));
  }
  for (const pqxx::row& r : txn.exec_params(sql::kEventSourcesOf, id_array)) {
    v1::EventSource* s = by_id[r[0].as<int64_t>()]->add_sources();
    s->set_source(ResourceName(kSources, r[1].as<std::string>()));
    s->set_url(r[2].as<std::string>());
    s->set_publisher(r[3].as<std::string>());
    if (auto t = OptMicros(r[4])) *s->mutable_published_time() = domain::ToTimestamp(*t);
    s->set_quote(r[5].as<std::string>());
    for (std::string& claim : TextArray(r[6])) s->add_claims(std::move(claim));
  }
  for (const pqxx::row& r : txn.exec_params(sql::kExternalIdsOf, id_array)) {
    v1::ExternalId* x = by_id[r[0].as<int64_t>()]->add_external_ids();
    x->set_system(r[1].as<std::string>());
    x->set_id(r[2].as<std::string>());
  }
}

std::optional<EventRow> FindEvent(pqxx::transaction_base& txn, absl::string_view id,
                                  bool for_update) {
  pqxx::result rows = txn.exec_params(
      absl::StrCat("SELECT ", sql::kEventColumns, " FROM events e WHERE e.resource_id = $1",
                   for_update ? " FOR UPDATE" : ""),
      std::string(id));
  if (rows.empty()) return std::nullopt;
  std::vector<EventRow> one = {ReadEventRow(rows[0])};
  LoadEventChildren(txn, one);
  return std::move(one[0]);
}

absl::Status EventNotFound(absl::string_view id) {
  return absl::NotFoundError(absl::StrCat(ResourceName(kEvents, id), " does not exist"));
}

// --- Writing events -----------------------------------------------------------------------------

std::vector<NullableText> EventValues(const domain::EventRecord& r) {
  return {{r.title},
          {r.summary},
          {r.event_type},
          NullableMicros(r.time.start),
          NullableMicros(r.time.end),
          {domain::PrecisionToDb(r.time.precision)},
          {r.time.time_zone},
          {r.time.text},
          Nullable(r.fatalities.low),
          Nullable(r.fatalities.best),
          Nullable(r.fatalities.high),
          Nullable(r.injured.low),
          Nullable(r.injured.best),
          Nullable(r.injured.high)};
}

// The parameters of sql::kInsertPlace; `parent` is the parent's internal id or NULL.
std::vector<NullableText> PlaceValues(const std::string& resource_id,
                                      const domain::PlaceRecord& record, NullableText parent) {
  auto coordinate = [&](double (v1::LatLng::*of)() const) {
    return record.location ? NullableText{pqxx::to_string(((*record.location).*of)())}
                           : NullableText{};
  };
  return {{resource_id},
          {record.display_name},
          {record.kind},
          std::move(parent),
          {record.country_code},
          {absl::StrCat(record.geonames_id)},
          coordinate(&v1::LatLng::latitude),
          coordinate(&v1::LatLng::longitude),
          {record.location_precision},
          {record.time_zone}};
}

// Replaces the links of event `event_id`; a missing referenced resource fails naming its field.
absl::Status WriteEventLinks(pqxx::transaction_base& txn, int64_t event_id,
                             const domain::EventRecord& r) {
  domain::Violations missing;
  for (size_t i = 0; i < r.actors.size(); ++i) {
    const auto& a = r.actors[i];
    if (txn.exec_prepared("insert_event_actor", event_id, a.actor_id, a.role, i).affected_rows() ==
        0) {
      missing.Add(absl::StrCat("event.actors[", i, "].actor"),
                  absl::StrCat(ResourceName(kActors, a.actor_id), " does not exist"));
    }
  }
  for (size_t i = 0; i < r.places.size(); ++i) {
    const auto& p = r.places[i];
    if (txn.exec_prepared("insert_event_place", event_id, p.place_id, p.role, i).affected_rows() ==
        0) {
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

void DeleteEventLinks(pqxx::transaction_base& txn, int64_t event_id) {
  txn.exec_prepared("delete_event_actors", event_id);
  txn.exec_prepared("delete_event_places", event_id);
  txn.exec_prepared("delete_event_sources", event_id);
  txn.exec_prepared("delete_external_ids", event_id);
}

// The stored event without output-only fields, for "did anything change" comparisons.
v1::Event Comparable(v1::Event e) {
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

// The record as the service would store and return it, for comparison with Comparable().
v1::Event RecordAsEvent(const domain::EventRecord& r) {
  v1::Event e;
  e.set_title(r.title);
  e.set_summary(r.summary);
  e.set_event_type(r.event_type);
  *e.mutable_time() = domain::SpanToProto(r.time);
  for (const auto& a : r.actors) {
    auto* out = e.add_actors();
    out->set_actor(ResourceName(kActors, a.actor_id));
    out->set_role(
        static_cast<v1::ActorRole>(domain::EnumFromDb(v1::ActorRole_descriptor(), a.role)));
  }
  for (const auto& p : r.places) {
    auto* out = e.add_places();
    out->set_place(ResourceName(kPlaces, p.place_id));
    out->set_role(
        static_cast<v1::PlaceRole>(domain::EnumFromDb(v1::PlaceRole_descriptor(), p.role)));
  }
  SetCount(r.fatalities, e, &v1::Event::mutable_fatalities);
  SetCount(r.injured, e, &v1::Event::mutable_injured);
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

// --- Idempotency --------------------------------------------------------------------------------

std::optional<std::string> EarlierRequest(pqxx::transaction_base& txn, absl::string_view method,
                                          absl::string_view request_id) {
  if (request_id.empty()) return std::nullopt;
  // Calls with one request_id run one after another, so a concurrent retry waits for the first
  // and returns what it created.
  txn.exec_prepared("lock_request", std::string(method), std::string(request_id));
  pqxx::result r = txn.exec_prepared("find_request", std::string(method), std::string(request_id));
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

void RecordRequest(pqxx::transaction_base& txn, absl::string_view method,
                   absl::string_view request_id, absl::string_view resource_name) {
  if (request_id.empty()) return;
  txn.exec_prepared("record_request", std::string(method), std::string(request_id),
                    std::string(resource_name));
}

// The id part of a resource name this service issued.
std::string IdOf(absl::string_view name) { return std::string(name.substr(name.find('/') + 1)); }

// Executes a prepared statement whose parameters are a list of nullable texts.
pqxx::result ExecWith(pqxx::transaction_base& txn, const std::string& statement,
                      const std::vector<NullableText>& values) {
  std::vector<const char*> raw;
  for (const NullableText& v : values) raw.push_back(v.get());
  return txn.exec_prepared(statement, pqxx::prepare::make_dynamic_params(raw));
}

namespace {

// Resource ids of `table` -> internal ids, for those that exist.
std::map<std::string, int64_t> FoundIds(pqxx::transaction_base& txn, absl::string_view table,
                                        const std::vector<std::string>& ids) {
  std::map<std::string, int64_t> found;
  for (const pqxx::row& r : txn.exec_params(absl::StrCat("SELECT resource_id, id FROM ", table,
                                                         " WHERE resource_id = ANY($1::text[])"),
                                            TextArrayLiteral(ids))) {
    found[r[0].as<std::string>()] = r[1].as<int64_t>();
  }
  return found;
}

}  // namespace

absl::StatusOr<std::vector<int64_t>> InternalIds(pqxx::transaction_base& txn,
                                                 absl::string_view table,
                                                 absl::string_view collection,
                                                 absl::string_view field,
                                                 const std::vector<std::string>& ids) {
  std::map<std::string, int64_t> found = FoundIds(txn, table, ids);
  std::vector<int64_t> out;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = found.find(ids[i]);
    if (it == found.end()) {
      return absl::NotFoundError(
          absl::StrCat(field, "[", i, "]: ", ResourceName(collection, ids[i]), " does not exist"));
    }
    out.push_back(it->second);
  }
  return out;
}

namespace {

// The internal ids of the actors and places a filter names, into `out`; NOT_FOUND naming the
// filter and the column of the first missing one, as the `actors`/`places` selectors report theirs.
absl::Status ResolveFilterNames(pqxx::transaction_base& txn, const domain::FilterExpr& filter,
                                ResolvedSelection& out) {
  struct Named {
    std::vector<std::string> ids;
    std::vector<int> columns;
  };
  Named actors, places;
  domain::ForEachRestriction(filter, [&](const domain::FilterRestriction& r) {
    Named* named = r.field == domain::FilterField::kActor   ? &actors
                   : r.field == domain::FilterField::kPlace ? &places
                                                            : nullptr;
    if (named == nullptr) return;
    named->ids.push_back(r.value);
    named->columns.push_back(r.column);
  });
  auto resolve = [&](const Named& named, absl::string_view table, absl::string_view collection,
                     std::map<std::string, int64_t>& ids) -> absl::Status {
    if (named.ids.empty()) return absl::OkStatus();
    ids = FoundIds(txn, table, named.ids);
    for (size_t i = 0; i < named.ids.size(); ++i) {
      if (!ids.contains(named.ids[i])) {
        return absl::NotFoundError(absl::StrCat("filter: column ", named.columns[i], ": ",
                                                ResourceName(collection, named.ids[i]),
                                                " does not exist"));
      }
    }
    return absl::OkStatus();
  };
  if (absl::Status s = resolve(actors, "actors", domain::kActors, out.filter_actor_ids); !s.ok()) {
    return s;
  }
  return resolve(places, "places", domain::kPlaces, out.filter_place_ids);
}

}  // namespace

absl::StatusOr<ResolvedSelection> ResolveSelection(pqxx::transaction_base& txn,
                                                   const domain::EventSelection& selection) {
  ResolvedSelection out;
  if (!selection.actor_ids.empty()) {
    absl::StatusOr<std::vector<int64_t>> ids =
        InternalIds(txn, "actors", domain::kActors, "actors", selection.actor_ids);
    if (!ids.ok()) return ids.status();
    out.actor_ids = *std::move(ids);
  }
  if (!selection.place_ids.empty()) {
    absl::StatusOr<std::vector<int64_t>> ids =
        InternalIds(txn, "places", domain::kPlaces, "places", selection.place_ids);
    if (!ids.ok()) return ids.status();
    out.place_ids = *std::move(ids);
  }
  if (selection.filter) {
    if (absl::Status s = ResolveFilterNames(txn, *selection.filter, out); !s.ok()) return s;
  }
  return out;
}

}  // namespace timeline::storage::pg
