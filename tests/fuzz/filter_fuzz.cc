// Fuzzes the filter language (domain/filter.h): any text is a filter or INVALID_ARGUMENT with a
// field violation, never a crash; a parsed filter stays within the documented limits.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/filter.h"
#include "domain/validation.h"
#include "fuzz_check.h"

using timeline::domain::FilterExpr;
using timeline::domain::FilterRestriction;

namespace {

int Depth(const FilterExpr& expr) {
  int deepest = 0;
  for (const FilterExpr& operand : expr.operands) deepest = std::max(deepest, Depth(operand));
  return deepest + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = timeline::domain::ParseFilter(text);
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().code() == absl::StatusCode::kInvalidArgument);
    FUZZ_CHECK(!timeline::domain::FieldViolationsOf(parsed.status()).empty());
    return 0;
  }
  if (!parsed->has_value()) return 0;
  const FilterExpr& expr = **parsed;
  int restrictions = 0;
  timeline::domain::ForEachRestriction(expr, [&](const FilterRestriction& r) {
    ++restrictions;
    FUZZ_CHECK(r.column >= 1);
  });
  FUZZ_CHECK(restrictions >= 1 && restrictions <= timeline::domain::kMaxFilterRestrictions);
  // Each parenthesis level adds at most a NOT, an OR and an AND level to the tree.
  FUZZ_CHECK(Depth(expr) <= 4 * (timeline::domain::kMaxFilterDepth + 1));
  (void)timeline::domain::FilterToString(expr);
  return 0;
}
