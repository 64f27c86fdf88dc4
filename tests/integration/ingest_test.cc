// IngestService through a real server and PostgreSQL: idempotent re-ingestion, updates into the
// change log, per-record rejection without blocking the batch, validate_only, request_id
// retries, name resolution (match keys, trigram similarity, strict mode, places by country,
// division and coordinates), gazetteer rows, and the seed events re-ingested from their raw
// Arabic date words normalizing to the curated spans. Counts are checked in SQL.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "status_details.h"

namespace timeline::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

v1::IngestRecord Record(const std::string& json) { return FromJson<v1::IngestRecord>(json); }

// A minimal valid record with external id test/<id>.
v1::IngestRecord Simple(const std::string& id, const std::string& extra = "") {
  return Record(
      absl::StrCat(R"({"externalId": {"system": "test", "id": ")", id, R"("}, "title": "Record )",
                   id, R"(", "eventType": "attack", "date": {"text": "2023-05-17"})", extra, "}"));
}

std::vector<std::string> Codes(const google::protobuf::RepeatedPtrField<v1::IngestNote>& notes) {
  std::vector<std::string> out;
  for (const auto& n : notes) out.push_back(n.code());
  return out;
}

std::vector<std::string> Fields(const google::protobuf::RepeatedPtrField<v1::IngestNote>& notes) {
  std::vector<std::string> out;
  for (const auto& n : notes) out.push_back(n.field());
  return out;
}

class IngestTest : public IntegrationSuite<IngestTest> {
 protected:
  static int64_t Count(const std::string& sql) { return SqlNumber(env_->database_url(), sql); }
  static int64_t EventsWithSystem(const std::string& system) {
    return Count(absl::StrCat("SELECT count(*) FROM external_ids WHERE system = '", system, "'"));
  }

  static IngestOutcome Ingest(const std::vector<v1::IngestRecord>& records,
                              const IngestOptions& options = {}) {
    return IngestEvents(env_->ingest(), records, options);
  }
};

