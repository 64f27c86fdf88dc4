#include "domain/field_checks.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace timeline::domain {

std::string FieldAt(absl::string_view field, absl::string_view child, int index) {
  return absl::StrCat(field, ".", child, "[", index, "]");
}

bool IsCountryCode(absl::string_view code) {
  return code.size() == 2 && absl::ascii_isupper(code[0]) && absl::ascii_isupper(code[1]);
}

bool IsLanguageTag(absl::string_view tag) {
  size_t dash = std::min(tag.find('-'), tag.size());
  if (dash < 2 || dash > 3) return false;
  for (size_t i = 0; i < dash; ++i) {
    if (!absl::ascii_isalpha(tag[i])) return false;
  }
  size_t run = 0;
  for (size_t i = dash; i < tag.size(); ++i) {
    if (tag[i] == '-') {
      if (i > dash && run == 0) return false;
      run = 0;
    } else if (absl::ascii_isalnum(tag[i]) && run < 8) {
      ++run;
    } else {
      return false;
    }
  }
  return tag.size() == dash || run > 0;
}

bool IsWikidataId(absl::string_view id) {
  if (id.size() < 2 || id[0] != 'Q' || id[1] == '0') return false;
  return std::all_of(id.begin() + 1, id.end(), absl::ascii_isdigit);
}

bool IsExternalSystem(absl::string_view system) {
  auto allowed = [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_' || c == '.' || c == '-';
  };
  return !system.empty() && system.size() <= 63 && absl::ascii_islower(system[0]) &&
         std::all_of(system.begin(), system.end(), allowed);
}

bool IsHttpUrl(absl::string_view url) {
  if (!absl::StartsWithIgnoreCase(url, "http://") && !absl::StartsWithIgnoreCase(url, "https://")) {
    return false;
  }
  url.remove_prefix(url.find("://") + 3);
  if (url.empty() || absl::ascii_isspace(url[0]) ||
      absl::string_view("/$.?#").find(url[0]) != absl::string_view::npos) {
    return false;
  }
  return std::none_of(url.begin(), url.end(), absl::ascii_isspace);
}

std::string Quoted(absl::string_view value) {
  constexpr size_t kMaxQuoted = 100;
  if (value.size() <= kMaxQuoted) return absl::StrCat("\"", value, "\"");
  size_t cut = kMaxQuoted;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat("\"", value.substr(0, cut), "…\" (", value.size(), " bytes)");
}

bool IsKnownEnumValue(const google::protobuf::EnumDescriptor* descriptor, int value) {
  return descriptor->FindValueByNumber(value) != nullptr;
}

bool IsSetEnum(const google::protobuf::EnumDescriptor* descriptor, int value) {
  return value != 0 && IsKnownEnumValue(descriptor, value);
}

void AddViolationsOf(const absl::Status& status, Violations& v) {
  for (FieldViolation& fv : FieldViolationsOf(status)) {
    v.Add(std::move(fv.field), std::move(fv.description));
  }
}

}  // namespace timeline::domain
