#include "storage/db_enums.h"

#include "absl/strings/ascii.h"
#include "domain/time_span.h"

namespace timeline::storage {
std::string EnumToDb(const google::protobuf::EnumDescriptor* descriptor, int value) {
  const auto* v = descriptor->FindValueByNumber(value);
  return v == nullptr ? "" : absl::AsciiStrToLower(v->name());
}

int EnumFromDb(const google::protobuf::EnumDescriptor* descriptor, absl::string_view text) {
  const auto* v = descriptor->FindValueByName(absl::AsciiStrToUpper(text));
  return v == nullptr ? 0 : v->number();
}

// The database stores a precision as its word (domain/time_span.h).
std::string PrecisionToDb(v1::Precision precision) { return domain::PrecisionWord(precision); }

v1::Precision PrecisionFromDb(absl::string_view text) { return domain::PrecisionFromWord(text); }

}  // namespace timeline::storage