// A record refused for one of its names creates none of the others: names are created only once
// every name of the record is known to be acceptable.
TEST_F(IngestTest, RecordRefusedForOneNameCreatesNoOtherName) {
  const IngestOutcome out = Ingest({Simple(
      "refused-name",
      R"(, "actors": [{"name": "Front Nouveau de la Vallée"}, {"actor": "actors/nobody-such"}],
         "places": [{"name": "Kourouma-Nouveau", "countryCode": "BF"}],
         "source": {"url": "https://example.org/refused-name"})")});
  ASSERT_TRUE(out.status.ok()) << out.status.error_message();
  ASSERT_EQ(out.response.results_size(), 1);
  EXPECT_EQ(out.response.results(0).outcome(), v1::IngestResult::REJECTED);
  EXPECT_THAT(Fields(out.response.results(0).errors()), Contains("records[0].actors[1].actor"));
  EXPECT_EQ(Count("SELECT count(*) FROM actors WHERE display_name = 'Front Nouveau de la Vallée'"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM places WHERE display_name = 'Kourouma-Nouveau'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM sources WHERE url = 'https://example.org/refused-name'"),
            0);
}

TEST_F(IngestTest, IngestingTwiceCreatesNoDuplicates) {
  std::vector<v1::IngestRecord> records;
  for (int i = 0; i < 250; ++i) {
    records.push_back(Record(absl::StrCat(
        R"({"externalId": {"system": "twice", "id": "r)", i, R"("}, "title": "Clash )", i,
        R"(", "eventType": "armed_clash", "date": {"text": "2022-03-)", 1 + i % 28,
        R"("}, "actors": [{"name": "Twice Brigade )", i % 5,
        R"(", "kind": "ARMED_GROUP", "role": "INITIATOR"}], "places": [{"name": "Twiceville",
        "countryCode": "ML", "adminNames": ["Twice Region"]}], "source": {"url":
        "https://example.org/twice", "publisher": "Example"}, "fatalities": {"best": )",
        i % 7, "}}")));
  }
  IngestOutcome first = Ingest(records);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  EXPECT_EQ(first.response.created_count(), 250);
  EXPECT_EQ(first.response.rejected_count(), 0);
  ASSERT_EQ(first.response.results_size(), 250);
  EXPECT_EQ(first.response.results(0).event(), "events/twice-r0");
  EXPECT_EQ(EventsWithSystem("twice"), 250);
  EXPECT_EQ(Count("SELECT count(*) FROM actors WHERE display_name LIKE 'Twice Brigade %'"), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM places WHERE display_name = 'Twiceville'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM sources WHERE url = 'https://example.org/twice'"), 1);

  const int64_t changes = Count("SELECT count(*) FROM changes");
  IngestOutcome second = Ingest(records);
  ASSERT_TRUE(second.status.ok()) << second.status.error_message();
  EXPECT_EQ(second.response.unchanged_count(), 250);
  EXPECT_EQ(second.response.created_count(), 0);
  EXPECT_EQ(second.response.results(7).event(), first.response.results(7).event());
  EXPECT_EQ(EventsWithSystem("twice"), 250);
  EXPECT_EQ(Count("SELECT count(*) FROM actors WHERE display_name LIKE 'Twice Brigade %'"), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM changes"), changes);

  // The events are found by actor, place and time like any other.
  v1::ListEventsRequest list;
  list.add_places(first.response.results(0).places(0));
  *list.mutable_time_range() = Range("2022-03-01T00:00:00Z", "2022-03-02T00:00:00Z");
  std::vector<std::string> names = ListAllEventNames(env_->events(), list);
  EXPECT_EQ(names.size(), 9u);  // i % 28 == 0 for i < 250
  v1::ListEventsRequest in_mali;
  in_mali.add_places(seed_data::kMali);
  in_mali.add_actors(first.response.results(3).actors(0));
  *in_mali.mutable_time_range() = Range("2022-01-01T00:00:00Z", "2023-01-01T00:00:00Z");
  EXPECT_EQ(ListAllEventNames(env_->events(), in_mali).size(), 50u);
}

TEST_F(IngestTest, ChangedContentIsUpdatedAndLogged) {
  IngestOutcome first = Ingest({Simple("change-1")});
  ASSERT_TRUE(first.status.ok());
  ASSERT_EQ(first.response.results(0).outcome(), v1::IngestResult::CREATED);
  const std::string name = first.response.results(0).event();

  IngestOutcome changed = Ingest({Simple("change-1", R"(, "fatalities": {"low": 3, "high": 5})")});
  ASSERT_TRUE(changed.status.ok());
  EXPECT_EQ(changed.response.results(0).outcome(), v1::IngestResult::UPDATED);
  EXPECT_EQ(changed.response.results(0).event(), name);

  const v1::Event event = Got(env_->events(), name);
  EXPECT_EQ(event.fatalities().low(), 3);
  EXPECT_EQ(event.fatalities().high(), 5);
  EXPECT_EQ(event.etag(), "rev-2");
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM changes c JOIN events e ON e.id = c.event_id "
                               "WHERE e.resource_id = '",
                               IdOf(name), "' AND c.kind = 'updated'")),
            1);
  // Sending the changed record again is UNCHANGED.
  IngestOutcome again = Ingest({Simple("change-1", R"(, "fatalities": {"low": 3, "high": 5})")});
  EXPECT_EQ(again.response.results(0).outcome(), v1::IngestResult::UNCHANGED);
}

TEST_F(IngestTest, ADeletedEventIsNotBroughtBack) {
  IngestOutcome first = Ingest({Simple("deleted-1")});
  ASSERT_TRUE(first.status.ok());
  grpc::ClientContext ctx;
  v1::DeleteEventRequest del;
  del.set_name(first.response.results(0).event());
  v1::Event tombstone;
  ASSERT_TRUE(env_->events().DeleteEvent(&ctx, del, &tombstone).ok());

  IngestOutcome again = Ingest({Simple("deleted-1", R"(, "summary": "corrected")")});
  ASSERT_TRUE(again.status.ok());
  EXPECT_EQ(again.response.results(0).outcome(), v1::IngestResult::REJECTED);
  EXPECT_THAT(Codes(again.response.results(0).errors()), ElementsAre("DELETED"));
  EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE external_id = 'deleted-1'"), 1);
}

TEST_F(IngestTest, OneBadRecordDoesNotBlockTheOthers) {
  std::vector<v1::IngestRecord> records = {
      Simple("bad-batch-1"),
      Record(R"({"externalId": {"system": "test", "id": "bad-batch-2"}, "title": "",
                 "eventType": "meteor", "places": [{"name": "Somewhere", "countryCode": "XQ"}],
                 "fatalities": {"low": 9, "high": 2}})"),
      Simple("bad-batch-3"),
      Simple("bad-batch-1"),  // the same external id again in one stream
      Record(R"({"externalId": {"system": "test", "id": "bad-batch-5"}, "title": "Missing",
                 "eventType": "attack", "actors": [{"actor": "actors/no-such-actor"}]})"),
      Simple("bad-batch-6", R"(, "places": [{"name": "Nowhere", "countryCode": "XQ"}])"),
  };
  const int64_t actors = Count("SELECT count(*) FROM actors");
  IngestOutcome out = Ingest(records, {.per_message = 2});
  ASSERT_TRUE(out.status.ok()) << out.status.error_message();
  ASSERT_EQ(out.response.results_size(), 6);
  EXPECT_EQ(out.response.results(0).outcome(), v1::IngestResult::CREATED);
  EXPECT_EQ(out.response.results(2).outcome(), v1::IngestResult::CREATED);
  const v1::IngestResult& bad = out.response.results(1);
  EXPECT_EQ(bad.outcome(), v1::IngestResult::REJECTED);
  EXPECT_EQ(bad.index(), 1);
  EXPECT_THAT(Fields(bad.errors()), Contains("records[1].title"));
  EXPECT_THAT(Fields(bad.errors()), Contains("records[1].event_type"));
  EXPECT_THAT(Fields(bad.errors()), Contains("records[1].fatalities"));
  EXPECT_TRUE(bad.event().empty());
  EXPECT_EQ(out.response.results(3).outcome(), v1::IngestResult::REJECTED);
  EXPECT_THAT(Codes(out.response.results(3).errors()), ElementsAre("DUPLICATE_IN_BATCH"));
  EXPECT_EQ(out.response.results(4).outcome(), v1::IngestResult::REJECTED);
  EXPECT_THAT(Codes(out.response.results(4).errors()), ElementsAre("NOT_FOUND"));
  EXPECT_THAT(Fields(out.response.results(4).errors()), ElementsAre("records[4].actors[0].actor"));
  EXPECT_THAT(Fields(out.response.results(5).errors()),
              ElementsAre("records[5].places[0].country_code"));
  EXPECT_EQ(out.response.created_count(), 2);
  EXPECT_EQ(out.response.rejected_count(), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE external_id LIKE 'bad-batch-%'"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM actors"), actors);
}

