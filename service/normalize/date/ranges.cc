#include "normalize/date/ranges.h"

#include <utility>

#include "normalize/date/hijri.h"
#include "normalize/date/local_interval.h"

namespace timeline::normalize::date_internal {
namespace {

// The coarsest unit on whose boundaries both bounds lie.
DatePrecision CommonPrecision(DatePrecision a, DatePrecision b) {
  if (a == b) return a;
  auto both_at_least = [&](DatePrecision p) { return a >= p && b >= p; };
  if (both_at_least(DatePrecision::kMonth)) return DatePrecision::kMonth;
  if (both_at_least(DatePrecision::kDay)) return DatePrecision::kDay;
  if (both_at_least(DatePrecision::kHour)) return DatePrecision::kHour;
  if (both_at_least(DatePrecision::kMinute)) return DatePrecision::kMinute;
  return DatePrecision::kInstant;
}

// A year-less date waits for the other end of the range to say which year.
bool NeedsYear(const Reading& r) {
  return !r.year && !r.relative_day && !r.last_night && !r.direction && !r.ago && !r.ahead &&
         !r.iso_week && (r.month || r.season || r.weekday || r.day);
}

// "15-17 September": the first end borrows the month; "from 10:00 to 12:00 on 17 September":
// an end with only a time borrows the other's date.
void ShareFields(Reading& left, Reading& right) {
  auto borrow_month = [](Reading& to, const Reading& from) {
    if (to.day && !to.month && !to.relative_day && from.month) {
      to.month = from.month;
      to.month_calendar = from.month_calendar;
      to.month_borrowed = true;
    }
  };
  borrow_month(left, right);
  borrow_month(right, left);
  // "the 4th to the 22nd of this month", "من 4 إلى 22 من الشهر الجاري".
  auto borrow_relative_month = [](Reading& to, const Reading& from) {
    if (to.day && !to.month && !to.relative_day && !to.direction && !to.unit && from.direction &&
        from.unit == kMonthUnit && from.day) {
      to.direction = from.direction;
      to.unit = from.unit;
    }
  };
  borrow_relative_month(left, right);
  borrow_relative_month(right, left);
  auto borrow_date = [](Reading& to, const Reading& from) {
    if (!to.clock || HasDateFields(to)) return;
    Clock clock = *to.clock;
    const std::optional<Sense> bound = to.bound;
    to = from;
    to.clock = clock;
    to.bound = bound;
  };
  borrow_date(left, right);
  borrow_date(right, left);
}

void TakeYearOf(Reading& to, const Bounds& other) {
  if (to.month_calendar == Calendar::kHijri) {
    to.year = HijriOf(other.first_day).year;
    to.year_calendar = Calendar::kHijri;
  } else {
    to.year = static_cast<int>(YearMonthOf(other.first_day).year());
  }
}

// An end that borrowed the other's month is in the same month, hence the same year, as the other.
void ShareYear(Reading& to, const Bounds& other) {
  if (!to.month_borrowed || to.year) return;
  TakeYearOf(to, other);
}

// "du 16 au 20 septembre", "Oct 1-3": one month, no year. Like any year-less date, the range is
// the latest that starts on or before the reference, so one under way at the reference is this
// year's.
bool OneYearlessMonth(const Reading& left, const Reading& right) {
  return left.month_borrowed && NeedsYear(left) && NeedsYear(right);
}

bool IsRelative(const Reading& r) {
  return r.relative_day || r.last_night || r.direction || r.ago || r.ahead;
}

// What a stated end names: a calendar date, not only a count of units ("21 days").
bool NamesACalendarDate(const Reading& r) {
  return r.day || r.month || r.year || r.weekday || r.season || r.iso_week || r.period_index ||
         r.nth || r.decade || r.century;
}

// One end counts from the reference ("today"), the other states a date ("1 August 2019"), and
// neither mixes the two: read as a range even though no slot is stated twice.
bool RelativeAgainstStated(const Reading& left, const Reading& right) {
  auto mixed = [](const Reading& r) {
    return IsRelative(r) && (r.day || r.month || r.year || r.weekday);
  };
  if (!HasDateFields(left) || !HasDateFields(right) || mixed(left) || mixed(right)) return false;
  if (IsRelative(left) == IsRelative(right)) return false;
  return NamesACalendarDate(IsRelative(left) ? right : left);
}

bool IsConnector(Sense s) {
  return s == Sense::kTo || s == Sense::kAnd || s == Sense::kUntil || s == Sense::kEquivalent;
}

}  // namespace

absl::StatusOr<Bounds> ResolveRange(Reading left, Reading right, Sense connector, const Env& env,
                                    Warnings* warnings) {
  if (left.bound || right.bound) return CannotCombine(env);
  if (connector == Sense::kEquivalent) {
    // "15 ربيع الأول 1446 هـ الموافق 18 سبتمبر 2024م": one day in two calendars. The narrower
    // reading wins if the wider one contains it.
    Warnings left_warnings;
    Warnings right_warnings;
    absl::StatusOr<Bounds> a = ResolveToBounds(left, env, ReferenceAnchor(env), &left_warnings);
    absl::StatusOr<Bounds> b = ResolveToBounds(right, env, ReferenceAnchor(env), &right_warnings);
    if (!a.ok()) return a;
    if (!b.ok()) return b;
    auto within = [](const Bounds& x, const Bounds& y) {
      return *x.start >= *y.start && *x.end <= *y.end;
    };
    const bool right_wins = within(*b, *a);
    if (!right_wins && !within(*a, *b)) {
      return Unreadable("the two dates in " + env.quoted + " do not agree");
    }
    const Warnings& kept = right_wins ? right_warnings : left_warnings;
    warnings->insert(warnings->end(), kept.begin(), kept.end());
    return right_wins ? b : a;
  }
  ShareFields(left, right);
  absl::StatusOr<Bounds> first;
  absl::StatusOr<Bounds> last;
  if (OneYearlessMonth(left, right)) {
    first = ResolveToBounds(left, env, ReferenceAnchor(env), warnings);
    if (!first.ok()) return first;
    TakeYearOf(right, *first);
    last = ResolveToBounds(
        right, env, Anchor{first->first_day, /*forward=*/true, /*is_reference=*/false}, warnings);
  } else if (NeedsYear(right) && !NeedsYear(left)) {
    first = ResolveToBounds(left, env, ReferenceAnchor(env), warnings);
    if (!first.ok()) return first;
    ShareYear(right, *first);
    last = ResolveToBounds(
        right, env, Anchor{first->first_day, /*forward=*/true, /*is_reference=*/false}, warnings);
  } else {
    last = ResolveToBounds(right, env, ReferenceAnchor(env), warnings);
    if (!last.ok()) return last;
    ShareYear(left, *last);
    first = ResolveToBounds(
        left, env, Anchor{last->first_day, /*forward=*/false, /*is_reference=*/false}, warnings);
  }
  if (!first.ok()) return first;
  if (!last.ok()) return last;
  if (*first->start > *last->start || *first->end > *last->end) {
    return Unreadable("the range " + env.quoted + " ends before it starts");
  }
  if (left.approximate || right.approximate) {
    warnings->push_back(ApproximateWarning(left.approximate ? left : right, env));
  }
  Bounds range = *first;
  range.end = last->end;
  range.precision = CommonPrecision(first->precision, last->precision);
  return range;
}

absl::StatusOr<Bounds> ResolveAtoms(const std::vector<Atom>& atoms, const Env& env,
                                    Warnings* warnings) {
  Reading whole = ReadAtoms(atoms, 0, atoms.size());
  if (!whole.error.empty()) return ResolveSingle(whole, env, warnings);
  // Something stated twice, or a date on each side of a connector ("from 1 August 2019 to
  // today", "اليوم حتى 22 أكتوبر": no slot is stated twice, yet one end is relative and the other
  // is not): read the text as a range, split at its first working connector.
  const bool conflict = !whole.conflict.empty();
  for (size_t k = 0; k < atoms.size(); ++k) {
    if (!IsConnector(atoms[k].sense)) continue;
    Reading left = ReadAtoms(atoms, 0, k);
    Reading right = ReadAtoms(atoms, k + 1, atoms.size());
    if (left.empty || right.empty || !left.conflict.empty() || !right.conflict.empty() ||
        !left.error.empty() || !right.error.empty()) {
      continue;
    }
    if (!conflict && !RelativeAgainstStated(left, right)) continue;
    return ResolveRange(std::move(left), std::move(right), atoms[k].sense, env, warnings);
  }
  return ResolveSingle(whole, env, warnings);
}

}  // namespace timeline::normalize::date_internal
