// Whether a gazetteer row (a GeoNames city, a division) is a place that already exists — one
// that events created from their own names — so that the row's names, zone and coordinates are
// added to it rather than to a second place of the same name. Conservative: a wrong merge moves
// another town's events, so anything unclear becomes a new place (and a warning when more than
// one place would fit). The rules (docs/places.md, "The gazetteer merges into what exists"):
//   - candidates are places of the row's country and kind, without a GeoNames id, that have a
//     name whose match key equals the row's name's (tier 1) or, when no such place fits, one of
//     the row's alternate names' (tier 2);
//   - a candidate fits when its own point lies within MergeRadiusKm(kind) of the row's, or, for
//     one created without coordinates, when another place of its admin division (or the
//     division itself) lies within kDivisionReachKm of the row's point;
//   - exactly one fitting candidate in the first tier that has any: merge into it; several:
//     ambiguous, a new place with a warning; none: a new place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace timeline::normalize {

// A city's extent plus the spread of the points sources give for it: 30 km for settlements,
// sites and areas; 100 km for districts; 250 km for regions.
double MergeRadiusKm(absl::string_view kind);

// How near the row a located place of a coordinate-less candidate's admin division must be.
inline constexpr double kDivisionReachKm = 50;

struct MergeCandidate {
  int64_t id = 0;
  std::string resource_id;
  bool by_name = false;               // tier 1: matched by the row's own name
  std::optional<double> own_km;       // from its own point to the row's; none without one
  std::optional<double> division_km;  // nearest located place of its admin division
};

struct MergeDecision {
  std::optional<MergeCandidate> merge_into;
  std::vector<MergeCandidate> ambiguous;  // when several fit: a new place, and a warning
};

MergeDecision DecideGazetteerMerge(const std::vector<MergeCandidate>& candidates,
                                   absl::string_view kind);

}  // namespace timeline::normalize
