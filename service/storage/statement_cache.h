// Prepared statements made from query text at run time, per connection: ListEvents' event-row
// statement is built per request shape, and planning it afresh at every call (the walks' unions
// take milliseconds to plan, longer than to run) was most of what a call cost beyond its SQL. A
// statement prepared on the connection lets PostgreSQL's plan cache decide between custom and
// generic plans as it does for the service's fixed statements.
//
// Callers choose the text (ListEvents' carries its page size), so what one connection holds is
// bounded: kMaxPerConnection statements, the least recently used one deallocated to make room
// for a new text. A connection thus keeps the shapes its callers use now, not the first ones it
// met.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
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
  // The texts one connection holds prepared, in order of use and by text.
  struct Held {
    std::list<std::string> by_use;  // most recently used first
    // Views of by_use's strings (a list's elements stay where they are).
    absl::flat_hash_map<std::string_view, std::list<std::string>::iterator> texts;
  };

  // The statement's name on `conn`, prepared there (after deallocating the least recently used
  // one when the connection holds kMaxPerConnection).
  std::string NameOn(pqxx::connection_base& conn, const std::string& sql);

  std::mutex mu_;
  absl::flat_hash_map<const pqxx::connection_base*, Held> held_;
};

}  // namespace timeline::storage
