// Actor roles as written: role text, organization names, ISO 8601 dates of any precision.
#include "domain/role_terms.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/validation.h"
#include "unit/domain/domain_testing.h"

namespace timeline::domain {
namespace {

using test_support::Fields;
using Strings = std::vector<std::string>;

v1::RoleTerm Term(std::string role, std::string organization, std::string start, std::string end) {
  v1::RoleTerm t;
  t.set_role(std::move(role));
  t.set_organization(std::move(organization));
  t.set_start_date(std::move(start));
  t.set_end_date(std::move(end));
  return t;
}

// The roles of an actor holding `terms`, or the fields their violations name.
struct Collected {
  std::vector<RoleRecord> roles;
  Strings fields;
};
Collected Collect(std::vector<v1::RoleTerm> terms) {
  google::protobuf::RepeatedPtrField<v1::RoleTerm> list(terms.begin(), terms.end());
  Violations v;
  Collected out;
  out.roles = CollectRoles(list, "actor", v);
  out.fields = Fields(v.ToStatus());
  return out;
}

TEST(CalendarDateTest, AcceptsYearsMonthsAndDaysThatExist) {
  for (const char* date : {"2021", "2021-05", "2021-05-24", "2024-02-29", "0001"}) {
    EXPECT_TRUE(IsCalendarDate(date)) << date;
  }
}

TEST(CalendarDateTest, RefusesOtherFormsAndDaysThatDoNotExist) {
  for (const char* date : {"", "21", "2021-5", "2021-13", "2021-02-29", "2021-04-31", "+2021",
                           "2021/05/24", "2021-05-24T10:00", "May 2021", "２０２１"}) {
    EXPECT_FALSE(IsCalendarDate(date)) << date;
  }
}

TEST(CalendarDateTest, EndsBeforeComparesWholePeriods) {
  EXPECT_TRUE(EndsBefore("2020", "2021"));
  EXPECT_TRUE(EndsBefore("2021-04-30", "2021-05"));
  EXPECT_TRUE(EndsBefore("2021-04", "2021-05-01"));
  // A year contains its months and days: neither ends before the other begins.
  EXPECT_FALSE(EndsBefore("2021", "2021-05"));
  EXPECT_FALSE(EndsBefore("2021-05", "2021"));
  EXPECT_FALSE(EndsBefore("2021-05-24", "2021-05-24"));
  EXPECT_FALSE(EndsBefore("2022", "2021-12-31"));
}

TEST(RoleTermsTest, ValidRolesAreKeptInOrderWithTheOrganizationsId) {
  Collected c = Collect({Term("transitional president", "actors/mali-government", "2021", ""),
                         Term("colonel", "", "", "2021-05-24")});
  EXPECT_TRUE(c.fields.empty());
  ASSERT_EQ(c.roles.size(), 2u);
  EXPECT_EQ(c.roles[0], (RoleRecord{"transitional president", "mali-government", "2021", ""}));
  EXPECT_EQ(c.roles[1], (RoleRecord{"colonel", "", "", "2021-05-24"}));
}

TEST(RoleTermsTest, EachMistakeNamesItsField) {
  Collected c = Collect({Term("president", "", "2021", ""), Term("", "", "", ""),
                         Term("minister", "places/mali", "", ""),
                         Term("commander", "", "2021-13", "yesterday"),
                         Term("envoy", "", "2022-03", "2021")});
  EXPECT_EQ(c.fields, (Strings{"actor.roles[1].role", "actor.roles[2].organization",
                               "actor.roles[3].start_date", "actor.roles[3].end_date",
                               "actor.roles[4].end_date"}));
  // Only the valid role would be written.
  ASSERT_EQ(c.roles.size(), 1u);
  EXPECT_EQ(c.roles[0].role, "president");
}

}  // namespace
}  // namespace timeline::domain
