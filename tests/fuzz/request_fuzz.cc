// Fuzzes request validation: the bytes of a request message as a caller sends them, parsed as the
// gRPC layer parses them, then checked by the domain code the handlers (service/api) run before
// any storage call. A caller's mistake must come back as a status naming a field, never as a
// crash or INTERNAL.
//
// Input layout: byte 0 picks the RPC (kRpcs), the rest is the serialized request.
//
// As the server does, bytes whose only fault is text that is not UTF-8 are repaired and marked
// (domain/utf8_repair.h); then the handlers' first check, the request limits
// (domain/request_limits.h), runs before the domain validation.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/actor_update.h"
#include "domain/directory_records.h"
#include "domain/event_query.h"
#include "domain/event_record.h"
#include "domain/event_stats.h"
#include "domain/ingest_notes.h"
#include "domain/name_query.h"
#include "domain/page_token.h"
#include "domain/place_source_masks.h"
#include "domain/registry_watch.h"
#include "domain/request_limits.h"
#include "domain/resource_name.h"
#include "domain/utf8_repair.h"
#include "domain/validation.h"
#include "fuzz_check.h"
#include "ingest/event_from_record.h"
#include "ingest/record_checks.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/ingest.pb.h"
#include "timeline/v1/place.pb.h"
#include "timeline/v1/source.pb.h"

