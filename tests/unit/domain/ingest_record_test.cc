// The checks of a raw ingest record (CheckIngestRecord, CheckGazetteerPlace), the stream
// fingerprint, and FinishIngestRecord, which reads a record's date in context and builds the
// EventRecord that CreateEvent would store.
#include "domain/ingest_record.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/records.h"
#include "domain/time_span.h"
#include "domain/validation.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace timeline::domain {
namespace {

using Strings = std::vector<std::string>;

v1::IngestRecord Record(const std::string& json) {
  v1::IngestRecord r;
  auto status = google::protobuf::util::JsonStringToMessage(json, &r);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return r;
}

v1::IngestPlace Place(const std::string& json) {
  v1::IngestPlace p;
  auto status = google::protobuf::util::JsonStringToMessage(json, &p);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return p;
}

Micros At(const std::string& rfc3339) {
  google::protobuf::Timestamp ts;
  EXPECT_TRUE(google::protobuf::util::TimeUtil::FromString(rfc3339, &ts)) << rfc3339;
  return FromTimestamp(ts);
}

Strings Fields(const std::vector<v1::IngestNote>& notes) {
  Strings out;
  for (const v1::IngestNote& n : notes) out.push_back(n.field());
  return out;
}

Strings Codes(const std::vector<v1::IngestNote>& notes) {
  Strings out;
  for (const v1::IngestNote& n : notes) out.push_back(n.code());
  return out;
}

bool HasField(const std::vector<v1::IngestNote>& notes, const std::string& field) {
  return std::any_of(notes.begin(), notes.end(),
                     [&](const v1::IngestNote& n) { return n.field() == field; });
}

// The notes about one field.
std::vector<v1::IngestNote> About(const std::vector<v1::IngestNote>& notes,
                                  const std::string& field) {
  std::vector<v1::IngestNote> out;
  for (const v1::IngestNote& n : notes) {
    if (n.field() == field) out.push_back(n);
  }
  return out;
}

std::string Describe(const std::vector<v1::IngestNote>& notes) {
  std::string out;
  for (const v1::IngestNote& n : notes) {
    absl::StrAppend(&out, "\n  ", n.field(), " [", n.code(), "] ", n.message());
  }
  return out;
}

// The Bamako attacks of September 2024 as a news-coding pipeline sends them: every field set and
// valid.
constexpr char kValid[] = R"json({
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
constexpr char kMinimal[] = R"json({"title": "Drone strike", "eventType": "air_drone_strike"})json";

// --- RecordField / Note ------------------------------------------------------------------------

TEST(IngestRecordTest, RecordFieldNamesTheIndex) {
  EXPECT_EQ(RecordField(0), "records[0]");
  EXPECT_EQ(RecordField(7), "records[7]");
  EXPECT_EQ(RecordField(9999), "records[9999]");
}

TEST(IngestRecordTest, NoteCarriesFieldCodeAndMessage) {
  const v1::IngestNote n = Note("records[1].title", kNoteInvalidArgument, "is required");
  EXPECT_EQ(n.field(), "records[1].title");
  EXPECT_EQ(n.code(), "INVALID_ARGUMENT");
  EXPECT_EQ(n.message(), "is required");
}

// --- CheckIngestRecord -------------------------------------------------------------------------

TEST(CheckIngestRecordTest, ValidRecordHasNoNotes) {
  EXPECT_TRUE(CheckIngestRecord(Record(kValid), RecordField(0)).empty())
      << Describe(CheckIngestRecord(Record(kValid), RecordField(0)));
  EXPECT_TRUE(CheckIngestRecord(Record(kMinimal), RecordField(3)).empty())
      << Describe(CheckIngestRecord(Record(kMinimal), RecordField(3)));
}

TEST(CheckIngestRecordTest, ValidRecordWithAnExplicitTimeHasNoNotes) {
  v1::IngestRecord r = Record(kValid);
  *r.mutable_time() = Record(R"json({"time": {"startTime": "2024-09-17T00:00:00Z",
      "precision": "PRECISION_DAY", "timeZone": "Africa/Bamako", "text": "الثلاثاء"}})json")
                          .time();
  EXPECT_TRUE(CheckIngestRecord(r, RecordField(0)).empty())
      << Describe(CheckIngestRecord(r, RecordField(0)));
}

TEST(CheckIngestRecordTest, MissingTitle) {
  v1::IngestRecord r = Record(kValid);
  r.clear_title();
  const auto notes = CheckIngestRecord(r, RecordField(4));
  EXPECT_EQ(Fields(notes), Strings{"records[4].title"}) << Describe(notes);
  EXPECT_EQ(Codes(notes), Strings{"INVALID_ARGUMENT"});
  EXPECT_EQ(notes[0].message(), "is required");
}

TEST(CheckIngestRecordTest, TitleTooLong) {
  v1::IngestRecord r = Record(kValid);
  r.set_title(std::string(1001, 't'));
  EXPECT_EQ(Fields(CheckIngestRecord(r, RecordField(0))), Strings{"records[0].title"});
}

TEST(CheckIngestRecordTest, MissingOrUnknownEventType) {
  v1::IngestRecord r = Record(kValid);
  r.clear_event_type();
  auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), Strings{"records[0].event_type"}) << Describe(notes);

  r.set_event_type("massacre");
  notes = CheckIngestRecord(r, RecordField(0));
  ASSERT_EQ(Fields(notes), Strings{"records[0].event_type"}) << Describe(notes);
  EXPECT_NE(notes[0].message().find("\"massacre\" is not an event type"), std::string::npos)
      << notes[0].message();
  EXPECT_NE(notes[0].message().find("attack"), std::string::npos) << "lists the valid types";
}

TEST(CheckIngestRecordTest, NegativeCounts) {
  v1::IngestRecord r = Record(kMinimal);
  r.mutable_fatalities()->set_low(-1);
  r.mutable_injured()->set_high(-5);
  const auto notes = CheckIngestRecord(r, RecordField(2));
  EXPECT_EQ(Fields(notes), (Strings{"records[2].fatalities.low", "records[2].injured.high"}))
      << Describe(notes);
}

