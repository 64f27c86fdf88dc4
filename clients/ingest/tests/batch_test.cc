// Request ids of batches, and batches split into messages.
#include "batch.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "content_hash.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "job_testing.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::ingest::testing;  // NOLINT: the job's test helpers
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(RequestId, IsAPureFunctionOfTheKey) {
  const std::string digest = Sha256Hex("lines");
  const RequestKey key{"0123456789abcdef0123456789abcdef", 2, 1001, digest, false};
  const std::string id = MakeRequestId(key);
  EXPECT_EQ(id, MakeRequestId(key));
  EXPECT_THAT(id, ::testing::StartsWith("ti-0123456789abcdef0123456789abcdef-2-1001-"));

  RequestKey other = key;
  other.lineage = "fedcba9876543210fedcba9876543210";
  EXPECT_NE(MakeRequestId(other), id);
  other = key;
  other.first_line = 3;
  EXPECT_NE(MakeRequestId(other), id);
  other = key;
  other.last_line = 1000;
  EXPECT_NE(MakeRequestId(other), id);
  other = key;
  const std::string other_digest = Sha256Hex("other lines");
  other.lines_sha256 = other_digest;
  EXPECT_NE(MakeRequestId(other), id);
  other = key;
  other.strict = true;
  EXPECT_NE(MakeRequestId(other), id);
}

TEST(RequestId, FitsAip155Limit) {
  const std::string digest = Sha256Hex("x");
  const int64_t huge = std::numeric_limits<int64_t>::max();
  EXPECT_LE(MakeRequestId({std::string(200, 'f'), huge, huge, digest, true}).size(), 128u);
}

TEST(SplitIntoMessages, CutsEvery200Records) {
  const auto messages = SplitIntoMessages(std::vector<size_t>(1000, 300));
  ASSERT_THAT(messages, SizeIs(5));
  EXPECT_EQ(messages.front(), std::make_pair(size_t{0}, size_t{200}));
  EXPECT_EQ(messages.back(), std::make_pair(size_t{800}, size_t{1000}));
  EXPECT_THAT(SplitIntoMessages(std::vector<size_t>(201, 1)), SizeIs(2));
  EXPECT_THAT(SplitIntoMessages({}), SizeIs(0));
}

TEST(SplitIntoMessages, KeepsMessagesWithinTheByteBudget) {
  // 10 records of 300 kB: 3 per 1 MiB message.
  const auto messages = SplitIntoMessages(std::vector<size_t>(10, 300 << 10));
  EXPECT_THAT(messages, ElementsAre(std::make_pair(size_t{0}, size_t{3}), std::make_pair(3u, 6u),
                                    std::make_pair(6u, 9u), std::make_pair(9u, 10u)));
  // A record larger than the budget goes alone.
  EXPECT_THAT(SplitIntoMessages({10, 5 << 20, 10}),
              ElementsAre(std::make_pair(size_t{0}, size_t{1}), std::make_pair(1u, 2u),
                          std::make_pair(2u, 3u)));
}

}  // namespace
}  // namespace timeline::ingest
