#include "domain/request_limits.h"

#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "domain/utf8_repair.h"
#include "domain/validation.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/unknown_field_set.h"

namespace timeline::domain {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

// The defaults, for a field no rule names.
constexpr size_t kDefaultMaxBytes = 1000;
constexpr size_t kDefaultMaxCount = 100;

// Violations reported per request: enough to fix a request, never a long answer.
constexpr int kMaxReported = 8;

// Limits by field name, wherever the field appears. Resource names ("actors/{id}", ids of 63
// characters) and ids are short; names as written follow the validators' 500 bytes; free text is
// long. Each is at least what the validators behind it accept, so their messages stay the ones
// a caller sees for a near miss.
const absl::flat_hash_map<std::string, size_t>& MaxBytesByName() {
  static const auto* const limits = new absl::flat_hash_map<std::string, size_t>{
      // Resource names and references to them.
      {"name", 128},
      {"actor", 128},
      {"place", 128},
      {"source", 128},
      {"parent", 128},
      {"into", 128},
      {"merged_into", 128},
      {"actors", 128},
      {"places", 128},
      {"ancestors", 128},
      {"organization", 128},
      // Client-chosen ids, keys and tokens.
      {"source_id", 128},
      {"actor_id", 128},
      {"place_id", 128},
      {"event_id", 128},
      {"request_id", 128},
      {"after_request_id", 128},
      {"etag", 128},
      {"into_etag", 128},
      {"page_token", 1024},
      {"resume_token", 1024},
      {"cursor", 64},
      // Codes and tags.
      {"language", 64},
      {"country_code", 8},
      {"wikidata_id", 32},
      {"time_zone", 64},
      {"event_type", 64},
      {"event_types", 64},
      {"system", 64},
      {"id", 500},
      {"claims", 32},
      {"paths", 64},
      {"order_by", 128},
      {"script", 16},
      {"start_date", 32},
      {"end_date", 32},
      // Names as written, and text.
      {"display_name", 500},
      {"aliases", 500},
      {"admin_names", 500},
      {"query", 500},
      {"publisher", 500},
      {"text", 1000},
      {"title", 1000},
      {"reason", 1000},
      {"url", 2000},
      {"filter", 8000},  // 2,000 characters (domain/filter.h) of up to 4 bytes
      {"summary", 100'000},
      {"description", 100'000},
      {"quote", 100'000},
  };
  return *limits;
}

// Limits of one field of one message, where its name means something else than elsewhere.
const absl::flat_hash_map<std::string, size_t>& MaxBytesByFullName() {
  static const auto* const limits = new absl::flat_hash_map<std::string, size_t>{
      {"timeline.v1.ActorName.name", 500},
      {"timeline.v1.PlaceName.name", 500},
      {"timeline.v1.IngestActor.name", 500},
      {"timeline.v1.IngestPlace.name", 500},
      {"timeline.v1.ParseDatesRequest.text", 100'000},  // an article
      {"timeline.v1.RoleTerm.role", 500},
  };
  return *limits;
}

const absl::flat_hash_map<std::string, size_t>& MaxCountByName() {
  static const auto* const limits = new absl::flat_hash_map<std::string, size_t>{
      {"records", 10'000},  // api/ingest_service.h: records per stream
      {"aliases", 1000},    // GeoNames lists hundreds of alternate names for a large city
      {"admin_names", 10}, {"claims", 16}, {"paths", 16},
  };
  return *limits;
}

const absl::flat_hash_map<std::string, size_t>& MaxCountByFullName() {
  static const auto* const limits = new absl::flat_hash_map<std::string, size_t>{
      {"timeline.v1.IngestPlacesRequest.places", 10'000},  // gazetteer rows per stream
  };
  return *limits;
}

size_t Lookup(const FieldDescriptor& field, const absl::flat_hash_map<std::string, size_t>& full,
              const absl::flat_hash_map<std::string, size_t>& by_name, size_t fallback) {
  if (auto it = full.find(field.full_name()); it != full.end()) return it->second;
  if (auto it = by_name.find(field.name()); it != by_name.end()) return it->second;
  return fallback;
}

std::string Join(absl::string_view path, absl::string_view name) {
  return path.empty() ? std::string(name) : absl::StrCat(path, ".", name);
}

class LimitChecker {
 public:
  absl::Status Check(const Message& message, absl::string_view path) {
    Walk(message, std::string(path));
    return violations_.ToStatus();
  }

 private:
  void Add(std::string field, std::string description) {
    if (reported_++ < kMaxReported) violations_.Add(std::move(field), std::move(description));
  }

  // The fields the repair of utf8_repair.h marked in `message`.
  void AddInvalidUtf8(const Message& message, const std::string& path) {
    const UnknownFieldSet& unknown = message.GetReflection()->GetUnknownFields(message);
    for (int i = 0; i < unknown.field_count(); ++i) {
      const UnknownField& marker = unknown.field(i);
      if (marker.number() != kInvalidUtf8Marker ||
          marker.type() != UnknownField::TYPE_LENGTH_DELIMITED) {
        continue;
      }
      const std::string& payload = marker.length_delimited();
      google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(payload.data()),
                                                   static_cast<int>(payload.size()));
      uint32_t number = 0, index = 0;
      if (!input.ReadVarint32(&number) || !input.ReadVarint32(&index) || number == 0) {
        Add(path.empty() ? "request" : path,
            absl::StrCat("is not a well-formed ", message.GetDescriptor()->full_name(),
                         " message"));
      } else {
        Add(MarkedField(message, number, index, path), "is not valid UTF-8");
      }
    }
  }

  // The path of the field a marker names; `path` itself when the message has no such field.
  static std::string MarkedField(const Message& message, uint32_t number, uint32_t index,
                                 const std::string& path) {
    const FieldDescriptor* field =
        message.GetDescriptor()->FindFieldByNumber(static_cast<int>(number));
    if (field == nullptr) return path.empty() ? "request" : path;
    if (!field->is_repeated()) return Join(path, field->name());
    return absl::StrCat(Join(path, field->name()), "[", index, "]");
  }

  void CheckString(const std::string& value, const FieldDescriptor& field,
                   const std::string& where) {
    const size_t max = MaxBytes(field);
    if (value.size() > max) Add(where, absl::StrCat("is longer than ", max, " bytes"));
  }

  void Walk(const Message& message, const std::string& path) {
    AddInvalidUtf8(message, path);
    const Reflection* reflection = message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      const std::string where = Join(path, field->name());
      const bool is_string = field->cpp_type() == FieldDescriptor::CPPTYPE_STRING;
      const bool is_message = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
      if (!field->is_repeated()) {
        std::string scratch;
        if (is_string) {
          CheckString(reflection->GetStringReference(message, field, &scratch), *field, where);
        }
        if (is_message) Walk(reflection->GetMessage(message, field), where);
        continue;
      }
      const int count = reflection->FieldSize(message, field);
      if (static_cast<size_t>(count) > MaxCount(*field)) {
        Add(where, absl::StrCat("lists more than ", MaxCount(*field), " values"));
        continue;
      }
      for (int i = 0; i < count && (is_string || is_message); ++i) {
        const std::string element = absl::StrCat(where, "[", i, "]");
        std::string scratch;
        if (is_string) {
          CheckString(reflection->GetRepeatedStringReference(message, field, i, &scratch), *field,
                      element);
        } else {
          Walk(reflection->GetRepeatedMessage(message, field, i), element);
        }
      }
    }
  }

  Violations violations_;
  int reported_ = 0;
};

// "10,000".
std::string Thousands(size_t n) {
  const std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string LimitText(const FieldDescriptor& field) {
  const bool is_string = field.cpp_type() == FieldDescriptor::CPPTYPE_STRING;
  const std::string bytes = absl::StrCat(Thousands(MaxBytes(field)), " bytes");
  if (!field.is_repeated()) return bytes;
  const std::string values = absl::StrCat(Thousands(MaxCount(field)), " values");
  return is_string ? absl::StrCat(values, " of ", bytes) : values;
}

void CollectLimits(const Descriptor& type, std::set<std::string>& seen,
                   std::vector<FieldLimit>& out) {
  if (!seen.insert(type.full_name()).second) return;
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    const bool is_string = field.cpp_type() == FieldDescriptor::CPPTYPE_STRING;
    if (is_string || field.is_repeated()) out.push_back({field.full_name(), LimitText(field)});
  }
  for (int i = 0; i < type.field_count(); ++i) {
    if (const Descriptor* child = type.field(i)->message_type()) CollectLimits(*child, seen, out);
  }
}

}  // namespace

absl::Status CheckRequestLimits(const Message& request, absl::string_view path) {
  return LimitChecker().Check(request, path);
}

size_t MaxBytes(const FieldDescriptor& field) {
  return Lookup(field, MaxBytesByFullName(), MaxBytesByName(), kDefaultMaxBytes);
}

size_t MaxCount(const FieldDescriptor& field) {
  return Lookup(field, MaxCountByFullName(), MaxCountByName(), kDefaultMaxCount);
}

std::vector<FieldLimit> LimitsOf(const std::vector<const Descriptor*>& requests) {
  std::set<std::string> seen;
  std::vector<FieldLimit> out;
  for (const Descriptor* request : requests) CollectLimits(*request, seen, out);
  return out;
}

}  // namespace timeline::domain
