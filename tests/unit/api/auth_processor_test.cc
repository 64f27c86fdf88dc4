// The bearer header's parsing; the processor's decisions are tested over real TLS in
// tests/integration/roles_test.cc.
#include "api/auth_processor.h"

#include "gtest/gtest.h"

namespace timeline::api {
namespace {

TEST(AuthProcessorTest, TakesTheTokenAfterBearerInAnyCase) {
  EXPECT_EQ(AuthProcessor::BearerToken("Bearer ingest-0123456789abcdef"),
            "ingest-0123456789abcdef");
  EXPECT_EQ(AuthProcessor::BearerToken("bearer analyst-0123456789abc"), "analyst-0123456789abc");
  EXPECT_EQ(AuthProcessor::BearerToken("  BEARER   analyst-0123456789abc "),
            "analyst-0123456789abc");
  EXPECT_EQ(AuthProcessor::BearerToken("ingest-0123456789abcdef"), "");
  EXPECT_EQ(AuthProcessor::BearerToken("Basic ingest-0123456789abcdef"), "");
  EXPECT_EQ(AuthProcessor::BearerToken("Bearer "), "");
  EXPECT_EQ(AuthProcessor::BearerToken(""), "");
}

}  // namespace
}  // namespace timeline::api