TEST(CheckIngestRecordTest, CountsOutOfOrder) {
  for (const char* count : {R"({"low": 10, "high": 5})", R"({"low": 10, "best": 5})",
                            R"({"best": 10, "high": 5})", R"({"low": 1, "best": 9, "high": 8})"}) {
    const v1::IngestRecord r =
        Record(absl::StrCat(R"({"title": "t", "eventType": "attack", "fatalities": )", count, "}"));
    const auto notes = CheckIngestRecord(r, RecordField(0));
    ASSERT_EQ(Fields(notes), Strings{"records[0].fatalities"}) << count << Describe(notes);
    EXPECT_EQ(notes[0].message(), "must satisfy low <= best <= high");
  }
  const v1::IngestRecord ok = Record(
      R"({"title": "t", "eventType": "attack", "injured": {"low": 0, "best": 0, "high": 0}})");
  EXPECT_TRUE(CheckIngestRecord(ok, RecordField(0)).empty());
}

TEST(CheckIngestRecordTest, ActorWithoutNameOrActor) {
  const v1::IngestRecord r = Record(R"json({"title": "t", "eventType": "visit",
      "actors": [{"name": "Assimi Goïta"}, {"role": "VISITOR", "aliases": ["x"]}]})json");
  const auto notes = CheckIngestRecord(r, RecordField(1));
  ASSERT_EQ(Fields(notes), Strings{"records[1].actors[1].name"}) << Describe(notes);
  EXPECT_EQ(notes[0].message(), "is required unless actor is set");
}

TEST(CheckIngestRecordTest, NamesWithoutLettersOrDigits) {
  const v1::IngestRecord r = Record(R"json({"title": "t", "eventType": "visit",
      "actors": [{"name": "!!! ...", "aliases": ["Goita", "—"]}],
      "places": [{"name": " - ", "aliases": ["Bamako", "()"], "adminNames": ["?"]}]})json");
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), (Strings{"records[0].actors[0].name", "records[0].actors[0].aliases[1]",
                                    "records[0].places[0].name", "records[0].places[0].aliases[1]",
                                    "records[0].places[0].admin_names[0]"}))
      << Describe(notes);
  for (const auto& n : notes) EXPECT_EQ(n.message(), "has no letters or digits");
  // Digits alone are a name ("Sector 4" may be written "4").
  EXPECT_TRUE(CheckIngestRecord(
                  Record(R"({"title": "t", "eventType": "attack", "actors": [{"name": "4"}]})"),
                  RecordField(0))
                  .empty());
}

TEST(CheckIngestRecordTest, NameTooLong) {
  v1::IngestRecord r = Record(kMinimal);
  r.add_actors()->set_name(std::string(501, 'a'));
  r.add_places()->set_name(std::string(500, 'b'));  // at the limit
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), Strings{"records[0].actors[0].name"}) << Describe(notes);
}

TEST(CheckIngestRecordTest, BadCountryCodes) {
  const v1::IngestRecord r = Record(R"json({"title": "t", "eventType": "visit",
      "actors": [{"name": "a", "countryCode": "MLI"}, {"name": "b", "countryCode": "M1"},
                 {"name": "c", "countryCode": "ml"}],
      "places": [{"name": "d", "countryCode": "M"}, {"name": "e", "countryCode": "ML"}]})json");
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes),
            (Strings{"records[0].actors[0].country_code", "records[0].actors[1].country_code",
                     "records[0].places[0].country_code"}))
      << Describe(notes);
}

TEST(CheckIngestRecordTest, BadCoordinates) {
  const v1::IngestRecord r = Record(R"json({"title": "t", "eventType": "attack",
      "places": [{"name": "a", "location": {"latitude": 90.5, "longitude": 0}},
                 {"name": "b", "location": {"latitude": 0, "longitude": -180.01}},
                 {"name": "c", "location": {"latitude": -91, "longitude": 181}},
                 {"name": "d", "location": {"latitude": -90, "longitude": 180}}]})json");
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), (Strings{"records[0].places[0].location.latitude",
                                    "records[0].places[1].location.longitude",
                                    "records[0].places[2].location.latitude",
                                    "records[0].places[2].location.longitude"}))
      << Describe(notes);
}

TEST(CheckIngestRecordTest, NotANumberCoordinates) {
  v1::IngestRecord r = Record(kMinimal);
  v1::IngestPlace* p = r.add_places();
  p->set_name("Nowhere");
  p->mutable_location()->set_latitude(std::numeric_limits<double>::quiet_NaN());
  p->mutable_location()->set_longitude(std::numeric_limits<double>::infinity());
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), (Strings{"records[0].places[0].location.latitude",
                                    "records[0].places[0].location.longitude"}))
      << Describe(notes);
}

TEST(CheckIngestRecordTest, UnknownTimeZones) {
  v1::IngestRecord r = Record(kValid);
  r.mutable_date()->set_time_zone("Mars/Olympus");
  r.mutable_places(0)->set_time_zone("Africa/Timbuktu-Old");
  const auto notes = CheckIngestRecord(r, RecordField(5));
  ASSERT_EQ(Fields(notes), (Strings{"records[5].places[0].time_zone", "records[5].date.time_zone"}))
      << Describe(notes);
  EXPECT_EQ(notes[1].message(), "\"Mars/Olympus\" is not an IANA time zone");
}

TEST(CheckIngestRecordTest, DateIsNotCheckedWhenTheRecordHasATime) {
  v1::IngestRecord r = Record(kMinimal);
  r.mutable_date()->set_time_zone("Mars/Olympus");
  r.mutable_date()->set_text(std::string(600, 'x'));
  r.mutable_time()->set_precision(v1::PRECISION_UNKNOWN);
  EXPECT_TRUE(CheckIngestRecord(r, RecordField(0)).empty())
      << Describe(CheckIngestRecord(r, RecordField(0)));
}

TEST(CheckIngestRecordTest, BadDateReferenceAndText) {
  v1::IngestRecord r = Record(kMinimal);
  r.mutable_date()->set_text(std::string(501, 'x'));
  r.mutable_date()->mutable_reference_time()->set_seconds(253402300800);  // 10000-01-01
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), (Strings{"records[0].date.reference_time", "records[0].date.text"}))
      << Describe(notes);
}

