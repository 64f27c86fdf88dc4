#include "domain/utf8_repair.h"

#include <map>
#include <utility>
#include <vector>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/wire_format_lite.h"
#include "unicode/utf8.h"

namespace timeline::domain {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;
using google::protobuf::io::CodedOutputStream;
using google::protobuf::io::StringOutputStream;

// Deeper than any request message nests; protobuf's own parser stops at 100.
constexpr int kMaxDepth = 64;

// `text` with each ill-formed sequence replaced by U+FFFD.
std::string WithReplacementCharacters(absl::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(text.data() + start, static_cast<size_t>(i - start));
    }
  }
  return out;
}

// A string or message field of `type`, when `tag` carries one as its declared type says.
const FieldDescriptor* LengthDelimitedField(const Descriptor& type, uint32_t tag) {
  if (WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
    return nullptr;
  }
  const FieldDescriptor* field = type.FindFieldByNumber(WireFormatLite::GetTagFieldNumber(tag));
  if (field == nullptr) return nullptr;
  if (field->type() == FieldDescriptor::TYPE_STRING ||
      field->type() == FieldDescriptor::TYPE_MESSAGE) {
    return field;
  }
  return nullptr;
}

void WriteMarker(int field_number, int index, CodedOutputStream& output) {
  std::string payload;
  {
    StringOutputStream stream(&payload);
    CodedOutputStream coded(&stream);
    coded.WriteVarint32(static_cast<uint32_t>(field_number));
    coded.WriteVarint32(static_cast<uint32_t>(index));
  }
  WireFormatLite::WriteString(kInvalidUtf8Marker, payload, &output);
}

// Copies one message of `type` from `wire` to `out`, repairing its strings (recursively).
bool RepairMessage(const Descriptor& type, absl::string_view wire, int depth, std::string& out) {
  if (depth > kMaxDepth) return false;
  CodedInputStream input(reinterpret_cast<const uint8_t*>(wire.data()),
                         static_cast<int>(wire.size()));
  std::map<int, int> seen;  // field number -> elements read so far (the index of a repeated one)
  std::vector<std::pair<int, int>> invalid;
  StringOutputStream stream(&out);
  CodedOutputStream output(&stream);
  while (true) {
    const uint32_t tag = input.ReadTag();
    if (tag == 0) break;
    const FieldDescriptor* field = LengthDelimitedField(type, tag);
    if (field == nullptr) {
      if (!WireFormatLite::SkipField(&input, tag, &output)) return false;  // copies it
      continue;
    }
    const int index = seen[field->number()]++;
    std::string value;
    if (!WireFormatLite::ReadString(&input, &value)) return false;
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (!IsValidUtf8(value)) {
        value = WithReplacementCharacters(value);
        invalid.emplace_back(field->number(), field->is_repeated() ? index : 0);
      }
    } else {
      std::string repaired;
      if (!RepairMessage(*field->message_type(), value, depth + 1, repaired)) return false;
      value = std::move(repaired);
    }
    WireFormatLite::WriteBytes(field->number(), value, &output);
  }
  if (!input.ConsumedEntireMessage()) return false;
  for (const auto& [number, index] : invalid) WriteMarker(number, index, output);
  return !output.HadError();
}

}  // namespace

bool IsValidUtf8(absl::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  if (text.size() != static_cast<size_t>(length)) return false;
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::string MalformedMessageMarker() {
  std::string out;
  {
    StringOutputStream stream(&out);
    CodedOutputStream output(&stream);
    WriteMarker(0, 0, output);
  }
  return out;
}

std::optional<std::string> RepairInvalidUtf8(const Descriptor& type, absl::string_view wire) {
  if (wire.size() > static_cast<size_t>(INT32_MAX)) return std::nullopt;
  std::string out;
  if (!RepairMessage(type, wire, 0, out)) return std::nullopt;
  return out;
}

}  // namespace timeline::domain
