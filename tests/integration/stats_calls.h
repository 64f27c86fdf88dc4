// Calling CountEvents and ListRelatedActors the way the statistics tests (stats_test.cc,
// stats_scale_test.cc) do, and printing what they answer in forms that compare well.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "grpcpp/grpcpp.h"
#include "paging.h"
#include "timeline/v1/actor.grpc.pb.h"
#include "timeline/v1/event.grpc.pb.h"

namespace timeline::testing {

// One CountEvents call.
inline grpc::Status Count(v1::EventService::Stub& events, const v1::CountEventsRequest& request,
                          v1::CountEventsResponse* response) {
  grpc::ClientContext ctx;
  return events.CountEvents(&ctx, request, response);
}

// One ListRelatedActors call.
inline grpc::Status Related(v1::ActorService::Stub& actors,
                            const v1::ListRelatedActorsRequest& request,
                            v1::ListRelatedActorsResponse* response) {
  grpc::ClientContext ctx;
  return actors.ListRelatedActors(&ctx, request, response);
}

// A timestamp in RFC 3339 ("2024-09-01T00:00:00Z").
inline std::string Str(const google::protobuf::Timestamp& ts) {
  return google::protobuf::util::TimeUtil::ToString(ts);
}

// "group:count" for each group of a bucket or response, in order; "" is the remainder.
inline std::vector<std::string> GroupCounts(
    const google::protobuf::RepeatedPtrField<v1::GroupCount>& g) {
  std::vector<std::string> out;
  for (const v1::GroupCount& c : g) out.push_back(absl::StrCat(c.group(), ":", c.event_count()));
  return out;
}

// "ROLE/RELATED_ROLE:count" for each role pair, in order.
inline std::vector<std::string> RolePairs(const v1::RelatedActor& related) {
  std::vector<std::string> out;
  for (const v1::RolePair& p : related.roles()) {
    out.push_back(absl::StrCat(v1::ActorRole_Name(p.role()), "/",
                               v1::ActorRole_Name(p.related_role()), ":", p.event_count()));
  }
  return out;
}

// The actor of each related actor of a response, in order.
inline std::vector<std::string> ActorNames(const v1::ListRelatedActorsResponse& response) {
  std::vector<std::string> out;
  for (const v1::RelatedActor& r : response.related_actors()) out.push_back(r.actor());
  return out;
}

// Every related actor of `request`, page after page; each page but the last full. `pages`
// receives the number of calls made.
inline std::vector<v1::RelatedActor> AllRelated(v1::ActorService::Stub& actors,
                                                const v1::ListRelatedActorsRequest& request,
                                                int* pages) {
  std::vector<int> sizes;
  std::vector<v1::RelatedActor> all = FollowPageItems<v1::ListRelatedActorsResponse>(
      request,
      [&](const v1::ListRelatedActorsRequest& r, v1::ListRelatedActorsResponse* out) {
        return Related(actors, r, out);
      },
      [](const v1::ListRelatedActorsResponse& r) -> const auto& { return r.related_actors(); },
      sizes);
  ExpectFullPagesButTheLast(sizes, request.page_size(), request.page_size());
  *pages = static_cast<int>(sizes.size());
  return all;
}

}  // namespace timeline::testing
