#include "domain/time_span.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "date/date.h"
#include "domain/validation.h"

namespace timeline::domain {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// An instant in UTC, built without the code under test.
Micros Utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return Micros{date::sys_days{date::year{y} / date::month{mo} / date::day{d}}} + hours{h} +
         minutes{mi} + seconds{s};
}

google::protobuf::Timestamp Ts(int64_t secs, int32_t nanos = 0) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(secs);
  ts.set_nanos(nanos);
  return ts;
}

google::protobuf::Timestamp Ts(Micros t) {
  return Ts(std::chrono::duration_cast<seconds>(t.time_since_epoch()).count());
}

v1::TimeSpan MakeSpan(std::optional<Micros> start, std::optional<Micros> end,
                      v1::Precision precision, const std::string& zone = "") {
  v1::TimeSpan span;
  if (start) *span.mutable_start_time() = Ts(*start);
  if (end) *span.mutable_end_time() = Ts(*end);
  span.set_precision(precision);
  span.set_time_zone(zone);
  return span;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& v : FieldViolationsOf(status)) out.push_back(v.field);
  return out;
}

using Strings = std::vector<std::string>;

// --- NormalizeTimeSpan: completing calendar precisions ----------------------------------------

TEST(NormalizeTimeSpanTest, MonthInBamakoCompletesToEndOfMonth) {
  v1::TimeSpan in = MakeSpan(Utc(2024, 9, 1), std::nullopt, v1::PRECISION_MONTH, "Africa/Bamako");
  in.set_text("سبتمبر/أيلول الماضي");
  absl::StatusOr<Span> span = NormalizeTimeSpan(in, "event.time");
  ASSERT_TRUE(span.ok()) << span.status();
  ASSERT_TRUE(span->start.has_value());
  ASSERT_TRUE(span->end.has_value());
  EXPECT_EQ(*span->start, Utc(2024, 9, 1));
  EXPECT_EQ(*span->end, Utc(2024, 10, 1));
  // The same instants as literal epoch seconds, so the helper is checked too.
  EXPECT_EQ(span->start->time_since_epoch(), seconds{1725148800});
  EXPECT_EQ(span->end->time_since_epoch(), seconds{1727740800});
  EXPECT_EQ(span->precision, v1::PRECISION_MONTH);
  EXPECT_EQ(span->time_zone, "Africa/Bamako");
  EXPECT_EQ(span->text, "سبتمبر/أيلول الماضي");
  EXPECT_TRUE(span->resolved());
}

TEST(NormalizeTimeSpanTest, DayInBamako) {
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 17), std::nullopt, v1::PRECISION_DAY, "Africa/Bamako"), "event.time");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(*span->start, Utc(2024, 9, 17));
  EXPECT_EQ(*span->end, Utc(2024, 9, 18));
}

TEST(NormalizeTimeSpanTest, DayInZoneWithOffsetStartsAtLocalMidnight) {
  // 2024-09-17 in Asia/Tokyo (UTC+9) is [2024-09-16T15:00Z, 2024-09-17T15:00Z).
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 16, 15), std::nullopt, v1::PRECISION_DAY, "Asia/Tokyo"), "t");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(*span->end, Utc(2024, 9, 17, 15));

  // UTC midnight is 09:00 in Tokyo: not the start of a day there.
  absl::StatusOr<Span> misaligned = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 17), std::nullopt, v1::PRECISION_DAY, "Asia/Tokyo"), "t");
  EXPECT_EQ(misaligned.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(misaligned.status()), Strings{"t.start_time"});
}

TEST(NormalizeTimeSpanTest, LeapYear) {
  absl::StatusOr<Span> span =
      NormalizeTimeSpan(MakeSpan(Utc(2024, 1, 1), std::nullopt, v1::PRECISION_YEAR), "t");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(*span->end, Utc(2025, 1, 1));
  EXPECT_EQ(*span->end - *span->start, hours{24 * 366});
}

TEST(NormalizeTimeSpanTest, YearMustStartOnJanuaryFirst) {
  absl::StatusOr<Span> span =
      NormalizeTimeSpan(MakeSpan(Utc(2024, 2, 1), std::nullopt, v1::PRECISION_YEAR), "t");
  EXPECT_EQ(span.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(span.status()), Strings{"t.start_time"});
}

