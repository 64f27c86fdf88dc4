// Reading what a failed gRPC call says about its request: the field paths of the
// google.rpc.BadRequest that api/status_mapping.h attaches to INVALID_ARGUMENT answers. Shared by
// the handler unit tests (which call the handlers directly) and the integration tests (which call
// a real server).
#pragma once

#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"

namespace timeline::testing {

// The field paths of a failed call's google.rpc.BadRequest details, in order; empty when the
// status carries none.
std::vector<std::string> ViolatedFields(const grpc::Status& status);

}  // namespace timeline::testing
