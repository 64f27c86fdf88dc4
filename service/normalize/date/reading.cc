#include "normalize/date/reading.h"

#include <string>
#include <utility>

namespace timeline::normalize::date_internal {

unsigned FieldsOf(const Reading& r) {
  unsigned f = 0;
  auto mark = [&f](bool present, Field field) {
    if (present) f |= field;
  };
  mark(r.year.has_value(), kYearField);
  mark(r.month.has_value(), kMonthField);
  mark(r.day.has_value(), kDayField);
  mark(r.weekday.has_value(), kWeekdayField);
  mark(r.iso_week.has_value(), kIsoWeekField);
  mark(r.day_of_year.has_value(), kDayOfYearField);
  mark(r.decade.has_value(), kDecadeField);
  mark(r.relative_day.has_value() || r.last_night, kRelativeDayField);
  mark(r.direction.has_value(), kDirectionField);
  // "يوم الخميس", "the day of": a day unit that counts nothing only introduces a date.
  const bool names_a_day = r.month || r.weekday || r.season;
  const bool counting_days = r.unit == kDayUnit && (r.count || r.ago || r.ahead || r.relation ||
                                                    (r.direction && !names_a_day));
  mark(r.unit.has_value() && (r.unit != kDayUnit || counting_days), kUnitField);
  mark(r.count.has_value(), kCountField);
  mark(r.ago || r.ahead, kAgoField);
  mark(r.century.has_value() || r.century_word, kCenturyField);
  mark(r.season.has_value(), kSeasonField);
  mark(r.part.has_value(), kPartField);
  mark(r.clock.has_value(), kClockField);
  mark(r.relation.has_value(), kRelationField);
  mark(r.period_index.has_value(), kPeriodField);
  mark(r.nth.has_value(), kNthField);
  return f;
}

bool HasDateFields(const Reading& r) { return (FieldsOf(r) & ~(kClockField | kPartField)) != 0; }

namespace {

Clock HourClock(int hour) {
  Clock clock;
  clock.hour = hour;
  return clock;
}

bool IsUnitAtom(const Atom* a) { return a != nullptr && a->sense == Sense::kUnit; }

bool IsMeridiemAtom(const Atom* a) {
  return a != nullptr && (a->sense == Sense::kAm || a->sense == Sense::kPm ||
                          a->sense == Sense::kPmOrCommonEra || a->sense == Sense::kPartOfDay);
}

int MeridiemOf(const Atom& a) {
  if (a.sense == Sense::kAm) return kAmValue;
  if (a.sense == Sense::kPartOfDay) return a.value;
  return kPmValue;
}

// Fills a Reading from atoms[begin, end).
class ReadingBuilder {
 public:
  ReadingBuilder(const std::vector<Atom>& atoms, size_t begin, size_t end)
      : atoms_(atoms), i_(begin), end_(end) {}

  Reading Build() {
    while (i_ < end_ && r_.error.empty()) {
      const bool marker = atoms_[i_].sense == Sense::kTimeMarker;
      ReadAtom();
      if (!marker) expect_hour_ = false;
    }
    if (r_.next_year && r_.season != kWinter) Conflict("year");
    if (r_.error.empty()) PlaceOrdinal();
    return std::move(r_);
  }

 private:
  const Atom* Peek(size_t k) const { return k < end_ ? &atoms_[k] : nullptr; }

