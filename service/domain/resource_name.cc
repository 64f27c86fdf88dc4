#include "domain/resource_name.h"

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/field_checks.h"
#include "domain/validation.h"

namespace timeline::domain {

bool IsValidResourceId(absl::string_view id) {
  if (id.empty() || id.size() > 63 || !absl::ascii_islower(id.front())) return false;
  for (char c : id) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '-') return false;
  }
  return true;
}

std::string ResourceName(absl::string_view collection, absl::string_view id) {
  return absl::StrCat(collection, "/", id);
}

absl::StatusOr<std::string> ParseResourceName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field) {
  std::string prefix = absl::StrCat(collection, "/");
  if (name.empty()) return InvalidField(std::string(field), "is required");
  if (!absl::StartsWith(name, prefix)) {
    return InvalidField(std::string(field), absl::StrCat("must be a resource name like \"", prefix,
                                                         "{id}\", got ", Quoted(name)));
  }
  absl::string_view id = name.substr(prefix.size());
  if (!IsValidResourceId(id)) {
    return InvalidField(std::string(field),
                        absl::StrCat(Quoted(id),
                                     " is not a valid id (1-63 characters of a-z, 0-9 and '-', "
                                     "starting with a letter)"));
  }
  return std::string(id);
}

std::string ResourceIdOf(absl::string_view name) {
  return std::string(name.substr(name.find('/') + 1));
}

std::string GenerateResourceId() {
  static constexpr absl::string_view kLetters = "abcdefghijklmnopqrstuvwxyz";
  static constexpr absl::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local absl::BitGen gen;
  std::string id;
  id.push_back(kLetters[absl::Uniform<size_t>(gen, 0, kLetters.size())]);
  for (int i = 0; i < 19; ++i) {
    id.push_back(kAlphabet[absl::Uniform<size_t>(gen, 0, kAlphabet.size())]);
  }
  return id;
}

}  // namespace timeline::domain
