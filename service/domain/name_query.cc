#include "domain/name_query.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "domain/field_checks.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "normalize/match_key.h"

namespace timeline::domain {
namespace {

constexpr size_t kMaxNameBytes = 500;

// `extra` reads what one list request adds to the common fields.
template <typename Request>
absl::StatusOr<NameQuery> NameQueryFrom(
    const Request& request, const PageTokenCodec& codec, std::string query,
    const std::function<void(NameQuery&, Violations&)>& extra = nullptr) {
  Violations v;
  NameQuery out;
  out.page_size = ReadPageSize(request.page_size(), v);
  if (query.size() > kMaxNameBytes) {
    v.Add("query", absl::StrCat("is longer than ", kMaxNameBytes, " bytes"));
  } else if (!query.empty()) {
    out.match_key = normalize::MatchKey(query);
    if (out.match_key.empty()) v.Add("query", "has no letters or digits");
  }
  if (extra) extra(out, v);
  out.fingerprint = RequestFingerprint(request);
  out.after = ReadPageToken(request.page_token(), out.fingerprint, codec, v);
  if (!v.empty()) return v.ToStatus();
  return out;
}

}  // namespace

absl::StatusOr<NameQuery> ActorQueryFromRequest(const v1::ListActorsRequest& request,
                                                const PageTokenCodec& codec) {
  return NameQueryFrom(request, codec, request.query());
}

absl::StatusOr<NameQuery> PlaceQueryFromRequest(const v1::ListPlacesRequest& request,
                                                const PageTokenCodec& codec) {
  return NameQueryFrom(request, codec, request.query(), [&](NameQuery& out, Violations& v) {
    if (!request.parent().empty()) {
      absl::StatusOr<std::string> parent = ParseResourceName(request.parent(), kPlaces, "parent");
      if (parent.ok()) {
        out.parent_id = *parent;
      } else {
        AddViolationsOf(parent.status(), v);
      }
    }
    ReadArea(request, out.near, out.bounding_box, v);
  });
}

absl::StatusOr<NameQuery> SourceQueryFromRequest(const v1::ListSourcesRequest& request,
                                                 const PageTokenCodec& codec) {
  return NameQueryFrom(request, codec, "");
}

}  // namespace timeline::domain
