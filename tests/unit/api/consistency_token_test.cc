#include "api/consistency_token.h"

#include "api/status_mapping.h"
#include "gmock/gmock.h"
#include "grpcpp/test/server_context_test_spouse.h"
#include "gtest/gtest.h"

namespace timeline::api {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(ConsistencyTokenTest, ACallWithoutOneReadsWithout) {
  grpc::ServerContext context;
  storage::CallContext ctx = ContextFrom(context);
  EXPECT_EQ(ctx.consistency_token, "");
}

TEST(ConsistencyTokenTest, TheCallsTokenReachesStorage) {
  grpc::ServerContext context;
  grpc::testing::ServerContextTestSpouse spouse(&context);
  spouse.AddClientMetadata(kConsistencyTokenKey, "0/3000148");
  EXPECT_EQ(ContextFrom(context).consistency_token, "0/3000148");
}

TEST(ConsistencyTokenTest, OfSeveralTheNewestCounts) {
  grpc::ServerContext context;
  grpc::testing::ServerContextTestSpouse spouse(&context);
  spouse.AddClientMetadata(kConsistencyTokenKey, "0/3000148");
  spouse.AddClientMetadata(kConsistencyTokenKey, "1/10");
  spouse.AddClientMetadata(kConsistencyTokenKey, "0/FFFFFFFF");
  EXPECT_EQ(ContextFrom(context).consistency_token, "1/10");
}

TEST(ConsistencyTokenTest, AMalformedOneIsKeptForTheReadToRefuse) {
  grpc::ServerContext context;
  grpc::testing::ServerContextTestSpouse spouse(&context);
  spouse.AddClientMetadata(kConsistencyTokenKey, "1/10");
  spouse.AddClientMetadata(kConsistencyTokenKey, "garbage");
  EXPECT_EQ(ContextFrom(context).consistency_token, "garbage");
}

TEST(ConsistencyTokenTest, AWritesTokenGoesBackAsATrailer) {
  grpc::ServerContext context;
  grpc::testing::ServerContextTestSpouse spouse(&context);
  storage::CallContext ctx = ContextFrom(context);
  EXPECT_THAT(spouse.GetTrailingMetadata(), IsEmpty());
  ASSERT_TRUE(ctx.on_consistency_token);
  ctx.on_consistency_token("0/3A01F28");
  EXPECT_THAT(spouse.GetTrailingMetadata(), ElementsAre(Pair(kConsistencyTokenKey, "0/3A01F28")));
}

}  // namespace
}  // namespace timeline::api
