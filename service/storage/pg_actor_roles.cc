#include "storage/pg_actor_roles.h"

#include "absl/strings/str_cat.h"
#include "domain/field_checks.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "storage/actor_curation_sql.h"
#include "storage/query_builder.h"

namespace timeline::storage::pg {

void AddActorRoles(pqxx::transaction_base& txn,
                   const std::unordered_map<int64_t, v1::Actor*>& by_id) {
  std::vector<int64_t> ids;
  for (const auto& [id, actor] : by_id) ids.push_back(id);
  if (ids.empty()) return;
  for (const pqxx::row& r : txn.exec_params(sql::kActorRolesOf, IdArrayLiteral(ids))) {
    v1::RoleTerm* term = by_id.at(r[0].as<int64_t>())->add_roles();
    term->set_role(r[1].as<std::string>());
    if (std::string organization = r[2].as<std::string>(); !organization.empty()) {
      term->set_organization(domain::ResourceName(domain::kActors, organization));
    }
    term->set_start_date(r[3].as<std::string>());
    term->set_end_date(r[4].as<std::string>());
  }
}

absl::Status WriteActorRoles(pqxx::transaction_base& txn, int64_t actor_id,
                             const std::vector<domain::RoleRecord>& roles,
                             const std::string& field) {
  txn.exec_params(sql::kDeleteActorRoles, actor_id);
  for (size_t i = 0; i < roles.size(); ++i) {
    const domain::RoleRecord& role = roles[i];
    pqxx::result inserted =
        txn.exec_params(sql::kInsertActorRole, actor_id, static_cast<int>(i), role.role,
                        role.organization_id, role.start_date, role.end_date);
    if (inserted.affected_rows() == 0) {
      return domain::InvalidField(
          domain::FieldAt(field, "roles", static_cast<int>(i)) + ".organization",
          absl::StrCat(domain::ResourceName(domain::kActors, role.organization_id),
                       " does not exist or is deleted"));
    }
  }
  return absl::OkStatus();
}

}  // namespace timeline::storage::pg
