// EventRecordFromProto (every violation with its exact path) and ApplyEventUpdate (AIP-134
// update masks).
#include "domain/event_record.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/validation.h"
#include "google/protobuf/util/message_differencer.h"
#include "unit/domain/domain_testing.h"

namespace timeline::domain {
namespace {

using google::protobuf::util::MessageDifferencer;
using test_support::Fields;
using test_support::Seconds;
using test_support::Utc;
using Strings = std::vector<std::string>;

// A complete, valid event: the 17 September 2024 attack in Bamako.
v1::Event ValidEvent() {
  v1::Event e;
  e.set_title("Attack on the gendarmerie school in Bamako");
  e.set_summary("Gunmen attacked the gendarmerie school in Faladié and the military airport.");
  e.set_event_type("attack");
  v1::TimeSpan* t = e.mutable_time();
  t->mutable_start_time()->set_seconds(Seconds(Utc(2024, 9, 17)));
  t->set_precision(v1::PRECISION_DAY);
  t->set_time_zone("Africa/Bamako");
  t->set_text("الثلاثاء");

  v1::EventActor* a = e.add_actors();
  a->set_actor("actors/jnim");
  a->set_role(v1::INITIATOR);
  a = e.add_actors();
  a->set_actor("actors/malian-army");
  a->set_role(v1::TARGET);
  a = e.add_actors();  // the same actor in another role is fine
  a->set_actor("actors/malian-army");
  a->set_role(v1::SPEAKER);

  v1::EventPlace* p = e.add_places();
  p->set_place("places/bamako");
  p->set_role(v1::LOCATION);
  p = e.add_places();
  p->set_place("places/faladie-gendarmerie-school");
  p->set_role(v1::TARGET_SITE);

  e.mutable_fatalities()->set_low(71);
  e.mutable_fatalities()->set_best(77);
  e.mutable_fatalities()->set_high(100);
  e.mutable_injured()->set_low(255);

  v1::EventSource* s = e.add_sources();
  s->set_source("sources/erem-news-1");
  s->set_quote("قُتل أكثر من 70 شخصاً");
  s->add_claims("fatalities");
  s->add_claims("time");
  s->add_claims("fatalities");  // repeated claims collapse
  s = e.add_sources();
  s->set_source("sources/reuters-2");
  s->set_quote("JNIM claimed responsibility");

  v1::ExternalId* x = e.add_external_ids();
  x->set_system("acled");
  x->set_id("MLI33187");
  x = e.add_external_ids();
  x->set_system("job.erem-news_v2");
  x->set_id("17");
  return e;
}

// --- EventRecordFromProto ---------------------------------------------------------------------

TEST(EventRecordTest, FullEventConverts) {
  absl::StatusOr<EventRecord> r = EventRecordFromProto(ValidEvent(), "event");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->title, "Attack on the gendarmerie school in Bamako");
  EXPECT_EQ(r->event_type, "attack");
  EXPECT_EQ(r->time.start, Utc(2024, 9, 17));
  EXPECT_EQ(r->time.end, Utc(2024, 9, 18));
  EXPECT_EQ(r->time.precision, v1::PRECISION_DAY);
  EXPECT_EQ(r->time.time_zone, "Africa/Bamako");
  EXPECT_EQ(r->time.text, "الثلاثاء");

  ASSERT_EQ(r->actors.size(), 3u);
  EXPECT_EQ(r->actors[0].actor_id, "jnim");
  EXPECT_EQ(r->actors[0].role, v1::INITIATOR);
  EXPECT_EQ(r->actors[1].actor_id, "malian-army");
  EXPECT_EQ(r->actors[1].role, v1::TARGET);
  EXPECT_EQ(r->actors[2].actor_id, "malian-army");
  EXPECT_EQ(r->actors[2].role, v1::SPEAKER);

  ASSERT_EQ(r->places.size(), 2u);
  EXPECT_EQ(r->places[0].place_id, "bamako");
  EXPECT_EQ(r->places[0].role, v1::LOCATION);
  EXPECT_EQ(r->places[1].place_id, "faladie-gendarmerie-school");
  EXPECT_EQ(r->places[1].role, v1::TARGET_SITE);

