// The request messages of every RPC the server serves under timeline.v1, read from the descriptor
// set compiled into it (timeline/v1/served_descriptors.h): what the tests of request limits and
// request parsing check against, so that a new RPC cannot be missed.
#pragma once

#include <vector>

#include "google/protobuf/descriptor.h"

namespace timeline::testing {

// The input types of every method of every timeline.v1 service, each once, in declaration order,
// as the generated pool describes them.
std::vector<const google::protobuf::Descriptor*> ServedRequestTypes();

}  // namespace timeline::testing
