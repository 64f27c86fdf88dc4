// Prepared statements made from query text at run time, per connection: ListEvents' event-row
// statement is built per request shape, and planning it afresh at every call (the walks' unions
// take milliseconds to plan, longer than to run) was most of what a call cost beyond its SQL. A
// statement prepared on the connection lets PostgreSQL's plan cache decide between custom and
// generic plans as it does for the service's fixed statements.
//
// Callers choose the text, so what one connection holds is bounded: past kMaxPerConnection
// statements, a new text runs unnamed (planned at that call), as before.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "pqxx/pqxx"
#include "storage/query_builder.h"

namespace timeline::storage {

class StatementCache {
 public:
  static constexpr size_t kMaxPerConnection = 64;

  // Forgets what `conn` held: the pool calls this for each connection it opens, which may reuse
  // the address of one it closed.
  void Reset(const pqxx::connection_base& conn);

  // Runs `statement` in `txn`: prepared on its connection under a name made from the text, or
  // unnamed (planned for its values) when not `prepare`.
  pqxx::result Exec(pqxx::transaction_base& txn, const SqlWithParams& statement,
                    bool prepare = true);

 private:
  // The statement's name on `conn`, preparing it when the connection has room; empty: run it
  // unnamed.
  std::string NameOn(pqxx::connection_base& conn, const std::string& sql);

  std::mutex mu_;
  absl::flat_hash_map<const pqxx::connection_base*, absl::flat_hash_set<std::string>> names_;
};

}  // namespace timeline::storage
