// The audit line's format and the checks of a caller's request id.
#include "api/call_audit.h"

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace timeline::api {
namespace {

TEST(FormatAuditLineTest, OneJsonObjectWithEveryField) {
  AuditRecord record{"/timeline.v1.EventService/DeleteEvent",
                     "ana \"the analyst\"",
                     "reader",
                     "PERMISSION_DENIED",
                     12.3456,
                     "req-1",
                     "ipv4:127.0.0.1:5000"};
  const std::string line = FormatAuditLine(record);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  google::protobuf::Struct parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &parsed).ok()) << line;
  const auto& fields = parsed.fields();
  EXPECT_EQ(fields.at("method").string_value(), record.method);
  EXPECT_EQ(fields.at("principal").string_value(), record.principal);
  EXPECT_EQ(fields.at("role").string_value(), "reader");
  EXPECT_EQ(fields.at("code").string_value(), "PERMISSION_DENIED");
  EXPECT_DOUBLE_EQ(fields.at("duration_ms").number_value(), 12.346);
  EXPECT_EQ(fields.at("request_id").string_value(), "req-1");
  EXPECT_EQ(fields.at("peer").string_value(), record.peer);
  EXPECT_EQ(fields.size(), 7u);
}

TEST(RequestIdTest, TakesPrintableIdsUpToTheBound) {
  EXPECT_TRUE(IsValidRequestId("3f2b9c1e-import-7"));
  EXPECT_TRUE(IsValidRequestId(std::string(kMaxRequestIdLength, 'a')));
  EXPECT_FALSE(IsValidRequestId(std::string(kMaxRequestIdLength + 1, 'a')));
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId("with space"));
  EXPECT_FALSE(IsValidRequestId("line\nbreak"));
  EXPECT_FALSE(IsValidRequestId("caf\xc3\xa9"));
}

TEST(RequestIdTest, KeepsAValidCallerIdAndReplacesAnyOther) {
  std::multimap<grpc::string_ref, grpc::string_ref> metadata;
  EXPECT_EQ(RequestIdFrom(metadata).size(), 32u);
  EXPECT_NE(RequestIdFrom(metadata), RequestIdFrom(metadata));
  metadata.emplace(kRequestIdHeader, "caller-7");
  EXPECT_EQ(RequestIdFrom(metadata), "caller-7");
  std::multimap<grpc::string_ref, grpc::string_ref> bad;
  const std::string long_id(kMaxRequestIdLength + 1, 'x');
  bad.emplace(kRequestIdHeader, long_id);
  EXPECT_NE(RequestIdFrom(bad), long_id);
  EXPECT_TRUE(IsValidRequestId(RequestIdFrom(bad)));
}

TEST(StatusCodeNameTest, SpellsCodesAsGrpcDoes) {
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::PERMISSION_DENIED), "PERMISSION_DENIED");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
}

}  // namespace
}  // namespace timeline::api
