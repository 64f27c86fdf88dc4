// Field-level validation errors (AIP-193).
//
// Validators collect every problem with a request before answering, so a caller fixes them all
// in one round:
//
//   Violations v;
//   if (req.title().empty()) v.Add("event.title", "is required");
//   if (req.page_size() < 0) v.Add("page_size", "must not be negative");
//   if (absl::Status s = v.ToStatus(); !s.ok()) return s;
//
// ToStatus() is INVALID_ARGUMENT whose message lists "field: description" pairs and whose payload
// is a google.rpc.BadRequest; api/status_mapping turns that payload into gRPC error details.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace timeline::domain {

// Type URL under which a google.rpc.BadRequest rides in an absl::Status payload.
inline constexpr absl::string_view kBadRequestTypeUrl = "type.googleapis.com/google.rpc.BadRequest";

struct FieldViolation {
  std::string field;
  std::string description;
};

class Violations {
 public:
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  // OK when nothing was added; otherwise INVALID_ARGUMENT naming every field.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

// INVALID_ARGUMENT for a single field.
absl::Status InvalidField(std::string field, std::string description);

// The `reason` of a curating request (UpdateActor and friends): any text but NUL bytes, which
// PostgreSQL text cannot hold. INVALID_ARGUMENT naming "reason" otherwise.
absl::Status CheckReason(const std::string& reason);

// Adds a violation for every string field under `message` (recursively) that holds a NUL byte,
// which PostgreSQL text cannot store. `path` names `message` ("event").
void CheckNoNulBytes(const google::protobuf::Message& message, const std::string& path,
                     Violations& violations);

// The field violations carried by a status (empty when it carries none).
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

}  // namespace timeline::domain
