#include "api/watch_feeds.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "domain/time_span.h"

namespace timeline::api {
namespace {

google::protobuf::Timestamp TimestampOf(absl::Time t) {
  return domain::ToTimestamp(domain::Micros(std::chrono::microseconds(absl::ToUnixMicros(t))));
}

// The log's kinds ("created", ...) as the Kind enum of a Watch response (each response spells
// the same names).
template <typename Kind>
Kind KindOf(const std::string& kind, const google::protobuf::EnumDescriptor* kinds) {
  const google::protobuf::EnumValueDescriptor* value =
      kinds->FindValueByName(absl::AsciiStrToUpper(kind));
  return static_cast<Kind>(value == nullptr ? 0 : value->number());
}

// The fields every registry response shares.
template <typename Response, typename Resource>
void FillRegistryResponse(storage::RegistryChange<Resource>& change, Response& out) {
  out.set_kind(KindOf<typename Response::Kind>(change.kind, Response::Kind_descriptor()));
  if (out.kind() == Response::MERGED) out.set_merged_into(std::move(change.merged_into));
  *out.mutable_change_time() = TimestampOf(change.change_time);
  out.set_cursor(domain::WatchCursor(change.position));
  out.set_principal(std::move(change.principal));
  out.set_request_id(std::move(change.request_id));
  out.set_reason(std::move(change.reason));
}

}  // namespace

absl::StatusOr<EventFeed::Batch> EventFeed::Read(storage::Repository& repo,
                                                 const storage::CallContext& ctx,
                                                 const Query& query, int64_t after, int limit) {
  return repo.ReadChanges(ctx, query.selection, after, limit);
}

v1::WatchEventsResponse EventFeed::ToResponse(storage::EventChange change) {
  v1::WatchEventsResponse out;
  out.set_kind(KindOf<v1::WatchEventsResponse::Kind>(change.kind,
                                                     v1::WatchEventsResponse::Kind_descriptor()));
  if (out.kind() == v1::WatchEventsResponse::MERGED) {
    out.set_merged_into(change.event.merged_into());
  }
  *out.mutable_event() = std::move(change.event);
  *out.mutable_change_time() = TimestampOf(change.change_time);
  out.set_cursor(domain::WatchCursor(change.position));
  out.set_principal(std::move(change.principal));
  out.set_request_id(std::move(change.request_id));
  return out;
}

absl::StatusOr<ActorFeed::Batch> ActorFeed::Read(storage::Repository& repo,
                                                 const storage::CallContext& ctx,
                                                 const Query& query, int64_t after, int limit) {
  return repo.ReadActorChanges(ctx, query.ids, after, limit);
}

v1::WatchActorsResponse ActorFeed::ToResponse(storage::RegistryChange<v1::Actor> change) {
  v1::WatchActorsResponse out;
  FillRegistryResponse(change, out);
  *out.mutable_actor() = std::move(change.resource);
  return out;
}

absl::StatusOr<PlaceFeed::Batch> PlaceFeed::Read(storage::Repository& repo,
                                                 const storage::CallContext& ctx,
                                                 const Query& query, int64_t after, int limit) {
  return repo.ReadPlaceChanges(ctx, query.ids, after, limit);
}

v1::WatchPlacesResponse PlaceFeed::ToResponse(storage::RegistryChange<v1::Place> change) {
  v1::WatchPlacesResponse out;
  FillRegistryResponse(change, out);
  *out.mutable_place() = std::move(change.resource);
  return out;
}

}  // namespace timeline::api
