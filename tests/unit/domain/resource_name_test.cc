#include "domain/resource_name.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/event_types.h"
#include "domain/validation.h"

namespace timeline::domain {
namespace {

using Strings = std::vector<std::string>;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& v : FieldViolationsOf(status)) out.push_back(v.field);
  return out;
}

// --- IsValidResourceId ------------------------------------------------------------------------

TEST(ResourceIdTest, ValidIds) {
  for (const std::string& id :
       {std::string("a"), std::string("abc"), std::string("bamako"), std::string("assimi-goita"),
        std::string("a1"), std::string("q56276425"), std::string("a-"), std::string("a--b"),
        std::string("x") + std::string(62, '0')}) {
    EXPECT_TRUE(IsValidResourceId(id)) << id;
  }
}

TEST(ResourceIdTest, LengthLimitIs63) {
  EXPECT_TRUE(IsValidResourceId(std::string(63, 'a')));
  EXPECT_FALSE(IsValidResourceId(std::string(64, 'a')));
  EXPECT_FALSE(IsValidResourceId(std::string(1000, 'a')));
}

TEST(ResourceIdTest, InvalidIds) {
  for (const std::string& id :
       {std::string(""), std::string("1abc"), std::string("0"), std::string("-abc"),
        std::string("Abc"), std::string("abC"), std::string("a_b"), std::string("a b"),
        std::string("a/b"), std::string("a.b"), std::string("goïta"), std::string("a\n"),
        std::string("a\0b", 3)}) {
    EXPECT_FALSE(IsValidResourceId(id)) << id;
  }
}

// --- ResourceName / ParseResourceName ---------------------------------------------------------

TEST(ResourceNameTest, Format) {
  EXPECT_EQ(ResourceName(kEvents, "abc"), "events/abc");
  EXPECT_EQ(ResourceName(kPlaces, "bamako"), "places/bamako");
}

TEST(ResourceNameTest, ParseValid) {
  absl::StatusOr<std::string> id = ParseResourceName("events/abc", kEvents, "name");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "abc");

  absl::StatusOr<std::string> actor = ParseResourceName("actors/assimi-goita", kActors, "name");
  ASSERT_TRUE(actor.ok()) << actor.status();
  EXPECT_EQ(*actor, "assimi-goita");

  // Parsing undoes formatting.
  std::string generated = GenerateResourceId();
  absl::StatusOr<std::string> back =
      ParseResourceName(ResourceName(kSources, generated), kSources, "name");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, generated);
}

TEST(ResourceNameTest, ParseInvalidNamesTheGivenField) {
  for (const char* name : {"actors/abc", "events/", "events/ABC", "", "events", "eventsabc",
                           "event/abc", "events/abc/def", "/events/abc", "events//abc",
                           "Events/abc", "events/1abc", "events/abc ", " events/abc"}) {
    absl::StatusOr<std::string> id = ParseResourceName(name, kEvents, "event.name");
    EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_EQ(Fields(id.status()), Strings{"event.name"}) << name;
  }
  EXPECT_EQ(Fields(ParseResourceName("actors/abc", kEvents, "actors[3]").status()),
            Strings{"actors[3]"});
}

TEST(ResourceNameTest, MessagesExplainTheProblem) {
  EXPECT_EQ(ParseResourceName("", kEvents, "name").status().message(), "name: is required");
  EXPECT_NE(ParseResourceName("actors/abc", kEvents, "name").status().message().find("events/"),
            absl::string_view::npos);
}

// --- GenerateResourceId -----------------------------------------------------------------------

TEST(GenerateResourceIdTest, ValidAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = GenerateResourceId();
    EXPECT_EQ(id.size(), 20u) << id;
    EXPECT_TRUE(IsValidResourceId(id)) << id;
    EXPECT_EQ(id.find('-'), std::string::npos) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

// --- Event types ------------------------------------------------------------------------------

TEST(EventTypesTest, KnownTypes) {
  EXPECT_TRUE(IsKnownEventType("attack"));
  EXPECT_TRUE(IsKnownEventType("violence_against_civilians"));
  EXPECT_TRUE(IsKnownEventType("other"));
  EXPECT_FALSE(IsKnownEventType("Attack"));
  EXPECT_FALSE(IsKnownEventType("attack "));
  EXPECT_FALSE(IsKnownEventType("bombing"));
  EXPECT_FALSE(IsKnownEventType(""));
}

TEST(EventTypesTest, TheSixteenTypesOfTheApi) {
  // The list documented on Event.event_type, in the same order.
  const Strings expected = {"attack",
                            "armed_clash",
                            "air_drone_strike",
                            "explosion",
                            "territory_change",
                            "violence_against_civilians",
                            "protest",
                            "riot",
                            "visit",
                            "meeting",
                            "press_conference",
                            "statement",
                            "agreement",
                            "arms_transfer",
                            "arrest",
                            "other"};
  Strings names;
  std::set<std::string> unique;
  for (const EventType& t : EventTypes()) {
    names.emplace_back(t.name.data(), t.name.size());
    unique.emplace(t.name.data(), t.name.size());
    EXPECT_FALSE(t.description.empty()) << t.name;
    EXPECT_FALSE(t.acled.empty()) << t.name;
    EXPECT_FALSE(t.cameo.empty()) << t.name;
    EXPECT_TRUE(IsKnownEventType(t.name)) << t.name;
  }
  EXPECT_EQ(EventTypes().size(), 16u);
  EXPECT_EQ(unique.size(), 16u);
  EXPECT_EQ(names, expected);
}

TEST(EventTypesTest, NamesForErrorMessages) {
  std::string names(EventTypeNames());
  EXPECT_EQ(names.rfind("attack, armed_clash, air_drone_strike, ", 0), 0u) << names;
  EXPECT_EQ(names.substr(names.size() - std::string(", arrest, other").size()), ", arrest, other");
  size_t commas = 0;
  for (char c : names) commas += c == ',';
  EXPECT_EQ(commas, 15u);
}

}  // namespace
}  // namespace timeline::domain