  // An ordinal means what it stands beside: "the third quarter", "the second Sunday of July",
  // "الأسبوع العاشر" (week 10), "the twenty-first of May", "the first of next month". "The last
  // Friday of July" says "last" as a direction; it is the last such weekday of the month too.
  void PlaceOrdinal() {
    if (r_.century_word) {  // "the 21st century", "le XXe siècle", "القرن العشرين"
      const std::optional<int> n = r_.ordinal ? r_.ordinal : r_.day;
      if (!n || *n < 1 || r_.month) {
        r_.error = "a century without its number";
        return;
      }
      r_.century = *n;
      r_.ordinal.reset();
      r_.day.reset();
      return;
    }
    const bool of_a_month = r_.month || (r_.unit == kMonthUnit);
    // With a named month only: in "the last Friday of the month" "last" might be the month's.
    if (r_.direction == Sense::kLast && r_.weekday && !r_.ordinal && !r_.day &&
        ((r_.month && !r_.unit) || (r_.last_weekday && r_.unit == kMonthUnit && !r_.month))) {
      r_.nth = -1;
      r_.direction.reset();
      return;
    }
    if (r_.period_months && !r_.period_index) {
      if (r_.ordinal == -1) {  // "الربع الأخير": the final one
        r_.period_index = 12 / *r_.period_months;
        return;
      }
      if (!r_.ordinal && r_.direction) return;  // "last quarter": RelativePeriod
      if (!r_.ordinal || *r_.ordinal < 1) {
        r_.error = "a quarter or half without its number";
        return;
      }
      r_.period_index = *r_.ordinal;
    } else if (!r_.ordinal) {
      return;
    } else if (r_.unit == kWeekUnit && r_.month) {
      // "the first week of May": the week with 1 May, or the first whole week? Not said.
      r_.error = "which week is the " + std::to_string(*r_.ordinal) + " of a month is not said";
      return;
    } else if (r_.weekday && of_a_month && !r_.day) {
      r_.nth = *r_.ordinal;
    } else if (r_.unit == kWeekUnit && !r_.direction && !r_.iso_week && *r_.ordinal > 0 &&
               !r_.month) {
      r_.iso_week = *r_.ordinal;
      r_.unit.reset();
    } else if (of_a_month && !r_.day && *r_.ordinal > 0 && !r_.weekday) {
      r_.day = *r_.ordinal;
    } else {
      r_.error = "cannot read the ordinal " + std::to_string(*r_.ordinal) + " as part of a date";
      return;
    }
    r_.ordinal.reset();
  }

  // "nineteen twenty-eight": hundreds, then a number word of 1-99.
  bool ReadSpelledYear() {
    const Atom& a = atoms_[i_];
    const Atom* next = Peek(i_ + 1);
    if (a.value < 11 || a.value > 20 || next == nullptr || next->sense != Sense::kNumberWord ||
        next->value < 10 || next->value > 99 || IsUnitAtom(Peek(i_ + 2))) {
      return false;
    }
    SetYear(a.value * 100 + next->value, Calendar::kUnstated);
    i_ += 2;
    return true;
  }

  // "Q3 2016", "T3", "H1", "S1": a quarter (trimestre) or a half (semestre) by letter.
  bool ReadPeriodLetter() {
    const Atom& a = atoms_[i_];
    const Atom* n = Peek(i_ + 1);
    if (n == nullptr || n->sense != Sense::kNumber || n->spaced || n->digits != 1) return false;
    int months = 0;
    if (a.text == "q" || a.text == "t") months = 3;
    if (a.text == "h" || a.text == "s") months = 6;
    if (months == 0 || n->value < 1 || n->value > 12 / months) return false;
    Set(r_.period_months, months, "period");
    Set(r_.period_index, n->value, "period");
    i_ += 2;
    return true;
  }

  void Cannot(const Atom& a) { r_.error = "cannot read \"" + a.text + "\" as part of a date"; }
  void Conflict(const std::string& what) {
    if (r_.conflict.empty()) r_.conflict = what;
  }
  void Set(std::optional<int>& slot, int value, const std::string& what) {
    r_.empty = false;
    if (slot && *slot != value) Conflict(what);
    slot = value;
  }
  void SetMonth(int month, Calendar calendar) {
    if (r_.month && r_.month_calendar != calendar) Conflict("month");
    Set(r_.month, month, "month");
    r_.month_calendar = calendar;
  }
  void SetYear(int year, Calendar calendar) {
    r_.empty = false;
    if (r_.year && *r_.year + 1 == year && !r_.next_year) {
      r_.next_year = year;  // a winter across two years, checked in Build()
      return;
    }
    if (calendar != Calendar::kUnstated) {
      if (r_.year_calendar != Calendar::kUnstated && r_.year_calendar != calendar) {
        Conflict("calendar");
      }
      r_.year_calendar = calendar;
    }
    Set(r_.year, year, "year");
  }
  void SetClock(const Clock& clock) {
    r_.empty = false;
    if (r_.clock && !(*r_.clock == clock)) Conflict("time of day");
    r_.clock = clock;
  }
  void SetSense(std::optional<Sense>& slot, Sense sense, const std::string& what) {
    r_.empty = false;
    if (slot && *slot != sense) Conflict(what);
    slot = sense;
  }

