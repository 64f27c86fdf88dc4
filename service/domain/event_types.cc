#include "domain/event_types.h"

#include <algorithm>
#include <array>
#include <string>

#include "absl/strings/str_join.h"

namespace timeline::domain {
namespace {

// ACLED names from the ACLED Codebook (2023); CAMEO from the CAMEO manual 1.1b3.
constexpr std::array<EventType, 16> kEventTypes = {{
    {"attack", "An armed attack on a target by an organized group.",
     "Battles / Armed clash; Violence against civilians / Attack", "18 (ASSAULT)"},
    {"armed_clash", "Armed, organized groups fighting each other.", "Battles / Armed clash",
     "190 (use conventional military force)"},
    {"air_drone_strike", "A strike from aircraft or drones.",
     "Explosions/Remote violence / Air/drone strike", "195 (employ aerial weapons)"},
    {"explosion", "A bomb, IED, shelling or other remote explosive.",
     "Explosions/Remote violence / Remote explosive, Shelling/artillery/missile attack",
     "183 (suicide, car or other non-military bombing)"},
    {"territory_change", "An actor takes or retakes control of a place.",
     "Battles / Government regains territory; Non-state actor overtakes territory", "19 (FIGHT)"},
    {"violence_against_civilians", "Deliberate violence against unarmed civilians.",
     "Violence against civilians", "18 (ASSAULT)"},
    {"protest", "A public demonstration.", "Protests", "14 (PROTEST)"},
    {"riot", "A violent demonstration or mob violence.", "Riots", "145 (protest violently, riot)"},
    {"visit", "An official visit or reception of a delegation.", "-",
     "042 (make a visit), 043 (host a visit)"},
    {"meeting", "Talks, consultations or negotiations.", "-", "04 (CONSULT)"},
    {"press_conference", "A press conference.", "-", "01 (MAKE PUBLIC STATEMENT)"},
    {"statement", "A public statement, declaration or appeal.", "-", "01 (MAKE PUBLIC STATEMENT)"},
    {"agreement", "A signed or announced agreement.", "Strategic developments / Agreement",
     "057 (sign formal agreement)"},
    {"arms_transfer", "Supply of weapons, drones or military equipment.",
     "Strategic developments / Other",
     "0234 (appeal for military aid), 062 (military cooperation)"},
    {"arrest", "Arrest or detention.", "Strategic developments / Arrests", "173 (arrest, detain)"},
    {"other", "Anything the types above do not cover.", "Strategic developments / Other", "-"},
}};

}  // namespace

std::span<const EventType> EventTypes() { return kEventTypes; }

bool IsKnownEventType(absl::string_view name) {
  return std::any_of(kEventTypes.begin(), kEventTypes.end(),
                     [&](const EventType& t) { return t.name == name; });
}

absl::string_view EventTypeNames() {
  static const std::string* names =
      new std::string(absl::StrJoin(kEventTypes, ", ", [](std::string* out, const EventType& t) {
        out->append(t.name.data(), t.name.size());
      }));
  return *names;
}

}  // namespace timeline::domain
