// RepairInvalidUtf8: text that is not UTF-8 is made readable and marked in the message that holds
// it, everything else is carried over unchanged, and bytes that are not a message at all are
// refused.
#include "domain/utf8_repair.h"

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "timeline/v1/event.pb.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::domain {
namespace {

using google::protobuf::util::MessageDifferencer;

TEST(Utf8RepairTest, TellsWellFormedUtf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Goïta غويتا 🙂"));
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));          // a lead byte without its continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // an overlong "/"
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("abc\xFF"));
}

TEST(Utf8RepairTest, AWellFormedMessageIsCarriedOverUnchanged) {
  v1::IngestEventsRequest request;
  request.set_request_id("job:1");
  v1::IngestRecord* r = request.add_records();
  r->set_title("Visite à Bamako");
  r->mutable_external_id()->set_system("acled");
  r->add_actors()->add_aliases("غويتا");
  r->mutable_fatalities()->set_best(3);
  r->mutable_places()->Add()->mutable_location()->set_latitude(12.6);
  std::optional<std::string> repaired =
      RepairInvalidUtf8(*v1::IngestEventsRequest::descriptor(), request.SerializeAsString());
  ASSERT_TRUE(repaired.has_value());
  v1::IngestEventsRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(*repaired));
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, request));
  EXPECT_EQ(parsed.records(0).GetReflection()->GetUnknownFields(parsed.records(0)).field_count(),
            0);
}

TEST(Utf8RepairTest, BadTextBecomesReplacementCharactersAndIsMarkedWhereItIs) {
  v1::IngestEventsRequest request;
  request.add_records()->set_title("first");
  v1::IngestRecord* bad = request.add_records();
  bad->set_title("Attaque \xFF\xFE \xC3\x28 à Kidal");
  bad->add_actors()->set_name("fine");
  std::string wire;
  ASSERT_TRUE(request.SerializePartialToString(&wire));
  v1::IngestEventsRequest unrepaired;
  EXPECT_FALSE(unrepaired.ParseFromString(wire));  // what gRPC would have done with it

  std::optional<std::string> repaired =
      RepairInvalidUtf8(*v1::IngestEventsRequest::descriptor(), wire);
  ASSERT_TRUE(repaired.has_value());
  v1::IngestEventsRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(*repaired));
  EXPECT_EQ(parsed.records(1).title(), "Attaque \uFFFD\uFFFD \uFFFD( à Kidal");
  EXPECT_EQ(parsed.records(1).actors(0).name(), "fine");
  EXPECT_EQ(parsed.records(0).title(), "first");
  const auto& marks = parsed.records(1).GetReflection()->GetUnknownFields(parsed.records(1));
  ASSERT_EQ(marks.field_count(), 1);
  EXPECT_EQ(marks.field(0).number(), kInvalidUtf8Marker);
  EXPECT_EQ(parsed.GetReflection()->GetUnknownFields(parsed).field_count(), 0);
  EXPECT_EQ(parsed.records(0).GetReflection()->GetUnknownFields(parsed.records(0)).field_count(),
            0);
}

TEST(Utf8RepairTest, BytesThatAreNotAMessageAreRefused) {
  v1::GetEventRequest request;
  request.set_name("events/a");
  const std::string wire = request.SerializeAsString();
  EXPECT_FALSE(RepairInvalidUtf8(*v1::GetEventRequest::descriptor(), wire.substr(0, 4)));
  EXPECT_FALSE(RepairInvalidUtf8(*v1::GetEventRequest::descriptor(), "\x0A\xFF\xFF\xFF\xFF\x0F"));
  EXPECT_FALSE(RepairInvalidUtf8(*v1::GetEventRequest::descriptor(), "\x0C"));  // a lone end-group
  // A string field sent as a number: protobuf would keep it as an unknown field, and so does this.
  EXPECT_TRUE(RepairInvalidUtf8(*v1::GetEventRequest::descriptor(), "\x08\x01"));
}

}  // namespace
}  // namespace timeline::domain
