// The CSV and line readers: quoting, line numbers, malformed lines.
#include "formats/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "formats/readers.h"
#include "formats/record_reader.h"
#include "formats_testing.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::ingest::testing;  // NOLINT: the readers' test helpers
using Kind = ReadItem::Kind;

std::vector<CsvRecord> ReadCsv(const std::string& text, size_t max_bytes = 1 << 20) {
  std::istringstream in(text);
  CsvReader csv(in, ',', max_bytes);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (csv.Next(&r)) out.push_back(r);
  return out;
}

TEST(CsvReaderTest, QuotedFieldsWithCommasNewlinesAndEscapedQuotes) {
  const std::vector<CsvRecord> r = ReadCsv(
      "a,\"b, c\",\"say \"\"hi\"\"\"\n"
      "\"two\nlines\",\"\",x,\n"
      "last,row");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].line, 1);
  EXPECT_EQ(r[0].fields, (std::vector<std::string>{"a", "b, c", "say \"hi\""}));
  EXPECT_EQ(r[1].line, 2);
  EXPECT_EQ(r[1].fields, (std::vector<std::string>{"two\nlines", "", "x", ""}));
  EXPECT_EQ(r[2].line, 4);  // the quoted newline moved it down a line
  EXPECT_EQ(r[2].fields, (std::vector<std::string>{"last", "row"}));
  for (const CsvRecord& rec : r) EXPECT_EQ(rec.error, "");
}

TEST(CsvReaderTest, ByteOrderMarkCrlfLoneCrAndBlankLines) {
  const std::vector<CsvRecord> r =
      ReadCsv("\xEF\xBB\xBFid,name\r\n\r\n1,\"a\r\nb\"\r\n2,c\r3,d\n\n");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].fields, (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(r[1].line, 3);
  EXPECT_EQ(r[1].fields, (std::vector<std::string>{"1", "a\nb"}));
  EXPECT_EQ(r[2].line, 5);
  EXPECT_EQ(r[2].fields, (std::vector<std::string>{"2", "c"}));
  EXPECT_EQ(r[3].line, 6);
  EXPECT_EQ(r[3].fields, (std::vector<std::string>{"3", "d"}));
}

TEST(CsvReaderTest, LenientAboutStrayQuotes) {
  const std::vector<CsvRecord> r = ReadCsv("a\"b,\"c\"d\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (std::vector<std::string>{"a\"b", "cd"}));
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorOnTheLineItOpens) {
  const std::vector<CsvRecord> r = ReadCsv("a,b\n1,\"never closed\n2,x\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].line, 2);
  EXPECT_TRUE(absl::StrContains(r[1].error, "unterminated quoted field")) << r[1].error;
}

TEST(CsvReaderTest, OverlongRecordIsSkippedToTheNextLine) {
  const std::vector<CsvRecord> r = ReadCsv("1,\"0123456789012345678901234567890123\n2,x\n", 16);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].line, 1);
  EXPECT_TRUE(absl::StrContains(r[0].error, "longer than 16 bytes")) << r[0].error;
  EXPECT_EQ(r[1].line, 2);
  EXPECT_EQ(r[1].fields, (std::vector<std::string>{"2", "x"}));
}

// Escaped quotes count towards the limit like any other byte: a field of nothing but "" pairs
// must not grow without bound.
TEST(CsvReaderTest, EscapedQuotesCountTowardsTheRecordLimit) {
  const std::string quotes(200, '"');
  const std::vector<CsvRecord> r = ReadCsv("1,\"" + quotes + "\"\n2,x\n", 16);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(absl::StrContains(r[0].error, "longer than 16 bytes")) << r[0].error;
  EXPECT_TRUE(r[0].fields.empty());
  EXPECT_EQ(r[1].fields, (std::vector<std::string>{"2", "x"}));
}

TEST(LineReaderTest, LineEndingsAndLimit) {
  std::istringstream in(
      "\xEF\xBB\xBF"
      "one\r\ntwo\rthree\nfourfourfour");
  LineReader lines(in, 6);
  std::string line;
  int64_t n = 0;
  bool too_long = false;
  std::vector<std::pair<int64_t, std::string>> got;
  std::vector<bool> long_flags;
  while (lines.Next(&line, &n, &too_long)) {
    got.emplace_back(n, line);
    long_flags.push_back(too_long);
  }
  EXPECT_EQ(got, (std::vector<std::pair<int64_t, std::string>>{
                     {1, "one"}, {2, "two"}, {3, "three"}, {4, "fourfo"}}));
  EXPECT_EQ(long_flags, (std::vector<bool>{false, false, false, true}));
}

}  // namespace
}  // namespace timeline::ingest
