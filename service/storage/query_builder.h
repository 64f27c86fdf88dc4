// Assembles SQL from fixed fragments with every value a bound parameter ($1, $2, ...), and the
// fragments that express an event selection (domain::EventSelection) over `events e`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "domain/event_query.h"
#include "domain/time_span.h"

namespace timeline::storage {

struct SqlWithParams {
  std::string sql;
  std::vector<std::string> params;
};

class QueryBuilder {
 public:
  // Appends `value` to the parameters and returns its placeholder.
  std::string Bind(std::string value) {
    params_.push_back(std::move(value));
    return absl::StrCat("$", params_.size());
  }
  // ANDs `clause` into the WHERE clause (which starts with "TRUE").
  void Where(absl::string_view clause) { absl::StrAppend(&where_, " AND ", clause); }
  const std::string& where() const { return where_; }
  const std::vector<std::string>& params() const { return params_; }

 private:
  std::string where_;
  std::vector<std::string> params_;
};

// The internal ids of a selection's actors and places (PgRepository resolves them first, so
// that a missing one is NOT_FOUND naming its field rather than an empty answer).
struct ResolvedSelection {
  std::vector<int64_t> actor_ids;
  std::vector<int64_t> place_ids;
  // The actors and places the filter names (resource id -> internal id).
  std::map<std::string, int64_t> filter_actor_ids;
  std::map<std::string, int64_t> filter_place_ids;
  // One actor and one place (IsActorAndPlaceWalk): whether the actor has no more event links
  // than the place has scope rows, each counted up to sql::kLinkCountCap; unset until counted.
  std::optional<bool> actor_links_fewer;
  // A circle's page in start-time order (IsNearWalk): the places whose point is in the circle,
  // as the selection counts them, when there are at most kNearPlaceWalkCap; unset until looked
  // up, or when there are more.
  std::optional<std::vector<int64_t>> near_place_ids;
};

// The most places a circle's page walks one by one (event_walk_sql.h); a circle holding more is
// read as a semi-join.
inline constexpr size_t kNearPlaceWalkCap = 16;

// "column && tstzrange(...)" (OVERLAPS) or "column <@ tstzrange(...)" (WITHIN).
std::string RangePredicate(QueryBuilder& qb, absl::string_view column,
                           const domain::RangeFilter& range);

// ANDs into `qb` the conditions on `events e` that make an event part of `selection`: actors and
// places as semi-joins through the (id, span) GiST indexes, near / bounding_box as semi-joins
// through place_points' GiST indexes and event_places (storage/geo_sql.h), the time range on
// e.span, types, and live-ness unless show_deleted.
void AddEventSelection(QueryBuilder& qb, const domain::EventSelection& selection,
                       const ResolvedSelection& ids);

// PostgreSQL array literals: {1,2,3} and {"a","b\"c"}.
std::string IdArrayLiteral(const std::vector<int64_t>& ids);
std::string TextArrayLiteral(const std::vector<std::string>& values);
// One element of an array literal, quoted: "b\"c".
std::string QuotedArrayElement(std::string_view value);

}  // namespace timeline::storage