TEST(CheckIngestRecordTest, BadExplicitTime) {
  v1::IngestRecord r = Record(kMinimal);
  r.mutable_time()->set_time_zone("Nowhere/Else");
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), (Strings{"records[0].time.precision", "records[0].time.time_zone"}))
      << Describe(notes);

  v1::IngestRecord backwards = Record(R"json({"title": "t", "eventType": "attack",
      "time": {"startTime": "2024-09-18T00:00:00Z", "endTime": "2024-09-17T00:00:00Z",
               "precision": "PRECISION_UNKNOWN"}})json");
  EXPECT_EQ(Fields(CheckIngestRecord(backwards, RecordField(0))),
            Strings{"records[0].time.end_time"});
}

TEST(CheckIngestRecordTest, BadResourceNames) {
  const v1::IngestRecord r = Record(R"json({"title": "t", "eventType": "attack",
      "actors": [{"actor": "actor/jnim"}, {"actor": "actors/JNIM"}, {"actor": "places/bamako"},
                 {"actor": "actors/jnim"}],
      "places": [{"place": "places/"}, {"place": "places/1bamako"}, {"place": "places/ml-bamako"}],
      "source": {"source": "sources/erem news"}})json");
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), (Strings{"records[0].actors[0].actor", "records[0].actors[1].actor",
                                    "records[0].actors[2].actor", "records[0].places[0].place",
                                    "records[0].places[1].place", "records[0].source.source"}))
      << Describe(notes);
}

TEST(CheckIngestRecordTest, PlaceNeedsNamePlaceOrGeoNamesId) {
  const v1::IngestRecord r = Record(R"json({"title": "t", "eventType": "attack",
      "places": [{"role": "LOCATION"}, {"geonamesId": "2460596"}, {"geonamesId": "-3"}]})json");
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), (Strings{"records[0].places[0].name", "records[0].places[2].name",
                                    "records[0].places[2].geonames_id"}))
      << Describe(notes);
  EXPECT_EQ(notes[0].message(), "is required unless place or geonames_id is set");
}

TEST(CheckIngestRecordTest, SourceWithoutUrl) {
  const v1::IngestRecord r = Record(R"json({"title": "t", "eventType": "attack",
      "source": {"publisher": "Erem News", "quote": "..."}})json");
  const auto notes = CheckIngestRecord(r, RecordField(0));
  ASSERT_EQ(Fields(notes), Strings{"records[0].source.url"}) << Describe(notes);
  EXPECT_EQ(notes[0].message(), "is required unless source is set");
  // An existing source needs no url.
  EXPECT_TRUE(CheckIngestRecord(Record(R"json({"title": "t", "eventType": "attack",
      "source": {"source": "sources/erem-news-1"}})json"),
                                RecordField(0))
                  .empty());
}

TEST(CheckIngestRecordTest, SourceUrlAndQuoteTooLong) {
  v1::IngestRecord r = Record(kValid);
  r.mutable_source()->set_url("https://example.org/" + std::string(2000, 'a'));
  r.mutable_source()->set_quote(std::string(100'001, 'q'));
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), (Strings{"records[0].source.url", "records[0].source.quote"}))
      << Describe(notes);
}

TEST(CheckIngestRecordTest, ClaimsMustBeFieldPaths) {
  v1::IngestRecord r = Record(kValid);
  r.mutable_source()->clear_claims();
  for (const char* c : {"fatalities", "death toll", "time", "", "actors.name", "injured"}) {
    r.mutable_source()->add_claims(c);
  }
  const auto notes = CheckIngestRecord(r, RecordField(0));
  ASSERT_EQ(Fields(notes), (Strings{"records[0].source.claims[1]", "records[0].source.claims[3]",
                                    "records[0].source.claims[4]"}))
      << Describe(notes);
  EXPECT_NE(notes[0].message().find("\"death toll\" is not one of: "), std::string::npos)
      << notes[0].message();
}

TEST(CheckIngestRecordTest, UnknownEnumValues) {
  v1::IngestRecord r = Record(kMinimal);
  v1::IngestActor* a = r.add_actors();
  a->set_name("a");
  a->set_kind(static_cast<v1::ActorKind>(99));
  v1::IngestPlace* p = r.add_places();
  p->set_name("p");
  p->set_kind(static_cast<v1::PlaceKind>(99));
  p->set_location_precision(static_cast<v1::LocationPrecision>(99));
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), (Strings{"records[0].actors[0].kind", "records[0].places[0].kind",
                                    "records[0].places[0].location_precision"}))
      << Describe(notes);
}

TEST(CheckIngestRecordTest, UnknownRoles) {
  v1::IngestRecord r = Record(kMinimal);
  r.add_actors()->set_name("a");
  r.mutable_actors(0)->set_role(static_cast<v1::ActorRole>(99));
  r.add_places()->set_name("p");
  r.mutable_places(0)->set_role(static_cast<v1::PlaceRole>(99));
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_TRUE(HasField(notes, "records[0].actors[0].role")) << Describe(notes);
  EXPECT_TRUE(HasField(notes, "records[0].places[0].role")) << Describe(notes);
  for (const auto& n : notes) EXPECT_EQ(n.code(), "INVALID_ARGUMENT");
}

// An unknown role is one note; an ingest role is optional, so it is never "required".
TEST(CheckIngestRecordTest, UnknownRoleIsReportedOnce) {
  v1::IngestRecord r = Record(kMinimal);
  r.add_actors()->set_name("a");
  r.mutable_actors(0)->set_role(static_cast<v1::ActorRole>(99));
  r.add_places()->set_name("p");
  r.mutable_places(0)->set_role(static_cast<v1::PlaceRole>(99));
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), (Strings{"records[0].actors[0].role", "records[0].places[0].role"}))
      << Describe(notes);
}