  // An atom that is a number before a unit counts it: "3 days", "sept jours", "a week".
  std::optional<int> CountBeforeUnit(size_t k) const {
    const Atom* a = Peek(k);
    if (a == nullptr || !IsUnitAtom(Peek(k + 1))) return std::nullopt;
    if (a->sense == Sense::kNumber && a->value > 0 && a->value <= 10000) return a->value;
    if (a->sense == Sense::kNumberWord) return a->value;
    if (a->number > 0) return a->number;
    return std::nullopt;
  }

  // A unit word that carries its count: "a fortnight", "quinze jours", "يومين".
  static bool IsCountedUnit(const Atom* a) {
    return a != nullptr && a->sense == Sense::kUnit && a->count > 0;
  }

  // "two days after today": a counted unit before "after" and "today" after it.
  bool CountedUnitThenToday() const {
    const Atom* next = Peek(i_ + 1);
    return r_.unit && r_.count && !r_.ago && !r_.ahead && next &&
           next->sense == Sense::kRelativeDay && next->value == 0 && Peek(i_ + 2) == nullptr;
  }

  // After قبل/منذ: "قبل 3 أيام", "منذ أسبوع" are durations; "قبل عام 2020" is a year.
  bool DurationFollows() const {
    if (CountBeforeUnit(i_ + 1)) return true;
    const Atom* after_unit = Peek(i_ + 2);
    return IsUnitAtom(Peek(i_ + 1)) &&
           !(after_unit && after_unit->sense == Sense::kNumber && after_unit->digits >= 3);
  }

