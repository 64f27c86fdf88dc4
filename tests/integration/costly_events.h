// Events whose text search is costly, for the tests of admission and overload: `count` events
// with ~2 KB summaries written by SQL (no changes logged), and a valid filter of the most text
// searches a filter may hold, none of which matches, so that every search reads every summary.
#pragma once

#include <string>

namespace timeline::testing {

// Adds `count` events "costly-1".."costly-N" (type attack, 2020) to the migrated database at
// `url` and analyzes it.
void FillCostlyEvents(const std::string& url, int count);

// kMaxFilterTextSearches substring searches ORed, matching none of the events.
std::string CostlyFilter();

}  // namespace timeline::testing