TEST(CheckIngestRecordTest, NulBytes) {
  v1::IngestRecord r = Record(kValid);
  r.mutable_actors(0)->set_name(std::string("JN\0IM", 5));
  r.mutable_places(0)->set_aliases(0, std::string("\0", 1));
  r.mutable_source()->set_publisher(std::string("Erem\0", 5));
  r.mutable_date()->set_text(std::string("\0", 1));
  const auto notes = CheckIngestRecord(r, RecordField(0));
  for (const char* field : {"records[0].actors[0].name", "records[0].places[0].aliases[0]",
                            "records[0].source.publisher", "records[0].date.text"}) {
    const auto about = About(notes, field);
    ASSERT_FALSE(about.empty()) << field << Describe(notes);
    EXPECT_EQ(about[0].message(), "must not contain NUL characters") << field;
  }
}

TEST(CheckIngestRecordTest, NulBytesInEventFieldsAreReported) {
  v1::IngestRecord r = Record(kValid);
  r.set_title(std::string("Attack\0", 7));
  r.set_summary(std::string("\0", 1));
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_TRUE(HasField(notes, "records[0].title")) << Describe(notes);
  EXPECT_TRUE(HasField(notes, "records[0].summary")) << Describe(notes);
  for (const auto& n : notes) EXPECT_EQ(n.message(), "must not contain NUL characters");
}

// A NUL byte is reported once, though both the record and the event checks see it.
TEST(CheckIngestRecordTest, NulByteIsReportedOnce) {
  v1::IngestRecord r = Record(kValid);
  r.set_title(std::string("Attack\0", 7));
  const auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(Fields(notes), Strings{"records[0].title"}) << Describe(notes);
}

TEST(CheckIngestRecordTest, SameActorNameAndRoleTwiceIsNotAnErrorHere) {
  // Two spellings resolve to one actor only later; FinishIngestRecord links it once.
  const v1::IngestRecord r = Record(R"json({"title": "t", "eventType": "visit",
      "actors": [{"name": "Assimi Goïta", "role": "HOST"}, {"name": "Assimi Goïta", "role": "HOST"},
                 {"actor": "actors/x", "role": "HOST"}, {"actor": "actors/x", "role": "HOST"}],
      "places": [{"name": "Bamako"}, {"name": "Bamako"}]})json");
  EXPECT_TRUE(CheckIngestRecord(r, RecordField(0)).empty())
      << Describe(CheckIngestRecord(r, RecordField(0)));
}

TEST(CheckIngestRecordTest, ExternalIdIsCheckedLikeCreateEvent) {
  v1::IngestRecord r = Record(kMinimal);
  r.mutable_external_id()->set_system("ACLED");
  r.mutable_external_id()->set_id("MLI1");
  auto notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(notes.size(), 1u) << Describe(notes);
  r.mutable_external_id()->set_system("acled");
  r.mutable_external_id()->clear_id();
  notes = CheckIngestRecord(r, RecordField(0));
  EXPECT_EQ(notes.size(), 1u) << Describe(notes);
}

// External id problems name the record's own field, external_id.
TEST(CheckIngestRecordTest, ExternalIdViolationsNameTheRecordsField) {
  v1::IngestRecord r = Record(kMinimal);
  r.mutable_external_id()->set_system("ACLED");
  EXPECT_EQ(Fields(CheckIngestRecord(r, RecordField(0))),
            (Strings{"records[0].external_id.system", "records[0].external_id.id"}));
}

TEST(CheckIngestRecordTest, EveryViolationAtOnce) {
  const v1::IngestRecord r = Record(R"json({"eventType": "massacre",
      "date": {"timeZone": "Mars/Olympus"},
      "actors": [{"role": "HOST"}, {"name": "ok", "countryCode": "xyz"}],
      "places": [{"name": "p", "location": {"latitude": 100, "longitude": 0},
                  "timeZone": "Nowhere"}],
      "source": {"quote": "q", "claims": ["everything"]},
      "fatalities": {"low": 5, "high": 1}})json");
  const auto notes = CheckIngestRecord(r, RecordField(9));
  for (const char* field :
       {"records[9].title", "records[9].event_type", "records[9].date.time_zone",
        "records[9].actors[0].name", "records[9].actors[1].country_code",
        "records[9].places[0].location.latitude", "records[9].places[0].time_zone",
        "records[9].source.url", "records[9].source.claims[0]", "records[9].fatalities"}) {
    EXPECT_TRUE(HasField(notes, field)) << field << Describe(notes);
  }
  EXPECT_EQ(notes.size(), 10u) << Describe(notes);
  for (const auto& n : notes) {
    EXPECT_EQ(n.code(), "INVALID_ARGUMENT");
    EXPECT_EQ(n.field().rfind("records[9].", 0), 0u) << n.field();
    EXPECT_FALSE(n.message().empty());
  }
}

// --- CheckGazetteerPlace -----------------------------------------------------------------------

constexpr char kGazetteerRow[] = R"json({"name": "Tessalit", "aliases": ["تساليت"],
    "countryCode": "ML", "adminNames": ["Kidal"], "geonamesId": "2450761",
    "location": {"latitude": 20.19, "longitude": 1.01}, "locationPrecision": "SETTLEMENT_CENTROID",
    "timeZone": "Africa/Bamako", "kind": "SETTLEMENT"})json";

TEST(CheckGazetteerPlaceTest, ValidRowHasNoNotes) {
  EXPECT_TRUE(CheckGazetteerPlace(Place(kGazetteerRow), "places[0]").empty())
      << Describe(CheckGazetteerPlace(Place(kGazetteerRow), "places[0]"));
  EXPECT_TRUE(CheckGazetteerPlace(Place(R"json({"name": "Kidal", "countryCode": "ML",
      "geonamesId": "2455290", "location": {"latitude": 18.44, "longitude": 1.41}})json"),
                                  "places[1]")
                  .empty());
}

TEST(CheckGazetteerPlaceTest, NameCountryGeoNamesIdAndLocationAreRequired) {
  const auto notes = CheckGazetteerPlace(Place(R"({"geonamesId": "5"})"), "places[3]");
  EXPECT_EQ(Fields(notes),
            (Strings{"places[3].name", "places[3].country_code", "places[3].location"}))
      << Describe(notes);
  for (const auto& n : notes) {
    EXPECT_EQ(n.code(), "INVALID_ARGUMENT");
    EXPECT_EQ(n.message(), "is required for a gazetteer row");
  }

  v1::IngestPlace no_id = Place(kGazetteerRow);
  no_id.clear_geonames_id();
  EXPECT_EQ(Fields(CheckGazetteerPlace(no_id, "places[0]")), Strings{"places[0].geonames_id"});
}