  void ReadAtom() {
    const Atom& a = atoms_[i_];
    if (auto count = CountBeforeUnit(i_)) {
      // "1 month 21 days ago", "il y a 1 mois et 21 jours", "منذ شهر و21 يوما".
      const Atom* unit = Peek(i_ + 1);
      if (r_.unit == kMonthUnit && unit->value == kDayUnit && !r_.extra_days) {
        r_.extra_days = *count;
        i_ += 2;
        return;
      }
      Set(r_.count, *count, "count");
      ++i_;
      return;
    }
    // "in 3 weeks", "dans 3 semaines": ahead of the reference, as "ago" is behind it.
    if (a.sense == Sense::kFiller && (a.text == "in" || a.text == "dans") &&
        (CountBeforeUnit(i_ + 1) || IsCountedUnit(Peek(i_ + 1)))) {
      r_.ahead = true;
      r_.empty = false;
      ++i_;
      return;
    }
    if (ReadPeriodLetter()) return;
    switch (a.sense) {
      case Sense::kNumber:
        return ReadNumber();
      case Sense::kNumberWord:
        if (ReadSpelledYear()) return;
        [[fallthrough]];
      case Sense::kOrdinalWord:  // also a number word not before a unit: "deux décembre"
        Set(r_.ordinal, a.value, "ordinal");
        break;
      case Sense::kPeriodOfYear:
        Set(r_.period_months, a.value, "period");
        break;
      case Sense::kWeekend:
        Set(r_.weekend, a.value, "weekend");
        Set(r_.unit, kWeekUnit, "unit");
        break;
      case Sense::kClock:
        ++i_;
        return ReadClockSuffixes(a.clock);
      case Sense::kNumericDate:
        ++i_;
        return ReadNumericDate(a);
      case Sense::kMonth:
        // "sept janvier": a word that is both a month and a number, before a month, is a day.
        if (const Atom* next = Peek(i_ + 1); a.number > 0 && next && next->sense == Sense::kMonth) {
          Set(r_.ordinal, a.number, "ordinal");
          break;
        }
        SetMonth(a.value, Calendar::kGregorian);
        break;
      case Sense::kHijriMonth:
        SetMonth(a.value, Calendar::kHijri);
        break;
      case Sense::kWeekday:
        Set(r_.weekday, a.value, "weekday");
        break;
      case Sense::kRelativeDay:
        Set(r_.relative_day, a.value, "day");
        break;
      case Sense::kLastNight:
        r_.last_night = true;
        r_.empty = false;
        break;
      case Sense::kLast:
        if (const Atom* next = Peek(i_ + 1); next && next->sense == Sense::kWeekday) {
          r_.last_weekday = true;
        }
        SetSense(r_.direction, a.sense, "direction");
        break;
      case Sense::kBeforeLast:
      case Sense::kNext:
      case Sense::kAfterNext:
      case Sense::kThis:
        SetSense(r_.direction, a.sense, "direction");
        break;
      case Sense::kUnit:
        return ReadUnit(a);
      case Sense::kDecades:
        return ReadDecade(a);
      case Sense::kSeason:
        Set(r_.season, a.value, "season");
        break;
      case Sense::kPart:
        Set(r_.part, a.value, "part of the month");
        break;
      case Sense::kTimeMarker:
        expect_hour_ = true;
        break;
      case Sense::kAgo:
      case Sense::kAgoPrefix:
        r_.ago = true;
        r_.empty = false;
        break;
      case Sense::kBeforeOrAgo:
      case Sense::kSinceOrAgo:
        if (DurationFollows()) {
          r_.ago = true;
          r_.empty = false;
        } else {
          SetSense(r_.bound, a.sense == Sense::kBeforeOrAgo ? Sense::kBefore : Sense::kSince,
                   "bound");
        }
        break;
      case Sense::kAfter:
        if (CountedUnitThenToday()) {  // "two days after today"
          r_.ahead = true;
          i_ += 2;
          return;
        }
        if (DurationFollows()) {  // "بعد 3 أسابيع": in three weeks
          r_.ahead = true;
          r_.empty = false;
        } else {
          SetSense(r_.bound, a.sense, "bound");
        }
        break;
      case Sense::kCentury:
        r_.century_word = true;
        r_.empty = false;
        break;
      case Sense::kDecadeName:
        Set(r_.decade, a.value, "decade");
        break;
      case Sense::kBefore:
      case Sense::kSince:
      case Sense::kUntil:
        SetSense(r_.bound, a.sense, "bound");
        break;
      case Sense::kFrom:
        r_.from = true;
        break;
      case Sense::kEarlier:
      case Sense::kLater:
        SetSense(r_.relation, a.sense, "relation");
        break;
      case Sense::kApproximate:
        r_.approximate = true;
        break;
      case Sense::kVague:
        r_.vague = true;
        r_.empty = false;
        break;
      case Sense::kOtherEvent:
        r_.error = "\"" + a.text + "\" counts from an event the words do not date";
        return;
      case Sense::kPartOfDay:  // "صباح اليوم", "hier soir": the day, not narrowed
      case Sense::kTo:
      case Sense::kAnd:
      case Sense::kEquivalent:
      case Sense::kSlash:
      case Sense::kFiller:
        break;
      default:  // a.m., era, ordinal suffix, "h" or "+" with no number before them; unknown
        return Cannot(a);
    }
    ++i_;
  }

