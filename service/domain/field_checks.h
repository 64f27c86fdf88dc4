// Checks of single values that several validators share (records, queries, filters, ingest
// records): the shape of codes, tags and identifiers, and the field paths violations name. Plain
// code, linear in the input: request data never goes through a backtracking regex.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/validation.h"
#include "google/protobuf/descriptor.h"

namespace timeline::domain {

// "event.actors[1]": the path of element `index` of `field`.`child`.
std::string FieldAt(absl::string_view field, absl::string_view child, int index);

// ISO 3166-1 alpha-2 in upper case ("ML").
bool IsCountryCode(absl::string_view code);
// BCP 47, loosely: 2-3 letters, then subtags of 1-8 letters or digits ("fr", "ar-Latn").
bool IsLanguageTag(absl::string_view tag);
// A Wikidata item id ("Q56276425").
bool IsWikidataId(absl::string_view id);
// The system of an external id: a lower-case letter, then up to 62 of [a-z0-9_.-] ("acled").
bool IsExternalSystem(absl::string_view system);
// http:// or https:// (any case), then a host-looking character, then no white space.
bool IsHttpUrl(absl::string_view url);

// `value` in double quotes for a message, cut after 100 bytes (at a character boundary, with
// "…" and the full length): messages never echo a whole long input back.
std::string Quoted(absl::string_view value);

// Whether `value` names a value of the enum at all (the zero "unspecified" one included).
bool IsKnownEnumValue(const google::protobuf::EnumDescriptor* descriptor, int value);
// Whether an enum field holds a value other than its zero "unspecified" one.
bool IsSetEnum(const google::protobuf::EnumDescriptor* descriptor, int value);

// Adds every field violation `status` carries to `v`.
void AddViolationsOf(const absl::Status& status, Violations& v);

}  // namespace timeline::domain