TEST(CheckGazetteerPlaceTest, PlaceMustBeEmpty) {
  v1::IngestPlace p = Place(kGazetteerRow);
  p.set_place("places/ml-tessalit");
  const auto notes = CheckGazetteerPlace(p, "places[0]");
  ASSERT_EQ(Fields(notes), Strings{"places[0].place"}) << Describe(notes);
  EXPECT_EQ(notes[0].message(), "must be empty for a gazetteer row");
}

TEST(CheckGazetteerPlaceTest, RowIsCheckedLikeARecordsPlace) {
  v1::IngestPlace p = Place(kGazetteerRow);
  p.set_country_code("MLI");
  p.mutable_location()->set_latitude(-95);
  p.mutable_location()->set_longitude(200);
  p.set_time_zone("Africa/Atlantis");
  p.set_aliases(0, "...");
  p.set_admin_names(0, std::string("Ki\0dal", 6));
  const auto notes = CheckGazetteerPlace(p, "places[2]");
  for (const char* field :
       {"places[2].country_code", "places[2].location.latitude", "places[2].location.longitude",
        "places[2].time_zone", "places[2].aliases[0]", "places[2].admin_names[0]"}) {
    EXPECT_TRUE(HasField(notes, field)) << field << Describe(notes);
  }
}

// --- StreamFingerprint -------------------------------------------------------------------------

std::string Digest(const Strings& parts) {
  StreamFingerprint f;
  for (const std::string& p : parts) f.Add(p);
  return f.HexDigest();
}

TEST(StreamFingerprintTest, SixtyFourLowerCaseHexCharacters) {
  for (const Strings& parts : {Strings{}, Strings{""}, Strings{"abc"}, Strings{"a", "b", "c"}}) {
    const std::string d = Digest(parts);
    EXPECT_EQ(d.size(), 64u) << d;
    EXPECT_EQ(d.find_first_not_of("0123456789abcdef"), std::string::npos) << d;
  }
}

TEST(StreamFingerprintTest, SameInputSameDigest) {
  EXPECT_EQ(Digest({"request", "records"}), Digest({"request", "records"}));
  const v1::IngestRecord r = Record(kValid);
  StreamFingerprint a, b;
  a.Add(r);
  b.Add(Record(kValid));
  EXPECT_EQ(a.HexDigest(), b.HexDigest());
}

TEST(StreamFingerprintTest, KnownDigests) {
  // SHA-256 of nothing, and of "3:abc" (each part is length-prefixed).
  EXPECT_EQ(Digest({}), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Digest({"abc"}), "aab5f9ae99b2e38fb462025c8f72f570c9c811705d2a4277dc855d7fa293fe97");
}

TEST(StreamFingerprintTest, MessageBoundariesMatter) {
  EXPECT_NE(Digest({"ab", "c"}), Digest({"a", "bc"}));
  EXPECT_NE(Digest({"abc"}), Digest({"ab", "c"}));
  EXPECT_NE(Digest({"", "abc"}), Digest({"abc"}));
  EXPECT_NE(Digest({"abc", ""}), Digest({"abc"}));
  EXPECT_NE(Digest({}), Digest({""}));
  // A part that looks like a length prefix cannot forge a boundary.
  EXPECT_NE(Digest({"1:a"}), Digest({"a"}));
  EXPECT_NE(Digest({"a1:b"}), Digest({"a", "b"}));
}

TEST(StreamFingerprintTest, AnyChangeChangesTheDigest) {
  EXPECT_NE(Digest({"records"}), Digest({"Records"}));
  EXPECT_NE(Digest({"a", "b"}), Digest({"b", "a"}));
  v1::IngestRecord r = Record(kValid);
  StreamFingerprint a, b;
  a.Add(r);
  r.mutable_fatalities()->set_low(72);
  b.Add(r);
  EXPECT_NE(a.HexDigest(), b.HexDigest());
}

TEST(StreamFingerprintTest, MessageIsFedAsItsSerialization) {
  const v1::IngestRecord r = Record(kValid);
  StreamFingerprint a, b;
  a.Add(r);
  b.Add(r.SerializeAsString());
  EXPECT_EQ(a.HexDigest(), b.HexDigest());

  v1::IngestEventsRequest first;
  first.set_request_id("job:1");
  *first.add_records() = r;
  v1::IngestEventsRequest second;
  *second.add_records() = r;
  StreamFingerprint one_by_one, together;
  one_by_one.Add(first);
  one_by_one.Add(second);
  *first.add_records() = r;
  together.Add(first);
  EXPECT_NE(one_by_one.HexDigest(), together.HexDigest());
}

// --- FinishIngestRecord ------------------------------------------------------------------------

// What storage would find for kValid's three actors and two places.
ResolvedLinks ValidLinks() {
  ResolvedLinks links;
  links.actor_ids = {"jnim", "malian-army", "assimi-goita"};
  links.place_ids = {"ml-bamako", "ml-bamako-gendarmerie-school"};
  links.source_id = "erem-news-1";
  links.place_time_zone = "Africa/Bamako";
  links.source_published_time = At("2024-10-12T11:16:00Z");
  return links;
}

FinishedRecord Finish(const v1::IngestRecord& record, const ResolvedLinks& links,
                      const std::string& field = "records[0]") {
  absl::StatusOr<FinishedRecord> out = FinishIngestRecord(record, field, links);
  EXPECT_TRUE(out.ok()) << out.status();
  if (!out.ok()) return {};
  return *std::move(out);
}

// A record of only a title, a type, and what `json` adds (an object's members, or nothing).
v1::IngestRecord Minimal(const std::string& json = "") {
  return Record(
      absl::StrCat(R"({"title": "t", "eventType": "attack")", json.empty() ? "" : ", ", json, "}"));
}

