#include "domain/registry_watch.h"

#include "absl/strings/str_cat.h"
#include "domain/event_query.h"
#include "domain/page_token.h"
#include "domain/resource_name.h"
#include "domain/validation.h"

namespace timeline::domain {
namespace {

constexpr int kMaxWatched = 100;

// `names` are the request's rows to watch (field `field`, resource names of `collection`).
template <typename Request>
absl::StatusOr<RegistryWatchQuery> QueryOf(
    const Request& request, const google::protobuf::RepeatedPtrField<std::string>& names,
    absl::string_view field, absl::string_view collection) {
  Violations v;
  RegistryWatchQuery out;
  if (names.size() > kMaxWatched) {
    v.Add(std::string(field), absl::StrCat("lists more than ", kMaxWatched, " values"));
  } else {
    for (int i = 0; i < names.size(); ++i) {
      absl::StatusOr<std::string> id =
          ParseResourceName(names[i], collection, absl::StrCat(field, "[", i, "]"));
      if (id.ok()) {
        out.ids.push_back(*id);
      } else {
        AddViolationsOf(id.status(), v);
      }
    }
  }
  Request selection_only = request;
  selection_only.clear_cursor();
  selection_only.clear_start_time();
  out.selection_key = RequestFingerprint(selection_only);
  ReadWatchStart(request.cursor(), request.has_start_time(), request.start_time(), v,
                 out.after_position, out.since);
  if (!v.empty()) return v.ToStatus();
  return out;
}

}  // namespace

absl::StatusOr<RegistryWatchQuery> RegistryWatchQueryFromRequest(
    const v1::WatchActorsRequest& request) {
  return QueryOf(request, request.actors(), "actors", kActors);
}

absl::StatusOr<RegistryWatchQuery> RegistryWatchQueryFromRequest(
    const v1::WatchPlacesRequest& request) {
  return QueryOf(request, request.places(), "places", kPlaces);
}

}  // namespace timeline::domain
