#include "storage/filter_sql.h"

#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/resource_name.h"
#include "storage/db_enums.h"
#include "storage/pg_values.h"

namespace timeline::storage {
namespace {

using domain::FilterExpr;
using domain::FilterField;
using domain::FilterOp;
using domain::FilterRestriction;

const char* SqlOperator(FilterOp op) {
  switch (op) {
    case FilterOp::kEqual:
      return "=";
    case FilterOp::kNotEqual:
      return "<>";
    case FilterOp::kLess:
      return "<";
    case FilterOp::kLessOrEqual:
      return "<=";
    case FilterOp::kGreater:
      return ">";
    case FilterOp::kGreaterOrEqual:
      return ">=";
    case FilterOp::kHas:
      break;
  }
  throw std::logic_error("no SQL comparison for ':'");
}

std::string Negated(const std::string& condition) { return absl::StrCat("NOT (", condition, ")"); }

// `condition` for `=`, its complement for `!=`: "actor != X" is "X took no part".
std::string EqualOrNot(FilterOp op, std::string condition) {
  return op == FilterOp::kNotEqual ? Negated(condition) : condition;
}

std::string InternalId(const std::map<std::string, int64_t>& ids, absl::string_view collection,
                       const std::string& id) {
  auto it = ids.find(id);
  if (it == ids.end()) {
    throw std::logic_error(
        absl::StrCat("the filter's ", domain::ResourceName(collection, id), " was not resolved"));
  }
  return absl::StrCat(it->second);
}

// A pattern that finds `value` anywhere, its own % and _ taken literally.
std::string Containing(const std::string& value) {
  return absl::StrCat("%", pg::EscapeLike(value), "%");
}

// Whether any of the event's sources satisfies `condition` (over sources `so`).
std::string AnySource(absl::string_view condition) {
  return absl::StrCat(
      "e.id IN (SELECT es.event_id FROM event_sources es JOIN sources so ON so.id = es.source_id "
      "WHERE ",
      condition, ")");
}

// A missing value (NULL) fails the guard, so the result is FALSE rather than NULL.
std::string Guarded(absl::string_view guard, absl::string_view comparison) {
  return absl::StrCat("(", guard, " AND ", comparison, ")");
}

std::string RestrictionSql(QueryBuilder& qb, const FilterRestriction& r,
                           const ResolvedSelection& ids) {
  switch (r.field) {
    case FilterField::kEventType:
      return absl::StrCat("e.event_type ", SqlOperator(r.op), " ", qb.Bind(r.value), "::text");
    case FilterField::kPrecision:
      return absl::StrCat("e.time_precision ", SqlOperator(r.op), " ",
                          qb.Bind(PrecisionToDb(domain::PrecisionFromWord(r.value))), "::text");
    case FilterField::kFatalitiesBest:
      return Guarded(
          "e.fatalities_best IS NOT NULL",
          absl::StrCat("e.fatalities_best ", SqlOperator(r.op), " ", qb.Bind(r.value), "::bigint"));
    case FilterField::kStartTime:
      // sort_time is the start, -infinity when only the end is known, NULL when unresolved.
      return Guarded(
          "e.sort_time IS NOT NULL AND e.sort_time > '-infinity'::timestamptz",
          absl::StrCat("e.sort_time ", SqlOperator(r.op), " ", qb.Bind(r.value), "::timestamptz"));
    case FilterField::kActor:
      return EqualOrNot(
          r.op,
          absl::StrCat("e.id IN (SELECT ea.event_id FROM event_actors ea WHERE ea.actor_id = ",
                       qb.Bind(InternalId(ids.filter_actor_ids, domain::kActors, r.value)),
                       "::bigint)"));
    case FilterField::kPlace:
      return EqualOrNot(
          r.op,
          absl::StrCat("e.id IN (SELECT s.event_id FROM event_place_scope s WHERE s.place_id = ",
                       qb.Bind(InternalId(ids.filter_place_ids, domain::kPlaces, r.value)),
                       "::bigint)"));
    case FilterField::kSourcePublisher:
      if (r.op == FilterOp::kHas) {
        return AnySource(
            absl::StrCat("so.publisher ILIKE ", qb.Bind(Containing(r.value)), "::text"));
      }
      return EqualOrNot(r.op, AnySource(absl::StrCat("lower(so.publisher) = lower(",
                                                     qb.Bind(r.value), "::text)")));
    case FilterField::kSourceLanguage:
      return EqualOrNot(r.op, AnySource(absl::StrCat("lower(so.language) = lower(",
                                                     qb.Bind(r.value), "::text)")));
    case FilterField::kTitle:
      return absl::StrCat("e.title ILIKE ", qb.Bind(Containing(r.value)), "::text");
    case FilterField::kSummary:
      return absl::StrCat("e.summary ILIKE ", qb.Bind(Containing(r.value)), "::text");
    case FilterField::kQuote:
      return absl::StrCat("e.id IN (SELECT es.event_id FROM event_sources es WHERE es.quote ILIKE ",
                          qb.Bind(Containing(r.value)), "::text)");
    case FilterField::kText: {
      // One set of ids from the three trigram indexes, rather than an OR over e that no index
      // can serve as a whole.
      const std::string p = absl::StrCat(qb.Bind(Containing(r.value)), "::text");
      return absl::StrCat("e.id IN (SELECT t.id FROM events t WHERE t.title ILIKE ", p,
                          " OR t.summary ILIKE ", p,
                          " UNION ALL SELECT es.event_id FROM event_sources es WHERE es.quote "
                          "ILIKE ",
                          p, ")");
    }
  }
  throw std::logic_error("unknown filter field");
}

}  // namespace

std::string FilterSql(QueryBuilder& qb, const FilterExpr& filter, const ResolvedSelection& ids) {
  switch (filter.kind) {
    case FilterExpr::Kind::kRestriction:
      return RestrictionSql(qb, filter.restriction, ids);
    case FilterExpr::Kind::kNot:
      return absl::StrCat("NOT (", FilterSql(qb, filter.operands.at(0), ids), ")");
    case FilterExpr::Kind::kAnd:
    case FilterExpr::Kind::kOr: {
      std::vector<std::string> operands;
      for (const FilterExpr& operand : filter.operands) {
        operands.push_back(FilterSql(qb, operand, ids));
      }
      const char* glue = filter.kind == FilterExpr::Kind::kAnd ? " AND " : " OR ";
      return absl::StrCat("(", absl::StrJoin(operands, glue), ")");
    }
  }
  throw std::logic_error("unknown filter node");
}

}  // namespace timeline::storage
