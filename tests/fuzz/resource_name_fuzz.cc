// Fuzzes resource names (domain/resource_name.h): a name either parses to a valid id that
// prints back to the same name, or is INVALID_ARGUMENT.
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/resource_name.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string name(reinterpret_cast<const char*>(data), size);
  using namespace timeline::domain;
  for (absl::string_view collection : {kEvents, kActors, kPlaces, kSources}) {
    absl::StatusOr<std::string> id = ParseResourceName(name, collection, "name");
    if (!id.ok()) {
      FUZZ_CHECK(id.status().code() == absl::StatusCode::kInvalidArgument);
      continue;
    }
    FUZZ_CHECK(IsValidResourceId(*id));
    FUZZ_CHECK(ResourceName(collection, *id) == name);
    FUZZ_CHECK(ResourceIdOf(name) == *id);
  }
  (void)IsValidResourceId(name);
  return 0;
}
