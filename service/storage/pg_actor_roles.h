// The roles an actor held (table actor_roles): read with the actor, written whole by
// CreateActor and UpdateActor. Internal to storage/.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "domain/role_terms.h"
#include "pqxx/pqxx"
#include "timeline/v1/actor.pb.h"

namespace timeline::storage::pg {

// Adds their roles to the actors with the internal ids in `by_id`.
void AddActorRoles(pqxx::transaction_base& txn,
                   const std::unordered_map<int64_t, v1::Actor*>& by_id);

// Replaces the roles of actor `actor_id` with `roles`. INVALID_ARGUMENT naming
// `field`.roles[i].organization when that organization is not a live actor.
absl::Status WriteActorRoles(pqxx::transaction_base& txn, int64_t actor_id,
                             const std::vector<domain::RoleRecord>& roles,
                             const std::string& field);

}  // namespace timeline::storage::pg