TEST(NormalizeTimeSpanTest, IsoWeekStartsOnMonday) {
  // 2024-09-16 is a Monday.
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 16), std::nullopt, v1::PRECISION_WEEK, "Africa/Bamako"), "t");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(*span->start, Utc(2024, 9, 16));
  EXPECT_EQ(*span->end, Utc(2024, 9, 23));

  // A week crossing a month and a year boundary: Monday 2024-12-30 to Monday 2025-01-06.
  absl::StatusOr<Span> year_end =
      NormalizeTimeSpan(MakeSpan(Utc(2024, 12, 30), std::nullopt, v1::PRECISION_WEEK), "t");
  ASSERT_TRUE(year_end.ok()) << year_end.status();
  EXPECT_EQ(*year_end->end, Utc(2025, 1, 6));
}

TEST(NormalizeTimeSpanTest, WeekNotStartingOnMondayIsRejected) {
  for (int day : {15, 17, 21, 22}) {  // Sunday, Tuesday, Saturday, Sunday
    absl::StatusOr<Span> span = NormalizeTimeSpan(
        MakeSpan(Utc(2024, 9, day), std::nullopt, v1::PRECISION_WEEK), "event.time");
    EXPECT_EQ(span.status().code(), absl::StatusCode::kInvalidArgument) << "day " << day;
    EXPECT_EQ(Fields(span.status()), Strings{"event.time.start_time"}) << "day " << day;
  }
  // Monday, but not at midnight.
  absl::StatusOr<Span> noon = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 16, 12), std::nullopt, v1::PRECISION_WEEK), "event.time");
  EXPECT_EQ(Fields(noon.status()), Strings{"event.time.start_time"});
}

TEST(NormalizeTimeSpanTest, HourAndMinute) {
  absl::StatusOr<Span> hour =
      NormalizeTimeSpan(MakeSpan(Utc(2024, 9, 17, 5), std::nullopt, v1::PRECISION_HOUR), "t");
  ASSERT_TRUE(hour.ok()) << hour.status();
  EXPECT_EQ(*hour->end, Utc(2024, 9, 17, 6));

  absl::StatusOr<Span> minute = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 17, 15, 16), std::nullopt, v1::PRECISION_MINUTE), "t");
  ASSERT_TRUE(minute.ok()) << minute.status();
  EXPECT_EQ(*minute->end, Utc(2024, 9, 17, 15, 17));

  absl::StatusOr<Span> bad_hour =
      NormalizeTimeSpan(MakeSpan(Utc(2024, 9, 17, 5, 30), std::nullopt, v1::PRECISION_HOUR), "t");
  EXPECT_EQ(Fields(bad_hour.status()), Strings{"t.start_time"});

  absl::StatusOr<Span> bad_minute = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 17, 15, 16, 30), std::nullopt, v1::PRECISION_MINUTE), "t");
  EXPECT_EQ(Fields(bad_minute.status()), Strings{"t.start_time"});
}

TEST(NormalizeTimeSpanTest, HourInHalfHourOffsetZone) {
  // Asia/Kolkata is UTC+5:30: its hours start at :30 UTC.
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 17, 5, 30), std::nullopt, v1::PRECISION_HOUR, "Asia/Kolkata"), "t");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(*span->end, Utc(2024, 9, 17, 6, 30));

  absl::StatusOr<Span> misaligned = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 17, 5), std::nullopt, v1::PRECISION_HOUR, "Asia/Kolkata"), "t");
  EXPECT_EQ(Fields(misaligned.status()), Strings{"t.start_time"});
}

