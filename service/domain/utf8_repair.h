// Requests whose text is not UTF-8, made readable so that the caller can be told which field is
// wrong. A proto3 `string` that is not UTF-8 fails the whole message's parse, which gRPC would
// answer with INTERNAL (or, for a callback stream, UNIMPLEMENTED), and which silently ends a
// client stream. RepairInvalidUtf8 walks the wire bytes with the message's descriptor instead:
// each ill-formed sequence in a string field becomes U+FFFD, and the message holding the field
// gets a marker (an unknown field, kInvalidUtf8Marker) saying which field it was. The repaired
// bytes parse; domain/request_limits.h turns every marker into an INVALID_ARGUMENT violation
// naming the field. docs/architecture.md describes the whole path.
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace timeline::domain {

// The field number of the marker. No .proto of the API uses it (it is the largest number the wire
// format allows); its payload is two varints: the number of the field whose text was not UTF-8,
// and the element's index for a repeated field (0 otherwise). Field number 0, which no field has,
// marks a message that could not be read at all (see MalformedMessageMarker).
inline constexpr int kInvalidUtf8Marker = 536'870'911;

// A serialized message that holds nothing but a marker saying that the message sent could not be
// read: what a request that is malformed beyond repair is replaced with, so that the handler
// reports it like any other problem (a client stream would otherwise just end there).
std::string MalformedMessageMarker();

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or values above U+10FFFF),
// as protobuf requires of a `string` field.
bool IsValidUtf8(absl::string_view text);

// `wire`, a serialized message of type `type`, with every string field made valid UTF-8 and
// marked (see above). Nothing when `wire` is not a well-formed message of that type for another
// reason (truncated, a wrong wire type, nested too deep).
std::optional<std::string> RepairInvalidUtf8(const google::protobuf::Descriptor& type,
                                             absl::string_view wire);

}  // namespace timeline::domain
