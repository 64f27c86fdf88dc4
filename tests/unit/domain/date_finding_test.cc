// DateService.ParseDates in domain terms: which requests are refused, by which field, and how a
// found date becomes a FoundDate message.
#include "domain/date_finding.h"

#include <gtest/gtest.h>

#include "domain/validation.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"

namespace timeline::domain {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const auto& v : FieldViolationsOf(status)) out.push_back(v.field);
  return out;
}

TEST(DateFindingTest, ZoneReferenceAndLanguageAreTakenFromTheRequest) {
  v1::ParseDatesRequest request;
  request.set_time_zone("Africa/Bamako");
  request.set_language("fr-ML");
  *request.mutable_reference_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1'728'731'760);
  absl::StatusOr<normalize::DateContext> context = DateContextFromRequest(request);
  ASSERT_TRUE(context.ok()) << context.status();
  EXPECT_EQ(context->time_zone, "Africa/Bamako");
  ASSERT_TRUE(context->reference.has_value());
  EXPECT_EQ(context->reference->time_since_epoch(), std::chrono::seconds{1'728'731'760});

  // Nothing set: UTC, no reference.
  context = DateContextFromRequest(v1::ParseDatesRequest());
  ASSERT_TRUE(context.ok());
  EXPECT_EQ(context->time_zone, "UTC");
  EXPECT_FALSE(context->reference.has_value());
}

TEST(DateFindingTest, EveryBadFieldIsNamed) {
  v1::ParseDatesRequest request;
  request.set_time_zone("Africa/Timbuktoo");
  request.set_language("de");
  request.mutable_reference_time()->set_seconds(-70'000'000'000);
  absl::StatusOr<normalize::DateContext> context = DateContextFromRequest(request);
  EXPECT_EQ(context.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(context.status()), ElementsAre("time_zone", "reference_time", "language"));
}

TEST(DateFindingTest, FoundDatesBecomeMessagesWithCodePointOffsets) {
  const std::string text = "وصل الخميس 17 سبتمبر 2024";
  const std::vector<normalize::FoundDate> found =
      normalize::FindDates(text, normalize::DateContext{std::nullopt, "UTC"});
  const v1::ParseDatesResponse response = ParseDatesResponseOf(found);
  ASSERT_EQ(response.dates_size(), 1);
  const v1::FoundDate& date = response.dates(0);
  EXPECT_EQ(date.text(), "الخميس 17 سبتمبر 2024");
  EXPECT_EQ(date.start_offset(), 4);  // after "وصل "
  EXPECT_EQ(date.end_offset(), 4 + 21);
  EXPECT_EQ(date.time().precision(), v1::PRECISION_DAY);
  EXPECT_EQ(date.time().text(), date.text());
  EXPECT_EQ(date.time().start_time().seconds(), 1'726'531'200);  // 2024-09-17T00:00:00Z
  EXPECT_EQ(date.time().end_time().seconds() - date.time().start_time().seconds(), 86'400);
}

}  // namespace
}  // namespace timeline::domain
