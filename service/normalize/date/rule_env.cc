#include "normalize/date/rule_env.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <cstdint>
#include <utility>

namespace timeline::normalize::date_internal {

absl::Status Unreadable(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

std::string Quoted(std::string_view text) {
  constexpr int32_t kMaxChars = 60;
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(std::min(text.size(), kMaxTextBytes))));
  const bool cut = s.countChar32() > kMaxChars;
  if (cut) s.truncate(s.moveIndex32(0, kMaxChars));
  std::string out = "\"";
  s.toUTF8String(out);
  return out + (cut ? "…\"" : "\"");
}

absl::Status NoReference(const Env& env, const std::string& what) {
  return absl::FailedPreconditionError("no reference time for the relative date " + env.quoted +
                                       " (" + what + ")");
}

absl::Status CannotCombine(const Env& env) {
  return Unreadable("cannot combine the parts of " + env.quoted + " into one date");
}

absl::Status RequireOnly(const Reading& r, unsigned allowed, const Env& env) {
  if ((FieldsOf(r) & ~allowed) != 0) return CannotCombine(env);
  return absl::OkStatus();
}

}  // namespace timeline::normalize::date_internal