TEST(NormalizeTimeSpanTest, InstantIsOneMicrosecond) {
  v1::TimeSpan in;
  *in.mutable_start_time() = Ts(1726549200, 123'456'000);
  in.set_precision(v1::PRECISION_INSTANT);
  absl::StatusOr<Span> span = NormalizeTimeSpan(in, "t");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->start->time_since_epoch(), microseconds{1726549200'123456});
  EXPECT_EQ(*span->end - *span->start, microseconds{1});
}

TEST(NormalizeTimeSpanTest, MonthAcrossDstInNewYork) {
  // March 2024 in New York starts at midnight EST (UTC-5) and ends at midnight EDT (UTC-4).
  absl::StatusOr<Span> march = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 3, 1, 5), std::nullopt, v1::PRECISION_MONTH, "America/New_York"), "t");
  ASSERT_TRUE(march.ok()) << march.status();
  EXPECT_EQ(*march->end, Utc(2024, 4, 1, 4));

  // November goes the other way.
  absl::StatusOr<Span> november = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 11, 1, 4), std::nullopt, v1::PRECISION_MONTH, "America/New_York"), "t");
  ASSERT_TRUE(november.ok()) << november.status();
  EXPECT_EQ(*november->end, Utc(2024, 12, 1, 5));

  // UTC midnight is 19:00 the day before in New York.
  absl::StatusOr<Span> utc_midnight = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 3, 1), std::nullopt, v1::PRECISION_MONTH, "America/New_York"), "t");
  EXPECT_EQ(Fields(utc_midnight.status()), Strings{"t.start_time"});
}

TEST(NormalizeTimeSpanTest, DayOfDstChangeIsShorterOrLonger) {
  // 2024-03-10 in New York has 23 hours, 2024-11-03 has 25.
  absl::StatusOr<Span> spring = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 3, 10, 5), std::nullopt, v1::PRECISION_DAY, "America/New_York"), "t");
  ASSERT_TRUE(spring.ok()) << spring.status();
  EXPECT_EQ(*spring->end, Utc(2024, 3, 11, 4));
  EXPECT_EQ(*spring->end - *spring->start, hours{23});

  absl::StatusOr<Span> autumn = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 11, 3, 4), std::nullopt, v1::PRECISION_DAY, "America/New_York"), "t");
  ASSERT_TRUE(autumn.ok()) << autumn.status();
  EXPECT_EQ(*autumn->end - *autumn->start, hours{25});
}

TEST(NormalizeTimeSpanTest, DaysAroundASkippedMidnight) {
  // In America/Santiago clocks jumped from 2024-09-08 00:00 (UTC-4) to 01:00 (UTC-3), at
  // 2024-09-08T04:00Z: 7 September ends, and 8 September begins, at that instant.
  absl::StatusOr<Span> before = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 7, 4), std::nullopt, v1::PRECISION_DAY, "America/Santiago"), "t");
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(*before->end, Utc(2024, 9, 8, 4));

  absl::StatusOr<Span> after = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 8, 4), std::nullopt, v1::PRECISION_DAY, "America/Santiago"), "t");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(*after->end, Utc(2024, 9, 9, 3));

  // 2024-09-08T05:00Z is 02:00 local: not the start of a day.
  absl::StatusOr<Span> misaligned = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 8, 5), std::nullopt, v1::PRECISION_DAY, "America/Santiago"), "t");
  EXPECT_EQ(Fields(misaligned.status()), Strings{"t.start_time"});
}

TEST(NormalizeTimeSpanTest, RepeatedHourOfAFallBackNight) {
  // On 2024-11-03 New York lives 01:00-02:00 twice: 05:00Z (EDT) and 06:00Z (EST). The second
  // one is an hour of its own.
  absl::StatusOr<Span> est = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 11, 3, 6), std::nullopt, v1::PRECISION_HOUR, "America/New_York"), "t");
  ASSERT_TRUE(est.ok()) << est.status();
  EXPECT_EQ(*est->end, Utc(2024, 11, 3, 7));

  absl::StatusOr<Span> misaligned = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 11, 3, 6, 30), std::nullopt, v1::PRECISION_HOUR, "America/New_York"), "t");
  EXPECT_EQ(Fields(misaligned.status()), Strings{"t.start_time"});
}

TEST(NormalizeTimeSpanTest, BothBoundsAreKeptAsGiven) {
  // "between 17 and 18 September": DAY precision, two days wide.
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 17), Utc(2024, 9, 19), v1::PRECISION_DAY, "Africa/Bamako"), "t");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(*span->start, Utc(2024, 9, 17));
  EXPECT_EQ(*span->end, Utc(2024, 9, 19));
}

// --- NormalizeTimeSpan: rejections ------------------------------------------------------------

TEST(NormalizeTimeSpanTest, MisalignedMonthStartIsRejectedOnStartTime) {
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 15), std::nullopt, v1::PRECISION_MONTH, "Africa/Bamako"), "event.time");
  EXPECT_EQ(span.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(span.status()), Strings{"event.time.start_time"});
}

