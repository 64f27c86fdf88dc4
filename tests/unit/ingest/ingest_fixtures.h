// Shared by the ingest unit tests: records and gazetteer rows from JSON, the notes they get, and
// two records — the Bamako attacks of September 2024 with every field, and a minimal one.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/time_span.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest::testing {

using Strings = std::vector<std::string>;

inline v1::IngestRecord Record(const std::string& json) {
  v1::IngestRecord r;
  auto status = google::protobuf::util::JsonStringToMessage(json, &r);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return r;
}

inline v1::IngestPlace Place(const std::string& json) {
  v1::IngestPlace p;
  auto status = google::protobuf::util::JsonStringToMessage(json, &p);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return p;
}

inline domain::Micros At(const std::string& rfc3339) {
  google::protobuf::Timestamp ts;
  EXPECT_TRUE(google::protobuf::util::TimeUtil::FromString(rfc3339, &ts)) << rfc3339;
  return domain::FromTimestamp(ts);
}

inline Strings Fields(const std::vector<v1::IngestNote>& notes) {
  Strings out;
  for (const v1::IngestNote& n : notes) out.push_back(n.field());
  return out;
}

inline Strings Codes(const std::vector<v1::IngestNote>& notes) {
  Strings out;
  for (const v1::IngestNote& n : notes) out.push_back(n.code());
  return out;
}

inline bool HasField(const std::vector<v1::IngestNote>& notes, const std::string& field) {
  return std::any_of(notes.begin(), notes.end(),
                     [&](const v1::IngestNote& n) { return n.field() == field; });
}

// The notes about one field.
inline std::vector<v1::IngestNote> About(const std::vector<v1::IngestNote>& notes,
                                         const std::string& field) {
  std::vector<v1::IngestNote> out;
  for (const v1::IngestNote& n : notes) {
    if (n.field() == field) out.push_back(n);
  }
  return out;
}

inline std::string Describe(const std::vector<v1::IngestNote>& notes) {
  std::string out;
  for (const v1::IngestNote& n : notes) {
    absl::StrAppend(&out, "\n  ", n.field(), " [", n.code(), "] ", n.message());
  }
  return out;
}

// The Bamako attacks of September 2024 as a news-coding pipeline sends them: every field set and
// valid.
inline constexpr char kValid[] = R"json({
  "externalId": {"system": "acled", "id": "MLI33187"},
  "title": "Attacks on the gendarmerie school and the military airport in Bamako",
  "summary": "JNIM fighters attacked the gendarmerie school in Faladie and the airport.",
  "eventType": "attack",
  "date": {"text": "سبتمبر/أيلول الماضي", "referenceTime": "2024-10-12T11:16:00Z",
           "timeZone": "Africa/Bamako"},
  "actors": [
    {"name": "جماعة نصرة الإسلام والمسلمين", "aliases": ["JNIM"], "language": "ar",
     "kind": "ARMED_GROUP", "countryCode": "ML", "role": "INITIATOR"},
    {"actor": "actors/malian-army", "role": "TARGET"},
    {"name": "Assimi Goïta", "kind": "PERSON", "countryCode": "ml"}
  ],
  "places": [
    {"name": "Bamako", "aliases": ["باماكو"], "countryCode": "ML", "adminNames": ["Bamako"],
     "location": {"latitude": 12.65, "longitude": -8.0}, "locationPrecision": "SETTLEMENT_CENTROID",
     "geonamesId": 2460596, "timeZone": "Africa/Bamako", "kind": "SETTLEMENT", "role": "LOCATION"},
    {"place": "places/ml-bamako-gendarmerie-school", "role": "TARGET_SITE"}
  ],
  "source": {"url": "https://www.eremnews.com/news/arab-world/africa/123", "publisher": "Erem News",
             "language": "ar", "publishedTime": "2024-10-12T11:16:00Z", "title": "Mali",
             "quote": "قُتل أكثر من 70 شخصاً", "claims": ["fatalities", "time", "fatalities"]},
  "fatalities": {"low": 71},
  "injured": {"low": 201, "best": 255, "high": 300}
})json";

// A record with only what is required.
inline constexpr char kMinimal[] =
    R"json({"title": "Drone strike", "eventType": "air_drone_strike"})json";

}  // namespace timeline::ingest::testing
