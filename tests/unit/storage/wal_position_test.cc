#include "storage/wal_position.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace timeline::storage {
namespace {

using ::testing::HasSubstr;

TEST(WalPositionTest, ReadsPostgresTextForm) {
  absl::StatusOr<WalPosition> position = ParseWalPosition("16/B374D848", "token");
  ASSERT_TRUE(position.ok()) << position.status();
  EXPECT_EQ(*position, (WalPosition{0x16} << 32) | 0xB374D848);
  EXPECT_EQ(*ParseWalPosition("0/0", "token"), 0u);
  EXPECT_EQ(*ParseWalPosition("ffffffff/FFFFFFFF", "token"), ~WalPosition{0});
}

TEST(WalPositionTest, FormatsAsPostgresDoes) {
  EXPECT_EQ(FormatWalPosition((WalPosition{0x16} << 32) | 0xB374D848), "16/B374D848");
  EXPECT_EQ(FormatWalPosition(0x3000148), "0/3000148");
}

TEST(WalPositionTest, RoundTrips) {
  for (WalPosition p : {WalPosition{0}, WalPosition{1} << 32, WalPosition{0x123456789abcdef0}}) {
    EXPECT_EQ(*ParseWalPosition(FormatWalPosition(p), "token"), p);
  }
}

TEST(WalPositionTest, RefusesOtherTextNamingTheField) {
  for (const char* bad : {"", "/", "0/", "/0", "12", "1/2/3", "g/0", "0/-1", " 0/1", "0/1 ",
                          "123456789/0", "0x1/0"}) {
    absl::StatusOr<WalPosition> position = ParseWalPosition(bad, "timeline-consistency-token");
    ASSERT_FALSE(position.ok()) << bad;
    EXPECT_EQ(position.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(position.status().message(), HasSubstr("timeline-consistency-token")) << bad;
  }
}

}  // namespace
}  // namespace timeline::storage