TEST(FinishIngestRecordTest, ValidRecordBecomesAnEventRecord) {
  const FinishedRecord f = Finish(Record(kValid), ValidLinks());
  EXPECT_TRUE(f.warnings.empty()) << Describe(f.warnings);
  const EventRecord& e = f.record;
  EXPECT_EQ(e.title, "Attacks on the gendarmerie school and the military airport in Bamako");
  EXPECT_EQ(e.event_type, "attack");
  EXPECT_EQ(e.time.start, At("2024-09-01T00:00:00Z"));
  EXPECT_EQ(e.time.end, At("2024-10-01T00:00:00Z"));
  EXPECT_EQ(e.time.precision, v1::PRECISION_MONTH);
  EXPECT_EQ(e.time.time_zone, "Africa/Bamako");
  EXPECT_EQ(e.time.text, "سبتمبر/أيلول الماضي");
  ASSERT_EQ(e.actors.size(), 3u);
  EXPECT_EQ(e.actors[0].actor_id, "jnim");
  EXPECT_EQ(e.actors[0].role, "initiator");
  EXPECT_EQ(e.actors[1].actor_id, "malian-army");
  EXPECT_EQ(e.actors[1].role, "target");
  EXPECT_EQ(e.actors[2].actor_id, "assimi-goita");
  EXPECT_EQ(e.actors[2].role, "associated");
  ASSERT_EQ(e.places.size(), 2u);
  EXPECT_EQ(e.places[0].place_id, "ml-bamako");
  EXPECT_EQ(e.places[0].role, "location");
  EXPECT_EQ(e.places[1].place_id, "ml-bamako-gendarmerie-school");
  EXPECT_EQ(e.places[1].role, "target_site");
  EXPECT_EQ(e.fatalities.low, 71);
  EXPECT_FALSE(e.fatalities.best.has_value());
  EXPECT_EQ(e.injured.low, 201);
  EXPECT_EQ(e.injured.best, 255);
  EXPECT_EQ(e.injured.high, 300);
  ASSERT_EQ(e.external_ids.size(), 1u);
  EXPECT_EQ(e.external_ids[0].system, "acled");
  EXPECT_EQ(e.external_ids[0].id, "MLI33187");
}

TEST(FinishIngestRecordTest, LastSeptemberInBamako) {
  const FinishedRecord f = Finish(
      Minimal(
          R"("date": {"text": "سبتمبر/أيلول الماضي", "referenceTime": "2024-10-12T11:16:00Z"})"),
      [] {
        ResolvedLinks l;
        l.place_time_zone = "Africa/Bamako";
        return l;
      }());
  EXPECT_EQ(f.record.time.start, At("2024-09-01T00:00:00Z"));
  EXPECT_EQ(f.record.time.end, At("2024-10-01T00:00:00Z"));
  EXPECT_EQ(f.record.time.precision, v1::PRECISION_MONTH);
  EXPECT_EQ(f.record.time.time_zone, "Africa/Bamako");
  EXPECT_EQ(Codes(f.warnings), Strings{"NO_EXTERNAL_ID"}) << Describe(f.warnings);
}

TEST(FinishIngestRecordTest, ExplicitTimeWinsOverDate) {
  v1::IngestRecord r = Minimal(R"("date": {"text": "yesterday",
      "referenceTime": "2024-10-12T11:16:00Z"},
      "time": {"startTime": "2024-09-17T00:00:00Z", "precision": "PRECISION_DAY",
               "timeZone": "Africa/Bamako", "text": "الثلاثاء"},
      "externalId": {"system": "test", "id": "1"})");
  const FinishedRecord f = Finish(r, ResolvedLinks{}, "records[6]");
  EXPECT_EQ(f.record.time.start, At("2024-09-17T00:00:00Z"));
  EXPECT_EQ(f.record.time.end, At("2024-09-18T00:00:00Z"));  // completed to the day's end
  EXPECT_EQ(f.record.time.precision, v1::PRECISION_DAY);
  EXPECT_EQ(f.record.time.text, "الثلاثاء");
  ASSERT_EQ(Codes(f.warnings), Strings{"DATE_IGNORED"}) << Describe(f.warnings);
  EXPECT_EQ(f.warnings[0].field(), "records[6].date.text");

  // No date words: nothing was ignored.
  r.mutable_date()->clear_text();
  EXPECT_TRUE(Finish(r, ResolvedLinks{}).warnings.empty());
}

TEST(FinishIngestRecordTest, DateIsReadInThePlacesZoneWhenTheRecordGivesNone) {
  ResolvedLinks links;
  links.place_time_zone = "Asia/Tokyo";  // UTC+9
  FinishedRecord f = Finish(Minimal(R"("date": {"text": "17 September 2024"})"), links);
  EXPECT_EQ(f.record.time.start, At("2024-09-16T15:00:00Z"));
  EXPECT_EQ(f.record.time.end, At("2024-09-17T15:00:00Z"));
  EXPECT_EQ(f.record.time.precision, v1::PRECISION_DAY);
  EXPECT_EQ(f.record.time.time_zone, "Asia/Tokyo");

  // The record's own zone wins.
  f = Finish(Minimal(R"("date": {"text": "17 September 2024", "timeZone": "Europe/Moscow"})"),
             links);
  EXPECT_EQ(f.record.time.start, At("2024-09-16T21:00:00Z"));
  EXPECT_EQ(f.record.time.time_zone, "Europe/Moscow");

  // Neither: UTC.
  f = Finish(Minimal(R"("date": {"text": "17 September 2024"})"), ResolvedLinks{});
  EXPECT_EQ(f.record.time.start, At("2024-09-17T00:00:00Z"));
  EXPECT_EQ(f.record.time.time_zone, "UTC");
}

TEST(FinishIngestRecordTest, ReferenceTimeComesFromTheDateFirst) {
  ResolvedLinks links;
  links.source_published_time = At("2024-01-10T12:00:00Z");
  const FinishedRecord f = Finish(Minimal(R"("date": {"text": "yesterday",
      "referenceTime": "2024-10-12T11:16:00Z"},
      "source": {"url": "https://example.org/a", "publishedTime": "2024-06-05T12:00:00Z"})"),
                                  links);
  EXPECT_EQ(f.record.time.start, At("2024-10-11T00:00:00Z"));
  EXPECT_EQ(f.record.time.end, At("2024-10-12T00:00:00Z"));
}

