// DateService.ParseDates through a real server: the dates of two news articles' sentences
// (tests/data/article_dates), offsets in code points of the text sent, spans in the time model,
// and INVALID_ARGUMENT naming the field for a bad zone or language.
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "date/date.h"
#include "date/tz.h"
#include "domain/time_span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "integration_suite.h"
#include "status_details.h"
#include "timeline/v1/date.grpc.pb.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;

std::string ReadArticle(const std::string& name) {
  std::ifstream in(std::string(TIMELINE_TEST_DATA_DIR) + "/article_dates/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The text's code points [start, end), as a client indexing code points reads them.
std::string CodePointSlice(const std::string& utf8, int start, int end) {
  std::string out;
  int index = -1;  // the code point utf8[i] belongs to
  for (char byte : utf8) {
    if ((static_cast<unsigned char>(byte) & 0xC0) != 0x80) ++index;
    if (index >= start && index < end) out += byte;
  }
  return out;
}

google::protobuf::Timestamp Instant(const char* zone, date::local_days day,
                                    std::chrono::minutes time = {}) {
  return domain::ToTimestamp(std::chrono::time_point_cast<std::chrono::microseconds>(
      date::make_zoned(zone, day + time).get_sys_time()));
}

constexpr char kDubai[] = "Asia/Dubai";
constexpr auto kOct12 = date::local_days{date::year{2024} / 10 / 12};

class ParseDatesTest : public IntegrationSuite<ParseDatesTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

 protected:
  static grpc::Status Call(const v1::ParseDatesRequest& request, v1::ParseDatesResponse* out) {
    auto stub = v1::DateService::NewStub(env_->channel());
    grpc::ClientContext ctx;
    return stub->ParseDates(&ctx, request, out);
  }

  static std::vector<std::string> Texts(const v1::ParseDatesResponse& response) {
    std::vector<std::string> out;
    for (const v1::FoundDate& d : response.dates()) out.push_back(d.text());
    return out;
  }
};

TEST_F(ParseDatesTest, DatedArticleGivesItsDatelineAndLastSeptember) {
  v1::ParseDatesRequest request;
  request.set_text(ReadArticle("dated_article.txt"));
  *request.mutable_reference_time() =
      Instant(kDubai, kOct12, std::chrono::hours{15} + std::chrono::minutes{16});
  request.set_time_zone(kDubai);
  request.set_language("ar");
  v1::ParseDatesResponse response;
  grpc::Status status = Call(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  ASSERT_THAT(Texts(response), ElementsAre("12 أكتوبر 2024، 3:16 م", "سبتمبر/أيلول الماضي"));
  for (const v1::FoundDate& d : response.dates()) {
    EXPECT_EQ(CodePointSlice(request.text(), d.start_offset(), d.end_offset()), d.text());
    EXPECT_EQ(d.time().text(), d.text());
    EXPECT_EQ(d.time().time_zone(), kDubai);
  }
  const v1::TimeSpan& dateline = response.dates(0).time();
  EXPECT_EQ(dateline.precision(), v1::PRECISION_MINUTE);
  EXPECT_EQ(dateline.start_time().seconds(), request.reference_time().seconds());
  EXPECT_EQ(dateline.end_time().seconds(), request.reference_time().seconds() + 60);

  const v1::TimeSpan& september = response.dates(1).time();
  EXPECT_EQ(september.precision(), v1::PRECISION_MONTH);
  EXPECT_EQ(september.start_time().seconds(),
            Instant(kDubai, date::local_days{date::year{2024} / 9 / 1}).seconds());
  EXPECT_EQ(september.end_time().seconds(),
            Instant(kDubai, date::local_days{date::year{2024} / 10 / 1}).seconds());
}

TEST_F(ParseDatesTest, ThursdayInAnUndatedArticleIsUnresolvedWithAWarning) {
  v1::ParseDatesRequest request;
  request.set_text(ReadArticle("undated_article.txt"));
  request.set_time_zone(kDubai);
  v1::ParseDatesResponse response;
  grpc::Status status = Call(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();

  ASSERT_THAT(Texts(response), ElementsAre("الخميس"));
  const v1::FoundDate& thursday = response.dates(0);
  EXPECT_EQ(CodePointSlice(request.text(), thursday.start_offset(), thursday.end_offset()),
            "الخميس");
  EXPECT_FALSE(thursday.time().has_start_time());
  EXPECT_FALSE(thursday.time().has_end_time());
  EXPECT_EQ(thursday.time().precision(), v1::PRECISION_UNKNOWN);
  EXPECT_GT(thursday.warnings_size(), 0);
}

TEST_F(ParseDatesTest, BadZoneAndLanguageAreRefusedByField) {
  v1::ParseDatesRequest request;
  request.set_text("le 5 octobre 2024");
  request.set_time_zone("Mars/Olympus");
  request.set_language("de");
  v1::ParseDatesResponse response;
  grpc::Status status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("time_zone", "language"));
}

TEST_F(ParseDatesTest, AnArticleLongerThanAnyOtherTextFieldIsRead) {
  // 20 KB of text before the date: articles are longer than the 1,000 bytes of other text fields.
  v1::ParseDatesRequest request;
  request.set_text(std::string(20'000, '.') + " 17 September 2024");
  v1::ParseDatesResponse response;
  grpc::Status status = Call(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(Texts(response), ElementsAre("17 September 2024"));
  EXPECT_EQ(response.dates(0).start_offset(), 20'001);

  request.set_text(std::string(100'001, 'x'));
  status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("text"));
}

}  // namespace
}  // namespace timeline::testing
