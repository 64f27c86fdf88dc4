// Resource names (AIP-122): "events/{event}", "actors/{actor}", "places/{place}",
// "sources/{source}".
//
// The {id} part is 1 to 63 characters of a-z, 0-9 and "-", starting with a letter (the same rule
// the database enforces). Clients may choose ids on create; otherwise GenerateResourceId() makes
// a random one.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace timeline::domain {

inline constexpr absl::string_view kEvents = "events";
inline constexpr absl::string_view kActors = "actors";
inline constexpr absl::string_view kPlaces = "places";
inline constexpr absl::string_view kSources = "sources";

bool IsValidResourceId(absl::string_view id);

// "events" + "abc" -> "events/abc".
std::string ResourceName(absl::string_view collection, absl::string_view id);

// "events/abc" -> "abc". INVALID_ARGUMENT naming `field` when the name is malformed or of
// another collection.
absl::StatusOr<std::string> ParseResourceName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field);

// "events/abc" -> "abc", for names this service issued itself (no check).
std::string ResourceIdOf(absl::string_view name);

// A random id: a letter and 19 more of [a-z0-9] (about 98 bits).
std::string GenerateResourceId();

}  // namespace timeline::domain
