// Decoding a snapshot to UTF-8: legacy and UTF-16 text, invalid sequences noted by line.
#include "decoded_stream.h"

#include <iterator>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "job_testing.h"

namespace timeline::ingest {
namespace {

using namespace std::string_literals;
using namespace ::timeline::ingest::testing;  // NOLINT: the job's test helpers
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

std::string DecodeAll(DecodedStream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TextEncoding Named(const std::string& name, int bom_bytes = 0) {
  absl::StatusOr<TextEncoding> encoding = NamedEncoding(name, "");
  EXPECT_TRUE(encoding.ok()) << encoding.status();
  encoding->bom_bytes = bom_bytes;
  return *encoding;
}

class DecodedStreamTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& bytes) {
    const std::string path = dir_ / "input";
    WriteFile(path, bytes);
    return path;
  }
  TempDir dir_;
};

TEST_F(DecodedStreamTest, Windows1252BecomesUtf8) {
  const std::string raw =
      "Bouak\xE9,\x93universit\xE9\x94 \x96 pr\xE9"
      "fecture\r\n";
  DecodedStream in(Write(raw), static_cast<int64_t>(raw.size()), Named("windows-1252"));
  EXPECT_EQ(DecodeAll(in), "Bouaké,“université” – préfecture\r\n");
  EXPECT_THAT(in.invalid_lines(), IsEmpty());
}

TEST_F(DecodedStreamTest, Utf16LittleEndianWithItsMarkBecomesUtf8) {
  // "القاهرة\nSégou\n" in UTF-16LE after the mark; U+010A's low byte is 0x0A but is no line end.
  const std::string raw =
      "\xFF\xFE"
      "\x27\x06\x44\x06\x42\x06\x27\x06\x47\x06\x31\x06\x29\x06\x0A\x00"
      "S\x00\xE9\x00g\x00o\x00u\x00\x0A\x01\x0A\x00"s;
  DecodedStream in(Write(raw), static_cast<int64_t>(raw.size()), Named("UTF-16LE", 2));
  EXPECT_EQ(DecodeAll(in), "القاهرة\nSégouĊ\n");
  EXPECT_THAT(in.invalid_lines(), IsEmpty());
}

TEST_F(DecodedStreamTest, InvalidSequencesAreNotedOnTheirLineAndReplaced) {
  const std::string raw = "line one\nbad \xFF here\nfine\ncut \xC3(\n";
  DecodedStream in(Write(raw), static_cast<int64_t>(raw.size()), Named("UTF-8"));
  EXPECT_EQ(DecodeAll(in), "line one\nbad \uFFFD here\nfine\ncut \uFFFD(\n");
  EXPECT_THAT(in.invalid_lines(),
              ElementsAre(Pair(2, "invalid UTF-8 byte 0xFF"), Pair(4, "invalid UTF-8 byte 0xC3")));
}

TEST_F(DecodedStreamTest, InvalidSequencesAcrossChunksKeepTheirLines) {
  // Past the first 64 KiB chunk, with a sequence split across the chunk boundary.
  std::string raw(65535, 'a');
  raw += "\xC3\xA9\n";   // é across the boundary: valid
  raw += "ok\nx\xFE\n";  // line 3 invalid
  DecodedStream in(Write(raw), static_cast<int64_t>(raw.size()), Named("UTF-8"));
  const std::string decoded = DecodeAll(in);
  EXPECT_EQ(decoded.substr(65535), "é\nok\nx\uFFFD\n");
  EXPECT_THAT(in.invalid_lines(), ElementsAre(Pair(3, "invalid UTF-8 byte 0xFE")));
}

TEST_F(DecodedStreamTest, ALoneSurrogateInUtf16IsInvalid) {
  const std::string raw = "a\x00\n\x00\x00\xD8z\x00\n\x00"s;  // line 2: U+D800 then "z"
  DecodedStream in(Write(raw), static_cast<int64_t>(raw.size()), Named("UTF-16LE"));
  EXPECT_EQ(DecodeAll(in), "a\n\uFFFDz\n");
  ASSERT_EQ(in.invalid_lines().size(), 1u);
  EXPECT_EQ(in.invalid_lines().begin()->first, 2);
}

TEST_F(DecodedStreamTest, ReadsOnlyTheSnapshot) {
  const std::string raw = "Bouak\xE9\nappended later";
  DecodedStream in(Write(raw), 7, Named("windows-1252"));
  EXPECT_EQ(DecodeAll(in), "Bouaké\n");
}

}  // namespace
}  // namespace timeline::ingest
