// Reading a request message off the wire, with text that is not UTF-8 repaired and marked
// (domain/utf8_repair.h) instead of failing the parse. api/request_serialization_traits.h makes
// gRPC use it for every request type of the API.
#pragma once

#include "grpcpp/impl/codegen/config_protobuf.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/status.h"

namespace timeline::api {

// Parses `buffer` into `message`. For a message of the API (package timeline.v1), a string field
// that is not UTF-8 does not fail the parse: its ill-formed sequences become U+FFFD and the message
// carries a marker naming the field, which the handler's first check (domain/request_limits.h)
// reports as INVALID_ARGUMENT. A message that is malformed otherwise becomes an empty message
// marked so, which that check reports too: a call is never answered INTERNAL or UNIMPLEMENTED for
// its bytes, and an ingest stream never silently ends at a bad message. Any other message that does
// not parse is INVALID_ARGUMENT here (its handler would not look for markers). `buffer` is left
// empty.
grpc::Status ParseRequest(grpc::ByteBuffer* buffer, grpc::protobuf::MessageLite* message);

}  // namespace timeline::api
