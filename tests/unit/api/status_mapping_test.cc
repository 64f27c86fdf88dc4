// The one place where absl::Status becomes grpc::Status: every code keeps its number and message,
// field violations become google.rpc.BadRequest details with their field paths in order, and a
// call's context becomes the storage layer's CallContext.
#include "api/status_mapping.h"

#include "domain/validation.h"
#include "gmock/gmock.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "status_details.h"

namespace timeline::api {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::timeline::testing::ViolatedFields;

TEST(ToGrpcStatusTest, OkIsOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

// absl and gRPC number their codes alike; the mapping keeps both code and message, and adds no
// details to a status that carries no field violations.
TEST(ToGrpcStatusTest, EveryCodeKeepsItsNumberAndMessage) {
  for (int code = 1; code <= 16; ++code) {
    const absl::Status status(static_cast<absl::StatusCode>(code), "what went wrong");
    SCOPED_TRACE(status.ToString());
    grpc::Status mapped = ToGrpcStatus(status);
    EXPECT_EQ(static_cast<int>(mapped.error_code()), code);
    EXPECT_EQ(mapped.error_message(), "what went wrong");
    EXPECT_TRUE(mapped.error_details().empty());
  }
}

TEST(ToGrpcStatusTest, NamedCodesMatch) {
  EXPECT_EQ(ToGrpcStatus(absl::NotFoundError("x")).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ToGrpcStatus(absl::AlreadyExistsError("x")).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ToGrpcStatus(absl::AbortedError("x")).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ToGrpcStatus(absl::FailedPreconditionError("x")).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ToGrpcStatus(absl::DeadlineExceededError("x")).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(ToGrpcStatus(absl::UnavailableError("x")).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ToGrpcStatus(absl::InternalError("x")).error_code(), grpc::StatusCode::INTERNAL);
}

TEST(ToGrpcStatusTest, FieldViolationsBecomeBadRequestDetailsInOrder) {
  domain::Violations v;
  v.Add("event.actors[1].role", "is required");
  v.Add("event.time.start_time", "must start a month");
  v.Add("page_size", "must not be negative");
  const absl::Status status = v.ToStatus();
  grpc::Status mapped = ToGrpcStatus(status);
  EXPECT_EQ(mapped.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(mapped.error_message(), status.message());
  EXPECT_THAT(ViolatedFields(mapped),
              ElementsAre("event.actors[1].role", "event.time.start_time", "page_size"));

  // The details are a google.rpc.Status of the same code and message.
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(mapped.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), mapped.error_message());
  EXPECT_EQ(details.details_size(), 1);
}

TEST(ToGrpcStatusTest, ASingleInvalidFieldNamesIt) {
  grpc::Status mapped = ToGrpcStatus(domain::InvalidField("page_token", "is not ours"));
  EXPECT_EQ(mapped.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(mapped), ElementsAre("page_token"));
}

// A status of another code keeps a BadRequest payload too: the repository's INVALID_ARGUMENT
// for a missing reference is one, and nothing stops a NOT_FOUND from naming a field.
TEST(ToGrpcStatusTest, APayloadOnAnyCodeBecomesDetails) {
  absl::Status status = domain::InvalidField("filter", "names actors/nobody");
  absl::Status not_found = absl::NotFoundError(status.message());
  not_found.SetPayload(domain::kBadRequestTypeUrl, *status.GetPayload(domain::kBadRequestTypeUrl));
  grpc::Status mapped = ToGrpcStatus(not_found);
  EXPECT_EQ(mapped.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(ViolatedFields(mapped), ElementsAre("filter"));
}

TEST(ToGrpcStatusTest, WithoutViolationsThereAreNoFields) {
  EXPECT_THAT(ViolatedFields(ToGrpcStatus(absl::NotFoundError("events/x does not exist"))),
              IsEmpty());
  EXPECT_THAT(ViolatedFields(ToGrpcStatus(absl::InvalidArgumentError("no field"))), IsEmpty());
}

// A call without a deadline reaches storage without one, and is not cancelled.
TEST(ContextFromTest, NoDeadlineIsAnInfiniteOne) {
  grpc::ServerContext context;
  storage::CallContext ctx = ContextFrom(context);
  EXPECT_EQ(ctx.deadline, absl::InfiniteFuture());
  ASSERT_TRUE(ctx.cancelled);
  EXPECT_FALSE(ctx.cancelled());
}

}  // namespace
}  // namespace timeline::api
