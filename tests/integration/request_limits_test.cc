// The limits and the UTF-8 check every request passes first (domain/request_limits.h,
// api/request_parsing.h), through a real server: oversized values are refused by their length
// before anything parses them, text that is not UTF-8 is INVALID_ARGUMENT naming the field in
// unary and server-streaming calls, and in an ingest stream it rejects that record alone while
// every other record lands. Nothing refused is stored; the server answers on.
//
// The typed stubs send invalid UTF-8 as it is: protobuf's C++ serializer logs an error about
// such a string but writes its bytes, as a careless client would.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "integration_suite.h"
#include "status_details.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kNotUtf8[] = "Kidal \xFF\xC3\x28 region";

std::vector<std::string> Fields(const google::protobuf::RepeatedPtrField<v1::IngestNote>& notes) {
  std::vector<std::string> out;
  for (const auto& n : notes) out.push_back(n.field());
  return out;
}

// The description of a failed call's only field violation.
std::string OnlyDescription(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details()) || details.details_size() != 1) return "";
  google::rpc::BadRequest bad_request;
  if (!details.details(0).UnpackTo(&bad_request) || bad_request.field_violations_size() != 1) {
    return "";
  }
  return bad_request.field_violations(0).description();
}

class RequestLimitsServerTest : public IntegrationSuite<RequestLimitsServerTest> {
 protected:
  static int64_t Count(const std::string& sql, const std::string& value) {
    return SqlNumber(env_->database_url(), sql, value);
  }

  // The server still answers a plain call.
  static void ExpectServing() {
    grpc::ClientContext ctx;
    v1::ListActorsResponse actors;
    grpc::Status alive = env_->actors().ListActors(&ctx, v1::ListActorsRequest(), &actors);
    EXPECT_TRUE(alive.ok()) << alive.error_message();
  }

  static void ExpectRefused(const grpc::Status& status, const std::string& field,
                            const std::string& description) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(ViolatedFields(status), ElementsAre(field));
    EXPECT_EQ(OnlyDescription(status), description) << status.error_message();
    EXPECT_LT(status.error_message().size(), 300u);
  }
};