TEST(NormalizeTimeSpanTest, EndNotAfterStartIsRejectedOnEndTime) {
  for (Micros end : {Utc(2024, 9, 1), Utc(2024, 8, 31)}) {
    absl::StatusOr<Span> span = NormalizeTimeSpan(
        MakeSpan(Utc(2024, 9, 1), end, v1::PRECISION_DAY, "Africa/Bamako"), "event.time");
    EXPECT_EQ(span.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(Fields(span.status()), Strings{"event.time.end_time"});
  }
  absl::StatusOr<Span> unknown = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 2), Utc(2024, 9, 1), v1::PRECISION_UNKNOWN), "event.time");
  EXPECT_EQ(Fields(unknown.status()), Strings{"event.time.end_time"});
}

TEST(NormalizeTimeSpanTest, UnspecifiedPrecisionIsRejected) {
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 1), std::nullopt, v1::PRECISION_UNSPECIFIED), "event.time");
  EXPECT_EQ(span.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(span.status()), Strings{"event.time.precision"});
}

TEST(NormalizeTimeSpanTest, OutOfRangePrecisionValueIsRejected) {
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 1), std::nullopt, static_cast<v1::Precision>(42)), "t");
  EXPECT_EQ(Fields(span.status()), Strings{"t.precision"});
}

TEST(NormalizeTimeSpanTest, UnknownTimeZoneIsRejected) {
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 1), std::nullopt, v1::PRECISION_MONTH, "Mars/Base"), "event.time");
  EXPECT_EQ(span.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(span.status()), Strings{"event.time.time_zone"});
}

TEST(NormalizeTimeSpanTest, ReportsEveryProblemOfTheFirstPass) {
  v1::TimeSpan in = MakeSpan(std::nullopt, std::nullopt, v1::PRECISION_UNSPECIFIED, "Mars/Base");
  *in.mutable_start_time() = Ts(253402300800);
  *in.mutable_end_time() = Ts(0, -1);
  absl::StatusOr<Span> span = NormalizeTimeSpan(in, "t");
  EXPECT_EQ(Fields(span.status()),
            (Strings{"t.precision", "t.time_zone", "t.start_time", "t.end_time"}));
}

TEST(NormalizeTimeSpanTest, UnresolvedSpanIsAccepted) {
  v1::TimeSpan in = MakeSpan(std::nullopt, std::nullopt, v1::PRECISION_UNKNOWN, "Africa/Bamako");
  in.set_text("récemment");
  absl::StatusOr<Span> span = NormalizeTimeSpan(in, "event.time");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_FALSE(span->resolved());
  EXPECT_FALSE(span->start.has_value());
  EXPECT_FALSE(span->end.has_value());
  EXPECT_EQ(span->precision, v1::PRECISION_UNKNOWN);
  EXPECT_EQ(span->text, "récemment");
}

TEST(NormalizeTimeSpanTest, NoBoundsWithCalendarPrecisionIsRejectedOnPrecision) {
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(std::nullopt, std::nullopt, v1::PRECISION_DAY, "Africa/Bamako"), "event.time");
  EXPECT_EQ(span.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(span.status()), Strings{"event.time.precision"});
}

TEST(NormalizeTimeSpanTest, OnlyEndWithUnknownPrecisionIsAnOpenStart) {
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(std::nullopt, Utc(2024, 10, 12), v1::PRECISION_UNKNOWN), "event.time");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_TRUE(span->resolved());
  EXPECT_FALSE(span->start.has_value());
  EXPECT_EQ(*span->end, Utc(2024, 10, 12));
}

TEST(NormalizeTimeSpanTest, OnlyStartWithUnknownPrecisionIsAnOpenEnd) {
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 9, 17, 5, 12), std::nullopt, v1::PRECISION_UNKNOWN), "event.time");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(*span->start, Utc(2024, 9, 17, 5, 12));
  EXPECT_FALSE(span->end.has_value());
}

