// The checks of a raw ingest record (CheckIngestRecord) and of a gazetteer row
// (CheckGazetteerPlace): every problem, each naming its field under the record's path.
#include "ingest/record_checks.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/ingest_notes.h"
#include "unit/ingest/ingest_fixtures.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::domain;           // NOLINT: the vocabulary under test
using namespace ::timeline::ingest::testing;  // NOLINT: the fixtures of these tests

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

}  // namespace
}  // namespace timeline::ingest