  void ReadNumber() {
    const Atom& a = atoms_[i_];
    const Atom* next = Peek(i_ + 1);
    const int n = a.value;
    if (n < 0) return Cannot(a);
    if (next && next->sense == Sense::kOrdinalSuffix && !next->spaced && a.digits <= 2) {
      Set(r_.day, n, "day");
      i_ += 2;
      return;
    }
    if (next && next->sense == Sense::kHourMark && a.digits <= 2) return ReadHourMark(n);
    if (next && IsYearEra(*next, a)) {
      SetYear(n, next->sense == Sense::kHijriEra ? Calendar::kHijri : Calendar::kGregorian);
      i_ += 2;
      return;
    }
    if (IsMeridiemAtom(next) && a.digits <= 2) {
      ++i_;
      return ReadClockSuffixes(HourClock(n));
    }
    // "0600 GMT", "2300 UTC": wire services' time of day; a year is never followed by GMT.
    if (next && next->sense == Sense::kUtc && a.digits == 4 && n / 100 < 24 && n % 100 < 60) {
      Clock clock;
      clock.hour = n / 100;
      clock.minute = n % 100;
      ++i_;
      return ReadClockSuffixes(clock);
    }
    if (next && next->text == "s" && !next->spaced && (a.digits == 4 || a.digits == 2) &&
        n % 10 == 0) {
      i_ += 2;
      return SetDecade(a, n);  // "1990s", "the 70s"
    }
    if (expect_hour_ && a.digits <= 2) {
      ++i_;
      return ReadClockSuffixes(HourClock(n));
    }
    ++i_;
    if (a.digits >= 3 && a.digits <= 4) return SetYear(n, Calendar::kUnstated);
    if (a.digits <= 2 && n >= 1 && n <= 31) return Set(r_.day, n, "day");
    Cannot(a);
  }

  // "1446 هـ", "2024 AD", "2024م" (after a year, م is the Gregorian era, not p.m.).
  static bool IsYearEra(const Atom& era, const Atom& number) {
    return era.sense == Sense::kHijriEra || era.sense == Sense::kCommonEra ||
           (era.sense == Sense::kPmOrCommonEra && number.digits >= 3);
  }

  // "10h", "10h30", "10 heures", "10 o'clock".
  void ReadHourMark(int hour) {
    Clock clock = HourClock(hour);
    const bool french_h = atoms_[i_ + 1].text == "h";
    i_ += 2;
    const Atom* minutes = Peek(i_);
    if (french_h && minutes && minutes->sense == Sense::kNumber && minutes->digits == 2) {
      clock.minute = minutes->value;
      ++i_;
    }
    ReadClockSuffixes(clock);
  }

  // The period that ends an abbreviation ("p.m. GMT") does not separate a time from its suffixes.
  void SkipPeriod() {
    if (const Atom* a = Peek(i_); a && a->sense == Sense::kFiller && a->text == ".") ++i_;
  }

  // What may follow a time: a.m./p.m., then a UTC designator with an offset.
  void ReadClockSuffixes(Clock clock) {
    if (const Atom* a = Peek(i_); IsMeridiemAtom(a)) {
      clock.meridiem = MeridiemOf(*a);
      ++i_;
      SkipPeriod();
    }
    if (const Atom* a = Peek(i_); a && a->sense == Sense::kUtc) {
      clock.offset_minutes = 0;
      ++i_;
      ReadOffset(clock);
    }
    SetClock(clock);
  }

  // "GMT+3", "UTC-05:30".
  void ReadOffset(Clock& clock) {
    const Atom* sign = Peek(i_);
    const Atom* amount = Peek(i_ + 1);
    if (!sign || !amount || (sign->sense != Sense::kPlus && sign->text != "-")) return;
    int offset = 0;
    if (amount->sense == Sense::kNumber && amount->digits <= 2) {
      offset = amount->value * 60;
    } else if (amount->sense == Sense::kClock && amount->clock.second < 0) {
      offset = amount->clock.hour * 60 + amount->clock.minute;
    } else {
      return;
    }
    clock.offset_minutes = sign->sense == Sense::kPlus ? offset : -offset;
    i_ += 2;
  }

