#include "domain/place_source_masks.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/field_checks.h"
#include "domain/validation.h"
#include "google/protobuf/util/field_mask_util.h"

namespace timeline::domain {
namespace {

using google::protobuf::FieldMask;
using google::protobuf::Message;
using google::protobuf::util::FieldMaskUtil;

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The paths a request's mask stands for: "*" every updatable one, none every updatable field set
// in `patch`.
absl::StatusOr<std::vector<std::string>> MaskPaths(const Message& patch, const FieldMask& mask,
                                                   const std::vector<std::string>& updatable) {
  std::vector<std::string> paths;
  if (mask.paths_size() == 1 && mask.paths(0) == "*") return updatable;
  if (mask.paths_size() == 0) {
    std::vector<const google::protobuf::FieldDescriptor*> set_fields;
    patch.GetReflection()->ListFields(patch, &set_fields);
    for (const auto* fd : set_fields) {
      if (Contains(updatable, fd->name())) paths.push_back(fd->name());
    }
    return paths;
  }
  Violations v;
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& p = mask.paths(i);
    if (Contains(updatable, p)) {
      paths.push_back(p);
    } else {
      v.Add(absl::StrCat("update_mask.paths[", i, "]"),
            absl::StrCat(Quoted(p), " cannot be updated; one of: ", absl::StrJoin(updatable, ", "),
                         " or \"*\""));
    }
  }
  if (!v.empty()) return v.ToStatus();
  return paths;
}

template <typename T>
T Merged(const T& current, const T& patch, const std::vector<std::string>& paths) {
  FieldMask mask;
  for (const std::string& p : paths) mask.add_paths(p);
  T merged = current;
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(patch, mask, options, &merged);
  return merged;
}

}  // namespace

absl::StatusOr<v1::Place> ApplyPlaceUpdate(const v1::Place& current, const v1::Place& patch,
                                           const FieldMask& update_mask) {
  // location_precision is listed so that an empty mask picks it up from the patch; it always
  // travels with location, since one is meaningless without the other.
  static const std::vector<std::string> kUpdatable = {
      "display_name",       "names",    "kind", "parent", "country_code", "geonames_id", "location",
      "location_precision", "time_zone"};
  absl::StatusOr<std::vector<std::string>> paths = MaskPaths(patch, update_mask, kUpdatable);
  if (!paths.ok()) return paths.status();
  if (Contains(*paths, "location") != Contains(*paths, "location_precision")) {
    paths->push_back(Contains(*paths, "location") ? "location_precision" : "location");
  }
  v1::Place merged = Merged(current, patch, *paths);
  // MergeMessageTo leaves a message field alone when the patch does not set it; a masked
  // location that the patch leaves unset clears it.
  if (Contains(*paths, "location") && !patch.has_location()) merged.clear_location();
  return merged;
}

absl::StatusOr<v1::Source> ApplySourceUpdate(const v1::Source& current, const v1::Source& patch,
                                             const FieldMask& update_mask) {
  static const std::vector<std::string> kUpdatable = {"url", "publisher", "language",
                                                      "published_time", "title"};
  absl::StatusOr<std::vector<std::string>> paths = MaskPaths(patch, update_mask, kUpdatable);
  if (!paths.ok()) return paths.status();
  v1::Source merged = Merged(current, patch, *paths);
  if (Contains(*paths, "published_time") && !patch.has_published_time()) {
    merged.clear_published_time();
  }
  return merged;
}

}  // namespace timeline::domain
