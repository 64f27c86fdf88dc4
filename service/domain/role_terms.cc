#include "domain/role_terms.h"

#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "domain/field_checks.h"
#include "domain/resource_name.h"

namespace timeline::domain {
namespace {

constexpr size_t kMaxRoleBytes = 500;

// The shape alone: digits with dashes after the year and the month. absl's civil-time parser
// accepts signs and other widths that ISO 8601 calendar dates do not have.
bool HasDateShape(absl::string_view date) {
  if (date.size() != 4 && date.size() != 7 && date.size() != 10) return false;
  for (size_t i = 0; i < date.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? date[i] != '-' : !absl::ascii_isdigit(static_cast<unsigned char>(date[i]))) {
      return false;
    }
  }
  return true;
}

// The first and the last day of the period a calendar date names.
struct DayRange {
  absl::CivilDay first;
  absl::CivilDay last;
};

std::optional<DayRange> PeriodOf(absl::string_view date) {
  if (!HasDateShape(date)) return std::nullopt;
  if (date.size() == 4) {
    absl::CivilYear y;
    if (!absl::ParseCivilTime(date, &y)) return std::nullopt;
    return DayRange{absl::CivilDay(y), absl::CivilDay(y + 1) - 1};
  }
  if (date.size() == 7) {
    absl::CivilMonth m;
    if (!absl::ParseCivilTime(date, &m)) return std::nullopt;
    return DayRange{absl::CivilDay(m), absl::CivilDay(m + 1) - 1};
  }
  absl::CivilDay d;
  if (!absl::ParseCivilTime(date, &d)) return std::nullopt;
  return DayRange{d, d};
}

constexpr const char* kDateForm =
    "must be an ISO 8601 date: \"2021\", \"2021-05\" or \"2021-05-24\"";

}  // namespace

bool IsCalendarDate(absl::string_view date) { return PeriodOf(date).has_value(); }

bool EndsBefore(absl::string_view end, absl::string_view start) {
  std::optional<DayRange> e = PeriodOf(end);
  std::optional<DayRange> s = PeriodOf(start);
  return e && s && e->last < s->first;
}

std::vector<RoleRecord> CollectRoles(const google::protobuf::RepeatedPtrField<v1::RoleTerm>& roles,
                                     const std::string& field, Violations& v) {
  std::vector<RoleRecord> out;
  for (int i = 0; i < roles.size(); ++i) {
    const v1::RoleTerm& term = roles[i];
    const std::string where = FieldAt(field, "roles", i);
    bool bad = false;
    auto add = [&](std::string f, std::string description) {
      bad = true;
      v.Add(std::move(f), std::move(description));
    };
    if (term.role().empty()) add(where + ".role", "is required");
    if (term.role().size() > kMaxRoleBytes) {
      add(where + ".role", absl::StrCat("is longer than ", kMaxRoleBytes, " bytes"));
    }
    std::string organization_id;
    if (!term.organization().empty()) {
      absl::StatusOr<std::string> id =
          ParseResourceName(term.organization(), kActors, where + ".organization");
      if (id.ok()) {
        organization_id = *id;
      } else {
        bad = true;
        AddViolationsOf(id.status(), v);
      }
    }
    const bool start_ok = term.start_date().empty() || IsCalendarDate(term.start_date());
    const bool end_ok = term.end_date().empty() || IsCalendarDate(term.end_date());
    if (!start_ok)
      add(where + ".start_date", absl::StrCat(Quoted(term.start_date()), " ", kDateForm));
    if (!end_ok) add(where + ".end_date", absl::StrCat(Quoted(term.end_date()), " ", kDateForm));
    if (start_ok && end_ok && EndsBefore(term.end_date(), term.start_date())) {
      add(where + ".end_date", absl::StrCat(Quoted(term.end_date()), " is before start_date ",
                                            Quoted(term.start_date())));
    }
    if (!bad) {
      out.push_back({term.role(), std::move(organization_id), term.start_date(), term.end_date()});
    }
  }
  return out;
}

}  // namespace timeline::domain
