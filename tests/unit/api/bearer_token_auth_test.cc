// The bearer-token check: the token file's format, which headers are accepted, which methods
// are open without a token.
#include "api/bearer_token_auth.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace timeline::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseTokenFileTest, OneTokenPerLineSkippingCommentsAndBlanks) {
  auto tokens =
      ParseTokenFile("# ingest job\n  ingest-0123456789abcdef  \n\nanalyst-0123456789abc\n");
  ASSERT_TRUE(tokens.ok()) << tokens.status();
  EXPECT_THAT(*tokens, ElementsAre("ingest-0123456789abcdef", "analyst-0123456789abc"));
}

TEST(ParseTokenFileTest, RejectsShortTokensNamingTheLine) {
  auto tokens = ParseTokenFile("# tokens\nlong-enough-token-1234\nshort\n");
  ASSERT_FALSE(tokens.ok());
  EXPECT_EQ(tokens.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(tokens.status().message(), HasSubstr("line 3"));
}

TEST(ParseTokenFileTest, RejectsAFileWithoutTokens) {
  EXPECT_FALSE(ParseTokenFile("# nobody yet\n\n").ok());
  EXPECT_FALSE(ParseTokenFile("").ok());
}

TEST(BearerTokenAuthTest, AcceptsOnlyAKnownTokenAfterBearer) {
  BearerTokenAuth auth({"ingest-0123456789abcdef", "analyst-0123456789abc"});
  EXPECT_TRUE(auth.Accepts("Bearer ingest-0123456789abcdef"));
  EXPECT_TRUE(auth.Accepts("bearer analyst-0123456789abc"));
  EXPECT_TRUE(auth.Accepts("  BEARER   analyst-0123456789abc "));
  EXPECT_FALSE(auth.Accepts("ingest-0123456789abcdef"));
  EXPECT_FALSE(auth.Accepts("Basic ingest-0123456789abcdef"));
  EXPECT_FALSE(auth.Accepts("Bearer ingest-0123456789abcde"));
  EXPECT_FALSE(auth.Accepts("Bearer ingest-0123456789abcdefg"));
  EXPECT_FALSE(auth.Accepts("Bearer "));
  EXPECT_FALSE(auth.Accepts(""));
}

TEST(BearerTokenAuthTest, HealthAndReflectionAreOpenEverythingElseIsNot) {
  EXPECT_TRUE(BearerTokenAuth::IsOpen("/grpc.health.v1.Health/Check"));
  EXPECT_TRUE(BearerTokenAuth::IsOpen("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"));
  EXPECT_TRUE(
      BearerTokenAuth::IsOpen("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"));
  EXPECT_FALSE(BearerTokenAuth::IsOpen("/timeline.v1.EventService/ListEvents"));
  EXPECT_FALSE(BearerTokenAuth::IsOpen("/timeline.v1.IngestService/IngestEvents"));
  EXPECT_FALSE(BearerTokenAuth::IsOpen("/grpc.health.v1.HealthX/Check"));
  EXPECT_FALSE(BearerTokenAuth::IsOpen(""));
}

}  // namespace
}  // namespace timeline::api
