#include "storage/pg_curation_support.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "storage/place_source_curation_sql.h"
#include "storage/query_builder.h"

namespace timeline::storage::pg {

absl::Status StaleRegistryEtag(absl::string_view expected, absl::string_view name,
                               absl::string_view current) {
  return absl::AbortedError(
      absl::StrCat("etag \"", expected, "\" is stale; ", name, " is now at \"", current, "\""));
}

std::string DescribeReferrers(const pqxx::result& rows, absl::string_view subject,
                              absl::string_view relation, absl::string_view collection) {
  if (rows.empty()) return "";
  const int64_t total = rows[0][0].as<int64_t>();
  std::vector<std::string> examples;
  for (const pqxx::row& r : rows) {
    examples.push_back(absl::StrCat(collection, "/", r[1].as<std::string>()));
  }
  // "1 events" reads badly; the collection names are plain English plurals.
  absl::string_view noun = collection;
  if (total == 1) noun.remove_suffix(1);
  return absl::StrCat(subject, " ", relation, " ", total, " ", noun, ", such as ",
                      absl::StrJoin(examples, ", "));
}

std::vector<int64_t> IdColumn(const pqxx::result& rows) {
  std::vector<int64_t> ids;
  ids.reserve(rows.size());
  for (const pqxx::row& r : rows) ids.push_back(r[0].as<int64_t>());
  return ids;
}

void TouchEvents(pqxx::transaction_base& txn, const std::vector<int64_t>& event_ids) {
  if (event_ids.empty()) return;
  std::vector<int64_t> ids = event_ids;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  txn.exec_params(sql::kTouchEvents, IdArrayLiteral(ids));
}

pqxx::result ExecParams(pqxx::transaction_base& txn, const std::string& sql,
                        const std::vector<NullableText>& values) {
  std::vector<const char*> raw;
  for (const NullableText& v : values) raw.push_back(v.get());
  return txn.exec_params(sql, pqxx::prepare::make_dynamic_params(raw));
}

}  // namespace timeline::storage::pg
