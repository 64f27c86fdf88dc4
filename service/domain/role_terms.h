// The roles an actor held (Actor.roles) as callers write them, checked for the storage layer:
// role text required, organization an actor resource name, dates ISO 8601 calendar dates of the
// precision known ("2021", "2021-05", "2021-05-24"), the end not before the start.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "domain/validation.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "timeline/v1/actor.pb.h"

namespace timeline::domain {

struct RoleRecord {
  std::string role;
  std::string organization_id;  // resource id of the organization; empty for none
  std::string start_date;       // as written, "" when unknown
  std::string end_date;
  bool operator==(const RoleRecord&) const = default;
};

// Whether `date` is "YYYY", "YYYY-MM" or "YYYY-MM-DD" naming a real year, month or day.
bool IsCalendarDate(absl::string_view date);

// Whether the period `end` names ends before the period `start` names begins ("2021" does not
// end before "2021-05": the year includes that month). Both must be calendar dates.
bool EndsBefore(absl::string_view end, absl::string_view start);

// The roles under `field` ("actor"), each violation naming its path ("actor.roles[1].end_date").
std::vector<RoleRecord> CollectRoles(const google::protobuf::RepeatedPtrField<v1::RoleTerm>& roles,
                                     const std::string& field, Violations& v);

}  // namespace timeline::domain
