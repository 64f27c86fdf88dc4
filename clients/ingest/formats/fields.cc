#include "formats/fields.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "date/iso_week.h"

namespace timeline::ingest {
namespace {

std::optional<date::year_month_day> MakeDate(int64_t y, int64_t m, int64_t d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  const date::year_month_day ymd{date::year{static_cast<int>(y)},
                                 date::month{static_cast<unsigned>(m)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::optional<int64_t> Digits(absl::string_view s, size_t min_len, size_t max_len) {
  if (s.size() < min_len || s.size() > max_len || !IsDigits(s)) return std::nullopt;
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// 1..12 for an English month name or its three-letter abbreviation ("Sep", "Sept").
int MonthFromName(absl::string_view name) {
  static constexpr std::array<absl::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  const std::string lower = AsciiLower(name);
  if (lower.size() < 3) return 0;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i] || lower == kMonths[i].substr(0, 3) || (lower == "sept" && i == 8)) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

// What may follow an ISO date: a time of day, fractions and an offset.
bool IsTimeTail(absl::string_view rest) {
  if (rest.empty()) return true;
  if (rest[0] != ' ' && rest[0] != 'T') return false;
  for (char c : rest.substr(1)) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.' && c != 'Z' &&
        c != '+' && c != '-' && c != ' ') {
      return false;
    }
  }
  return true;
}

}  // namespace

namespace {

// White space in Unicode's sense (no-break spaces, ideographic space, line separators…) plus the
// zero-width characters spreadsheets leave around values: a byte-order mark in mid-file and the
// zero-width space.
bool IsBlank(UChar32 c) { return u_isUWhiteSpace(c) || c == 0xFEFF || c == 0x200B; }

}  // namespace

absl::string_view Trim(absl::string_view s) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t length = static_cast<int32_t>(s.size());
  int32_t start = 0;
  while (start < length) {
    int32_t next = start;
    UChar32 c;
    U8_NEXT(bytes, next, length, c);
    if (c < 0 || !IsBlank(c)) break;
    start = next;
  }
  int32_t end = length;
  while (end > start) {
    int32_t previous = end;
    UChar32 c;
    U8_PREV(bytes, start, previous, c);
    if (c < 0 || !IsBlank(c)) break;
    end = previous;
  }
  return s.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
}

std::string AsciiLower(absl::string_view s) { return absl::AsciiStrToLower(s); }

bool IsDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::optional<date::year_month_day> ParseDate(absl::string_view text) {
  const absl::string_view s = Trim(text);
  if (s.empty()) return std::nullopt;
  // 2024-09-17[ time]
  if (s.size() >= 8 && absl::ascii_isdigit(static_cast<unsigned char>(s[0])) && s.find('-') == 4) {
    const size_t m_end = s.find('-', 5);
    if (m_end == absl::string_view::npos) return std::nullopt;
    size_t d_end = m_end + 1;
    while (d_end < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[d_end]))) ++d_end;
    const auto y = Digits(s.substr(0, 4), 4, 4);
    const auto m = Digits(s.substr(5, m_end - 5), 1, 2);
    const auto d = Digits(s.substr(m_end + 1, d_end - m_end - 1), 1, 2);
    if (!y || !m || !d || !IsTimeTail(s.substr(d_end))) return std::nullopt;
    return MakeDate(*y, *m, *d);
  }
  // 17/09/2024
  if (s.find('/') != absl::string_view::npos) {
    std::vector<absl::string_view> parts = absl::StrSplit(s, '/');
    if (parts.size() != 3) return std::nullopt;
    const auto d = Digits(parts[0], 1, 2);
    const auto m = Digits(parts[1], 1, 2);
    const auto y = Digits(parts[2], 4, 4);
    if (!y || !m || !d) return std::nullopt;
    return MakeDate(*y, *m, *d);
  }
  // 17 September 2024, 17-Sep-2024
  std::vector<absl::string_view> parts =
      absl::StrSplit(s, absl::ByAnyChar(" -"), absl::SkipEmpty());
  if (parts.size() != 3) return std::nullopt;
  const auto d = Digits(parts[0], 1, 2);
  const int m = MonthFromName(parts[1]);
  const auto y = Digits(parts[2], 4, 4);
  if (!d || m == 0 || !y) return std::nullopt;
  return MakeDate(*y, m, *d);
}