TEST_F(IngestTest, ValidateOnlyWritesNothing) {
  const std::string tables[] = {"events",  "actors",  "places",
                                "sources", "changes", "ingest_requests"};
  std::vector<int64_t> before;
  for (const auto& t : tables) before.push_back(Count("SELECT count(*) FROM " + t));
  IngestOutcome out =
      Ingest({Record(R"({"externalId": {"system": "test", "id": "dry-1"}, "title": "Dry run",
                  "eventType": "protest", "date": {"text": "last month",
                  "referenceTime": "2024-10-12T11:16:00Z"},
                  "actors": [{"name": "Dry Run Collective", "kind": "ORGANIZATION"}],
                  "places": [{"name": "Dryton", "countryCode": "NE"}],
                  "source": {"url": "https://example.org/dry"}})"),
              Simple("dry-2", R"(, "title": "")")},
             {.request_id = "dry-run-request", .validate_only = true});
  ASSERT_TRUE(out.status.ok()) << out.status.error_message();
  const v1::IngestResult& r = out.response.results(0);
  EXPECT_EQ(r.outcome(), v1::IngestResult::CREATED);
  EXPECT_EQ(r.event(), "events/test-dry-1");
  EXPECT_EQ(r.actors(0), "actors/dry-run-collective");
  EXPECT_THAT(Codes(r.warnings()), Contains("NEW_ACTOR"));
  EXPECT_THAT(Codes(r.warnings()), Contains("NEW_PLACE"));
  // September in Niamey: the new place takes Niger's only zone (UTC+1).
  EXPECT_EQ(r.time().time_zone(), "Africa/Niamey");
  EXPECT_EQ(google::protobuf::util::TimeUtil::ToString(r.time().start_time()),
            "2024-08-31T23:00:00Z");
  EXPECT_EQ(out.response.results(1).outcome(), v1::IngestResult::REJECTED);
  for (size_t i = 0; i < std::size(tables); ++i) {
    EXPECT_EQ(Count("SELECT count(*) FROM " + tables[i]), before[i]) << tables[i];
  }
}

