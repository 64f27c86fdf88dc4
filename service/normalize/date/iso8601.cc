#include "normalize/date/iso8601.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

namespace timeline::normalize::date_internal {
namespace {

constexpr std::string_view kSpaces = " \t\r\n";

class IsoParser {
 public:
  explicit IsoParser(std::string_view text) : s_(text) {}

  // 2024, 2024-09, 2024-09-17, 20240917, 2024-W38, 2024-W38-2, 2024-261, each optionally with a
  // time (T or space; hh, hh:mm, hh:mm:ss[.f]) and an offset (Z, ±hh, ±hh:mm, ±hhmm).
  std::optional<Reading> Parse() {
    Reading r;
    r.empty = false;
    r.year_calendar = Calendar::kGregorian;
    int year = 0;
    if (!Digits(4, &year)) return std::nullopt;
    r.year = year;
    bool has_day = false;
    if (Accept('-')) {
      if (Accept('W') || Accept('w')) {
        if (!ReadWeek(r)) return std::nullopt;
        has_day = r.weekday.has_value();
      } else if (DigitRun() == 3) {
        int ordinal = 0;
        Digits(3, &ordinal);
        r.day_of_year = ordinal;
        has_day = true;
      } else {
        int month = 0;
        if (!Digits(2, &month)) return std::nullopt;
        r.month = month;
        r.month_calendar = Calendar::kGregorian;
        if (Accept('-')) {
          int day = 0;
          if (!Digits(2, &day)) return std::nullopt;
          r.day = day;
          has_day = true;
        }
      }
    } else if (DigitRun() == 4) {
      int month = 0;
      int day = 0;
      Digits(2, &month);
      Digits(2, &day);
      r.month = month;
      r.month_calendar = Calendar::kGregorian;
      r.day = day;
      has_day = true;
    }
    if (has_day && (Accept('T') || Accept('t') || Accept(' '))) {
      if (!ReadTime(r)) return std::nullopt;
    }
    if (p_ != s_.size()) return std::nullopt;
    return r;
  }

 private:
  bool Accept(char c) {
    if (p_ < s_.size() && s_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  size_t DigitRun() const {
    size_t n = 0;
    while (p_ + n < s_.size() && s_[p_ + n] >= '0' && s_[p_ + n] <= '9') ++n;
    return n;
  }
  bool Digits(size_t n, int* out) {
    if (DigitRun() < n) return false;
    *out = 0;
    for (size_t k = 0; k < n; ++k) *out = *out * 10 + (s_[p_++] - '0');
    return true;
  }

  bool ReadWeek(Reading& r) {
    int week = 0;
    if (!Digits(2, &week)) return false;
    r.iso_week = week;
    if (Accept('-')) {
      int weekday = 0;
      if (!Digits(1, &weekday) || weekday < 1 || weekday > 7) return false;
      r.weekday = weekday % 7;  // ISO 7 = Sunday = 0
    }
    return true;
  }

  bool ReadTime(Reading& r) {
    Clock clock;
    if (!Digits(2, &clock.hour)) return false;
    if (Accept(':')) {
      if (!Digits(2, &clock.minute)) return false;
      if (Accept(':') && !ReadSeconds(clock)) return false;
    } else if (DigitRun() >= 2) {  // basic format: hhmm[ss]
      if (!Digits(2, &clock.minute)) return false;
      if (DigitRun() >= 2 && !ReadSeconds(clock)) return false;
    }
    if (Accept('Z') || Accept('z')) {
      clock.offset_minutes = 0;
    } else if (p_ < s_.size() && (s_[p_] == '+' || s_[p_] == '-')) {
      const int sign = s_[p_++] == '+' ? 1 : -1;
      int h = 0;
      int m = 0;
      if (!Digits(2, &h)) return false;
      Accept(':');
      if (DigitRun() >= 2) Digits(2, &m);
      if (h > 23 || m > 59) return false;
      clock.offset_minutes = sign * (h * 60 + m);
    }
    r.clock = clock;
    return true;
  }

  bool ReadSeconds(Clock& clock) {
    if (!Digits(2, &clock.second)) return false;
    if (Accept('.') || Accept(',')) {
      const size_t run = DigitRun();
      if (run == 0) return false;
      std::string fraction(s_.substr(p_, std::min<size_t>(run, 6)));
      fraction.resize(6, '0');
      clock.micros = std::stoi(fraction);
      p_ += run;
    }
    return true;
  }

  std::string_view s_;
  size_t p_ = 0;
};

// The text as ASCII with digits of any script made ASCII, trimmed; nothing if other characters
// remain (then it is not ISO 8601) or the bytes are not UTF-8.
std::optional<std::string> AsciiForm(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    if (c >= 0 && c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c >= 0 && u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
      out.push_back(static_cast<char>('0' + u_charDigitValue(c)));
    } else {
      return std::nullopt;
    }
  }
  const size_t first = out.find_first_not_of(kSpaces);
  if (first == std::string::npos) return std::nullopt;
  return out.substr(first, out.find_last_not_of(kSpaces) - first + 1);
}

// Every ISO 8601 text starts with a digit of its year: most words a search reads are turned
// away here, without reading them whole.
bool StartsWithDigit(std::string_view text) {
  const size_t first = text.find_first_not_of(kSpaces);
  if (first == std::string_view::npos) return false;
  const auto length = static_cast<int32_t>(text.size());
  auto i = static_cast<int32_t>(first);
  UChar32 c = 0;
  U8_NEXT(text.data(), i, length, c);
  return c >= 0 && u_charType(c) == U_DECIMAL_DIGIT_NUMBER;
}

}  // namespace

// One ISO 8601 date or date-time, or an interval "start/end" of two.
std::optional<std::vector<Reading>> ReadIso8601(std::string_view text) {
  if (text.size() > static_cast<size_t>(INT32_MAX) || !StartsWithDigit(text)) return std::nullopt;
  std::optional<std::string> ascii = AsciiForm(text);
  if (!ascii) return std::nullopt;
  std::vector<Reading> readings;
  const size_t slash = ascii->find('/');
  const bool interval = slash != std::string::npos;
  for (std::string_view part :
       interval ? std::vector<std::string_view>{std::string_view(*ascii).substr(0, slash),
                                                std::string_view(*ascii).substr(slash + 1)}
                : std::vector<std::string_view>{*ascii}) {
    std::optional<Reading> reading = IsoParser(part).Parse();
    if (!reading) return std::nullopt;
    readings.push_back(std::move(*reading));
  }
  return readings;
}

}  // namespace timeline::normalize::date_internal