std::optional<date::year_month_day> ParseCompactDate(absl::string_view text) {
  const absl::string_view s = Trim(text);
  if (s.size() != 8 || !IsDigits(s)) return std::nullopt;
  return MakeDate(*Digits(s.substr(0, 4), 4, 4), *Digits(s.substr(4, 2), 2, 2),
                  *Digits(s.substr(6, 2), 2, 2));
}

std::optional<google::protobuf::Timestamp> ParseCompactDateTime(absl::string_view text) {
  const absl::string_view s = Trim(text);
  if (s.size() != 14 || !IsDigits(s)) return std::nullopt;
  const auto d = ParseCompactDate(s.substr(0, 8));
  const int64_t hh = *Digits(s.substr(8, 2), 2, 2);
  const int64_t mm = *Digits(s.substr(10, 2), 2, 2);
  const int64_t ss = *Digits(s.substr(12, 2), 2, 2);
  if (!d || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  google::protobuf::Timestamp ts = StartOfDayUtc(*d);
  ts.set_seconds(ts.seconds() + hh * 3600 + mm * 60 + ss);
  return ts;
}

std::string IsoDate(date::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

std::string IsoWeek(date::year_month_day d) {
  const iso_week::year_weeknum_weekday w{date::sys_days{d}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-W%02u", static_cast<int>(w.year()),
                static_cast<unsigned>(w.weeknum()));
  return buf;
}

std::string IsoYearMonth(date::year_month_day d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()));
  return buf;
}

google::protobuf::Timestamp StartOfDayUtc(date::year_month_day d) {
  google::protobuf::Timestamp ts;
  const auto days = date::sys_days{d}.time_since_epoch().count();
  ts.set_seconds(static_cast<int64_t>(days) * 86400);
  return ts;
}

std::optional<int64_t> ParseInt(absl::string_view text) {
  const absl::string_view s = Trim(text);
  int64_t v = 0;
  if (s.empty() || !absl::SimpleAtoi(s, &v)) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(absl::string_view text) {
  const absl::string_view s = Trim(text);
  double v = 0;
  if (s.empty() || !absl::SimpleAtod(s, &v) || !std::isfinite(v)) return std::nullopt;
  return v;
}

void RowErrors::Add(absl::string_view column, absl::string_view message) {
  messages_.push_back(absl::StrCat(column, ": ", message));
}

std::string RowErrors::Message() const { return absl::StrJoin(messages_, "; "); }

namespace {

// What a reader of the message could not see: control characters, white space other than the
// ASCII space, and the zero-width ones, written as U+XXXX; bytes that are not UTF-8 as \xNN.
void AppendVisibly(absl::string_view value, std::string* out) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(value.data());
  const int32_t length = static_cast<int32_t>(value.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) {
      for (int32_t b = start; b < i; ++b) absl::StrAppendFormat(out, "\\x%02X", bytes[b]);
    } else if (c != ' ' && (IsBlank(c) || u_iscntrl(c) || u_charType(c) == U_FORMAT_CHAR)) {
      absl::StrAppendFormat(out, "<U+%04X>", c);
    } else {
      absl::StrAppend(out,
                      value.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    }
  }
}

}  // namespace

std::string Quoted(absl::string_view value) {
  constexpr size_t kMax = 60;
  size_t cut = std::min(kMax, value.size());
  // Back up to the start of a UTF-8 sequence.
  while (cut > 0 && cut < value.size() && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  std::string out = "\"";
  AppendVisibly(value.substr(0, cut), &out);
  out += cut < value.size() ? "…\"" : "\"";
  return out;
}

}  // namespace timeline::ingest
