#include "storage/pg_request_ids.h"

#include "storage/sql.h"

namespace timeline::storage::pg {

std::optional<std::string> EarlierRequest(pqxx::transaction_base& txn, absl::string_view method,
                                          absl::string_view request_id) {
  if (request_id.empty()) return std::nullopt;
  // Calls with one request_id run one after another, so a concurrent retry waits for the first
  // and returns what it created.
  txn.exec_prepared("lock_request", sql::RequestLockKey(method, request_id));
  pqxx::result r = txn.exec_prepared("find_request", std::string(method), std::string(request_id));
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

void RecordRequest(pqxx::transaction_base& txn, absl::string_view method,
                   absl::string_view request_id, absl::string_view resource_name) {
  if (request_id.empty()) return;
  txn.exec_prepared("record_request", std::string(method), std::string(request_id),
                    std::string(resource_name));
}

}  // namespace timeline::storage::pg