TEST_F(IngestTest, NameWarningsNameTheNamesField) {
  // The record's second actor and its only place are new; the first actor is the seed's Goïta.
  IngestOutcome out = Ingest({Record(absl::StrCat(
                                 R"({"externalId": {"system": "test", "id": "paths-1"},
                  "title": "Paths", "eventType": "protest", "date": {"text": "2024-09-17"},
                  "actors": [{"actor": ")",
                                 seed_data::kGoita, R"("}, {"name": "Pathfinder Collective",
                  "kind": "ORGANIZATION"}], "places": [{"name": "Pathton", "countryCode": "NE"}]})"))},
                             {.validate_only = true});
  ASSERT_TRUE(out.status.ok()) << out.status.error_message();
  std::vector<std::string> notes;
  for (const v1::IngestNote& n : out.response.results(0).warnings()) {
    notes.push_back(absl::StrCat(n.code(), " ", n.field()));
  }
  EXPECT_THAT(notes, Contains("NEW_ACTOR records[0].actors[1]"));
  EXPECT_THAT(notes, Contains("NEW_PLACE records[0].places[0]"));
}

TEST_F(IngestTest, RetriedStreamReturnsTheFirstResult) {
  std::vector<v1::IngestRecord> records = {
      Record(R"({"title": "No external id", "eventType": "statement",
                 "date": {"text": "2021-06"}})"),
      Simple("retry-2")};
  IngestOutcome first = Ingest(records, {.request_id = "retry-request-1"});
  ASSERT_TRUE(first.status.ok());
  EXPECT_THAT(Codes(first.response.results(0).warnings()), Contains("NO_EXTERNAL_ID"));
  const int64_t events = Count("SELECT count(*) FROM events");
  IngestOutcome retry = Ingest(records, {.request_id = "retry-request-1"});
  ASSERT_TRUE(retry.status.ok());
  EXPECT_EQ(retry.response.SerializeAsString(), first.response.SerializeAsString());
  EXPECT_EQ(Count("SELECT count(*) FROM events"), events);

  IngestOutcome other = Ingest({Simple("retry-3")}, {.request_id = "retry-request-1"});
  EXPECT_EQ(other.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(other.status), ElementsAre("request_id"));
}

