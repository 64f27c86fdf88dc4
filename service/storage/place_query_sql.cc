#include "storage/place_query_sql.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "storage/geo_sql.h"
#include "storage/pg_values.h"
#include "storage/sql.h"

namespace timeline::storage {

SqlWithParams BuildListPlacesSql(const domain::NameQuery& q, std::optional<int64_t> parent_id) {
  QueryBuilder qb;
  const bool ranked = !q.match_key.empty();
  std::string from = " FROM places p";
  std::string with;
  if (ranked) {
    // sql::NameHits reads the key as $1 and its LIKE-escaped form as $2: bound first.
    qb.Bind(q.match_key);
    qb.Bind(pg::EscapeLike(q.match_key));
    with = sql::NameHits("place_names", "place_id");
    from = " FROM hits h JOIN places p ON p.id = h.owner_id";
  }
  if (parent_id) {
    qb.Where(absl::StrCat("p.parent_id = ", qb.Bind(absl::StrCat(*parent_id)), "::bigint"));
  }
  std::string distance;
  if (q.near) {
    const std::string centre = CentreOf(qb, *q.near);
    qb.Where(InCircle(qb, "p.location", centre, *q.near));
    distance = DistanceTo("p.location", centre);
  }
  if (q.bounding_box) qb.Where(InBox(qb, "p.location", *q.bounding_box));

  std::string order;
  std::string offset;
  if (q.near) {
    if (q.after && q.after->sort_key) {
      qb.Where(absl::StrCat("(", distance, ", p.id) > (", qb.Bind(*q.after->sort_key), "::float8, ",
                            qb.Bind(absl::StrCat(q.after->last_id)), "::bigint)"));
    }
    order = absl::StrCat(distance, ", p.id");
  } else if (ranked) {
    order = "h.score DESC, p.resource_id";
    offset =
        absl::StrCat(" OFFSET ", qb.Bind(absl::StrCat(q.after ? q.after->offset : 0)), "::bigint");
  } else {
    if (q.after) {
      qb.Where(absl::StrCat("p.resource_id > ", qb.Bind(q.after->sort_key.value_or(""))));
    }
    order = "p.resource_id";
  }
  std::string sql =
      absl::StrCat(with, " SELECT ", sql::kPlaceColumns,
                   distance.empty() ? "" : absl::StrCat(", ", distance, " AS ", kDistanceColumn),
                   from, " LEFT JOIN places pp ON pp.id = p.parent_id WHERE p.delete_time IS NULL",
                   qb.where(), " ORDER BY ", order, offset, " LIMIT ", q.page_size + 1);
  return {std::move(sql), qb.params()};
}

}  // namespace timeline::storage
