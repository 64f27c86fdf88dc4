// Idempotent Create* calls (AIP-155): a request id seen before answers with the resource the
// first call created. Internal to storage/.
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "pqxx/pqxx"

namespace timeline::storage::pg {

// The resource name an earlier `method` call with `request_id` created, after waiting for any
// call with the same request id that runs now; none for an empty request id.
std::optional<std::string> EarlierRequest(pqxx::transaction_base& txn, absl::string_view method,
                                          absl::string_view request_id);
// Remembers what this call created, for its retries.
void RecordRequest(pqxx::transaction_base& txn, absl::string_view method,
                   absl::string_view request_id, absl::string_view resource_name);

}  // namespace timeline::storage::pg
