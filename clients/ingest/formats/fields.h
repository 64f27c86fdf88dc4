// Small parsers shared by the format readers: dates in the forms datasets write them, numbers,
// trimming, and the collection of one row's problems into one error message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "date/date.h"
#include "google/protobuf/timestamp.pb.h"

namespace timeline::ingest {

// Leading and trailing white space removed: Unicode's White_Space (the no-break spaces
// included) and the zero-width space and no-break space (U+200B, U+FEFF).
absl::string_view Trim(absl::string_view s);
std::string AsciiLower(absl::string_view s);
// Whether `s` is non-empty and only ASCII digits.
bool IsDigits(absl::string_view s);

// A calendar date written as "2024-09-17" (optionally followed by a time, "2024-09-17
// 00:00:00.000", which is ignored), "17/09/2024" (day first), "17 September 2024",
// "17-Sep-2024" or "17 Sep 2024". Only real dates: "2024-02-30" is nullopt.
std::optional<date::year_month_day> ParseDate(absl::string_view text);
// "20240917" (GDELT SQLDATE).
std::optional<date::year_month_day> ParseCompactDate(absl::string_view text);
// "20240917143000" (GDELT DATEADDED), in UTC.
std::optional<google::protobuf::Timestamp> ParseCompactDateTime(absl::string_view text);

std::string IsoDate(date::year_month_day d);       // "2024-09-17"
std::string IsoWeek(date::year_month_day d);       // "2024-W38" (ISO 8601 week-numbering year)
std::string IsoYearMonth(date::year_month_day d);  // "2024-09"
// 00:00 UTC of `d`.
google::protobuf::Timestamp StartOfDayUtc(date::year_month_day d);

// Whole numbers and finite decimals; surrounding blanks are allowed, nothing else.
std::optional<int64_t> ParseInt(absl::string_view text);
std::optional<double> ParseDouble(absl::string_view text);

// The problems of one row, each naming its column: "event_date: \"32/13/2024\" is not a date".
class RowErrors {
 public:
  void Add(absl::string_view column, absl::string_view message);
  bool empty() const { return messages_.empty(); }
  // All problems, joined with "; ".
  std::string Message() const;

 private:
  std::vector<std::string> messages_;
};

// Quotes a value for an error message, shortened to 60 bytes (on a UTF-8 boundary), with what a
// reader could not see made visible: "<U+00A0>1.0111" for a longitude after a no-break space.
std::string Quoted(absl::string_view value);

}  // namespace timeline::ingest