TEST(NormalizeTimeSpanTest, OnlyEndWithCalendarPrecisionIsRejectedOnStartTime) {
  for (v1::Precision p : {v1::PRECISION_MONTH, v1::PRECISION_INSTANT}) {
    absl::StatusOr<Span> span =
        NormalizeTimeSpan(MakeSpan(std::nullopt, Utc(2024, 10, 1), p), "event.time");
    EXPECT_EQ(span.status().code(), absl::StatusCode::kInvalidArgument) << p;
    EXPECT_EQ(Fields(span.status()), Strings{"event.time.start_time"}) << p;
  }
}

TEST(NormalizeTimeSpanTest, TimeZoneDefaultsToUtc) {
  absl::StatusOr<Span> span =
      NormalizeTimeSpan(MakeSpan(Utc(2024, 9, 1), std::nullopt, v1::PRECISION_MONTH, ""), "t");
  ASSERT_TRUE(span.ok()) << span.status();
  EXPECT_EQ(span->time_zone, "UTC");
  EXPECT_EQ(*span->end, Utc(2024, 10, 1));
  EXPECT_EQ(SpanToProto(*span).time_zone(), "UTC");
}

TEST(NormalizeTimeSpanTest, TimestampsOutsideTheProtobufRangeAreRejected) {
  constexpr int64_t kMax = 253402300799;  // 9999-12-31T23:59:59Z
  constexpr int64_t kMin = -62135596800;  // 0001-01-01T00:00:00Z
  struct Case {
    google::protobuf::Timestamp ts;
    bool ok;
  };
  for (const Case& c : {Case{Ts(kMax), true}, Case{Ts(kMax + 1), false}, Case{Ts(kMin), true},
                        Case{Ts(kMin - 1), false}, Case{Ts(0, 999'999'999), true},
                        Case{Ts(0, 1'000'000'000), false}, Case{Ts(0, -1), false}}) {
    v1::TimeSpan start;
    *start.mutable_start_time() = c.ts;
    start.set_precision(v1::PRECISION_UNKNOWN);
    absl::StatusOr<Span> span = NormalizeTimeSpan(start, "t");
    EXPECT_EQ(span.ok(), c.ok) << c.ts.DebugString();
    if (!c.ok) {
      EXPECT_EQ(Fields(span.status()), Strings{"t.start_time"});
    }

    v1::TimeSpan end;
    *end.mutable_end_time() = c.ts;
    end.set_precision(v1::PRECISION_UNKNOWN);
    absl::StatusOr<Span> end_span = NormalizeTimeSpan(end, "t");
    EXPECT_EQ(end_span.ok(), c.ok) << c.ts.DebugString();
    if (!c.ok) {
      EXPECT_EQ(Fields(end_span.status()), Strings{"t.end_time"});
    }
  }
}

TEST(NormalizeTimeSpanTest, SpanToProtoRoundTrips) {
  absl::StatusOr<Span> span = NormalizeTimeSpan(
      MakeSpan(Utc(2024, 3, 1, 5), std::nullopt, v1::PRECISION_MONTH, "America/New_York"), "t");
  ASSERT_TRUE(span.ok()) << span.status();
  v1::TimeSpan proto = SpanToProto(*span);
  EXPECT_EQ(proto.start_time().seconds(), 1709269200);  // 2024-03-01T05:00:00Z
  EXPECT_EQ(proto.end_time().seconds(), 1711944000);    // 2024-04-01T04:00:00Z
  EXPECT_EQ(proto.precision(), v1::PRECISION_MONTH);
  EXPECT_EQ(proto.time_zone(), "America/New_York");
  absl::StatusOr<Span> again = NormalizeTimeSpan(proto, "t");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->start, span->start);
  EXPECT_EQ(again->end, span->end);

  Span unresolved;
  v1::TimeSpan empty = SpanToProto(unresolved);
  EXPECT_FALSE(empty.has_start_time());
  EXPECT_FALSE(empty.has_end_time());
  EXPECT_EQ(empty.precision(), v1::PRECISION_UNKNOWN);
}

// --- Timestamps -------------------------------------------------------------------------------

TEST(TimestampTest, NanosAreTruncatedToMicros) {
  Micros t = FromTimestamp(Ts(1725148800, 123'456'789));
  EXPECT_EQ(t.time_since_epoch(), microseconds{1725148800'123456});
  google::protobuf::Timestamp back = ToTimestamp(t);
  EXPECT_EQ(back.seconds(), 1725148800);
  EXPECT_EQ(back.nanos(), 123'456'000);
}

TEST(TimestampTest, NegativeEpochValuesRoundTrip) {
  // 1969-12-31T23:59:59.5Z
  Micros half = FromTimestamp(Ts(-1, 500'000'000));
  EXPECT_EQ(half.time_since_epoch(), microseconds{-500'000});
  google::protobuf::Timestamp back = ToTimestamp(half);
  EXPECT_EQ(back.seconds(), -1);
  EXPECT_EQ(back.nanos(), 500'000'000);

  // 1969-12-31T23:59:59.999999999Z truncates to the last microsecond before the epoch.
  Micros last = FromTimestamp(Ts(-1, 999'999'999));
  EXPECT_EQ(last.time_since_epoch(), microseconds{-1});
  EXPECT_EQ(ToTimestamp(last).seconds(), -1);
  EXPECT_EQ(ToTimestamp(last).nanos(), 999'999'000);

  // Whole negative seconds keep nanos 0.
  EXPECT_EQ(ToTimestamp(Micros{seconds{-86400}}).seconds(), -86400);
  EXPECT_EQ(ToTimestamp(Micros{seconds{-86400}}).nanos(), 0);
  EXPECT_EQ(ToTimestamp(Micros{microseconds{-1'500'000}}).seconds(), -2);
  EXPECT_EQ(ToTimestamp(Micros{microseconds{-1'500'000}}).nanos(), 500'000'000);
}

TEST(TimestampTest, RoundTripOverARangeOfValues) {
  for (int64_t us : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{999'999}, int64_t{-999'999},
                     int64_t{1'000'000}, int64_t{-1'000'001}, int64_t{-62135596800'000000},
                     int64_t{253402300799'999999}}) {
    Micros t{microseconds{us}};
    google::protobuf::Timestamp ts = ToTimestamp(t);
    EXPECT_GE(ts.nanos(), 0) << us;
    EXPECT_LT(ts.nanos(), 1'000'000'000) << us;
    EXPECT_EQ(ts.nanos() % 1000, 0) << us;
    EXPECT_EQ(FromTimestamp(ts), t) << us;
  }
}

TEST(TimestampTest, FormatRfc3339) {
  EXPECT_EQ(FormatRfc3339(Utc(2024, 9, 1)), "2024-09-01T00:00:00.000000Z");
  EXPECT_EQ(FormatRfc3339(Utc(2024, 9, 17, 15, 16, 5) + microseconds{123456}),
            "2024-09-17T15:16:05.123456Z");
  EXPECT_EQ(FormatRfc3339(Micros{microseconds{-500'000}}), "1969-12-31T23:59:59.500000Z");
}

// --- EndOfUnit --------------------------------------------------------------------------------

TEST(EndOfUnitTest, UnknownZoneIsAnError) {
  absl::StatusOr<Micros> end = EndOfUnit(Utc(2024, 9, 1), v1::PRECISION_DAY, "Mars/Base");
  EXPECT_EQ(end.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(EndOfUnitTest, InstantNeedsNoZone) {
  absl::StatusOr<Micros> end = EndOfUnit(Utc(2024, 9, 1), v1::PRECISION_INSTANT, "Mars/Base");
  ASSERT_TRUE(end.ok()) << end.status();
  EXPECT_EQ(*end, Utc(2024, 9, 1) + microseconds{1});
}

// --- SpanMatches ------------------------------------------------------------------------------

Span MakeResolved(std::optional<Micros> start, std::optional<Micros> end) {
  Span span;
  span.start = start;
  span.end = end;
  span.precision = start && end ? v1::PRECISION_MONTH : v1::PRECISION_UNKNOWN;
  return span;
}

RangeFilter Range(std::optional<Micros> start, std::optional<Micros> end, bool within) {
  RangeFilter range;
  range.start = start;
  range.end = end;
  range.within = within;
  return range;
}

const Span kSeptember = MakeResolved(Utc(2024, 9, 1), Utc(2024, 10, 1));

TEST(SpanMatchesTest, MonthOverlapsButIsNotWithinPartOfIt) {
  EXPECT_TRUE(SpanMatches(kSeptember, Range(Utc(2024, 9, 10), Utc(2024, 9, 20), false)));
  EXPECT_FALSE(SpanMatches(kSeptember, Range(Utc(2024, 9, 10), Utc(2024, 9, 20), true)));
}

TEST(SpanMatchesTest, MonthIsWithinItselfAndItsYear) {
  EXPECT_TRUE(SpanMatches(kSeptember, Range(Utc(2024, 9, 1), Utc(2024, 10, 1), true)));
  EXPECT_TRUE(SpanMatches(kSeptember, Range(Utc(2024, 1, 1), Utc(2025, 1, 1), true)));
  EXPECT_TRUE(SpanMatches(kSeptember, Range(Utc(2024, 1, 1), Utc(2025, 1, 1), false)));
  // One microsecond short on either side is not within.
  EXPECT_FALSE(
      SpanMatches(kSeptember, Range(Utc(2024, 9, 1) + microseconds{1}, Utc(2024, 10, 1), true)));
  EXPECT_FALSE(
      SpanMatches(kSeptember, Range(Utc(2024, 9, 1), Utc(2024, 10, 1) - microseconds{1}, true)));
}

TEST(SpanMatchesTest, TouchingRangesDoNotOverlap) {
  EXPECT_FALSE(SpanMatches(kSeptember, Range(Utc(2024, 10, 1), Utc(2024, 11, 1), false)));
  EXPECT_FALSE(SpanMatches(kSeptember, Range(Utc(2024, 8, 1), Utc(2024, 9, 1), false)));
  // One microsecond of overlap is enough.
  EXPECT_TRUE(
      SpanMatches(kSeptember, Range(Utc(2024, 8, 1), Utc(2024, 9, 1) + microseconds{1}, false)));
  EXPECT_TRUE(
      SpanMatches(kSeptember, Range(Utc(2024, 10, 1) - microseconds{1}, Utc(2024, 11, 1), false)));
}

TEST(SpanMatchesTest, OpenStartSpanOverlapsEarlierRangesButIsNeverWithinABoundedOne) {
  const Span before = MakeResolved(std::nullopt, Utc(2024, 10, 12));
  EXPECT_TRUE(SpanMatches(before, Range(Utc(2024, 1, 1), Utc(2025, 1, 1), false)));
  EXPECT_TRUE(SpanMatches(before, Range(Utc(1990, 1, 1), Utc(1991, 1, 1), false)));
  EXPECT_FALSE(SpanMatches(before, Range(Utc(2024, 10, 12), Utc(2025, 1, 1), false)));
  EXPECT_FALSE(SpanMatches(before, Range(Utc(2025, 1, 1), Utc(2026, 1, 1), false)));

  EXPECT_FALSE(SpanMatches(before, Range(Utc(2024, 1, 1), Utc(2025, 1, 1), true)));
  EXPECT_FALSE(SpanMatches(before, Range(Utc(1990, 1, 1), Utc(2025, 1, 1), true)));
  EXPECT_FALSE(SpanMatches(before, Range(Utc(1, 1, 1), Utc(9999, 1, 1), true)));
  // A range without a start does contain it.
  EXPECT_TRUE(SpanMatches(before, Range(std::nullopt, Utc(2025, 1, 1), true)));
  EXPECT_FALSE(SpanMatches(before, Range(std::nullopt, Utc(2024, 10, 11), true)));
}

TEST(SpanMatchesTest, OpenEndSpan) {
  const Span after = MakeResolved(Utc(2024, 9, 17), std::nullopt);
  EXPECT_TRUE(SpanMatches(after, Range(Utc(2030, 1, 1), Utc(2031, 1, 1), false)));
  EXPECT_FALSE(SpanMatches(after, Range(Utc(2024, 1, 1), Utc(2024, 9, 17), false)));
  EXPECT_FALSE(SpanMatches(after, Range(Utc(2024, 1, 1), Utc(2025, 1, 1), true)));
  EXPECT_TRUE(SpanMatches(after, Range(Utc(2024, 1, 1), std::nullopt, true)));
}

TEST(SpanMatchesTest, UnresolvedSpanNeverMatches) {
  Span unresolved;
  ASSERT_FALSE(unresolved.resolved());
  EXPECT_FALSE(SpanMatches(unresolved, Range(std::nullopt, std::nullopt, false)));
  EXPECT_FALSE(SpanMatches(unresolved, Range(std::nullopt, std::nullopt, true)));
  EXPECT_FALSE(SpanMatches(unresolved, Range(Utc(2024, 1, 1), Utc(2025, 1, 1), false)));
  EXPECT_FALSE(SpanMatches(unresolved, Range(Utc(2024, 1, 1), Utc(2025, 1, 1), true)));
}

TEST(SpanMatchesTest, UnboundedRangeSides) {
  EXPECT_TRUE(SpanMatches(kSeptember, Range(std::nullopt, std::nullopt, false)));
  EXPECT_TRUE(SpanMatches(kSeptember, Range(std::nullopt, std::nullopt, true)));

  // Only a start.
  EXPECT_TRUE(SpanMatches(kSeptember, Range(Utc(2024, 9, 15), std::nullopt, false)));
  EXPECT_FALSE(SpanMatches(kSeptember, Range(Utc(2024, 10, 1), std::nullopt, false)));
  EXPECT_TRUE(SpanMatches(kSeptember, Range(Utc(2024, 9, 1), std::nullopt, true)));
  EXPECT_FALSE(SpanMatches(kSeptember, Range(Utc(2024, 9, 2), std::nullopt, true)));

  // Only an end.
  EXPECT_FALSE(SpanMatches(kSeptember, Range(std::nullopt, Utc(2024, 9, 1), false)));
  EXPECT_TRUE(SpanMatches(kSeptember, Range(std::nullopt, Utc(2024, 9, 2), false)));
  EXPECT_TRUE(SpanMatches(kSeptember, Range(std::nullopt, Utc(2024, 10, 1), true)));
  EXPECT_FALSE(SpanMatches(kSeptember, Range(std::nullopt, Utc(2024, 9, 30), true)));
}

// --- NormalizeTimeRange -----------------------------------------------------------------------

TEST(NormalizeTimeRangeTest, BoundsAndMatch) {
  v1::TimeRange in;
  *in.mutable_start_time() = Ts(Utc(2024, 1, 1));
  *in.mutable_end_time() = Ts(Utc(2025, 1, 1));
  in.set_match(v1::TimeRange::WITHIN);
  absl::StatusOr<RangeFilter> range = NormalizeTimeRange(in, "time_range");
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_TRUE(range->within);
  EXPECT_EQ(range->start, Utc(2024, 1, 1));
  EXPECT_EQ(range->end, Utc(2025, 1, 1));

  for (v1::TimeRange::Match m : {v1::TimeRange::OVERLAPS, v1::TimeRange::MATCH_UNSPECIFIED}) {
    in.set_match(m);
    absl::StatusOr<RangeFilter> overlaps = NormalizeTimeRange(in, "time_range");
    ASSERT_TRUE(overlaps.ok()) << overlaps.status();
    EXPECT_FALSE(overlaps->within) << m;
  }
}

TEST(NormalizeTimeRangeTest, EmptyRangeIsUnbounded) {
  absl::StatusOr<RangeFilter> range = NormalizeTimeRange(v1::TimeRange(), "time_range");
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_FALSE(range->start.has_value());
  EXPECT_FALSE(range->end.has_value());
  EXPECT_FALSE(range->within);
}

TEST(NormalizeTimeRangeTest, EndNotAfterStartIsRejected) {
  v1::TimeRange in;
  *in.mutable_start_time() = Ts(Utc(2024, 1, 1));
  *in.mutable_end_time() = Ts(Utc(2024, 1, 1));
  absl::StatusOr<RangeFilter> range = NormalizeTimeRange(in, "time_range");
  EXPECT_EQ(range.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(range.status()), Strings{"time_range.end_time"});
}

TEST(NormalizeTimeRangeTest, InvalidValuesAreRejected) {
  v1::TimeRange in;
  in.set_match(static_cast<v1::TimeRange::Match>(7));
  *in.mutable_start_time() = Ts(-62135596801);
  *in.mutable_end_time() = Ts(0, 1'000'000'000);
  absl::StatusOr<RangeFilter> range = NormalizeTimeRange(in, "time_range");
  EXPECT_EQ(range.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(range.status()),
            (Strings{"time_range.match", "time_range.start_time", "time_range.end_time"}));
}

}  // namespace
}  // namespace timeline::domain
