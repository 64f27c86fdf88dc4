// Where a place lies, as names: how the administrative path a record gives ("Tripoli" under
// admin1 "Tripoli", admin2 "Tripoli Centre") compares with the divisions above a known place, and
// which kinds of place may be the same place. Used by name resolution (normalize/
// name_resolution.h) to keep a settlement apart from the division it is named after, and a
// "Kersa" of one region apart from the "Kersa" of another.
//
// Rules:
//   - divisions (country, admin_region, admin_district) are only ever the same place as
//     divisions, and other places (settlement, area, site) as other places, when the record
//     states its kind; a record without a kind may be either, and so may a division named in a
//     record's admin_names (its kind is assumed, and records name cities there too);
//   - a division that bears one of the record's own division names is never the record's place:
//     the record says its place lies inside it ("Tripoli" in the region "Tripoli");
//   - the record's first division name is compared with the candidate's admin_region, and its
//     further names, in order, with the candidate's admin_districts; a level both give with
//     different names is a contradiction, and a contradicted candidate is never linked. A level
//     only one of them gives contradicts nothing (a place created without its path, a record
//     that gives only a region);
//   - otherwise candidates are ranked by how many of the record's division names they share,
//     then whether their path is exactly the record's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace timeline::normalize {

// One division above a candidate, largest first: its kind as stored ("admin_region",
// "admin_district") and the match keys of all its names.
struct Division {
  std::string kind;
  std::vector<std::string> keys;
};

struct AdminComparison {
  bool conflicts = false;  // a level both give names differently
  int matches = 0;         // the record's division names found at their level
  bool same_path = false;  // no conflict, and every level of either is given and equal in both
};

// `record_keys`: the match keys of the record's division names, largest first (ACLED admin1,
// admin2, admin3).
AdminComparison CompareAdminPaths(const std::vector<std::string>& record_keys,
                                  const std::vector<Division>& candidate_divisions);

// Whether a stored place kind is a country or an administrative division.
bool IsDivisionKind(std::string_view kind);

// Whether a candidate of kind `candidate_kind` can never be the record's place: the record's
// kind (`record_kind`, empty when not stated) is of the other class, or the candidate is a
// division named like one of the record's own divisions (`named_like_record_division`).
bool KindsConflict(std::string_view record_kind, std::string_view candidate_kind,
                   bool named_like_record_division);

}  // namespace timeline::normalize
