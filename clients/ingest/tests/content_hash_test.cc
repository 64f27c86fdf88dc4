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

TEST(LineHasher, CountsUtf16LineEndsByCodeUnit) {
  using namespace std::string_literals;
  TempDir dir;
  // UTF-16LE "a<U+010A>\nb\n": U+010A is 0A 01, which holds byte 0x0A but ends no line; nor
  // does the 0x0A of "\x00\x0A" at an odd offset in the little-endian order.
  const std::string text =
      "\xFF\xFE"
      "a\x00\x0A\x01\x0A\x00"
      "b\x00\x0A\x00"s;
  WriteFile(dir / "f", text);
  auto hasher = LineHasher::Open(dir / "f", static_cast<int64_t>(text.size()), {2, false});
  ASSERT_TRUE(hasher.ok());
  EXPECT_EQ((*hasher)->AdvanceTo(1), 1);
  EXPECT_EQ((*hasher)->bytes(), 8);
  EXPECT_EQ((*hasher)->AdvanceToEnd(), 2);

  // The same text big-endian: line ends are 00 0A at even offsets.
  const std::string big =
      "\xFE\xFF"
      "\x00"
      "a\x01\x0A\x00\x0A"
      "\x00"
      "b\x00\x0A"s;
  WriteFile(dir / "g", big);
  auto big_hasher = LineHasher::Open(dir / "g", static_cast<int64_t>(big.size()), {2, true});
  ASSERT_TRUE(big_hasher.ok());
  EXPECT_EQ((*big_hasher)->AdvanceTo(1), 1);
  EXPECT_EQ((*big_hasher)->bytes(), 8);
  EXPECT_EQ((*big_hasher)->AdvanceToEnd(), 2);
}

}  // namespace
}  // namespace timeline::ingest
