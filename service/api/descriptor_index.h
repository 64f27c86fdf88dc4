// The descriptors a server answers reflection from: a serialized FileDescriptorSet (with its
// comments, when protoc was given --include_source_info) loaded into a DescriptorPool, with the
// lookups of the reflection protocol. Pure: no I/O.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace timeline::api {

class DescriptorIndex {
 public:
  // Fails on bytes that are not a FileDescriptorSet, or on a file whose imports come after it.
  static absl::StatusOr<std::unique_ptr<DescriptorIndex>> FromDescriptorSet(
      absl::string_view serialized);

  const google::protobuf::DescriptorPool& pool() const { return pool_; }

  // Each answers serialized FileDescriptorProtos: the file asked for first, then every file it
  // imports, directly or not, once each. NOT_FOUND when there is no such file or symbol.
  absl::StatusOr<std::vector<std::string>> FileByName(absl::string_view file_name) const;
  absl::StatusOr<std::vector<std::string>> FileContainingSymbol(absl::string_view symbol) const;
  absl::StatusOr<std::vector<std::string>> FileContainingExtension(absl::string_view message_type,
                                                                   int field_number) const;
  // The field numbers of every extension of `message_type`.
  absl::StatusOr<std::vector<int>> ExtensionNumbers(absl::string_view message_type) const;
  // Full names of every service, sorted.
  std::vector<std::string> ServiceNames() const;

 private:
  DescriptorIndex() = default;
  std::vector<std::string> FileWithImports(const google::protobuf::FileDescriptor* file) const;

  google::protobuf::DescriptorPool pool_;
  absl::flat_hash_map<std::string, std::string> serialized_files_;  // by file name
};

}  // namespace timeline::api