TEST_F(IngestTest, NamesResolveBySpellingAndSimilarity) {
  IngestOutcome out = Ingest(
      {Record(R"({"externalId": {"system": "test", "id": "names-1"}, "title": "Goita variant",
                  "eventType": "meeting", "date": {"text": "2024-10-01"},
                  "actors": [{"name": "عاصيمي غويتا", "role": "HOST"},
                             {"name": "ASSIMI GOITA", "role": "HOST"},
                             {"name": "Brand New Movement For Tests", "role": "VISITOR"}],
                  "places": [{"name": "باماكو", "countryCode": "ML"}]})")});
  ASSERT_TRUE(out.status.ok()) << out.status.error_message();
  const v1::IngestResult& r = out.response.results(0);
  ASSERT_EQ(r.outcome(), v1::IngestResult::CREATED) << r.DebugString();
  // Two spellings of one actor collapse into one link.
  EXPECT_THAT(r.actors(), ElementsAre(seed_data::kGoita, "actors/brand-new-movement-for-tests"));
  EXPECT_THAT(r.places(), ElementsAre(seed_data::kBamako));
  EXPECT_THAT(Codes(r.warnings()), Contains("NEW_ACTOR"));
  // The date was read in Bamako's zone, the place's.
  EXPECT_EQ(r.time().time_zone(), "Africa/Bamako");

  IngestOutcome strict =
      Ingest({Record(R"({"externalId": {"system": "test", "id": "names-2"}, "title": "Strict",
                  "eventType": "meeting", "actors": [{"name": "Assimi Goïta"},
                  {"name": "Nobody We Know Of"}]})")},
             {.strict = true});
  ASSERT_TRUE(strict.status.ok());
  EXPECT_EQ(strict.response.results(0).outcome(), v1::IngestResult::REJECTED);
  EXPECT_THAT(Fields(strict.response.results(0).errors()),
              ElementsAre("records[0].actors[1].name"));
  EXPECT_THAT(Codes(strict.response.results(0).errors()), ElementsAre("UNKNOWN_NAME"));
  EXPECT_EQ(Count("SELECT count(*) FROM actors WHERE display_name = 'Nobody We Know Of'"), 0);
}

TEST_F(IngestTest, PlacesGetCountryDivisionsAndNearbyParents) {
  IngestOutcome out =
      Ingest({Record(R"({"externalId": {"system": "test", "id": "places-1"}, "title": "Chain",
                  "eventType": "attack", "date": {"text": "2020-02-02"},
                  "places": [{"name": "Testville Nord", "countryCode": "BF",
                              "adminNames": ["Test Region", "Test Province"],
                              "location": {"latitude": 12.5, "longitude": -1.5}}]})"),
              Record(R"({"externalId": {"system": "test", "id": "places-2"}, "title": "Near Bamako",
                  "eventType": "attack", "date": {"text": "2020-02-03"},
                  "places": [{"name": "Quartier Inconnu",
                              "location": {"latitude": 12.65, "longitude": -8.0}}]})")});
  ASSERT_TRUE(out.status.ok()) << out.status.error_message();
  ASSERT_EQ(out.response.created_count(), 2) << out.response.DebugString();
  v1::Place place = Got(env_->places(), out.response.results(0).places(0));
  EXPECT_EQ(place.country_code(), "BF");
  ASSERT_EQ(place.ancestors_size(), 3) << place.DebugString();
  EXPECT_THAT(place.ancestors(), Contains("places/bf"));

  place = Got(env_->places(), out.response.results(1).places(0));
  EXPECT_EQ(place.country_code(), "ML");
  EXPECT_EQ(place.parent(), seed_data::kMali);
  EXPECT_EQ(out.response.results(1).time().time_zone(), "Africa/Bamako");
}

TEST_F(IngestTest, GazetteerRowsUpsertByGeoNamesId) {
  auto send = [&](const std::vector<v1::IngestPlace>& places) {
    return IngestPlaces(env_->ingest(), places);
  };
  v1::IngestPlace gao;
  gao.set_name("Gao");
  gao.add_aliases("غاو");
  gao.set_country_code("ML");
  gao.set_geonames_id(2457163);
  gao.mutable_location()->set_latitude(16.27167);
  gao.mutable_location()->set_longitude(-0.04472);
  gao.set_time_zone("Africa/Bamako");
  v1::IngestPlace bad = gao;
  bad.set_geonames_id(0);
  v1::IngestPlacesResponse first = send({gao, bad});
  EXPECT_EQ(first.results(0).outcome(), v1::IngestResult::CREATED);
  EXPECT_EQ(first.results(0).place(), "places/ml-gao");
  EXPECT_EQ(first.results(1).outcome(), v1::IngestResult::REJECTED);
  EXPECT_THAT(Fields(first.results(1).errors()), ElementsAre("places[1].geonames_id"));
  EXPECT_EQ(send({gao}).results(0).outcome(), v1::IngestResult::UNCHANGED);
  gao.add_aliases("Gao City");
  EXPECT_EQ(send({gao}).results(0).outcome(), v1::IngestResult::UPDATED);
  EXPECT_EQ(Count("SELECT count(*) FROM places WHERE geonames_id = 2457163"), 1);

  // An event naming the place by GeoNames id links to it.
  IngestOutcome out = Ingest({Simple("gazetteer-1", R"(, "places": [{"geonamesId":
                                                                  2457163}])")});
  ASSERT_TRUE(out.status.ok());
  EXPECT_THAT(out.response.results(0).places(), ElementsAre("places/ml-gao"));
}

// The seed events, re-ingested from raw records as a news-coding pipeline would send them: the
// article's Arabic date words and its publication time. Their spans equal the curated ones.
TEST_F(IngestTest, SeedEventsFromRawRecordsMatchTheCuratedSpans) {
  const std::string erem =
      R"("source": {"url": "https://www.eremnews.com/news/arab-world/africa/xxxx",
      "publisher": "Erem News", "language": "ar", "publishedTime": "2024-10-12T11:16:00Z"})";
  std::vector<v1::IngestRecord> records = {
      Record(R"({"externalId": {"system": "seed-raw", "id": "attacks"}, "title": "Attacks",
                 "eventType": "attack", "date": {"text": "سبتمبر/أيلول الماضي"},
                 "places": [{"place": "places/ml-bamako"}], )" +
             erem + "}"),
      Record(R"({"externalId": {"system": "seed-raw", "id": "visit"}, "title": "Visit",
                 "eventType": "visit", "places": [{"name": "باماكو", "countryCode": "ML"}],
                 "actors": [{"name": "عاصمي غويتا", "role": "HOST"}], )" +
             erem + "}"),
      Record(R"({"externalId": {"system": "seed-raw", "id": "press"}, "title": "Press",
                 "eventType": "press_conference", "date": {"text": "الخميس"},
                 "places": [{"place": "places/ru-moscow"}],
                 "source": {"source": "sources/akhbar-bila-hudud-mali-algeria-russia"}})"),
  };
  IngestOutcome out = Ingest(records);
  ASSERT_TRUE(out.status.ok()) << out.status.error_message();
  auto curated = [&](const std::string& name) { return Got(env_->events(), name).time(); };
  auto same_span = [](const v1::TimeSpan& a, const v1::TimeSpan& b) {
    return a.has_start_time() == b.has_start_time() && a.has_end_time() == b.has_end_time() &&
           a.start_time().seconds() == b.start_time().seconds() &&
           a.end_time().seconds() == b.end_time().seconds() && a.precision() == b.precision();
  };
  const auto& results = out.response.results();
  ASSERT_EQ(results.size(), 3);
  EXPECT_TRUE(same_span(results[0].time(), curated(seed_data::kAttacks)))
      << results[0].time().DebugString();
  EXPECT_TRUE(same_span(results[1].time(), curated(seed_data::kVisit)))
      << results[1].time().DebugString();
  EXPECT_TRUE(same_span(results[2].time(), curated(seed_data::kPressConference)))
      << results[2].DebugString();
  EXPECT_THAT(Codes(results[2].warnings()), Contains("UNRESOLVED_DATE"));
  EXPECT_THAT(results[1].actors(), ElementsAre(seed_data::kGoita));
}

