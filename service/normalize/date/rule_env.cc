#include "normalize/date/rule_env.h"

#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <utility>

namespace timeline::normalize::date_internal {
namespace {

std::string QuotedWithReplacements(std::string_view text, int32_t max_chars) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  const bool cut = s.countChar32() > max_chars;
  if (cut) s.truncate(s.moveIndex32(0, max_chars));
  std::string out = "\"";
  s.toUTF8String(out);
  return out + (cut ? "…\"" : "\"");
}

}  // namespace

absl::Status Unreadable(std::string message) {
  return absl::InvalidArgumentError(std::move(message));
}

std::string Quoted(std::string_view text) {
  constexpr int32_t kMaxChars = 60;
  text = text.substr(0, kMaxTextBytes);
  // Valid UTF-8 is cut between code points as it is: a search quotes every window it reads, and
  // ICU's conversion (which writes U+FFFD for each invalid sequence) is needed only for the rest.
  const auto length = static_cast<int32_t>(text.size());
  int32_t end = 0;
  for (int32_t chars = 0; end < length && chars < kMaxChars; ++chars) {
    UChar32 c = 0;
    U8_NEXT(text.data(), end, length, c);
    if (c < 0) return QuotedWithReplacements(text, kMaxChars);
  }
  const bool cut = end < length;
  std::string out = "\"";
  out.append(text.substr(0, static_cast<size_t>(end)));
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
