// FinishIngestRecord: a record's date read in context, and the EventRecord that CreateEvent would
// store, each actor and place linked once per role.
#include "ingest/event_from_record.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/event_record.h"
#include "domain/ingest_notes.h"
#include "domain/time_span.h"
#include "ingest/record_checks.h"
#include "unit/ingest/ingest_fixtures.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::domain;           // NOLINT: the vocabulary under test
using namespace ::timeline::ingest::testing;  // NOLINT: the fixtures of these tests

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
  EXPECT_EQ(e.actors[0].role, v1::INITIATOR);
  EXPECT_EQ(e.actors[1].actor_id, "malian-army");
  EXPECT_EQ(e.actors[1].role, v1::TARGET);
  EXPECT_EQ(e.actors[2].actor_id, "assimi-goita");
  EXPECT_EQ(e.actors[2].role, v1::ASSOCIATED);
  ASSERT_EQ(e.places.size(), 2u);
  EXPECT_EQ(e.places[0].place_id, "ml-bamako");
  EXPECT_EQ(e.places[0].role, v1::LOCATION);
  EXPECT_EQ(e.places[1].place_id, "ml-bamako-gendarmerie-school");
  EXPECT_EQ(e.places[1].role, v1::TARGET_SITE);
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

TEST(FinishIngestRecordTest, TheOneDateInALongerTextIsTakenWithAWarningNamingItsWords) {
  ResolvedLinks links;
  links.place_time_zone = "Asia/Dubai";
  links.source_published_time = At("2024-10-12T11:16:00Z");
  const FinishedRecord f = Finish(
      Minimal(R"("date": {"text": "هجمات في باماكو سبتمبر/أيلول الماضي عن قتل أكثر من 70 شخصا"},
                 "externalId": {"system": "seed", "id": "5"})"),
      links);
  EXPECT_EQ(f.record.time.start, At("2024-08-31T20:00:00Z"));
  EXPECT_EQ(f.record.time.end, At("2024-09-30T20:00:00Z"));
  EXPECT_EQ(f.record.time.precision, v1::PRECISION_MONTH);
  EXPECT_EQ(f.record.time.text, "سبتمبر/أيلول الماضي");
  ASSERT_EQ(Codes(f.warnings), (Strings{"DATE_ASSUMED"})) << Describe(f.warnings);
  EXPECT_NE(f.warnings[0].message().find("سبتمبر/أيلول الماضي"), std::string::npos);
}

TEST(FinishIngestRecordTest, SeveralDatesInALongerTextLeaveTheTimeUnresolved) {
  ResolvedLinks links;
  links.source_published_time = At("2024-10-12T11:16:00Z");
  const FinishedRecord f =
      Finish(Minimal(R"("date": {"text": "talks began on 17 September 2024 and failed yesterday"},
                        "externalId": {"system": "seed", "id": "6"})"),
             links);
  EXPECT_FALSE(f.record.time.resolved());
  ASSERT_EQ(Codes(f.warnings), (Strings{"UNRESOLVED_DATE"})) << Describe(f.warnings);
  EXPECT_NE(f.warnings[0].message().find("2 dates"), std::string::npos) << f.warnings[0].message();
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
  EXPECT_EQ(f.record.actors[0].role, v1::HOST);
  EXPECT_EQ(f.record.actors[1].actor_id, "assimi-goita");  // another role is another link
  EXPECT_EQ(f.record.actors[1].role, v1::SPEAKER);
  EXPECT_EQ(f.record.actors[2].actor_id, "orhan-diliguz");
  EXPECT_EQ(f.record.actors[2].role, v1::VISITOR);
  ASSERT_EQ(f.record.places.size(), 2u);
  EXPECT_EQ(f.record.places[0].place_id, "ml-bamako");
  EXPECT_EQ(f.record.places[0].role, v1::LOCATION);
  EXPECT_EQ(f.record.places[1].role, v1::ORIGIN);
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
  EXPECT_EQ(f.record.actors[0].role, v1::ASSOCIATED);
  ASSERT_EQ(f.record.places.size(), 1u);
  EXPECT_EQ(f.record.places[0].role, v1::LOCATION);
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

// The record's own point stays on the event's link, whatever place the name resolved to: a
// settlement whose name resolved to the division of the same name keeps its coordinates.
TEST(FinishIngestRecordTest, TheRecordsPointStaysWithTheEvent) {
  ResolvedLinks links;
  links.place_ids = {"ly-tripoli", "ly-tripoli"};
  const FinishedRecord f = Finish(Minimal(R"("places": [
      {"name": "Tripoli", "countryCode": "LY", "adminNames": ["Tripoli"],
       "location": {"latitude": 32.9797, "longitude": 13.0895}, "locationPrecision": "EXACT"},
      {"name": "Tripoli", "countryCode": "LY", "role": "TARGET_SITE",
       "location": {"latitude": 32.8872, "longitude": 13.1913}}])"),
                                  links);
  ASSERT_EQ(f.record.places.size(), 2u);
  ASSERT_TRUE(f.record.places[0].point.has_value());
  EXPECT_EQ(*f.record.places[0].point, (PlaceLinkPoint{32.9797, 13.0895, v1::EXACT}));
  // Without a precision the record's point stands for a settlement, as IngestPlace says.
  ASSERT_TRUE(f.record.places[1].point.has_value());
  EXPECT_EQ(f.record.places[1].point->precision, v1::SETTLEMENT_CENTROID);
}

TEST(FinishIngestRecordTest, APlaceWithoutCoordinatesHasNoPointOfItsOwn) {
  ResolvedLinks links;
  links.place_ids = {"ml-bamako"};
  const FinishedRecord f =
      Finish(Minimal(R"("places": [{"name": "Bamako", "countryCode": "ML"}])"), links);
  ASSERT_EQ(f.record.places.size(), 1u);
  EXPECT_FALSE(f.record.places[0].point.has_value());
}

}  // namespace
}  // namespace timeline::ingest
