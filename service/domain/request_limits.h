// The size limits of every request: a maximum length in bytes for each string field and a
// maximum count for each repeated field, of every request message and the messages inside it
// (ingest records included). They are checked before any value is parsed or validated, so that
// no resource-name parser, date reader, filter parser or database index ever sees an oversized
// value, and together with the markers of domain/utf8_repair.h they report text that is not UTF-8.
//
// The limits come from the descriptor: a field is limited by a rule for its full name
// ("timeline.v1.ActorName.name"), else by a rule for its name wherever it appears ("language"),
// else by the default for its kind, so a new field is limited without anyone remembering to.
// docs/limits.md lists them (a unit test keeps it in step).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace timeline::domain {

// INVALID_ARGUMENT naming each field (path from `path`, such as "records[3].actors[0].name" or,
// with an empty path, "source.url") whose text is not UTF-8, is longer than its limit, or that
// lists more values than its limit; OK otherwise. Reports at most a few fields, with short
// messages that never quote the value. Elements of an over-long repeated field are not looked at.
absl::Status CheckRequestLimits(const google::protobuf::Message& request,
                                absl::string_view path = "");

// The longest value, in bytes, of a string field (of every element, if repeated).
size_t MaxBytes(const google::protobuf::FieldDescriptor& field);
// The most values a repeated field may list.
size_t MaxCount(const google::protobuf::FieldDescriptor& field);

// One limited field, for the documentation.
struct FieldLimit {
  std::string field;  // full name: "timeline.v1.Source.url"
  std::string limit;  // "2,000 bytes", "100 values", "100 values of 128 bytes"
};

// The limits of every field of `requests` and of the messages inside them, each message once, in
// the order met.
std::vector<FieldLimit> LimitsOf(const std::vector<const google::protobuf::Descriptor*>& requests);

}  // namespace timeline::domain
