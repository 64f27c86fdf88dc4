#include "storage/statement_cache.h"

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"

namespace timeline::storage {

void StatementCache::Reset(const pqxx::connection_base& conn) {
  std::lock_guard lock(mu_);
  names_.erase(&conn);
}

std::string StatementCache::NameOn(pqxx::connection_base& conn, const std::string& sql) {
  // The full text is compared by libpqxx's prepare(), which refuses a different definition under
  // a name it holds: a hash collision then runs unnamed instead of wrongly.
  std::string name = absl::StrCat("shape_", absl::Hex(absl::HashOf(sql), absl::kZeroPad16));
  std::lock_guard lock(mu_);
  absl::flat_hash_set<std::string>& held = names_[&conn];
  if (held.contains(name)) return name;
  if (held.size() >= kMaxPerConnection) return "";
  conn.prepare(name, sql);
  held.insert(name);
  return name;
}

pqxx::result StatementCache::Exec(pqxx::transaction_base& txn, const SqlWithParams& statement,
                                  bool prepare) {
  std::string name;
  try {
    if (prepare) name = NameOn(txn.conn(), statement.sql);
  } catch (const pqxx::argument_error&) {
    name.clear();  // a name taken by another text
  }
  if (name.empty()) {
    return txn.exec_params(statement.sql, pqxx::prepare::make_dynamic_params(statement.params));
  }
  return txn.exec_prepared(name, pqxx::prepare::make_dynamic_params(statement.params));
}

}  // namespace timeline::storage
