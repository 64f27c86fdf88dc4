#include "normalize/place_hierarchy.h"

#include <algorithm>

namespace timeline::normalize {
namespace {

bool HasKey(const Division& d, const std::string& key) {
  return std::find(d.keys.begin(), d.keys.end(), key) != d.keys.end();
}

std::vector<const Division*> OfKind(const std::vector<Division>& divisions, std::string_view kind) {
  std::vector<const Division*> out;
  for (const Division& d : divisions) {
    if (d.kind == kind) out.push_back(&d);
  }
  return out;
}

}  // namespace

AdminComparison CompareAdminPaths(const std::vector<std::string>& record_keys,
                                  const std::vector<Division>& candidate_divisions) {
  AdminComparison out;
  const std::vector<const Division*> regions = OfKind(candidate_divisions, "admin_region");
  const std::vector<const Division*> districts = OfKind(candidate_divisions, "admin_district");
  const bool record_region = !record_keys.empty();
  if (record_region && !regions.empty()) {
    // Regions do not nest; a place has at most one above it.
    if (HasKey(*regions.front(), record_keys.front())) {
      ++out.matches;
    } else {
      out.conflicts = true;
    }
  }
  const size_t record_districts = record_keys.empty() ? 0 : record_keys.size() - 1;
  const size_t both = std::min(record_districts, districts.size());
  for (size_t i = 0; i < both; ++i) {
    if (HasKey(*districts[i], record_keys[i + 1])) {
      ++out.matches;
    } else {
      out.conflicts = true;
    }
  }
  out.same_path =
      !out.conflicts && record_region == !regions.empty() && record_districts == districts.size();
  return out;
}

bool IsDivisionKind(std::string_view kind) {
  return kind == "country" || kind == "admin_region" || kind == "admin_district";
}

bool KindsConflict(std::string_view record_kind, std::string_view candidate_kind,
                   bool named_like_record_division) {
  const bool candidate_division = IsDivisionKind(candidate_kind);
  if (candidate_division && named_like_record_division) return true;
  return !record_kind.empty() && IsDivisionKind(record_kind) != candidate_division;
}

}  // namespace timeline::normalize
