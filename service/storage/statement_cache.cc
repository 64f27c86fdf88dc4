#include "storage/statement_cache.h"

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"

namespace timeline::storage {

void StatementCache::Reset(const pqxx::connection_base& conn) {
  std::lock_guard lock(mu_);
  held_.erase(&conn);
}

namespace {

std::string NameOf(const std::string& sql) {
  return absl::StrCat("shape_", absl::Hex(absl::HashOf(sql), absl::kZeroPad16));
}

}  // namespace

std::string StatementCache::NameOn(pqxx::connection_base& conn, const std::string& sql) {
  std::string name = NameOf(sql);
  std::string evicted;
  {
    std::lock_guard lock(mu_);
    Held& held = held_[&conn];
    if (auto it = held.texts.find(sql); it != held.texts.end()) {
      held.by_use.splice(held.by_use.begin(), held.by_use, it->second);
      return name;
    }
    if (held.texts.size() >= kMaxPerConnection) {
      held.texts.erase(held.by_use.back());
      evicted = NameOf(held.by_use.back());
      held.by_use.pop_back();
    }
  }
  // The connection is the calling thread's alone; only the map needs the lock. DEALLOCATE is not
  // transactional: it holds even when the call's transaction rolls back.
  if (!evicted.empty()) conn.unprepare(evicted);
  // libpqxx refuses (argument_error) a name it holds for another text: on a hash collision the
  // text runs unnamed and is not remembered.
  conn.prepare(name, sql);
  std::lock_guard lock(mu_);
  Held& held = held_[&conn];
  held.by_use.push_front(sql);
  held.texts[held.by_use.front()] = held.by_use.begin();
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