TEST(FinishIngestRecordTest, ReferenceTimeComesFromTheSourceSecond) {
  ResolvedLinks links;
  links.source_published_time = At("2024-01-10T12:00:00Z");
  const FinishedRecord f = Finish(Minimal(R"("date": {"text": "yesterday"},
      "source": {"url": "https://example.org/a", "publishedTime": "2024-06-05T12:00:00Z"})"),
                                  links);
  EXPECT_EQ(f.record.time.start, At("2024-06-04T00:00:00Z"));
  EXPECT_EQ(f.record.time.end, At("2024-06-05T00:00:00Z"));
}

TEST(FinishIngestRecordTest, ReferenceTimeComesFromTheResolvedSourceLast) {
  ResolvedLinks links;
  links.source_published_time = At("2024-01-10T12:00:00Z");
  const FinishedRecord f = Finish(
      Minimal(R"("date": {"text": "yesterday"}, "source": {"source": "sources/erem-news-1"})"),
      links);
  EXPECT_EQ(f.record.time.start, At("2024-01-09T00:00:00Z"));
  EXPECT_EQ(f.record.time.end, At("2024-01-10T00:00:00Z"));
  EXPECT_EQ(f.record.time.precision, v1::PRECISION_DAY);
}

TEST(FinishIngestRecordTest, NoDateWordsWithAReferenceIsBeforeTheReference) {
  ResolvedLinks links;
  links.place_time_zone = "Africa/Bamako";
  links.source_published_time = At("2024-10-12T11:16:00Z");
  const FinishedRecord f = Finish(Minimal(), links, "records[2]");
  EXPECT_FALSE(f.record.time.start.has_value());
  EXPECT_EQ(f.record.time.end, At("2024-10-12T11:16:00Z"));
  EXPECT_EQ(f.record.time.precision, v1::PRECISION_UNKNOWN);
  EXPECT_EQ(f.record.time.time_zone, "Africa/Bamako");
  EXPECT_EQ(Codes(f.warnings), (Strings{"UNRESOLVED_DATE", "NO_EXTERNAL_ID"}))
      << Describe(f.warnings);
  EXPECT_EQ(Fields(f.warnings), (Strings{"records[2].date.text", "records[2].external_id"}));

  // The record's own reference counts the same way.
  const FinishedRecord g =
      Finish(Minimal(R"("date": {"referenceTime": "2024-03-01T08:00:00Z"})"), ResolvedLinks{});
  EXPECT_FALSE(g.record.time.start.has_value());
  EXPECT_EQ(g.record.time.end, At("2024-03-01T08:00:00Z"));
  EXPECT_EQ(g.record.time.precision, v1::PRECISION_UNKNOWN);
}

TEST(FinishIngestRecordTest, NoDateAndNoReferenceIsUnresolved) {
  const FinishedRecord f = Finish(Minimal(), ResolvedLinks{});
  EXPECT_FALSE(f.record.time.resolved());
  EXPECT_EQ(f.record.time.precision, v1::PRECISION_UNKNOWN);
  ASSERT_EQ(Codes(f.warnings), (Strings{"UNRESOLVED_DATE", "NO_EXTERNAL_ID"}))
      << Describe(f.warnings);
  EXPECT_EQ(f.warnings[0].field(), "records[0].date.text");
}

TEST(FinishIngestRecordTest, RelativeDateWithoutReferenceIsUnresolved) {
  // Akhbar bila hudud, Diop and Lavrov in Moscow "on Thursday", in an article with no date.
  ResolvedLinks links;
  links.place_time_zone = "Europe/Moscow";
  const FinishedRecord f = Finish(
      Minimal(R"("date": {"text": "الخميس"}, "externalId": {"system": "seed", "id": "4"})"), links);
  EXPECT_FALSE(f.record.time.resolved());
  EXPECT_EQ(f.record.time.precision, v1::PRECISION_UNKNOWN);
  EXPECT_EQ(f.record.time.text, "الخميس");
  ASSERT_FALSE(f.warnings.empty());
  for (const auto& w : f.warnings) {
    EXPECT_EQ(w.code(), "UNRESOLVED_DATE");
    EXPECT_EQ(w.field(), "records[0].date.text");
  }
}

TEST(FinishIngestRecordTest, AssumptionsAreDateAssumedWarnings) {
  // "Thursday" with a reference is the latest Thursday before it: resolved, with an assumption.
  ResolvedLinks links;
  links.place_time_zone = "Europe/Moscow";
  links.source_published_time = At("2024-10-12T11:16:00Z");
  const FinishedRecord f = Finish(
      Minimal(R"("date": {"text": "الخميس"}, "externalId": {"system": "seed", "id": "4"})"), links);
  EXPECT_EQ(f.record.time.start, At("2024-10-09T21:00:00Z"));
  EXPECT_EQ(f.record.time.end, At("2024-10-10T21:00:00Z"));
  EXPECT_EQ(f.record.time.precision, v1::PRECISION_DAY);
  ASSERT_FALSE(f.warnings.empty());
  for (const auto& w : f.warnings) EXPECT_EQ(w.code(), "DATE_ASSUMED") << w.message();
}

