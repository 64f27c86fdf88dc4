#include "ingest/alias_screening.h"

#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/field_checks.h"
#include "domain/ingest_notes.h"
#include "domain/utf8_repair.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/unknown_field_set.h"
#include "normalize/match_key.h"

namespace timeline::ingest {
namespace {

bool HasControlCharacter(absl::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    // U+0080..U+009F are C2 80..C2 9F in UTF-8.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
      return true;
    }
  }
  return false;
}

bool IsLink(absl::string_view s) {
  const std::string lower = absl::AsciiStrToLower(s);
  return absl::StrContains(lower, "://") || absl::StartsWith(lower, "www.") ||
         absl::StrContains(lower, "wikipedia.org");
}

// The repeated-field number of IngestPlace.aliases, whose markers go with the aliases dropped.
int AliasesFieldNumber() { return v1::IngestPlace::kAliasesFieldNumber; }

// Whether the unknown field `marker` is an invalid-UTF-8 marker of the aliases.
bool MarksAnAlias(const google::protobuf::UnknownField& marker) {
  if (marker.number() != domain::kInvalidUtf8Marker ||
      marker.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
    return false;
  }
  const std::string& payload = marker.length_delimited();
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(payload.data()),
                                               static_cast<int>(payload.size()));
  uint32_t number = 0;
  return input.ReadVarint32(&number) && static_cast<int>(number) == AliasesFieldNumber();
}

}  // namespace

std::string AliasProblem(absl::string_view alias) {
  if (alias.size() > kMaxAliasBytes) {
    return absl::StrCat("is longer than ", kMaxAliasBytes, " bytes");
  }
  if (!domain::IsValidUtf8(alias) || absl::StrContains(alias, "\xEF\xBF\xBD")) {
    return "has bytes that are not text in the file's encoding";
  }
  if (HasControlCharacter(alias)) return "holds a control character";
  if (IsLink(alias)) return "is a link, not a name";
  if (normalize::MatchKey(std::string_view(alias.data(), alias.size())).empty()) {
    return "has no letters or digits";
  }
  return "";
}

std::vector<v1::IngestNote> ScreenAliases(v1::IngestPlace& place, absl::string_view field) {
  std::vector<v1::IngestNote> warnings;
  std::vector<bool> drop(place.aliases_size(), false);
  for (int i = 0; i < place.aliases_size(); ++i) {
    const std::string problem = AliasProblem(place.aliases(i));
    if (problem.empty()) continue;
    drop[i] = true;
    warnings.push_back(domain::Note(
        absl::StrCat(field, ".aliases[", i, "]"), domain::kNoteAliasSkipped,
        absl::StrCat("alternate name ", domain::Quoted(place.aliases(i)), " skipped: ", problem)));
  }
  if (warnings.empty()) return warnings;
  google::protobuf::RepeatedPtrField<std::string> kept;
  for (int i = 0; i < place.aliases_size(); ++i) {
    if (!drop[i]) *kept.Add() = std::move(*place.mutable_aliases(i));
  }
  place.mutable_aliases()->Swap(&kept);
  // Every alias that was not UTF-8 holds U+FFFD since the repair, so it is gone: so are its
  // markers, which would otherwise reject the row.
  google::protobuf::UnknownFieldSet* unknown = place.GetReflection()->MutableUnknownFields(&place);
  for (int i = unknown->field_count() - 1; i >= 0; --i) {
    if (MarksAnAlias(unknown->field(i))) unknown->DeleteSubrange(i, 1);
  }
  return warnings;
}

}  // namespace timeline::ingest
