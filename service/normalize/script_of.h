// The script a name is written in, as an ISO 15924 code ("Arab", "Latn", "Cyrl"): shown beside
// each name of an actor or place, so that a reader can tell "غويتا" from its romanization
// without reading either.
#pragma once

#include <string>
#include <string_view>

namespace timeline::normalize {

// The code of the script of the first letter that belongs to one script (punctuation, digits and
// marks shared by several scripts are skipped); "" when there is none. Invalid UTF-8 is skipped.
std::string ScriptOf(std::string_view text);

}  // namespace timeline::normalize
