// How the server reads a request message off the wire. Every generated *.grpc.pb.h of the build
// includes this header (cmake/protos.cmake passes it to grpc_cpp_plugin), so the specializations
// below are seen wherever gRPC instantiates a handler or a stub.
//
// A request whose string fields hold bytes that are not UTF-8 fails protobuf's parse; gRPC would
// answer it INTERNAL (a unary call, ExportEvents), UNIMPLEMENTED (WatchEvents) or end a client
// stream at that message as if the client had finished. ParseRequest repairs such a message
// instead (api/request_parsing.h, domain/utf8_repair.h): it parses, carries markers naming the bad
// fields, and the handler's first check (domain/request_limits.h) answers INVALID_ARGUMENT naming
// them — for an ingest stream, in that record's own result. A message that is malformed otherwise
// is reported by that check too.
#pragma once

#include "api/request_parsing.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/proto_buffer_writer.h"
#include "grpcpp/support/status.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/date.pb.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/ingest.pb.h"
#include "timeline/v1/place.pb.h"
#include "timeline/v1/source.pb.h"

namespace timeline::api {

// gRPC's serialization of a request type: protobuf's own for writing, ParseRequest for reading.
template <typename Request>
class RequestSerializationTraits {
 public:
  static grpc::Status Serialize(const grpc::protobuf::MessageLite& message,
                                grpc::ByteBuffer* buffer, bool* own_buffer) {
    return grpc::GenericSerialize<grpc::ProtoBufferWriter, Request>(message, buffer, own_buffer);
  }
  static grpc::Status Deserialize(grpc::ByteBuffer* buffer, grpc::protobuf::MessageLite* message) {
    return ParseRequest(buffer, static_cast<Request*>(message));
  }
};

}  // namespace timeline::api

// Unary handlers and stubs read every message as a MessageLite (gRPC's generated code passes
// that base type to cut down on templates), so this specialization is the one a unary call
// uses. Every file that instantiates it includes this header (see above), so all agree.
template <>
class grpc::SerializationTraits<grpc::protobuf::MessageLite> {
 public:
  static grpc::Status Serialize(const grpc::protobuf::MessageLite& message,
                                grpc::ByteBuffer* buffer, bool* own_buffer) {
    return grpc::GenericSerialize<grpc::ProtoBufferWriter, grpc::protobuf::MessageLite>(
        message, buffer, own_buffer);
  }
  static grpc::Status Deserialize(grpc::ByteBuffer* buffer, grpc::protobuf::MessageLite* message) {
    return timeline::api::ParseRequest(buffer, message);
  }
};

// Streaming calls read their requests by their own type: one line per request type of the API's
// services;
// tests/unit/api/request_serialization_traits_test.cc fails when an RPC's request type is missing
// here.
#define TIMELINE_PARSE_REQUEST(Type)                  \
  template <>                                         \
  class grpc::SerializationTraits<timeline::v1::Type> \
      : public timeline::api::RequestSerializationTraits<timeline::v1::Type> {}

TIMELINE_PARSE_REQUEST(GetSourceRequest);
TIMELINE_PARSE_REQUEST(ListSourcesRequest);
TIMELINE_PARSE_REQUEST(CreateSourceRequest);
TIMELINE_PARSE_REQUEST(UpdateSourceRequest);
TIMELINE_PARSE_REQUEST(DeleteSourceRequest);
TIMELINE_PARSE_REQUEST(GetActorRequest);
TIMELINE_PARSE_REQUEST(ListActorsRequest);
TIMELINE_PARSE_REQUEST(CreateActorRequest);
TIMELINE_PARSE_REQUEST(ListRelatedActorsRequest);
TIMELINE_PARSE_REQUEST(UpdateActorRequest);
TIMELINE_PARSE_REQUEST(DeleteActorRequest);
TIMELINE_PARSE_REQUEST(MergeActorsRequest);
TIMELINE_PARSE_REQUEST(SplitActorRequest);
TIMELINE_PARSE_REQUEST(WatchActorsRequest);
TIMELINE_PARSE_REQUEST(GetPlaceRequest);
TIMELINE_PARSE_REQUEST(ListPlacesRequest);
TIMELINE_PARSE_REQUEST(CreatePlaceRequest);
TIMELINE_PARSE_REQUEST(UpdatePlaceRequest);
TIMELINE_PARSE_REQUEST(DeletePlaceRequest);
TIMELINE_PARSE_REQUEST(MergePlacesRequest);
TIMELINE_PARSE_REQUEST(SplitPlaceRequest);
TIMELINE_PARSE_REQUEST(WatchPlacesRequest);
TIMELINE_PARSE_REQUEST(GetEventRequest);
TIMELINE_PARSE_REQUEST(ListEventsRequest);
TIMELINE_PARSE_REQUEST(CreateEventRequest);
TIMELINE_PARSE_REQUEST(UpdateEventRequest);
TIMELINE_PARSE_REQUEST(DeleteEventRequest);
TIMELINE_PARSE_REQUEST(CountEventsRequest);
TIMELINE_PARSE_REQUEST(ExportEventsRequest);
TIMELINE_PARSE_REQUEST(WatchEventsRequest);
TIMELINE_PARSE_REQUEST(MergeEventsRequest);
TIMELINE_PARSE_REQUEST(IngestEventsRequest);
TIMELINE_PARSE_REQUEST(IngestPlacesRequest);
TIMELINE_PARSE_REQUEST(ParseDatesRequest);

#undef TIMELINE_PARSE_REQUEST
