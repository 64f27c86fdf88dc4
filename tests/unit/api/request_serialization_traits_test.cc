// Every request type of the API is read by ParseRequest (api/request_parsing.h), and ParseRequest
// turns bytes that are not UTF-8, or not a message at all, into a message the handler's first
// check reports, instead of a failed parse.
#include "api/request_serialization_traits.h"

#include <set>
#include <string>
#include <tuple>
#include <type_traits>

#include "domain/request_limits.h"
#include "domain/validation.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "served_requests.h"

namespace timeline::api {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAreArray;

// The request types the server serves; the test below fails when an RPC is added without its
// line in request_serialization_traits.h (or here).
using RequestTypes = std::tuple<
    v1::GetSourceRequest, v1::ListSourcesRequest, v1::CreateSourceRequest, v1::GetActorRequest,
    v1::ListActorsRequest, v1::CreateActorRequest, v1::ListRelatedActorsRequest,
    v1::GetPlaceRequest, v1::ListPlacesRequest, v1::CreatePlaceRequest, v1::GetEventRequest,
    v1::ListEventsRequest, v1::CreateEventRequest, v1::UpdateEventRequest, v1::DeleteEventRequest,
    v1::CountEventsRequest, v1::ExportEventsRequest, v1::WatchEventsRequest, v1::MergeEventsRequest,
    v1::IngestEventsRequest, v1::IngestPlacesRequest, v1::ParseDatesRequest, v1::UpdateActorRequest,
    v1::DeleteActorRequest, v1::MergeActorsRequest, v1::SplitActorRequest, v1::WatchActorsRequest,
    v1::UpdatePlaceRequest, v1::DeletePlaceRequest, v1::MergePlacesRequest, v1::SplitPlaceRequest,
    v1::WatchPlacesRequest, v1::UpdateSourceRequest, v1::DeleteSourceRequest>;

template <typename... Types>
std::vector<std::string> NamesReadByParseRequest(std::tuple<Types...>*) {
  std::vector<std::string> names;
  (
      [&] {
        if (std::is_base_of_v<RequestSerializationTraits<Types>,
                              grpc::SerializationTraits<Types>>) {
          names.push_back(Types::descriptor()->full_name());
        }
      }(),
      ...);
  return names;
}

TEST(RequestSerializationTraitsTest, EveryServedRequestTypeIsReadByParseRequest) {
  std::vector<std::string> served;
  for (const auto* type : testing::ServedRequestTypes()) served.push_back(type->full_name());
  EXPECT_THAT(NamesReadByParseRequest(static_cast<RequestTypes*>(nullptr)),
              UnorderedElementsAreArray(served));
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const auto& v : domain::FieldViolationsOf(status)) out.push_back(v.field);
  return out;
}

grpc::ByteBuffer BufferOf(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

TEST(RequestSerializationTraitsTest, AWellFormedRequestParsesAsUsual) {
  v1::GetEventRequest sent;
  sent.set_name("events/visit");
  grpc::ByteBuffer buffer = BufferOf(sent.SerializeAsString());
  v1::GetEventRequest read;
  ASSERT_TRUE(grpc::SerializationTraits<v1::GetEventRequest>::Deserialize(&buffer, &read).ok());
  EXPECT_EQ(read.name(), "events/visit");
  EXPECT_TRUE(domain::CheckRequestLimits(read).ok());
}

TEST(RequestSerializationTraitsTest, TextThatIsNotUtf8IsNamedByTheFirstCheck) {
  v1::ListEventsRequest sent;
  sent.add_actors("actors/a");
  sent.add_actors("actors/\xE9t\xE9");
  std::string wire;
  ASSERT_TRUE(sent.SerializePartialToString(&wire));
  grpc::ByteBuffer buffer = BufferOf(wire);
  v1::ListEventsRequest read;
  ASSERT_TRUE(grpc::SerializationTraits<v1::ListEventsRequest>::Deserialize(&buffer, &read).ok());
  absl::Status status = domain::CheckRequestLimits(read);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(status), ElementsAre("actors[1]"));
}

// What a unary handler calls: gRPC passes the request as its base type.
TEST(RequestSerializationTraitsTest, UnaryCallsReadTheirRequestsTheSameWay) {
  v1::GetEventRequest sent;
  sent.set_name("events/\xC0\xAF");
  std::string wire;
  ASSERT_TRUE(sent.SerializePartialToString(&wire));
  grpc::ByteBuffer buffer = BufferOf(wire);
  v1::GetEventRequest read;
  grpc::protobuf::MessageLite* base = &read;
  ASSERT_TRUE(
      grpc::SerializationTraits<grpc::protobuf::MessageLite>::Deserialize(&buffer, base).ok());
  EXPECT_THAT(Fields(domain::CheckRequestLimits(read)), ElementsAre("name"));
}

// Messages of other packages (health checks) are never repaired: their handlers would not look
// for the markers. A malformed one is INVALID_ARGUMENT at once, never INTERNAL.
TEST(RequestSerializationTraitsTest, OtherMessagesThatDoNotParseAreInvalidArguments) {
  google::rpc::BadRequest other;
  other.add_field_violations()->set_field("\xFF");
  std::string wire;
  ASSERT_TRUE(other.SerializePartialToString(&wire));
  grpc::ByteBuffer buffer = BufferOf(wire);
  google::rpc::BadRequest read;
  grpc::protobuf::MessageLite* base = &read;
  grpc::Status status =
      grpc::SerializationTraits<grpc::protobuf::MessageLite>::Deserialize(&buffer, base);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(RequestSerializationTraitsTest, BytesThatAreNotAMessageAreReportedToo) {
  grpc::ByteBuffer buffer = BufferOf("\x0A\x7F");  // a string field longer than the message
  v1::GetEventRequest read;
  ASSERT_TRUE(grpc::SerializationTraits<v1::GetEventRequest>::Deserialize(&buffer, &read).ok());
  absl::Status status = domain::CheckRequestLimits(read);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(status), ElementsAre("request"));
}

}  // namespace
}  // namespace timeline::api
