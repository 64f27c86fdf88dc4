// How the database spells the API's enum values: ActorRole INITIATOR is stored as "initiator",
// Precision PRECISION_DAY as "day" (the schema's CHECK constraints list the same words). Domain
// records hold the enums; only storage reads and writes their text.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "timeline/v1/time.pb.h"

namespace timeline::storage {

// ActorRole INITIATOR <-> "initiator"; an unknown number is "", unknown text is 0.
std::string EnumToDb(const google::protobuf::EnumDescriptor* descriptor, int value);
int EnumFromDb(const google::protobuf::EnumDescriptor* descriptor, absl::string_view text);

// PRECISION_DAY <-> "day"; unknown text is PRECISION_UNKNOWN.
std::string PrecisionToDb(v1::Precision precision);
v1::Precision PrecisionFromDb(absl::string_view text);

}  // namespace timeline::storage
