#include "domain/event_query.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/event_types.h"
#include "domain/field_checks.h"
#include "domain/resource_name.h"

namespace timeline::domain {

namespace {

constexpr int kMaxSelectors = 100;

// Reads the selectors every event-selecting request spells the same way into `out`.
template <typename Request>
void ReadSelection(const Request& request, EventSelection& out, Violations& v) {
  auto parse_all = [&](const auto& names, absl::string_view collection, absl::string_view field,
                       std::vector<std::string>& ids) {
    if (names.size() > kMaxSelectors) {
      v.Add(std::string(field), absl::StrCat("lists more than ", kMaxSelectors, " values"));
      return;
    }
    for (int i = 0; i < names.size(); ++i) {
      absl::StatusOr<std::string> id =
          ParseResourceName(names[i], collection, absl::StrCat(field, "[", i, "]"));
      if (id.ok()) {
        ids.push_back(*id);
      } else {
        AddViolationsOf(id.status(), v);
      }
    }
  };
  parse_all(request.actors(), kActors, "actors", out.actor_ids);
  parse_all(request.places(), kPlaces, "places", out.place_ids);
  for (int i = 0; i < request.event_types_size(); ++i) {
    if (!IsKnownEventType(request.event_types(i))) {
      v.Add(absl::StrCat("event_types[", i, "]"),
            absl::StrCat(Quoted(request.event_types(i)),
                         " is not an event type; one of: ", EventTypeNames()));
    } else {
      out.event_types.push_back(request.event_types(i));
    }
  }
  if (request.has_time_range()) {
    absl::StatusOr<RangeFilter> range = NormalizeTimeRange(request.time_range(), "time_range");
    if (range.ok()) {
      out.time_range = *range;
    } else {
      AddViolationsOf(range.status(), v);
    }
  }
  ReadArea(request, out.near, out.bounding_box, v);
  out.include_imprecise_locations = request.include_imprecise_locations();
  absl::StatusOr<std::optional<FilterExpr>> filter = ParseFilter(request.filter(), "filter");
  if (filter.ok()) {
    out.filter = *std::move(filter);
  } else {
    AddViolationsOf(filter.status(), v);
  }
}

// order_by: a key, then optionally "asc" or "desc".
std::optional<EventOrder> ParseEventOrder(absl::string_view order_by) {
  static constexpr struct {
    absl::string_view name;
    EventOrderKey key;
  } kKeys[] = {{"start_time", EventOrderKey::kStartTime},
               {"fatalities.best", EventOrderKey::kFatalitiesBest},
               {"update_time", EventOrderKey::kUpdateTime}};
  std::vector<absl::string_view> words = absl::StrSplit(order_by, ' ', absl::SkipWhitespace());
  if (words.empty()) return EventOrder{};
  if (words.size() > 2 || (words.size() == 2 && words[1] != "asc" && words[1] != "desc")) {
    return std::nullopt;
  }
  for (const auto& k : kKeys) {
    if (words[0] == k.name) return EventOrder{k.key, words.size() == 2 && words[1] == "desc"};
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<EventQuery> EventQueryFromRequest(const v1::ListEventsRequest& request,
                                                 const PageTokenCodec& codec) {
  Violations v;
  EventQuery out;
  out.page_size = ReadPageSize(request.page_size(), v);
  ReadSelection(request, out.selection, v);
  if (std::optional<EventOrder> order = ParseEventOrder(request.order_by())) {
    out.order = *order;
  } else {
    v.Add("order_by", absl::StrCat(Quoted(request.order_by()),
                                   " is not supported; use start_time, fatalities.best or "
                                   "update_time, optionally followed by asc or desc"));
  }
  out.selection.show_deleted = request.show_deleted();
  out.fingerprint = RequestFingerprint(request);
  out.after = ReadPageToken(request.page_token(), out.fingerprint, codec, v);
  if (!v.empty()) return v.ToStatus();
  return out;
}

absl::StatusOr<EventQuery> ExportQueryFromRequest(const v1::ExportEventsRequest& request,
                                                  const PageTokenCodec& codec, int batch_size) {
  v1::ListEventsRequest list;
  *list.mutable_actors() = request.actors();
  *list.mutable_places() = request.places();
  if (request.has_time_range()) *list.mutable_time_range() = request.time_range();
  *list.mutable_event_types() = request.event_types();
  list.set_filter(request.filter());
  if (request.has_near()) *list.mutable_near() = request.near();
  if (request.has_bounding_box()) *list.mutable_bounding_box() = request.bounding_box();
  list.set_include_imprecise_locations(request.include_imprecise_locations());
  list.set_order_by(request.order_by());
  list.set_show_deleted(request.show_deleted());
  list.set_page_token(request.resume_token());
  list.set_page_size(batch_size);
  absl::StatusOr<EventQuery> query = EventQueryFromRequest(list, codec);
  if (query.ok() || !absl::IsInvalidArgument(query.status())) return query;
  Violations v;
  for (FieldViolation& fv : FieldViolationsOf(query.status())) {
    v.Add(fv.field == "page_token" ? "resume_token" : fv.field, fv.description);
  }
  return v.ToStatus();
}

absl::StatusOr<WatchQuery> WatchQueryFromRequest(const v1::WatchEventsRequest& request) {
  Violations v;
  WatchQuery out;
  ReadSelection(request, out.selection, v);
  out.selection.show_deleted = true;
  v1::WatchEventsRequest selection_only = request;
  selection_only.clear_cursor();
  selection_only.clear_start_time();
  out.selection_key = RequestFingerprint(selection_only);
  ReadWatchStart(request.cursor(), request.has_start_time(), request.start_time(), v,
                 out.after_position, out.since);
  if (!v.empty()) return v.ToStatus();
  return out;
}

void ReadWatchStart(const std::string& cursor, bool has_start_time,
                    const google::protobuf::Timestamp& start_time, Violations& v,
                    std::optional<int64_t>& after_position, std::optional<Micros>& since) {
  if (!cursor.empty()) {
    int64_t position = 0;
    if (!absl::SimpleAtoi(cursor, &position) || position < 0) {
      v.Add("cursor",
            absl::StrCat(Quoted(cursor), " is not a cursor; send back the cursor of a change"));
    } else {
      after_position = position;
    }
  } else if (has_start_time) {
    if (!IsValidTimestamp(start_time)) {
      v.Add("start_time", "is not a valid time");
    } else {
      since = FromTimestamp(start_time);
    }
  }
}

std::string WatchCursor(int64_t position) { return absl::StrCat(position); }

void ReadEventSelection(const v1::CountEventsRequest& request, EventSelection& out, Violations& v) {
  ReadSelection(request, out, v);
}

void ReadEventSelection(const v1::ListRelatedActorsRequest& request, EventSelection& out,
                        Violations& v) {
  ReadSelection(request, out, v);
}

}  // namespace timeline::domain
