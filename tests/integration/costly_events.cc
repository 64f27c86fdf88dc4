#include "costly_events.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/filter.h"
#include "pqxx/pqxx"

namespace timeline::testing {

void FillCostlyEvents(const std::string& url, int count) {
  pqxx::connection conn(url);
  pqxx::nontransaction txn(conn);
  txn.exec_params(
      R"sql(INSERT INTO events (resource_id, title, summary, event_type, span, time_precision)
            SELECT 'costly-' || g, 'Costly ' || g, repeat(md5(g::text), 64), 'attack',
                   tstzrange(t, t + interval '1 day', '[)'), 'day'
              FROM (SELECT g, timestamptz '2020-01-01' + g * interval '1 minute' AS t
                      FROM generate_series(1, $1) g) x)sql",
      count);
  txn.exec("ANALYZE");
}

std::string CostlyFilter() {
  // md5 digests hold only 0-9a-f: "zq" never occurs.
  std::vector<std::string> terms;
  for (int i = 0; i < domain::kMaxFilterTextSearches; ++i) terms.push_back(absl::StrCat("zq", i));
  return absl::StrJoin(terms, " OR ");
}

}  // namespace timeline::testing