TEST(FinishIngestRecordTest, DuplicateActorAndRoleAfterResolutionIsLinkedOnce) {
  // "Assimi Goïta" and "عاصمي غويتا" resolve to one actor.
  const v1::IngestRecord r = Minimal(R"("actors": [
      {"name": "Assimi Goïta", "role": "HOST"}, {"name": "عاصمي غويتا", "role": "HOST"},
      {"name": "Goita", "role": "SPEAKER"}, {"name": "Orhan Diliğüz", "role": "VISITOR"}],
      "places": [{"name": "Bamako"}, {"name": "باماكو"}, {"name": "Bamako", "role": "ORIGIN"}])");
  ResolvedLinks links;
  links.actor_ids = {"assimi-goita", "assimi-goita", "assimi-goita", "orhan-diliguz"};
  links.place_ids = {"ml-bamako", "ml-bamako", "ml-bamako"};
  const FinishedRecord f = Finish(r, links);
  ASSERT_EQ(f.record.actors.size(), 3u);
  EXPECT_EQ(f.record.actors[0].actor_id, "assimi-goita");
  EXPECT_EQ(f.record.actors[0].role, "host");
  EXPECT_EQ(f.record.actors[1].actor_id, "assimi-goita");  // another role is another link
  EXPECT_EQ(f.record.actors[1].role, "speaker");
  EXPECT_EQ(f.record.actors[2].actor_id, "orhan-diliguz");
  EXPECT_EQ(f.record.actors[2].role, "visitor");
  ASSERT_EQ(f.record.places.size(), 2u);
  EXPECT_EQ(f.record.places[0].place_id, "ml-bamako");
  EXPECT_EQ(f.record.places[0].role, "location");
  EXPECT_EQ(f.record.places[1].role, "origin");
}

TEST(FinishIngestRecordTest, UnspecifiedRoleIsTheSameLinkAsTheDefaultRole) {
  const v1::IngestRecord r =
      Minimal(R"("actors": [{"name": "a"}, {"name": "b", "role": "ASSOCIATED"}],
      "places": [{"name": "p", "role": "LOCATION"}, {"name": "q"}])");
  ResolvedLinks links;
  links.actor_ids = {"x", "x"};
  links.place_ids = {"y", "y"};
  const FinishedRecord f = Finish(r, links);
  ASSERT_EQ(f.record.actors.size(), 1u);
  EXPECT_EQ(f.record.actors[0].role, "associated");
  ASSERT_EQ(f.record.places.size(), 1u);
  EXPECT_EQ(f.record.places[0].role, "location");
}

TEST(FinishIngestRecordTest, SourceIsLinkedWithItsQuoteAndClaimsOnce) {
  const FinishedRecord f = Finish(Record(kValid), ValidLinks());
  ASSERT_EQ(f.record.sources.size(), 1u);
  EXPECT_EQ(f.record.sources[0].source_id, "erem-news-1");
  EXPECT_EQ(f.record.sources[0].quote, "قُتل أكثر من 70 شخصاً");
  EXPECT_EQ(f.record.sources[0].claims, (Strings{"fatalities", "time"}));
}

TEST(FinishIngestRecordTest, SourceWithoutQuoteIsStillLinked) {
  ResolvedLinks links;
  links.source_id = "acled-export";
  const FinishedRecord f =
      Finish(Minimal(R"("source": {"url": "https://acleddata.com/x"})"), links);
  ASSERT_EQ(f.record.sources.size(), 1u);
  EXPECT_EQ(f.record.sources[0].source_id, "acled-export");
  EXPECT_EQ(f.record.sources[0].quote, "");
  EXPECT_TRUE(f.record.sources[0].claims.empty());
}

TEST(FinishIngestRecordTest, NoSourceLinkWithoutAResolvedSource) {
  ResolvedLinks links = ValidLinks();
  links.source_id.clear();
  EXPECT_TRUE(Finish(Record(kValid), links).record.sources.empty());
  EXPECT_TRUE(Finish(Minimal(), ResolvedLinks{}).record.sources.empty());
}

TEST(FinishIngestRecordTest, NoExternalIdIsAWarning) {
  v1::IngestRecord r = Record(kValid);
  r.clear_external_id();
  const FinishedRecord f = Finish(r, ValidLinks(), "records[11]");
  ASSERT_EQ(Codes(f.warnings), Strings{"NO_EXTERNAL_ID"}) << Describe(f.warnings);
  EXPECT_EQ(f.warnings[0].field(), "records[11].external_id");
  EXPECT_TRUE(f.record.external_ids.empty());
}

TEST(FinishIngestRecordTest, BadResolvedIdFailsNamingTheRecordsField) {
  ResolvedLinks links = ValidLinks();
  links.actor_ids[1] = "Not An Id";
  absl::StatusOr<FinishedRecord> f = FinishIngestRecord(Record(kValid), "records[3]", links);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
  Strings fields;
  for (const FieldViolation& v : FieldViolationsOf(f.status())) fields.push_back(v.field);
  EXPECT_EQ(fields, Strings{"records[3].actors[1].actor"});
}

TEST(FinishIngestRecordTest, EveryRecordThatPassedTheCheckFinishes) {
  // Records that pass CheckIngestRecord, with assorted dates: FinishIngestRecord never fails on
  // them and always yields a span the time model accepts.
  const Strings dates = {"",
                         "17 September 2024",
                         "أمس",
                         "الخميس",
                         "سبتمبر/أيلول الماضي",
                         "recently",
                         "2024-W38",
                         "winter 2024",
                         "15 ربيع الأول 1446",
                         "nonsense words",
                         "9999",
                         "31 December 9999",
                         "1 January 0001"};
  for (const std::string& text : dates) {
    for (const bool with_reference : {false, true}) {
      v1::IngestRecord r = Record(kValid);
      r.mutable_date()->set_text(text);
      if (!with_reference) {
        r.mutable_date()->clear_reference_time();
        r.mutable_source()->clear_published_time();
      }
      ASSERT_TRUE(CheckIngestRecord(r, RecordField(0)).empty()) << text;
      ResolvedLinks links = ValidLinks();
      if (!with_reference) links.source_published_time.reset();
      absl::StatusOr<FinishedRecord> f = FinishIngestRecord(r, RecordField(0), links);
      ASSERT_TRUE(f.ok()) << text << ": " << f.status();
      const Span& t = f->record.time;
      if (t.start && t.end) {
        EXPECT_LT(*t.start, *t.end) << text;
      }
      if (!t.resolved()) {
        EXPECT_EQ(t.precision, v1::PRECISION_UNKNOWN) << text;
      }
      for (const auto& w : f->warnings) {
        EXPECT_TRUE(w.code() == "UNRESOLVED_DATE" || w.code() == "DATE_ASSUMED") << w.code();
        EXPECT_EQ(w.field(), "records[0].date.text");
      }
    }
  }
}

}  // namespace
}  // namespace timeline::domain
