// JSON Lines: each non-blank line is one IngestRecord in proto JSON. Unknown fields are errors, so
// that a misspelt field name is caught instead of silently dropped.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "formats/readers.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/type.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/type_resolver.h"
#include "google/protobuf/util/type_resolver_util.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest {
namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

// The generated types as proto JSON parsing asks for them, each built once. JsonStringToMessage
// builds a google.protobuf.Type of IngestRecord and of each message it meets from the
// descriptors on every call, which costs more than parsing a short line.
class CachingTypeResolver final : public google::protobuf::util::TypeResolver {
 public:
  google::protobuf::util::Status ResolveMessageType(const std::string& type_url,
                                                    google::protobuf::Type* message_type) override {
    return Resolve(type_url, message_type, messages_, &TypeResolver::ResolveMessageType);
  }

  google::protobuf::util::Status ResolveEnumType(const std::string& type_url,
                                                 google::protobuf::Enum* enum_type) override {
    return Resolve(type_url, enum_type, enums_, &TypeResolver::ResolveEnumType);
  }

 private:
  template <typename T, typename Method>
  google::protobuf::util::Status Resolve(const std::string& type_url, T* out,
                                         std::map<std::string, T>& cache, Method method) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (const auto it = cache.find(type_url); it != cache.end()) {
      *out = it->second;
      return google::protobuf::util::Status();
    }
    const google::protobuf::util::Status status = (generated_.get()->*method)(type_url, out);
    if (status.ok()) cache.emplace(type_url, *out);
    return status;
  }

  std::mutex mutex_;
  const std::unique_ptr<google::protobuf::util::TypeResolver> generated_{
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          kTypeUrlPrefix, google::protobuf::DescriptorPool::generated_pool())};
  std::map<std::string, google::protobuf::Type> messages_;
  std::map<std::string, google::protobuf::Enum> enums_;
};

google::protobuf::util::TypeResolver& Types() {
  static CachingTypeResolver* const types = new CachingTypeResolver();
  return *types;
}

// What JSON allows before a value.
bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// An IngestRecord is a JSON object; a line that does not start one is refused without parsing.
bool StartsAnObject(const std::string& line) {
  for (const char c : line) {
    if (!IsJsonSpace(c)) return c == '{';
  }
  return false;
}

// Empty when `line` is an IngestRecord in proto JSON (read into *record); else why not.
std::string ParseRecord(const std::string& line, v1::IngestRecord* record) {
  if (!StartsAnObject(line)) return "a record is a JSON object, and the line does not start with {";
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  std::string binary;
  const auto status = google::protobuf::util::JsonToBinaryString(
      &Types(), absl::StrCat(kTypeUrlPrefix, "/", v1::IngestRecord::descriptor()->full_name()),
      line, &binary, options);
  if (!status.ok()) {
    const auto message = status.message();
    return std::string(message.data(), message.size());
  }
  // The binary was written from the message's own type: it parses.
  if (!record->ParseFromString(binary)) return "the record does not fit an IngestRecord";
  return "";
}

class JsonLinesReader final : public RecordReader {
 public:
  explicit JsonLinesReader(std::istream& in) : lines_(in) {}

  bool Next(ReadItem* item) override {
    int64_t number = 0;
    bool too_long = false;
    while (lines_.Next(&line_, &number, &too_long)) {
      if (Trim(line_).empty() && !too_long) continue;
      ResetItem(item, number);
      if (too_long) {
        SetError(item, absl::StrCat("line is longer than ", line_.size(), " bytes"));
        return true;
      }
      if (const std::string error = ParseRecord(line_, &item->event); !error.empty()) {
        SetError(item, absl::StrCat("not an IngestRecord in proto JSON: ", error));
        return true;
      }
      item->kind = ReadItem::Kind::kEvent;
      return true;
    }
    return false;
  }

 private:
  LineReader lines_;
  std::string line_;
};

}  // namespace

std::unique_ptr<RecordReader> NewJsonLinesReader(std::istream& in) {
  return std::make_unique<JsonLinesReader>(in);
}

}  // namespace timeline::ingest
