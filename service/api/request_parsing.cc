#include "api/request_parsing.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/utf8_repair.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "grpcpp/support/proto_buffer_reader.h"

namespace timeline::api {

namespace {

// Messages whose handlers report the markers of domain/utf8_repair.h.
bool IsApiMessage(const google::protobuf::Message& message) {
  return message.GetDescriptor()->file()->package() == "timeline.v1";
}

grpc::Status Malformed(const grpc::protobuf::MessageLite& message) {
  return grpc::Status(
      grpc::StatusCode::INVALID_ARGUMENT,
      absl::StrCat("the request is not a well-formed ", message.GetTypeName(), " message"));
}

}  // namespace

grpc::Status ParseRequest(grpc::ByteBuffer* buffer, grpc::protobuf::MessageLite* lite) {
  if (buffer == nullptr || !buffer->Valid()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "the call carries no request message");
  }
  const grpc::ByteBuffer kept(*buffer);  // shares the slices; GenericDeserialize clears `buffer`
  grpc::Status parsed =
      grpc::GenericDeserialize<grpc::ProtoBufferReader, grpc::protobuf::MessageLite>(buffer, lite);
  if (parsed.ok()) return parsed;
  auto* message = dynamic_cast<google::protobuf::Message*>(lite);
  if (message == nullptr || !IsApiMessage(*message)) return Malformed(*lite);
  grpc::Slice flat;
  std::optional<std::string> repaired;
  if (kept.DumpToSingleSlice(&flat).ok()) {
    repaired = domain::RepairInvalidUtf8(
        *message->GetDescriptor(),
        absl::string_view(reinterpret_cast<const char*>(flat.begin()), flat.size()));
  }
  message->Clear();
  if (repaired && message->ParseFromString(*repaired)) return grpc::Status::OK;
  message->Clear();
  message->ParseFromString(domain::MalformedMessageMarker());
  return grpc::Status::OK;
}

}  // namespace timeline::api
