// The date normalizer's spans in the time model: every field carried over, every precision mapped
// both ways, and what the normalizer reads passes the time model's own checks.
#include "domain/date_adapter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "date/date.h"

namespace timeline::domain {
namespace {

using normalize::DatePrecision;

Micros Utc(int y, unsigned mo, unsigned d) {
  return Micros{date::sys_days{date::year{y} / date::month{mo} / date::day{d}}};
}

TEST(DateAdapterTest, CarriesEveryFieldOfAResolvedSpan) {
  normalize::DateSpan date;
  date.start = Utc(2024, 9, 1);
  date.end = Utc(2024, 10, 1);
  date.precision = DatePrecision::kMonth;
  date.time_zone = "Africa/Bamako";
  date.text = "سبتمبر/أيلول الماضي";
  const Span span = SpanFromDate(date);
  EXPECT_EQ(span.start, Utc(2024, 9, 1));
  EXPECT_EQ(span.end, Utc(2024, 10, 1));
  EXPECT_EQ(span.precision, v1::PRECISION_MONTH);
  EXPECT_EQ(span.time_zone, "Africa/Bamako");
  EXPECT_EQ(span.text, "سبتمبر/أيلول الماضي");
  EXPECT_TRUE(span.resolved());
}

TEST(DateAdapterTest, UnresolvedStaysUnresolved) {
  normalize::DateSpan date;
  date.time_zone = "Asia/Dubai";
  date.text = "الخميس";
  const Span span = SpanFromDate(date);
  EXPECT_FALSE(span.resolved());
  EXPECT_EQ(span.precision, v1::PRECISION_UNKNOWN);
  EXPECT_EQ(span.time_zone, "Asia/Dubai");
  EXPECT_EQ(span.text, "الخميس");
}

TEST(DateAdapterTest, PrecisionsMapBothWays) {
  const std::pair<DatePrecision, v1::Precision> kPairs[] = {
      {DatePrecision::kUnknown, v1::PRECISION_UNKNOWN},
      {DatePrecision::kInstant, v1::PRECISION_INSTANT},
      {DatePrecision::kMinute, v1::PRECISION_MINUTE},
      {DatePrecision::kHour, v1::PRECISION_HOUR},
      {DatePrecision::kDay, v1::PRECISION_DAY},
      {DatePrecision::kWeek, v1::PRECISION_WEEK},
      {DatePrecision::kMonth, v1::PRECISION_MONTH},
      {DatePrecision::kYear, v1::PRECISION_YEAR},
  };
  for (const auto& [date_precision, api_precision] : kPairs) {
    EXPECT_EQ(PrecisionFromDate(date_precision), api_precision)
        << v1::Precision_Name(api_precision);
    EXPECT_EQ(DatePrecisionOf(api_precision), date_precision) << v1::Precision_Name(api_precision);
  }
  EXPECT_EQ(DatePrecisionOf(v1::PRECISION_UNSPECIFIED), DatePrecision::kUnknown);
  EXPECT_EQ(DatePrecisionOf(static_cast<v1::Precision>(99)), DatePrecision::kUnknown);
}

// What the normalizer resolves is a span the time model accepts as it is, bounds included.
TEST(DateAdapterTest, ParsedSpansPassTheTimeModelsChecks) {
  normalize::DateContext context;
  context.reference = Utc(2024, 10, 12) + std::chrono::hours{11};
  context.time_zone = "Europe/Paris";
  for (const char* text : {"17 September 2024", "سبتمبر/أيلول الماضي", "la semaine dernière",
                           "2024-09-17T10:30:15Z", "15-17 septembre 2024", "winter 2024",
                           "15 ربيع الأول 1446", "before 17 September 2024", "hier"}) {
    const Span span = SpanFromDate(normalize::ParseDateExpression(text, context).span);
    ASSERT_TRUE(span.resolved()) << text;
    absl::StatusOr<Span> checked = NormalizeTimeSpan(SpanToProto(span), "time");
    ASSERT_TRUE(checked.ok()) << text << ": " << checked.status();
    EXPECT_EQ(checked->start, span.start) << text;
    EXPECT_EQ(checked->end, span.end) << text;
    EXPECT_EQ(checked->precision, span.precision) << text;
  }
}

}  // namespace
}  // namespace timeline::domain