  void ReadNumericDate(const Atom& a) {
    const std::vector<NumberField>& f = a.fields;
    auto ambiguous = [&] {
      r_.error = "the order of day and month in \"" + a.text + "\" is ambiguous";
    };
    if (f.size() == 2 && f[0].digits <= 2 && f[1].digits <= 2) {  // 22/04: day and month
      return SetDayMonth(f[0].value, f[1].value, ambiguous);
    }
    if (f.size() == 2) {  // 2024-09, 09/2024
      const NumberField& year = f[0].digits == 4 ? f[0] : f[1];
      const NumberField& month = f[0].digits == 4 ? f[1] : f[0];
      SetYear(year.value, Calendar::kGregorian);
      return SetMonth(month.value, Calendar::kGregorian);
    }
    if (f[0].digits == 4) {  // 2024/09/17
      SetYear(f[0].value, Calendar::kGregorian);
      SetMonth(f[1].value, Calendar::kGregorian);
      return Set(r_.day, f[2].value, "day");
    }
    if (f[2].digits != 4 && f[2].digits != 2) {
      r_.error = "the year in \"" + a.text + "\" has neither two nor four digits";
      return;
    }
    SetYear(f[2].value, Calendar::kGregorian);
    r_.two_digit_year = f[2].digits == 2;  // "05/05/89": the century comes from the reference
    SetDayMonth(f[0].value, f[1].value, ambiguous);
  }

  // Day first unless that cannot be ("09/17/2024"); both orders possible is ambiguous.
  template <typename Ambiguous>
  void SetDayMonth(int day, int month, Ambiguous ambiguous) {
    if (day <= 12 && month <= 12 && day != month) return ambiguous();
    if (month > 12) std::swap(day, month);
    SetMonth(month, Calendar::kGregorian);
    Set(r_.day, day, "day");
  }

  void ReadUnit(const Atom& a) {
    const Atom* next = Peek(i_ + 1);
    // "يوم 12 من الشهر الجاري", "on day 5": the word only announces a day of the month.
    if (a.value == kDayUnit && a.count == 0 && next && next->sense == Sense::kNumber &&
        next->digits <= 2 && !r_.ago && !r_.ahead && !r_.count) {
      ++i_;
      return;
    }
    // "عام 2024", "l'année 2024": the unit names the year that follows.
    if (a.value == kYearUnit && next && next->sense == Sense::kNumber && next->digits >= 3 &&
        next->digits <= 4) {
      ++i_;
      return ReadNumber();
    }
    // "week 38", "الأسبوع 38": an ISO week.
    const Atom* after_number = Peek(i_ + 2);
    const bool day_of_month = after_number && after_number->sense == Sense::kMonth;
    if (a.value == kWeekUnit && next && next->sense == Sense::kNumber && next->digits <= 2 &&
        !r_.direction && !day_of_month) {
      Set(r_.iso_week, next->value, "week");
      i_ += 2;
      return;
    }
    Set(r_.unit, a.value, "unit");
    if (a.count > 0) Set(r_.count, a.count, "count");
    if (a.count == kPlural) r_.plural_unit = true;
    ++i_;
  }

  // "années 1990", "les années 70", "les années quarante".
  void ReadDecade(const Atom& a) {
    const Atom* next = Peek(i_ + 1);
    if (next && next->sense == Sense::kNumberWord && next->value >= 10 && next->value <= 90 &&
        next->value % 10 == 0) {
      Atom two_digits = *next;
      two_digits.digits = 2;
      i_ += 2;
      return SetDecade(two_digits, next->value);
    }
    if (!next || next->sense != Sense::kNumber || (next->digits != 4 && next->digits != 2) ||
        next->value % 10 != 0) {
      return Cannot(a);
    }
    i_ += 2;
    SetDecade(*next, next->value);
  }

  // "the 70s", "les années 70": the 1900s from the 1930s on; "the 20s" may be the 1920s or the
  // 2020s, and "the 00s" or "the 10s" are as unclear: those are not read.
  void SetDecade(const Atom& a, int n) {
    if (a.digits == 2) {
      if (n < 30) {
        r_.error = "the decade \"" + a.text + "\" does not say its century";
        return;
      }
      n += 1900;
    }
    Set(r_.decade, n, "decade");
  }

  const std::vector<Atom>& atoms_;
  size_t i_;
  size_t end_;
  bool expect_hour_ = false;  // after "at", "الساعة": a bare number is an hour
  Reading r_;
};

}  // namespace

Reading ReadAtoms(const std::vector<Atom>& atoms, size_t begin, size_t end) {
  return ReadingBuilder(atoms, begin, end).Build();
}

}  // namespace timeline::normalize::date_internal