// A failure while writing (here a trigger of this test's database refusing one source quote, after
// the batch's other events are written) rolls the whole batch back.
TEST_F(IngestTest, AFailedBatchLeavesNothing) {
  {
    pqxx::connection c(env_->database_url());
    pqxx::work t(c);
    t.exec(R"sql(
      CREATE FUNCTION refuse_marked_quote() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.quote = 'refuse me' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_marked_quote BEFORE INSERT ON event_sources
        FOR EACH ROW EXECUTE FUNCTION refuse_marked_quote();)sql");
    t.commit();
  }
  std::vector<v1::IngestRecord> records;
  for (int i = 0; i < 300; ++i) records.push_back(Simple(absl::StrCat("atomic-", i)));
  records.push_back(Simple("atomic-last", R"(, "source": {"url": "https://example.org/atomic",
                                              "quote": "refuse me"})"));
  const int64_t places = Count("SELECT count(*) FROM places");
  records[0].add_places()->set_name("Atomicville");
  records[0].mutable_places(0)->set_country_code("ML");
  IngestOutcome out = Ingest(records);
  EXPECT_EQ(out.status.error_code(), grpc::StatusCode::INTERNAL) << out.status.error_message();
  EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE external_id LIKE 'atomic-%'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM places"), places);
  EXPECT_EQ(Count("SELECT count(*) FROM sources WHERE url = 'https://example.org/atomic'"), 0);
  {
    pqxx::connection c(env_->database_url());
    pqxx::work t(c);
    t.exec("DROP TRIGGER refuse_marked_quote ON event_sources");
    t.commit();
  }
  IngestOutcome retry = Ingest(records);
  ASSERT_TRUE(retry.status.ok()) << retry.status.error_message();
  EXPECT_EQ(retry.response.created_count(), 301);
}

TEST_F(IngestTest, StreamsAreBounded) {
  std::vector<v1::IngestRecord> records(10'001, Simple("too-many"));
  IngestOutcome out = Ingest(records, {.per_message = 1000});
  EXPECT_EQ(out.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(out.status), ElementsAre("records"));
  EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE external_id = 'too-many'"), 0);
}

}  // namespace
}  // namespace timeline::testing
