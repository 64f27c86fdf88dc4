// UpdateActor's field mask (AIP-134): which of an actor's fields a request changes, applied to
// the stored actor before the result is validated like a created one.
#pragma once

#include "absl/status/statusor.h"
#include "google/protobuf/field_mask.pb.h"
#include "timeline/v1/actor.pb.h"

namespace timeline::domain {

// `current` with the fields `update_mask` names taken from `patch`: display_name, names, kind,
// country_code, wikidata_id, description, roles; "*" for all of them; an empty mask for every
// one of them set in `patch`. Repeated fields are replaced whole. INVALID_ARGUMENT naming
// update_mask.paths[i] for a path that is not one of those.
absl::StatusOr<v1::Actor> ApplyActorUpdate(const v1::Actor& current, const v1::Actor& patch,
                                           const google::protobuf::FieldMask& update_mask);

}  // namespace timeline::domain