  EXPECT_EQ(r->fatalities.low, 71);
  EXPECT_EQ(r->fatalities.best, 77);
  EXPECT_EQ(r->fatalities.high, 100);
  EXPECT_EQ(r->injured.low, 255);
  EXPECT_FALSE(r->injured.best.has_value());
  EXPECT_FALSE(r->injured.high.has_value());

  ASSERT_EQ(r->sources.size(), 2u);
  EXPECT_EQ(r->sources[0].source_id, "erem-news-1");
  EXPECT_EQ(r->sources[0].quote, "قُتل أكثر من 70 شخصاً");
  EXPECT_EQ(r->sources[0].claims, (Strings{"fatalities", "time"}));
  EXPECT_EQ(r->sources[1].source_id, "reuters-2");
  EXPECT_TRUE(r->sources[1].claims.empty());

  ASSERT_EQ(r->external_ids.size(), 2u);
  EXPECT_EQ(r->external_ids[0].system, "acled");
  EXPECT_EQ(r->external_ids[0].id, "MLI33187");
  EXPECT_EQ(r->external_ids[1].system, "job.erem-news_v2");
}

TEST(EventRecordTest, MinimalEventWithUnresolvedTime) {
  v1::Event e;
  e.set_title("Drone strike near Tinzaouaten");
  e.set_event_type("air_drone_strike");
  e.mutable_time()->set_precision(v1::PRECISION_UNKNOWN);
  absl::StatusOr<EventRecord> r = EventRecordFromProto(e, "event");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->time.resolved());
  EXPECT_TRUE(r->actors.empty());
  EXPECT_FALSE(r->fatalities.low.has_value());
}

TEST(EventRecordTest, CollectsEveryViolationWithExactPaths) {
  v1::Event e = ValidEvent();
  e.set_title("");
  e.set_event_type("bombing");
  e.mutable_actors(0)->set_actor("actors/Bad_Name");
  e.mutable_actors(1)->set_role(v1::ACTOR_ROLE_UNSPECIFIED);
  absl::StatusOr<EventRecord> r = EventRecordFromProto(e, "event");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(r.status()), (Strings{"event.title", "event.event_type", "event.actors[0].actor",
                                         "event.actors[1].role"}));
}

TEST(EventRecordTest, FieldPrefixIsTheGivenOne) {
  v1::Event e = ValidEvent();
  e.set_title("");
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.title"});
  EXPECT_EQ(Fields(EventRecordFromProto(e, "patch").status()), Strings{"patch.title"});
}

TEST(EventRecordTest, TitleTooLong) {
  v1::Event e = ValidEvent();
  e.set_title(std::string(1001, 'x'));
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.title"});
  e.set_title(std::string(1000, 'x'));
  EXPECT_TRUE(EventRecordFromProto(e, "event").ok());
}

TEST(EventRecordTest, MissingEventType) {
  v1::Event e = ValidEvent();
  e.clear_event_type();
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.event_type"});
}

TEST(EventRecordTest, FatalitiesOutOfOrder) {
  v1::Event e = ValidEvent();
  e.mutable_fatalities()->set_low(80);  // low 80 > best 77
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.fatalities"});

  e = ValidEvent();
  e.mutable_fatalities()->clear_best();
  e.mutable_fatalities()->set_high(70);  // low 71 > high 70, best unset
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.fatalities"});

  e = ValidEvent();
  e.mutable_injured()->set_high(3);
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.injured"});
}

TEST(EventRecordTest, EqualBoundsAndZeroAreFine) {
  v1::Event e = ValidEvent();
  e.mutable_fatalities()->set_low(0);
  e.mutable_fatalities()->set_best(0);
  e.mutable_fatalities()->set_high(0);
  absl::StatusOr<EventRecord> r = EventRecordFromProto(e, "event");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->fatalities.low, 0);
  EXPECT_EQ(r->fatalities.high, 0);
}

TEST(EventRecordTest, NegativeCount) {
  v1::Event e = ValidEvent();
  e.mutable_fatalities()->set_low(-1);
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.fatalities.low"});

  e = ValidEvent();
  e.mutable_injured()->set_best(-5);
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.injured.best"});
}

