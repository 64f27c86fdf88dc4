// SHA-256 of file prefixes and of the lines a batch covers.
#include "content_hash.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "job_testing.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::ingest::testing;  // NOLINT: the job's test helpers
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(Sha256, MatchesTheStandardTestVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 incremental;
  incremental.Update("a");
  EXPECT_EQ(incremental.HexDigest(), Sha256Hex("a"));
  incremental.Update("bc");
  EXPECT_EQ(incremental.HexDigest(), Sha256Hex("abc"));
}

TEST(LineHasher, HashesPrefixesAndSpansByLine) {
  TempDir dir;
  WriteFile(dir / "f", "a\nbb\nccc");
  auto hasher = LineHasher::Open(dir / "f", 8);
  ASSERT_TRUE(hasher.ok());
  EXPECT_EQ((*hasher)->AdvanceTo(2), 2);
  EXPECT_EQ((*hasher)->bytes(), 5);
  EXPECT_TRUE((*hasher)->at_line_start());
  EXPECT_EQ((*hasher)->PrefixDigest(), Sha256Hex("a\nbb\n"));
  EXPECT_EQ((*hasher)->TakeSpanDigest(), Sha256Hex("a\nbb\n"));
  // A last line without '\n' is still a line.
  EXPECT_EQ((*hasher)->AdvanceToEnd(), 3);
  EXPECT_FALSE((*hasher)->at_line_start());
  EXPECT_EQ((*hasher)->TakeSpanDigest(), Sha256Hex("ccc"));
  EXPECT_EQ((*hasher)->PrefixDigest(), Sha256Hex("a\nbb\nccc"));
}

TEST(LineHasher, StopsAtTheSnapshotSize) {
  TempDir dir;
  WriteFile(dir / "f", "a\nb\nappended later\n");
  auto hasher = LineHasher::Open(dir / "f", 4);
  ASSERT_TRUE(hasher.ok());
  EXPECT_EQ((*hasher)->AdvanceToEnd(), 2);
  EXPECT_EQ((*hasher)->bytes(), 4);
}

}  // namespace
}  // namespace timeline::ingest
