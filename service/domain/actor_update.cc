#include "domain/actor_update.h"

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

using google::protobuf::util::FieldMaskUtil;

const std::vector<std::string>& Updatable() {
  static const auto* fields = new std::vector<std::string>{
      "display_name", "names", "kind", "country_code", "wikidata_id", "description", "roles"};
  return *fields;
}

bool IsUpdatable(const std::string& path) {
  return std::find(Updatable().begin(), Updatable().end(), path) != Updatable().end();
}

// The mask the request means: "*" is every updatable field, empty is every one set in `patch`.
absl::StatusOr<google::protobuf::FieldMask> EffectiveMask(
    const v1::Actor& patch, const google::protobuf::FieldMask& update_mask) {
  google::protobuf::FieldMask mask;
  if (update_mask.paths_size() == 1 && update_mask.paths(0) == "*") {
    for (const std::string& p : Updatable()) mask.add_paths(p);
    return mask;
  }
  if (update_mask.paths_size() == 0) {
    std::vector<const google::protobuf::FieldDescriptor*> set_fields;
    patch.GetReflection()->ListFields(patch, &set_fields);
    for (const auto* fd : set_fields) {
      if (IsUpdatable(fd->name())) mask.add_paths(fd->name());
    }
    return mask;
  }
  Violations v;
  for (int i = 0; i < update_mask.paths_size(); ++i) {
    const std::string& p = update_mask.paths(i);
    if (IsUpdatable(p)) {
      mask.add_paths(p);
    } else {
      v.Add(absl::StrCat("update_mask.paths[", i, "]"),
            absl::StrCat(Quoted(p), " cannot be updated; one of: ",
                         absl::StrJoin(Updatable(), ", "), " or \"*\""));
    }
  }
  if (!v.empty()) return v.ToStatus();
  return mask;
}

}  // namespace

absl::StatusOr<v1::Actor> ApplyActorUpdate(const v1::Actor& current, const v1::Actor& patch,
                                           const google::protobuf::FieldMask& update_mask) {
  absl::StatusOr<google::protobuf::FieldMask> mask = EffectiveMask(patch, update_mask);
  if (!mask.ok()) return mask.status();
  v1::Actor merged = current;
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(patch, *mask, options, &merged);
  return merged;
}

}  // namespace timeline::domain