TEST(EventRecordTest, DuplicateActorAndRole) {
  v1::Event e = ValidEvent();
  e.mutable_actors(1)->set_actor("actors/jnim");
  e.mutable_actors(1)->set_role(v1::INITIATOR);
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.actors[1]"});
}

TEST(EventRecordTest, DuplicatePlaceAndRole) {
  v1::Event e = ValidEvent();
  e.mutable_places(1)->set_place("places/bamako");
  e.mutable_places(1)->set_role(v1::LOCATION);
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.places[1]"});
}

TEST(EventRecordTest, BadPlaceReferences) {
  v1::Event e = ValidEvent();
  e.mutable_places(0)->set_place("actors/bamako");
  e.mutable_places(1)->set_role(v1::PLACE_ROLE_UNSPECIFIED);
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()),
            (Strings{"event.places[0].place", "event.places[1].role"}));
}

TEST(EventRecordTest, OutOfRangeRoleValueIsRejected) {
  v1::Event e = ValidEvent();
  e.mutable_actors(0)->set_role(static_cast<v1::ActorRole>(99));
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.actors[0].role"});
}

TEST(EventRecordTest, UnknownClaim) {
  v1::Event e = ValidEvent();
  e.mutable_sources(0)->set_claims(0, "weather");
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()),
            Strings{"event.sources[0].claims[0]"});
}

TEST(EventRecordTest, SourceNeedsNameAndQuote) {
  v1::Event e = ValidEvent();
  e.mutable_sources(0)->set_source("");
  e.mutable_sources(1)->clear_quote();
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()),
            (Strings{"event.sources[0].source", "event.sources[1].quote"}));
}

TEST(EventRecordTest, BadExternalIds) {
  v1::Event e = ValidEvent();
  e.mutable_external_ids(0)->set_system("ACLED");
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()),
            Strings{"event.external_ids[0].system"});

  e = ValidEvent();
  e.mutable_external_ids(1)->set_system("acled");
  e.mutable_external_ids(1)->set_id("MLI33187");
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.external_ids[1]"});

  e = ValidEvent();
  e.mutable_external_ids(0)->clear_id();
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.external_ids[0].id"});
}

TEST(EventRecordTest, MissingTime) {
  v1::Event e = ValidEvent();
  e.clear_time();
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.time"});
}

TEST(EventRecordTest, TimeViolationsAreNestedUnderTime) {
  v1::Event e = ValidEvent();
  e.mutable_time()->mutable_start_time()->set_seconds(Seconds(Utc(2024, 9, 17)) + 3600);
  e.mutable_time()->set_time_zone("Mars/Base");
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.time.time_zone"});

  e.mutable_time()->set_time_zone("Africa/Bamako");
  EXPECT_EQ(Fields(EventRecordFromProto(e, "event").status()), Strings{"event.time.start_time"});
}

// --- ApplyEventUpdate -------------------------------------------------------------------------

v1::Event StoredEvent() {
  v1::Event e = ValidEvent();
  e.set_name("events/bamako-attack");
  e.mutable_create_time()->set_seconds(1726600000);
  e.mutable_update_time()->set_seconds(1726700000);
  e.set_etag("etag-1");
  return e;
}

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* p : paths) mask.add_paths(p);
  return mask;
}

void ExpectSameEvent(const v1::Event& actual, const v1::Event& expected) {
  std::string diff;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(differencer.Compare(expected, actual)) << diff;
}

TEST(ApplyEventUpdateTest, MaskChangesOnlyTheNamedFields) {
  v1::Event patch;
  patch.set_title("New title");
  patch.set_summary("Would change the summary, but the mask leaves it out");
  patch.mutable_fatalities()->set_low(1);
  absl::StatusOr<v1::Event> merged = ApplyEventUpdate(StoredEvent(), patch, Mask({"title"}));
  ASSERT_TRUE(merged.ok()) << merged.status();
  v1::Event expected = StoredEvent();
  expected.set_title("New title");
  ExpectSameEvent(*merged, expected);
}

TEST(ApplyEventUpdateTest, MaskedFieldMissingFromThePatchIsCleared) {
  v1::Event patch;
  absl::StatusOr<v1::Event> merged =
      ApplyEventUpdate(StoredEvent(), patch, Mask({"summary", "external_ids"}));
  ASSERT_TRUE(merged.ok()) << merged.status();
  v1::Event expected = StoredEvent();
  expected.clear_summary();
  expected.clear_external_ids();
  ExpectSameEvent(*merged, expected);
}

