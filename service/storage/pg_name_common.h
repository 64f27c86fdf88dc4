// What the stages of name resolution share (pg_name_lookup.cc, pg_name_creation.cc,
// pg_gazetteer.cc): the match keys and stored names of a name with its aliases, the stored form
// of a place from a record, and the wording of candidates in notes. Internal to storage/.
#pragma once

#include <string>
#include <vector>

#include "domain/directory_records.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "normalize/name_resolution.h"
#include "pqxx/pqxx"
#include "storage/pg_name_cache.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::storage::pg {

// The database form of an enum value; empty for the zero (unspecified) value.
std::string KindText(const google::protobuf::EnumDescriptor* descriptor, int value);

// A row whose first two columns are a row id and a resource id.
Ref RefOf(const pqxx::row& row);

// The match key of `name` first, then those of its aliases, sorted, without repeats.
std::vector<std::string> KeysOf(const std::string& name,
                                const google::protobuf::RepeatedPtrField<std::string>& aliases);

// `name` in `language`, then each alias not equal to it (language unknown), with match keys.
std::vector<domain::NameRecord> NameRecordsOf(
    const std::string& name, const std::string& language,
    const google::protobuf::RepeatedPtrField<std::string>& aliases);

// A new place as a record describes it, in `country` and `time_zone`: kind SETTLEMENT and
// precision SETTLEMENT_CENTROID unless the record says otherwise.
domain::PlaceRecord PlaceRecordOf(const v1::IngestPlace& p, const std::string& country,
                                  const std::string& time_zone);

// "Bamako (ml-bamako, similarity 0.87), ..." for notes that name the candidates.
// Names as the three parallel array literals (name, language, match key) that the statements
// inserting names take.
struct NameArrays {
  std::string names, languages, keys;
};
NameArrays NameArraysOf(const std::vector<domain::NameRecord>& names);

std::string Describe(const std::vector<normalize::NameCandidate>& candidates);

// A created name as later records of the batch see it: linked, no longer new.
NameResult WithoutNewNotes(NameResult result);

}  // namespace timeline::storage::pg
