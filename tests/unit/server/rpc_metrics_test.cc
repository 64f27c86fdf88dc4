// The labels the RPC-counting interceptor gives a call.
#include "server/rpc_metrics.h"

#include <map>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace timeline::server {
namespace {

using Type = grpc::experimental::ServerRpcInfo::Type;

TEST(RpcLabelsOf, SplitsTheFullMethodIntoServiceAndMethod) {
  const RpcLabels labels = RpcLabelsOf("/timeline.v1.EventService/GetEvent", Type::UNARY);
  EXPECT_EQ(labels.service, "timeline.v1.EventService");
  EXPECT_EQ(labels.method, "GetEvent");
  EXPECT_EQ(labels.type, "unary");
}

TEST(RpcLabelsOf, NamesEachKindOfCall) {
  EXPECT_EQ(RpcLabelsOf("/s/M", Type::CLIENT_STREAMING).type, "client_stream");
  EXPECT_EQ(RpcLabelsOf("/s/M", Type::SERVER_STREAMING).type, "server_stream");
  EXPECT_EQ(RpcLabelsOf("/s/M", Type::BIDI_STREAMING).type, "bidi_stream");
}

TEST(RpcLabelsOf, KeepsAPathWithoutServiceAsTheMethod) {
  const RpcLabels labels = RpcLabelsOf("odd", Type::UNARY);
  EXPECT_EQ(labels.service, "");
  EXPECT_EQ(labels.method, "odd");
}

TEST(GrpcCodeLabel, SpellsCodesAsTheGrpcSpecificationNamesThem) {
  EXPECT_EQ(GrpcCodeLabel(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(GrpcCodeLabel(grpc::StatusCode::CANCELLED), "CANCELLED");
  EXPECT_EQ(GrpcCodeLabel(grpc::StatusCode::NOT_FOUND), "NOT_FOUND");
  EXPECT_EQ(GrpcCodeLabel(grpc::StatusCode::RESOURCE_EXHAUSTED), "RESOURCE_EXHAUSTED");
  EXPECT_EQ(GrpcCodeLabel(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  EXPECT_EQ(GrpcCodeLabel(static_cast<grpc::StatusCode>(42)), "CODE_42");
  EXPECT_EQ(GrpcCodeLabel(static_cast<grpc::StatusCode>(-1)), "CODE_-1");
}

// The table is indexed by number: every code must land on its own enum's name.
TEST(GrpcCodeLabel, GivesEveryCodeItsOwnName) {
  const std::map<grpc::StatusCode, std::string> want = {
      {grpc::StatusCode::UNKNOWN, "UNKNOWN"},
      {grpc::StatusCode::INVALID_ARGUMENT, "INVALID_ARGUMENT"},
      {grpc::StatusCode::DEADLINE_EXCEEDED, "DEADLINE_EXCEEDED"},
      {grpc::StatusCode::ALREADY_EXISTS, "ALREADY_EXISTS"},
      {grpc::StatusCode::PERMISSION_DENIED, "PERMISSION_DENIED"},
      {grpc::StatusCode::FAILED_PRECONDITION, "FAILED_PRECONDITION"},
      {grpc::StatusCode::ABORTED, "ABORTED"},
      {grpc::StatusCode::OUT_OF_RANGE, "OUT_OF_RANGE"},
      {grpc::StatusCode::UNIMPLEMENTED, "UNIMPLEMENTED"},
      {grpc::StatusCode::INTERNAL, "INTERNAL"},
      {grpc::StatusCode::UNAVAILABLE, "UNAVAILABLE"},
      {grpc::StatusCode::DATA_LOSS, "DATA_LOSS"}};
  for (const auto& [code, name] : want) EXPECT_EQ(GrpcCodeLabel(code), name);
  std::set<std::string> labels;
  for (int code = 0; code <= 16; ++code) {
    labels.insert(GrpcCodeLabel(static_cast<grpc::StatusCode>(code)));
  }
  EXPECT_EQ(labels.size(), 17u);
}

}  // namespace
}  // namespace timeline::server
