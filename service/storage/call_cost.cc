#include "storage/call_cost.h"

namespace timeline::storage {

CallCost SelectionCost(const domain::EventSelection& selection) {
  if (!selection.filter) return CallCost::kCheap;
  bool text = false;
  domain::ForEachRestriction(*selection.filter, [&](const domain::FilterRestriction& r) {
    text = text || domain::IsTextSearch(r);
  });
  return text ? CallCost::kCostly : CallCost::kCheap;
}

}  // namespace timeline::storage