TEST(ApplyEventUpdateTest, EmptyMaskUpdatesTheFieldsSetInThePatch) {
  v1::Event patch;
  patch.set_name("events/ignored");  // not updatable, so not taken
  patch.set_etag("etag-from-client");
  patch.set_title("New title");
  patch.mutable_fatalities()->set_best(80);
  absl::StatusOr<v1::Event> merged =
      ApplyEventUpdate(StoredEvent(), patch, google::protobuf::FieldMask());
  ASSERT_TRUE(merged.ok()) << merged.status();
  v1::Event expected = StoredEvent();
  expected.set_title("New title");
  expected.clear_fatalities();
  expected.mutable_fatalities()->set_best(80);
  ExpectSameEvent(*merged, expected);
}

TEST(ApplyEventUpdateTest, StarReplacesEveryUpdatableField) {
  v1::Event patch;
  patch.set_title("Only a title");
  absl::StatusOr<v1::Event> merged = ApplyEventUpdate(StoredEvent(), patch, Mask({"*"}));
  ASSERT_TRUE(merged.ok()) << merged.status();
  v1::Event expected;
  expected.set_name("events/bamako-attack");
  expected.mutable_create_time()->set_seconds(1726600000);
  expected.mutable_update_time()->set_seconds(1726700000);
  expected.set_etag("etag-1");
  expected.set_title("Only a title");
  ExpectSameEvent(*merged, expected);
}

TEST(ApplyEventUpdateTest, UnknownOrOutputOnlyPaths) {
  for (const char* path :
       {"name", "create_time", "etag", "delete_time", "time.precision", "", "Title"}) {
    absl::StatusOr<v1::Event> merged = ApplyEventUpdate(StoredEvent(), v1::Event(), Mask({path}));
    EXPECT_EQ(merged.status().code(), absl::StatusCode::kInvalidArgument) << path;
    EXPECT_EQ(Fields(merged.status()), Strings{"update_mask.paths[0]"}) << path;
  }
  absl::StatusOr<v1::Event> merged =
      ApplyEventUpdate(StoredEvent(), v1::Event(), Mask({"title", "create_time", "name"}));
  EXPECT_EQ(Fields(merged.status()), (Strings{"update_mask.paths[1]", "update_mask.paths[2]"}));
}

TEST(ApplyEventUpdateTest, RepeatedFieldsAreReplacedNotAppended) {
  v1::Event patch;
  v1::EventActor* a = patch.add_actors();
  a->set_actor("actors/fama");
  a->set_role(v1::VICTIM);
  absl::StatusOr<v1::Event> merged = ApplyEventUpdate(StoredEvent(), patch, Mask({"actors"}));
  ASSERT_TRUE(merged.ok()) << merged.status();
  ASSERT_EQ(merged->actors_size(), 1);
  EXPECT_EQ(merged->actors(0).actor(), "actors/fama");
  EXPECT_EQ(merged->actors(0).role(), v1::VICTIM);
  EXPECT_EQ(merged->places_size(), 2);  // untouched
}

TEST(ApplyEventUpdateTest, MessageFieldsAreReplacedNotMerged) {
  v1::Event patch;
  patch.mutable_time()->set_precision(v1::PRECISION_UNKNOWN);
  patch.mutable_time()->set_text("recently");
  patch.mutable_fatalities()->set_high(90);
  absl::StatusOr<v1::Event> merged =
      ApplyEventUpdate(StoredEvent(), patch, Mask({"time", "fatalities"}));
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_FALSE(merged->time().has_start_time());
  EXPECT_EQ(merged->time().time_zone(), "");
  EXPECT_EQ(merged->time().precision(), v1::PRECISION_UNKNOWN);
  EXPECT_EQ(merged->time().text(), "recently");
  EXPECT_FALSE(merged->fatalities().has_low());
  EXPECT_FALSE(merged->fatalities().has_best());
  EXPECT_EQ(merged->fatalities().high(), 90);
}

}  // namespace
}  // namespace timeline::domain
