// Settling a file's encoding: byte-order marks, valid UTF-8, ICU's detection, --encoding names.
#include "text_encoding.h"

#include <string>

#include "gtest/gtest.h"

namespace timeline::ingest {
namespace {

using namespace std::string_literals;

TEST(DetectEncoding, ByteOrderMarksSettleItAndAreSkipped) {
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBF"
                           "a,b\r\n")
                .name,
            "UTF-8");
  EXPECT_EQ(DetectEncoding("\xEF\xBB\xBF"
                           "a,b\r\n")
                .bom_bytes,
            3);

  const TextEncoding utf16le = DetectEncoding(
      "\xFF\xFE"
      "a\0,\0"s);
  EXPECT_EQ(utf16le.name, "UTF-16LE");
  EXPECT_EQ(utf16le.bom_bytes, 2);
  EXPECT_EQ(utf16le.unit_width, 2);
  EXPECT_FALSE(utf16le.big_endian);
  EXPECT_EQ(utf16le.how, "byte-order mark");

  const TextEncoding utf16be = DetectEncoding("\xFE\xFF\0a\0,"s);
  EXPECT_EQ(utf16be.name, "UTF-16BE");
  EXPECT_TRUE(utf16be.big_endian);

  // UTF-32LE's mark begins with UTF-16LE's.
  const TextEncoding utf32le = DetectEncoding("\xFF\xFE\0\0a\0\0\0"s);
  EXPECT_EQ(utf32le.name, "UTF-32LE");
  EXPECT_EQ(utf32le.unit_width, 4);
  EXPECT_EQ(utf32le.bom_bytes, 4);
}

TEST(DetectEncoding, ValidUtf8IsUtf8EvenWhenTheHeadCutsASequence) {
  EXPECT_EQ(DetectEncoding("COUNTRY,LOCATION\nMali,S\xC3\xA9gou\n").how, "valid UTF-8");
  EXPECT_EQ(DetectEncoding("plain ASCII").name, "UTF-8");
  // "é" cut after its first byte by the end of the sample, and "ق" (D9 82) likewise.
  EXPECT_EQ(DetectEncoding("S\xC3\xA9gou,S\xC3").name, "UTF-8");
  EXPECT_EQ(DetectEncoding("\xD8\xA7\xD9").name, "UTF-8");
}

TEST(DetectEncoding, Windows1252TextIsDetectedAsSuch) {
  // Curly quotes (0x93/0x94), an en dash (0x96) and accented letters, as an export from a
  // Windows spreadsheet has them.
  const std::string text =
      "EVENT_DATE,LOCATION,NOTES\r\n"
      "03/02/2015,Yopougon,\"Students marched on the \x93universit\xE9\x94 campus \x96 police "
      "used tear gas.\"\r\n"
      "11/02/2015,Bouak\xE9,Demobilised soldiers blocked the road to the pr\xE9"
      "fecture.\r\n"
      "02/04/2015,B\xE9ja\xEF"
      "a,Residents protested water cuts \x91"
      "for the third day\x92.\r\n";
  const TextEncoding encoding = DetectEncoding(text);
  EXPECT_EQ(encoding.name, "windows-1252");
  EXPECT_EQ(encoding.unit_width, 1);
  EXPECT_EQ(encoding.how.rfind("detected, confidence ", 0), 0u) << encoding.how;
}

TEST(DetectEncoding, Latin1IsReadAsWindows1252) {
  // No byte in 0x80-0x9F: ICU says ISO-8859-1; Windows-1252 reads these bytes the same and
  // also reads the curly quotes a later line may hold.
  const std::string text =
      "LOCATION,NOTES\nS\xE9gou,March\xE9 central ferm\xE9\nB\xE9ja\xEF"
      "a,Gr\xE8ve des "
      "enseignants \xE0 l'universit\xE9\n";
  EXPECT_EQ(DetectEncoding(text).name, "windows-1252");
}

TEST(NamedEncoding, AcceptsIcuNamesAndAliases) {
  absl::StatusOr<TextEncoding> cp1252 = NamedEncoding("cp1252", "a,b");
  ASSERT_TRUE(cp1252.ok()) << cp1252.status();
  EXPECT_EQ(cp1252->how, "--encoding");
  EXPECT_EQ(cp1252->unit_width, 1);

  absl::StatusOr<TextEncoding> latin1 = NamedEncoding("latin1", "a,b");
  ASSERT_TRUE(latin1.ok()) << latin1.status();
  EXPECT_EQ(latin1->bom_bytes, 0);
}

TEST(NamedEncoding, Utf16TakesItsByteOrderFromTheMarkElseBigEndian) {
  absl::StatusOr<TextEncoding> marked = NamedEncoding("UTF-16",
                                                      "\xFF\xFE"
                                                      "a\0"s);
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(marked->name, "UTF-16LE");
  EXPECT_EQ(marked->bom_bytes, 2);
  EXPECT_EQ(marked->unit_width, 2);

  absl::StatusOr<TextEncoding> unmarked = NamedEncoding("utf-16", "\0a\0,"s);
  ASSERT_TRUE(unmarked.ok());
  EXPECT_EQ(unmarked->name, "UTF-16BE");
  EXPECT_TRUE(unmarked->big_endian);
  EXPECT_EQ(unmarked->bom_bytes, 0);
}

TEST(NamedEncoding, UnknownNamesAreRefusedByName) {
  absl::StatusOr<TextEncoding> encoding = NamedEncoding("klingon-8", "a");
  ASSERT_FALSE(encoding.ok());
  EXPECT_EQ(encoding.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(encoding.status().message().find("klingon-8"), std::string::npos);
}

}  // namespace
}  // namespace timeline::ingest
