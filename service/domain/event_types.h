// The event type taxonomy: a small fixed list, each type mapped to the nearest ACLED event type /
// sub-event type and CAMEO root code, so data from either side can be brought in and compared.
// migrations/ holds the same names in the event_types table (kept equal by a test).
#pragma once

#include <span>
#include <string_view>

#include "absl/strings/string_view.h"

namespace timeline::domain {

struct EventType {
  absl::string_view name;
  absl::string_view description;
  absl::string_view acled;  // ACLED "event type / sub-event type", or "-" when ACLED has none.
  absl::string_view cameo;  // CAMEO code or root.
};

std::span<const EventType> EventTypes();
bool IsKnownEventType(absl::string_view name);
// "attack, armed_clash, ..." for error messages.
absl::string_view EventTypeNames();

}  // namespace timeline::domain
