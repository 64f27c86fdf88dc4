// CheckRequestLimits: every field of every request has a limit, the limits are what docs/limits.md
// says, oversized values and long lists are named by their paths with short messages, and the
// markers of domain/utf8_repair.h are reported as fields that are not UTF-8.
#include "domain/request_limits.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "domain/utf8_repair.h"
#include "domain/validation.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "served_requests.h"
#include "timeline/v1/actor.pb.h"
#include "timeline/v1/date.pb.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/ingest.pb.h"
#include "timeline/v1/place.pb.h"
#include "timeline/v1/source.pb.h"

namespace timeline::domain {
namespace {

namespace pb = google::protobuf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& v : FieldViolationsOf(status)) out.push_back(v.field);
  return out;
}

// Every field of `type` and the messages inside it, each message once.
void ForEachField(const pb::Descriptor& type, std::set<std::string>& seen,
                  const std::function<void(const pb::FieldDescriptor&)>& fn) {
  if (!seen.insert(type.full_name()).second) return;
  for (int i = 0; i < type.field_count(); ++i) {
    fn(*type.field(i));
    if (type.field(i)->message_type()) ForEachField(*type.field(i)->message_type(), seen, fn);
  }
}

TEST(RequestLimitsTest, EveryStringAndRepeatedFieldOfEveryRequestHasALimit) {
  const std::vector<const pb::Descriptor*> requests = testing::ServedRequestTypes();
  ASSERT_THAT(requests, SizeIs(34));
  std::set<std::string> seen;
  int strings = 0;
  for (const pb::Descriptor* request : requests) {
    ForEachField(*request, seen, [&](const pb::FieldDescriptor& field) {
      if (field.cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING) {
        ++strings;
        // Short enough for a btree index row (about 2,700 bytes), or long free text that no index
        // holds whole; never more than a message's worth.
        EXPECT_GT(MaxBytes(field), 0u) << field.full_name();
        EXPECT_LE(MaxBytes(field), 100'000u) << field.full_name();
      }
      if (field.is_repeated()) {
        EXPECT_GT(MaxCount(field), 0u) << field.full_name();
        EXPECT_LE(MaxCount(field), 10'000u) << field.full_name();
      }
    });
  }
  EXPECT_GT(strings, 80);
}

// The table in docs/limits.md, as the descriptor and the rules give it.
std::string LimitsTable() {
  std::string out = "| field | at most |\n| --- | --- |\n";
  for (const FieldLimit& limit : LimitsOf(testing::ServedRequestTypes())) {
    absl::StrAppend(&out, "| `", absl::StrReplaceAll(limit.field, {{"timeline.v1.", ""}}), "` | ",
                    limit.limit, " |\n");
  }
  return out;
}

TEST(RequestLimitsTest, DocsListEveryLimit) {
  std::ifstream file(std::string(TIMELINE_SOURCE_DIR) + "/docs/limits.md");
  ASSERT_TRUE(file) << "docs/limits.md is missing";
  std::stringstream text;
  text << file.rdbuf();
  const std::string docs = text.str();
  const std::string begin = "<!-- limits table: begin -->\n", end = "<!-- limits table: end -->";
  const size_t from = docs.find(begin), to = docs.find(end);
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(docs.substr(from + begin.size(), to - from - begin.size()), LimitsTable())
      << "docs/limits.md must list the limits of service/domain/request_limits.cc";
}

TEST(RequestLimitsTest, ValuesWithinTheLimitsPass) {
  v1::CreateSourceRequest request;
  request.set_source_id("erem-news");
  request.set_request_id("7f1c0d9e-6a51-4d59-9d1e-0c2a9a0b7f00");
  request.mutable_source()->set_url("https://www.eremnews.com/news/arab-world/1234");
  request.mutable_source()->set_language("ar");
  request.mutable_source()->set_publisher("إرم نيوز (Erem News)");
  request.mutable_source()->set_title(std::string(1000, 't'));
  EXPECT_TRUE(CheckRequestLimits(request).ok());
}

TEST(RequestLimitsTest, AnArticleToFindDatesInMayBeLongerThanOtherText) {
  v1::ParseDatesRequest request;
  request.set_text(std::string(100'000, 't'));
  EXPECT_TRUE(CheckRequestLimits(request).ok());
  request.set_text(std::string(100'001, 't'));
  EXPECT_THAT(Fields(CheckRequestLimits(request)), ElementsAre("text"));
}

TEST(RequestLimitsTest, OversizedValuesAreNamedWithShortMessages) {
  v1::CreateSourceRequest request;
  request.mutable_source()->set_url("x" + std::string(30'000, 'y'));
  request.mutable_source()->set_language(std::string(25'000, 'a'));
  request.mutable_source()->set_publisher("Somebody");
  absl::Status status = CheckRequestLimits(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(status), ElementsAre("source.url", "source.language"));
  EXPECT_LT(status.message().size(), 300u) << status.message();
  EXPECT_EQ(status.message().find("yyy"), std::string::npos);
}

TEST(RequestLimitsTest, ElementsOfRepeatedMessagesAreNamedByIndex) {
  v1::CreateActorRequest request;
  request.mutable_actor()->set_wikidata_id("Q" + std::string(100'000, '1'));
  for (int i = 0; i < 4; ++i) request.mutable_actor()->add_names()->set_name("Goïta");
  request.mutable_actor()->mutable_names(3)->set_language(std::string(1'000'000, 'a'));
  EXPECT_THAT(Fields(CheckRequestLimits(request)),
              ElementsAre("actor.wikidata_id", "actor.names[3].language"));
}

TEST(RequestLimitsTest, LongListsAreNamedWithoutLookingAtTheirValues) {
  v1::ListEventsRequest request;
  for (int i = 0; i < 101; ++i) request.add_actors(std::string(10'000, 'a'));
  absl::Status status = CheckRequestLimits(request);
  EXPECT_THAT(Fields(status), ElementsAre("actors"));
  EXPECT_THAT(FieldViolationsOf(status)[0].description, "lists more than 100 values");
}

TEST(RequestLimitsTest, PathsStartWhereTheCallerSays) {
  v1::IngestRecord record;
  record.set_title("A visit");
  record.add_actors()->set_language(std::string(13'500, 'l'));
  record.mutable_source()->set_language(std::string(1'000'000, 'l'));
  EXPECT_THAT(Fields(CheckRequestLimits(record, "records[7]")),
              ElementsAre("records[7].actors[0].language", "records[7].source.language"));
}

TEST(RequestLimitsTest, ReportsAFewFieldsAtMost) {
  v1::ListEventsRequest request;
  for (int i = 0; i < 100; ++i) request.add_actors(std::string(1000, 'a'));
  absl::Status status = CheckRequestLimits(request);
  EXPECT_THAT(FieldViolationsOf(status), SizeIs(8));
  EXPECT_LT(status.message().size(), 1000u);
}

// A message as RepairInvalidUtf8 leaves it: `wire` repaired and parsed.
template <typename Message>
Message Repaired(const Message& sent) {
  std::string wire;
  EXPECT_TRUE(sent.SerializePartialToString(&wire));
  std::optional<std::string> repaired = RepairInvalidUtf8(*Message::descriptor(), wire);
  EXPECT_TRUE(repaired.has_value());
  Message out;
  EXPECT_TRUE(out.ParseFromString(repaired.value_or("")));
  return out;
}

TEST(RequestLimitsTest, MarkedFieldsAreNotUtf8) {
  v1::IngestEventsRequest request;
  request.add_records()->set_title("fine");
  v1::IngestRecord* bad = request.add_records();
  bad->set_title("fine");
  bad->add_actors()->set_name("ok");
  bad->add_actors()->add_aliases("ok");
  bad->mutable_actors(1)->add_aliases("bad \xC3\x28 text");
  const v1::IngestEventsRequest repaired = Repaired(request);
  EXPECT_TRUE(CheckRequestLimits(repaired.records(0), "records[0]").ok());
  absl::Status status = CheckRequestLimits(repaired.records(1), "records[1]");
  EXPECT_THAT(Fields(status), ElementsAre("records[1].actors[1].aliases[1]"));
  EXPECT_EQ(FieldViolationsOf(status)[0].description, "is not valid UTF-8");
  EXPECT_THAT(Fields(CheckRequestLimits(repaired)), ElementsAre("records[1].actors[1].aliases[1]"));
}

TEST(RequestLimitsTest, AMessageThatCouldNotBeReadIsReported) {
  v1::GetEventRequest request;
  ASSERT_TRUE(request.ParseFromString(MalformedMessageMarker()));
  absl::Status status = CheckRequestLimits(request);
  EXPECT_THAT(Fields(status), ElementsAre("request"));
  EXPECT_THAT(CheckRequestLimits(v1::GetEventRequest()).ok(), true);
  EXPECT_THAT(Fields(CheckRequestLimits(v1::GetEventRequest())), IsEmpty());
}

}  // namespace
}  // namespace timeline::domain
