#include "storage/db_enums.h"

#include "absl/strings/ascii.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"

namespace timeline::storage {
namespace {

constexpr absl::string_view kPrecisionPrefix = "PRECISION_";

}  // namespace

std::string EnumToDb(const google::protobuf::EnumDescriptor* descriptor, int value) {
  const auto* v = descriptor->FindValueByNumber(value);
  return v == nullptr ? "" : absl::AsciiStrToLower(v->name());
}

int EnumFromDb(const google::protobuf::EnumDescriptor* descriptor, absl::string_view text) {
  const auto* v = descriptor->FindValueByName(absl::AsciiStrToUpper(text));
  return v == nullptr ? 0 : v->number();
}

std::string PrecisionToDb(v1::Precision precision) {
  absl::string_view name = v1::Precision_Name(precision);
  absl::ConsumePrefix(&name, kPrecisionPrefix);
  return absl::AsciiStrToLower(name);
}

v1::Precision PrecisionFromDb(absl::string_view text) {
  v1::Precision p = v1::PRECISION_UNKNOWN;
  v1::Precision_Parse(absl::StrCat(kPrecisionPrefix, absl::AsciiStrToUpper(text)), &p);
  return p;
}

}  // namespace timeline::storage
