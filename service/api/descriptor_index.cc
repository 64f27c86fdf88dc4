#include "api/descriptor_index.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.pb.h"

namespace timeline::api {

namespace pb = google::protobuf;

namespace {

void ClearJsonNames(pb::DescriptorProto& message) {
  for (pb::FieldDescriptorProto& field : *message.mutable_field()) field.clear_json_name();
  for (pb::FieldDescriptorProto& field : *message.mutable_extension()) field.clear_json_name();
  for (pb::DescriptorProto& nested : *message.mutable_nested_type()) ClearJsonNames(nested);
}

// protoc writes each field's lowerCamelCase json_name into descriptor sets; grpcurl prints JSON
// with json_name when a descriptor has one and with the field's own name otherwise. Timeline's
// JSON has always used the names as written in the proto ("start_time"), which is also what
// every recipe shows, so the served descriptors leave json_name out. Requests accept both forms.
void ClearJsonNames(pb::FileDescriptorProto& file) {
  for (pb::DescriptorProto& message : *file.mutable_message_type()) ClearJsonNames(message);
  for (pb::FieldDescriptorProto& field : *file.mutable_extension()) field.clear_json_name();
}

}  // namespace

absl::StatusOr<std::unique_ptr<DescriptorIndex>> DescriptorIndex::FromDescriptorSet(
    absl::string_view serialized) {
  pb::FileDescriptorSet set;
  if (!set.ParseFromArray(serialized.data(), static_cast<int>(serialized.size()))) {
    return absl::InvalidArgumentError("not a serialized FileDescriptorSet");
  }
  std::unique_ptr<DescriptorIndex> index(new DescriptorIndex());
  for (pb::FileDescriptorProto& file : *set.mutable_file()) {
    ClearJsonNames(file);
    if (index->pool_.BuildFile(file) == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("descriptor set: cannot build ", file.name(), " (missing imports?)"));
    }
    index->serialized_files_[file.name()] = file.SerializeAsString();
  }
  return index;
}

std::vector<std::string> DescriptorIndex::FileWithImports(const pb::FileDescriptor* file) const {
  std::vector<std::string> files;
  absl::flat_hash_set<const pb::FileDescriptor*> seen = {file};
  std::vector<const pb::FileDescriptor*> pending = {file};
  while (!pending.empty()) {
    const pb::FileDescriptor* next = pending.back();
    pending.pop_back();
    files.push_back(serialized_files_.at(next->name()));
    for (int i = 0; i < next->dependency_count(); ++i) {
      if (seen.insert(next->dependency(i)).second) pending.push_back(next->dependency(i));
    }
  }
  return files;
}

absl::StatusOr<std::vector<std::string>> DescriptorIndex::FileByName(
    absl::string_view file_name) const {
  const pb::FileDescriptor* file = pool_.FindFileByName(std::string(file_name));
  if (file == nullptr) return absl::NotFoundError(absl::StrCat("no file ", file_name));
  return FileWithImports(file);
}

absl::StatusOr<std::vector<std::string>> DescriptorIndex::FileContainingSymbol(
    absl::string_view symbol) const {
  const pb::FileDescriptor* file = pool_.FindFileContainingSymbol(std::string(symbol));
  if (file == nullptr) return absl::NotFoundError(absl::StrCat("no symbol ", symbol));
  return FileWithImports(file);
}

absl::StatusOr<std::vector<std::string>> DescriptorIndex::FileContainingExtension(
    absl::string_view message_type, int field_number) const {
  const pb::Descriptor* message = pool_.FindMessageTypeByName(std::string(message_type));
  if (message == nullptr) return absl::NotFoundError(absl::StrCat("no type ", message_type));
  const pb::FieldDescriptor* extension = pool_.FindExtensionByNumber(message, field_number);
  if (extension == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("no extension ", field_number, " of type ", message_type));
  }
  return FileWithImports(extension->file());
}

absl::StatusOr<std::vector<int>> DescriptorIndex::ExtensionNumbers(
    absl::string_view message_type) const {
  const pb::Descriptor* message = pool_.FindMessageTypeByName(std::string(message_type));
  if (message == nullptr) return absl::NotFoundError(absl::StrCat("no type ", message_type));
  std::vector<const pb::FieldDescriptor*> extensions;
  pool_.FindAllExtensions(message, &extensions);
  std::vector<int> numbers;
  for (const pb::FieldDescriptor* extension : extensions) numbers.push_back(extension->number());
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

std::vector<std::string> DescriptorIndex::ServiceNames() const {
  std::vector<std::string> names;
  for (const auto& [file_name, unused] : serialized_files_) {
    const pb::FileDescriptor* file = pool_.FindFileByName(file_name);
    for (int i = 0; i < file->service_count(); ++i) names.push_back(file->service(i)->full_name());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace timeline::api
