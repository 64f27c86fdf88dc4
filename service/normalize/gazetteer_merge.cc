#include "normalize/gazetteer_merge.h"

namespace timeline::normalize {

double MergeRadiusKm(absl::string_view kind) {
  if (kind == "admin_region") return 250;
  if (kind == "admin_district") return 100;
  return 30;
}

namespace {

bool Fits(const MergeCandidate& c, double radius_km) {
  if (c.own_km) return *c.own_km <= radius_km;
  return c.division_km && *c.division_km <= kDivisionReachKm;
}

}  // namespace

MergeDecision DecideGazetteerMerge(const std::vector<MergeCandidate>& candidates,
                                   absl::string_view kind) {
  const double radius = MergeRadiusKm(kind);
  MergeDecision decision;
  for (bool by_name : {true, false}) {
    std::vector<MergeCandidate> fitting;
    for (const MergeCandidate& c : candidates) {
      if (c.by_name == by_name && Fits(c, radius)) fitting.push_back(c);
    }
    if (fitting.empty()) continue;
    if (fitting.size() == 1) {
      decision.merge_into = fitting.front();
    } else {
      decision.ambiguous = std::move(fitting);
    }
    return decision;
  }
  return decision;
}

}  // namespace timeline::normalize