TEST_F(RequestLimitsServerTest, OversizedSourceFieldsAreRefusedByTheirLength) {
  auto create = [](auto set) {
    v1::CreateSourceRequest request;
    request.mutable_source()->set_url("https://example.org/limits");
    request.mutable_source()->set_publisher("Limits");
    set(*request.mutable_source());
    grpc::ClientContext ctx;
    v1::Source out;
    return env_->sources().CreateSource(&ctx, request, &out);
  };
  ExpectRefused(create([](v1::Source& s) { s.set_url("x" + std::string(30'000, 'y')); }),
                "source.url", "is longer than 2000 bytes");
  ExpectRefused(create([](v1::Source& s) { s.set_language(std::string(25'000, 'a')); }),
                "source.language", "is longer than 64 bytes");
  EXPECT_EQ(Count("SELECT count(*) FROM sources WHERE url = $1", "https://example.org/limits"), 0);
  ExpectServing();
}

TEST_F(RequestLimitsServerTest, OversizedActorAndPlaceFieldsAreRefusedByTheirLength) {
  {
    v1::CreateActorRequest request;
    request.mutable_actor()->set_display_name("Long Wikidata");
    request.mutable_actor()->set_kind(v1::ORGANIZATION);
    request.mutable_actor()->set_wikidata_id("Q" + std::string(100'000, '1'));
    grpc::ClientContext ctx;
    v1::Actor out;
    ExpectRefused(env_->actors().CreateActor(&ctx, request, &out), "actor.wikidata_id",
                  "is longer than 32 bytes");
  }
  {
    v1::CreateActorRequest request;
    request.mutable_actor()->set_display_name("Long Language");
    request.mutable_actor()->set_kind(v1::ORGANIZATION);
    request.mutable_actor()->add_names()->set_name("Long Language");
    request.mutable_actor()->add_names()->set_name("Langue longue");
    request.mutable_actor()->mutable_names(1)->set_language(std::string(1'000'000, 'a'));
    grpc::ClientContext ctx;
    v1::Actor out;
    ExpectRefused(env_->actors().CreateActor(&ctx, request, &out), "actor.names[1].language",
                  "is longer than 64 bytes");
  }
  {
    v1::CreatePlaceRequest request;
    request.mutable_place()->set_display_name("Long Language Town");
    request.mutable_place()->set_kind(v1::SETTLEMENT);
    request.mutable_place()->set_parent("places/ml");
    request.mutable_place()->add_names()->set_name("Long Language Town");
    request.mutable_place()->mutable_names(0)->set_language(std::string(1'000'000, 'a'));
    grpc::ClientContext ctx;
    v1::Place out;
    ExpectRefused(env_->places().CreatePlace(&ctx, request, &out), "place.names[0].language",
                  "is longer than 64 bytes");
  }
  EXPECT_EQ(Count("SELECT count(*) FROM actors WHERE display_name = $1", "Long Language"), 0);
  ExpectServing();
}

TEST_F(RequestLimitsServerTest, TextThatIsNotUtf8IsNamedInUnaryCalls) {
  {
    v1::GetEventRequest request;
    request.set_name(std::string("events/") + kNotUtf8);
    grpc::ClientContext ctx;
    v1::Event out;
    ExpectRefused(env_->events().GetEvent(&ctx, request, &out), "name", "is not valid UTF-8");
  }
  {
    v1::CreateEventRequest request;
    request.mutable_event()->set_title(kNotUtf8);
    request.mutable_event()->set_event_type("attack");
    request.mutable_event()->add_sources()->set_quote(kNotUtf8);
    grpc::ClientContext ctx;
    v1::Event out;
    grpc::Status status = env_->events().CreateEvent(&ctx, request, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(ViolatedFields(status), ElementsAre("event.title", "event.sources[0].quote"));
  }
  ExpectServing();
}

TEST_F(RequestLimitsServerTest, TextThatIsNotUtf8IsNamedInExportEvents) {
  v1::ExportEventsRequest request;
  request.set_filter(std::string("text:\"") + kNotUtf8 + "\"");
  grpc::ClientContext ctx;
  auto reader = env_->events().ExportEvents(&ctx, request);
  v1::ExportEventsResponse message;
  int received = 0;
  while (reader->Read(&message)) ++received;
  EXPECT_EQ(received, 0);
  ExpectRefused(reader->Finish(), "filter", "is not valid UTF-8");
}

TEST_F(RequestLimitsServerTest, TextThatIsNotUtf8IsNamedInWatchEvents) {
  v1::WatchEventsRequest request;
  request.add_actors("actors/jnim");
  request.add_actors(std::string("actors/") + kNotUtf8);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  auto reader = env_->events().WatchEvents(&ctx, request);
  v1::WatchEventsResponse message;
  EXPECT_FALSE(reader->Read(&message));
  ExpectRefused(reader->Finish(), "actors[1]", "is not valid UTF-8");
}

v1::IngestRecord Record(const std::string& id) {
  return FromJson<v1::IngestRecord>(absl::StrCat(
      R"({"externalId": {"system": "limits", "id": ")", id, R"("}, "title": "Limits )", id,
      R"(", "eventType": "attack", "date": {"text": "2023-05-17"},
          "actors": [{"name": "Limits Brigade", "kind": "ARMED_GROUP", "role": "INITIATOR"}],
          "source": {"url": "https://example.org/limits/)",
      id, R"(", "publisher": "Limits"}})"));
}

// Each record of a stream whose third record (of five) has a title that is not UTF-8, sent one
// record per message (the bad message once ended the stream there) or all in one message.
TEST_F(RequestLimitsServerTest, AnIngestRecordThatIsNotUtf8IsRejectedAlone) {
  for (int per_message : {1, 100}) {
    const std::string batch = absl::StrCat("utf8-", per_message, "-");
    std::vector<v1::IngestRecord> records;
    for (int i = 0; i < 5; ++i) records.push_back(Record(absl::StrCat(batch, i)));
    records[2].set_title(kNotUtf8);
    records[2].mutable_actors(0)->set_name(std::string("Brigade ") + kNotUtf8);
    IngestOutcome out = IngestEvents(env_->ingest(), records, {.per_message = per_message});
    ASSERT_TRUE(out.status.ok()) << out.status.error_message();
    ASSERT_EQ(out.response.results_size(), 5);
    EXPECT_EQ(out.response.created_count(), 4);
    EXPECT_EQ(out.response.rejected_count(), 1);
    for (int i = 0; i < 5; ++i) {
      const v1::IngestResult& result = out.response.results(i);
      EXPECT_EQ(result.index(), i);
      if (i == 2) {
        EXPECT_EQ(result.outcome(), v1::IngestResult::REJECTED);
        EXPECT_THAT(Fields(result.errors()),
                    ElementsAre("records[2].title", "records[2].actors[0].name"));
        EXPECT_EQ(result.errors(0).code(), "INVALID_ARGUMENT");
        EXPECT_EQ(result.errors(0).message(), "is not valid UTF-8");
      } else {
        EXPECT_EQ(result.outcome(), v1::IngestResult::CREATED) << i;
        EXPECT_THAT(result.errors(), IsEmpty());
      }
    }
    EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE system = 'limits' AND "
                    "external_id LIKE $1 || '%'",
                    batch),
              4);
    EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE external_id = $1", batch + "2"), 0);
  }
  ExpectServing();
}

// An actor language of 13.5 KB once failed the whole stream with INTERNAL and PostgreSQL's text
// (an index row too large); a source language of 1 MB was stored.
TEST_F(RequestLimitsServerTest, OversizedIngestFieldsRejectTheirRecordAlone) {
  std::vector<v1::IngestRecord> records;
  for (int i = 0; i < 4; ++i) records.push_back(Record(absl::StrCat("long-", i)));
  records[1].mutable_actors(0)->set_name("Long Language Brigade");
  records[1].mutable_actors(0)->set_language(std::string(13'500, 'l'));
  records[2].mutable_source()->set_language(std::string(1'000'000, 'l'));
  IngestOutcome out = IngestEvents(env_->ingest(), records, {.per_message = 1});
  ASSERT_TRUE(out.status.ok()) << out.status.error_message();
  ASSERT_EQ(out.response.results_size(), 4);
  EXPECT_EQ(out.response.created_count(), 2);
  EXPECT_EQ(out.response.rejected_count(), 2);
  EXPECT_THAT(Fields(out.response.results(1).errors()),
              ElementsAre("records[1].actors[0].language"));
  EXPECT_EQ(out.response.results(1).errors(0).message(), "is longer than 64 bytes");
  EXPECT_THAT(Fields(out.response.results(2).errors()), ElementsAre("records[2].source.language"));
  EXPECT_EQ(out.response.results(0).outcome(), v1::IngestResult::CREATED);
  EXPECT_EQ(out.response.results(3).outcome(), v1::IngestResult::CREATED);
  EXPECT_EQ(Count("SELECT count(*) FROM actor_names WHERE name = $1", "Long Language Brigade"), 0);
  EXPECT_EQ(
      Count("SELECT count(*) FROM sources WHERE url = $1", "https://example.org/limits/long-2"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM sources WHERE length(language) > $1::int", "64"), 0);
  ExpectServing();
}

// A gazetteer row's alternate names are many and of every quality: one that is not UTF-8 is
// skipped with a warning naming it, and the row is kept without it.
TEST_F(RequestLimitsServerTest, AGazetteerAliasThatIsNotUtf8IsSkippedAlone) {
  std::vector<v1::IngestPlace> rows;
  for (int i = 0; i < 3; ++i) {
    v1::IngestPlace& p = rows.emplace_back();
    p.set_name(absl::StrCat("Limitsville ", i));
    p.set_country_code("ML");
    p.set_geonames_id(990'000'100 + i);
    p.mutable_location()->set_latitude(14.0 + i);
    p.mutable_location()->set_longitude(-4.0);
  }
  rows[1].add_aliases(kNotUtf8);
  v1::IngestPlacesResponse response = IngestPlaces(env_->ingest(), rows);
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.results(1).outcome(), v1::IngestResult::CREATED);
  EXPECT_THAT(response.results(1).errors(), IsEmpty());
  ASSERT_EQ(response.results(1).warnings_size(), 1);
  EXPECT_EQ(response.results(1).warnings(0).field(), "places[1].aliases[0]");
  EXPECT_EQ(response.results(1).warnings(0).code(), "ALIAS_SKIPPED");
  EXPECT_EQ(response.results(0).outcome(), v1::IngestResult::CREATED);
  EXPECT_EQ(response.results(2).outcome(), v1::IngestResult::CREATED);
  EXPECT_EQ(Count("SELECT count(*) FROM places WHERE geonames_id = $1::bigint", "990000101"), 1);
  // Only its own name: nothing of the skipped alias, repaired or not, was stored.
  EXPECT_EQ(Count("SELECT count(*) FROM place_names n JOIN places p ON p.id = n.place_id"
                  " WHERE p.geonames_id = $1::bigint",
                  "990000101"),
            1);
}

}  // namespace
}  // namespace timeline::testing
