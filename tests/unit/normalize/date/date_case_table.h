// The date case sets (tests/data/date_cases.tsv, written by make_date_cases.py from templates, and
// tests/data/date_cases_news.tsv, hand-written news phrasings from make_news_date_cases.py):
// reading one, and grading one answer of ParseDateExpression against it. Shared by the case-set
// tests (date_cases_test.cc) and the benchmark that reports shares right
// (bench/date_cases_bench.cc).
#pragma once

#include <chrono>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "normalize/date/calendar_unit.h"
#include "normalize/date/date_expression.h"

namespace timeline::normalize::date_cases {

struct DateCase {
  std::string text, language, category;
  DateContext context;
  bool resolved = false;             // false: "unresolved" is the expected answer
  std::optional<Micros> start, end;  // when resolved, unset = an open bound ("since 2012")
  std::string precision;             // DAY, WEEK, MONTH, YEAR…; empty when unresolved
  int line = 0;
};

enum class Grade { kRight, kUnresolved, kResolvedWrong };

// The categories where a resolved answer used to be confidently wrong: zero tolerance there.
inline const std::set<std::string>& ConfidentWrongCategories() {
  static const std::set<std::string> kCategories = {
      "hijri_month_gregorian_year", "range_relative_end", "after_next", "headline_date"};
  return kCategories;
}

inline std::string PrecisionName(DatePrecision precision) {
  switch (precision) {
    case DatePrecision::kInstant:
      return "INSTANT";
    case DatePrecision::kMinute:
      return "MINUTE";
    case DatePrecision::kHour:
      return "HOUR";
    case DatePrecision::kDay:
      return "DAY";
    case DatePrecision::kWeek:
      return "WEEK";
    case DatePrecision::kMonth:
      return "MONTH";
    case DatePrecision::kYear:
      return "YEAR";
    default:
      return "UNKNOWN";
  }
}

inline std::optional<Micros> ParseInstant(const std::string& rfc3339) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, rfc3339, &t, &error)) return std::nullopt;
  return Micros{std::chrono::microseconds{absl::ToUnixMicros(t)}};
}

// Reads the table; `error` names the first malformed line.
inline std::vector<DateCase> ReadDateCases(const std::string& path, std::string* error) {
  std::vector<DateCase> cases;
  std::ifstream in(path);
  if (!in) {
    *error = "cannot open " + path;
    return cases;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 8) {
      *error = path + ":" + std::to_string(number) + ": expected 8 columns";
      return {};
    }
    DateCase c;
    c.text = f[0];
    c.language = f[1];
    if (!f[2].empty()) c.context.reference = ParseInstant(f[2]);
    c.context.time_zone = f[3];
    if (f[4] != "unresolved") {
      c.resolved = true;
      // "open": the words give no bound on that side ("since 2012", "jusqu'en 2027").
      if (f[4] != "open") c.start = ParseInstant(f[4]);
      if (f[5] != "open") c.end = ParseInstant(f[5]);
      if ((!c.start && f[4] != "open") || (!c.end && f[5] != "open") || (!c.start && !c.end)) {
        *error = path + ":" + std::to_string(number) + ": bad instant";
        return {};
      }
    }
    c.precision = f[6];
    c.category = f[7];
    c.line = number;
    cases.push_back(std::move(c));
  }
  return cases;
}

inline Grade GradeOf(const DateCase& c, const DateParse& parse) {
  if (!parse.span.resolved()) return c.resolved ? Grade::kUnresolved : Grade::kRight;
  const bool right = c.resolved && parse.span.start == c.start && parse.span.end == c.end &&
                     PrecisionName(parse.span.precision) == c.precision;
  return right ? Grade::kRight : Grade::kResolvedWrong;
}

inline std::string Describe(const DateCase& c, const DateParse& parse) {
  std::ostringstream out;
  auto when = [](const std::optional<Micros>& t) {
    return t ? absl::FormatTime(absl::RFC3339_sec,
                                absl::FromUnixMicros(t->time_since_epoch().count()),
                                absl::UTCTimeZone())
             : std::string("open");
  };
  out << "line " << c.line << " [" << c.category << "] \"" << c.text << "\" (" << c.language << ", "
      << c.context.time_zone << "): expected "
      << (c.resolved ? when(c.start) + " .. " + when(c.end) + " " + c.precision : "unresolved")
      << ", got "
      << (parse.span.resolved() ? when(parse.span.start) + " .. " + when(parse.span.end) + " " +
                                      PrecisionName(parse.span.precision)
                                : "unresolved");
  for (const std::string& w : parse.warnings) out << "\n    warning: " << w;
  return out.str();
}

}  // namespace timeline::normalize::date_cases