namespace {

namespace domain = timeline::domain;
namespace ingest = timeline::ingest;
namespace v1 = timeline::v1;

// A caller's mistake is never INTERNAL (or UNKNOWN).
void CheckCallerStatus(const absl::Status& status) {
  FUZZ_CHECK(status.code() != absl::StatusCode::kInternal);
  FUZZ_CHECK(status.code() != absl::StatusCode::kUnknown);
}
template <typename T>
void CheckCallerStatus(const absl::StatusOr<T>& result) {
  CheckCallerStatus(result.status());
}

const domain::PageTokenCodec& Codec() {
  static const domain::PageTokenCodec* codec = new domain::PageTokenCodec("fuzz-secret");
  return *codec;
}

void ValidateName(const std::string& name, absl::string_view collection) {
  CheckCallerStatus(domain::ParseResourceName(name, collection, "name"));
}

void ValidateUpdate(const v1::UpdateEventRequest& request) {
  CheckCallerStatus(
      domain::ParseResourceName(request.event().name(), domain::kEvents, "event.name"));
  v1::Event current;
  current.set_name("events/current");
  current.set_title("Attack near Kidal");
  current.set_event_type("attack");
  absl::StatusOr<v1::Event> merged =
      domain::ApplyEventUpdate(current, request.event(), request.update_mask());
  CheckCallerStatus(merged);
  if (merged.ok()) CheckCallerStatus(domain::EventRecordFromProto(*merged, "event"));
}

// IngestEvents: every record checked as the stream is read; an acceptable one is then finished
// as the use case finishes it once its names are resolved (here to made-up ids).
void ValidateIngest(const v1::IngestEventsRequest& request) {
  for (int i = 0; i < request.records_size(); ++i) {
    const v1::IngestRecord& record = request.records(i);
    const std::string field = domain::RecordField(i);
    if (!ingest::CheckIngestRecord(record, field).empty()) continue;
    ingest::ResolvedLinks links;
    for (int a = 0; a < record.actors_size(); ++a)
      links.actor_ids.push_back("actor" + std::to_string(a));
    for (int p = 0; p < record.places_size(); ++p)
      links.place_ids.push_back("place" + std::to_string(p));
    if (record.has_source()) links.source_id = "source";
    if (record.places_size() > 0) links.place_time_zone = "Africa/Bamako";
    CheckCallerStatus(ingest::FinishIngestRecord(record, field, links));
  }
}

void ValidateIngestPlaces(const v1::IngestPlacesRequest& request) {
  for (int i = 0; i < request.places_size(); ++i) {
    (void)ingest::CheckGazetteerPlace(request.places(i), "places[" + std::to_string(i) + "]");
  }
}

// The curating calls' checks: the request's names, its reason, and for updates the mask applied
// to a stored row and the result validated as the handler does (a row as GetX would return it).
void ValidateCuration(const std::string& name, absl::string_view collection,
                      const std::string& reason) {
  CheckCallerStatus(domain::ParseResourceName(name, collection, "name"));
  CheckCallerStatus(domain::CheckReason(reason));
}

void ValidateUpdateActor(const v1::UpdateActorRequest& request) {
  ValidateCuration(request.actor().name(), domain::kActors, request.reason());
  v1::Actor current;
  current.set_name("actors/stored");
  current.set_display_name("Stored Actor");
  current.set_kind(v1::ARMED_GROUP);
  current.add_names()->set_name("Stored Actor");
  absl::StatusOr<v1::Actor> updated =
      domain::ApplyActorUpdate(current, request.actor(), request.update_mask());
  CheckCallerStatus(updated);
  if (updated.ok()) CheckCallerStatus(domain::ActorRecordFromProto(*updated, "actor"));
}

void ValidateUpdatePlace(const v1::UpdatePlaceRequest& request) {
  ValidateCuration(request.place().name(), domain::kPlaces, request.reason());
  v1::Place current;
  current.set_name("places/stored");
  current.set_display_name("Stored Place");
  current.set_kind(v1::SETTLEMENT);
  current.set_parent("places/ml");
  current.add_names()->set_name("Stored Place");
  absl::StatusOr<v1::Place> updated =
      domain::ApplyPlaceUpdate(current, request.place(), request.update_mask());
  CheckCallerStatus(updated);
  if (updated.ok()) CheckCallerStatus(domain::PlaceRecordFromProto(*updated, "place"));
}

void ValidateUpdateSource(const v1::UpdateSourceRequest& request) {
  ValidateCuration(request.source().name(), domain::kSources, request.reason());
  v1::Source current;
  current.set_name("sources/stored");
  current.set_url("https://example.org/stored");
  absl::StatusOr<v1::Source> updated =
      domain::ApplySourceUpdate(current, request.source(), request.update_mask());
  CheckCallerStatus(updated);
  if (updated.ok()) CheckCallerStatus(domain::SourceRecordFromProto(*updated, "source"));
}

template <typename Request>
void ValidateMerge(const Request& request, absl::string_view collection) {
  ValidateCuration(request.name(), collection, request.reason());
  CheckCallerStatus(domain::ParseResourceName(request.into(), collection, "into"));
}

// Parses `bytes` as `Request`; false when the bytes are not one (gRPC refuses those before any
// handler runs).
template <typename Request>
bool Parse(const uint8_t* data, size_t size, Request& request) {
  if (request.ParseFromArray(data, static_cast<int>(size))) return true;
  const std::optional<std::string> repaired = domain::RepairInvalidUtf8(
      *Request::descriptor(), absl::string_view(reinterpret_cast<const char*>(data), size));
  if (!repaired.has_value()) return false;
  // Repaired bytes always parse: that is the repair's promise.
  FUZZ_CHECK(request.ParseFromString(*repaired));
  return true;
}

// Runs the validation of RPC `rpc` on the request in `data`: the limits first, as every handler
// does, and the domain checks only on a request within them.
template <typename Request, typename Check>
void Validate(const uint8_t* data, size_t size, Check check) {
  Request request;
  if (!Parse(data, size, request)) return;
  const absl::Status limits = domain::CheckRequestLimits(request);
  CheckCallerStatus(limits);
  if (!limits.ok()) {
    FUZZ_CHECK(limits.code() == absl::StatusCode::kInvalidArgument);
    return;
  }
  check(request);
}

using Rpc = void (*)(const uint8_t*, size_t);

// One entry per RPC that takes caller input, in the order of the protos.
const Rpc kRpcs[] = {
    // EventService
    [](const uint8_t* d, size_t n) {
      Validate<v1::GetEventRequest>(d, n, [](auto& r) { ValidateName(r.name(), domain::kEvents); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::ListEventsRequest>(
          d, n, [](auto& r) { CheckCallerStatus(domain::EventQueryFromRequest(r, Codec())); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::CreateEventRequest>(d, n, [](auto& r) {
        CheckCallerStatus(domain::EventRecordFromProto(r.event(), "event"));
      });
    },
    [](const uint8_t* d, size_t n) { Validate<v1::UpdateEventRequest>(d, n, ValidateUpdate); },
    [](const uint8_t* d, size_t n) {
      Validate<v1::DeleteEventRequest>(d, n,
                                       [](auto& r) { ValidateName(r.name(), domain::kEvents); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::MergeEventsRequest>(d, n, [](auto& r) {
        ValidateName(r.name(), domain::kEvents);
        CheckCallerStatus(domain::ParseResourceName(r.into(), domain::kEvents, "into"));
      });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::CountEventsRequest>(
          d, n, [](auto& r) { CheckCallerStatus(domain::CountQueryFromRequest(r)); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::ExportEventsRequest>(d, n, [](auto& r) {
        CheckCallerStatus(domain::ExportQueryFromRequest(r, Codec(), 500));
      });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::WatchEventsRequest>(
          d, n, [](auto& r) { CheckCallerStatus(domain::WatchQueryFromRequest(r)); });
    },
    // ActorService
    [](const uint8_t* d, size_t n) {
      Validate<v1::GetActorRequest>(d, n, [](auto& r) { ValidateName(r.name(), domain::kActors); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::ListActorsRequest>(
          d, n, [](auto& r) { CheckCallerStatus(domain::ActorQueryFromRequest(r, Codec())); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::CreateActorRequest>(d, n, [](auto& r) {
        CheckCallerStatus(domain::ActorRecordFromProto(r.actor(), "actor"));
      });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::ListRelatedActorsRequest>(d, n, [](auto& r) {
        CheckCallerStatus(domain::RelatedActorsQueryFromRequest(r, Codec()));
      });
    },
    // PlaceService
    [](const uint8_t* d, size_t n) {
      Validate<v1::GetPlaceRequest>(d, n, [](auto& r) { ValidateName(r.name(), domain::kPlaces); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::ListPlacesRequest>(
          d, n, [](auto& r) { CheckCallerStatus(domain::PlaceQueryFromRequest(r, Codec())); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::CreatePlaceRequest>(d, n, [](auto& r) {
        CheckCallerStatus(domain::PlaceRecordFromProto(r.place(), "place"));
      });
    },
    // SourceService
    [](const uint8_t* d, size_t n) {
      Validate<v1::GetSourceRequest>(d, n,
                                     [](auto& r) { ValidateName(r.name(), domain::kSources); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::ListSourcesRequest>(
          d, n, [](auto& r) { CheckCallerStatus(domain::SourceQueryFromRequest(r, Codec())); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::CreateSourceRequest>(d, n, [](auto& r) {
        CheckCallerStatus(domain::SourceRecordFromProto(r.source(), "source"));
      });
    },
    // Curating the registry
    [](const uint8_t* d, size_t n) { Validate<v1::UpdateActorRequest>(d, n, ValidateUpdateActor); },
    [](const uint8_t* d, size_t n) {
      Validate<v1::DeleteActorRequest>(
          d, n, [](auto& r) { ValidateCuration(r.name(), domain::kActors, r.reason()); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::MergeActorsRequest>(d, n, [](auto& r) { ValidateMerge(r, domain::kActors); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::SplitActorRequest>(
          d, n, [](auto& r) { ValidateCuration(r.name(), domain::kActors, r.reason()); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::WatchActorsRequest>(
          d, n, [](auto& r) { CheckCallerStatus(domain::RegistryWatchQueryFromRequest(r)); });
    },
    [](const uint8_t* d, size_t n) { Validate<v1::UpdatePlaceRequest>(d, n, ValidateUpdatePlace); },
    [](const uint8_t* d, size_t n) {
      Validate<v1::DeletePlaceRequest>(
          d, n, [](auto& r) { ValidateCuration(r.name(), domain::kPlaces, r.reason()); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::MergePlacesRequest>(d, n, [](auto& r) { ValidateMerge(r, domain::kPlaces); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::SplitPlaceRequest>(
          d, n, [](auto& r) { ValidateCuration(r.name(), domain::kPlaces, r.reason()); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::WatchPlacesRequest>(
          d, n, [](auto& r) { CheckCallerStatus(domain::RegistryWatchQueryFromRequest(r)); });
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::UpdateSourceRequest>(d, n, ValidateUpdateSource);
    },
    [](const uint8_t* d, size_t n) {
      Validate<v1::DeleteSourceRequest>(
          d, n, [](auto& r) { ValidateCuration(r.name(), domain::kSources, r.reason()); });
    },
    // IngestService (one message of a stream)
    [](const uint8_t* d, size_t n) { Validate<v1::IngestEventsRequest>(d, n, ValidateIngest); },
    [](const uint8_t* d, size_t n) {
      Validate<v1::IngestPlacesRequest>(d, n, ValidateIngestPlaces);
    },
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  kRpcs[data[0] % std::size(kRpcs)](data + 1, size - 1);
  return 0;
}
