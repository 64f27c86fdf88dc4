#include "storage/pg_name_rekey.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "normalize/match_key.h"
#include "pqxx/pqxx"
#include "storage/query_builder.h"

namespace timeline::storage::pg {
namespace {

// Every table that stores names with their match keys.
constexpr const char* kNameTables[] = {"actor_names", "place_names", "actor_merge_names",
                                       "place_merge_names"};

// The keys of a batch of names that the rules make differently now: row ids (ctid, stable while
// the table is locked) and their new keys.
struct ChangedKeys {
  std::vector<std::string> rows;
  std::vector<std::string> keys;
};

ChangedKeys FindChangedKeys(const pqxx::result& batch) {
  ChangedKeys changed;
  for (const pqxx::row& r : batch) {
    std::string key = normalize::MatchKey(r[1].as<std::string>());
    if (key == r[2].as<std::string>()) continue;
    changed.rows.push_back(r[0].as<std::string>());
    changed.keys.push_back(std::move(key));
  }
  return changed;
}

int64_t UpdateKeys(pqxx::work& txn, const std::string& table, const ChangedKeys& changed) {
  if (changed.rows.empty()) return 0;
  return txn
      .exec_params(absl::StrCat("UPDATE ", txn.quote_name(table),
                                " t SET match_key = u.key FROM unnest($1::tid[], "
                                "$2::text[]) AS u(row_id, key) WHERE t.ctid = u.row_id"),
                   TextArrayLiteral(changed.rows), TextArrayLiteral(changed.keys))
      .affected_rows();
}

// Reads `table` through a cursor, batch_rows names at a time, and re-keys each batch: memory
// stays bounded however many names there are. The cursor reads the table as it was when it was
// declared, so the rows an UPDATE rewrites are not read again.
void RekeyTable(pqxx::work& txn, const std::string& table, int64_t batch_rows, NameRekey& rekey) {
  // Readers go on; writers of names wait for the new keys.
  txn.exec(absl::StrCat("LOCK TABLE ", txn.quote_name(table), " IN EXCLUSIVE MODE"));
  txn.exec(
      absl::StrCat("DECLARE rekey_names NO SCROLL CURSOR FOR SELECT ctid::text, name, "
                   "match_key FROM ",
                   txn.quote_name(table)));
  const std::string fetch = absl::StrCat("FETCH ", batch_rows, " FROM rekey_names");
  for (pqxx::result batch = txn.exec(fetch); !batch.empty(); batch = txn.exec(fetch)) {
    rekey.names += static_cast<int64_t>(batch.size());
    ++rekey.batches;
    rekey.changed += UpdateKeys(txn, table, FindChangedKeys(batch));
  }
  txn.exec("CLOSE rekey_names");
}

}  // namespace

absl::StatusOr<NameRekey> RekeyNames(const std::string& database_url, int64_t batch_rows) {
  if (batch_rows < 1) return absl::InvalidArgumentError("batch_rows must be at least 1");
  try {
    pqxx::connection conn(database_url);
    pqxx::work txn(conn);
    NameRekey rekey;
    rekey.from_version = txn.exec1("SELECT version FROM name_key_version FOR UPDATE")[0].as<int>();
    rekey.to_version = rekey.from_version;
    if (rekey.from_version >= normalize::kMatchKeyVersion) return rekey;
    for (const char* table : kNameTables) RekeyTable(txn, table, batch_rows, rekey);
    txn.exec_params("UPDATE name_key_version SET version = $1", normalize::kMatchKeyVersion);
    txn.commit();
    rekey.to_version = normalize::kMatchKeyVersion;
    return rekey;
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("re-keying the stored names failed: ", e.what()));
  }
}

}  // namespace timeline::storage::pg
