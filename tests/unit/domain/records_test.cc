#include "domain/records.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "date/date.h"
#include "domain/validation.h"
#include "google/protobuf/util/message_differencer.h"

namespace timeline::domain {
namespace {

using google::protobuf::util::MessageDifferencer;
using Strings = std::vector<std::string>;

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& v : FieldViolationsOf(status)) out.push_back(v.field);
  return out;
}

Micros Utc(int y, unsigned mo, unsigned d) {
  return Micros{date::sys_days{date::year{y} / date::month{mo} / date::day{d}}};
}

int64_t Seconds(Micros t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

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
  EXPECT_EQ(r->actors[0].role, "initiator");
  EXPECT_EQ(r->actors[1].actor_id, "malian-army");
  EXPECT_EQ(r->actors[1].role, "target");
  EXPECT_EQ(r->actors[2].actor_id, "malian-army");
  EXPECT_EQ(r->actors[2].role, "speaker");

  ASSERT_EQ(r->places.size(), 2u);
  EXPECT_EQ(r->places[0].place_id, "bamako");
  EXPECT_EQ(r->places[0].role, "location");
  EXPECT_EQ(r->places[1].place_id, "faladie-gendarmerie-school");
  EXPECT_EQ(r->places[1].role, "target_site");

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

// --- ActorRecordFromProto ---------------------------------------------------------------------

v1::Actor ValidActor() {
  v1::Actor a;
  a.set_display_name("Assimi Goïta");
  a.set_kind(v1::PERSON);
  a.set_country_code("ML");
  a.set_wikidata_id("Q56276425");
  a.set_description("President of the transition of Mali since 2021");
  v1::ActorName* n = a.add_names();
  n->set_name("عاصيمي غويتا");
  n->set_language("ar");
  n = a.add_names();
  n->set_name("Ассими Гоита");
  n->set_language("ru");
  return a;
}

const NameRecord* FindName(const std::vector<NameRecord>& names, const std::string& name) {
  for (const NameRecord& n : names) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

TEST(ActorRecordTest, DisplayNameIsAddedToNamesWithAMatchKey) {
  absl::StatusOr<ActorRecord> r = ActorRecordFromProto(ValidActor(), "actor");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->display_name, "Assimi Goïta");
  EXPECT_EQ(r->kind, "person");
  EXPECT_EQ(r->country_code, "ML");
  EXPECT_EQ(r->wikidata_id, "Q56276425");
  ASSERT_EQ(r->names.size(), 3u);
  const NameRecord* display = FindName(r->names, "Assimi Goïta");
  ASSERT_NE(display, nullptr);
  EXPECT_EQ(display->match_key, "assimi goita");
  EXPECT_EQ(display->language, "");
  const NameRecord* arabic = FindName(r->names, "عاصيمي غويتا");
  ASSERT_NE(arabic, nullptr);
  EXPECT_EQ(arabic->language, "ar");
  EXPECT_FALSE(arabic->match_key.empty());
  const NameRecord* russian = FindName(r->names, "Ассими Гоита");
  ASSERT_NE(russian, nullptr);
  EXPECT_EQ(russian->match_key, "ассими гоита");
}

TEST(ActorRecordTest, ListedDisplayNameIsNotAddedTwice) {
  v1::Actor a = ValidActor();
  v1::ActorName* n = a.add_names();
  n->set_name("Assimi Goïta");
  n->set_language("fr");
  absl::StatusOr<ActorRecord> r = ActorRecordFromProto(a, "actor");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->names.size(), 3u);
  EXPECT_EQ(FindName(r->names, "Assimi Goïta")->language, "fr");
}

TEST(ActorRecordTest, DuplicateNamesAreDropped) {
  v1::Actor a = ValidActor();
  *a.add_names() = a.names(0);
  *a.add_names() = a.names(1);
  absl::StatusOr<ActorRecord> r = ActorRecordFromProto(a, "actor");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->names.size(), 3u);

  // The same spelling in another language is another name.
  v1::ActorName* n = a.add_names();
  n->set_name("عاصيمي غويتا");
  n->set_language("ar-Latn");
  r = ActorRecordFromProto(a, "actor");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->names.size(), 4u);
}

TEST(ActorRecordTest, BadCountryCode) {
  for (const char* code : {"ml", "MLI", "M", "Ml", "M1"}) {
    v1::Actor a = ValidActor();
    a.set_country_code(code);
    EXPECT_EQ(Fields(ActorRecordFromProto(a, "actor").status()), Strings{"actor.country_code"})
        << code;
  }
  v1::Actor a = ValidActor();
  a.clear_country_code();
  EXPECT_TRUE(ActorRecordFromProto(a, "actor").ok());
}

TEST(ActorRecordTest, BadWikidataId) {
  for (const char* id : {"X1", "Q", "Q0", "q42", "Q42a", "P31"}) {
    v1::Actor a = ValidActor();
    a.set_wikidata_id(id);
    EXPECT_EQ(Fields(ActorRecordFromProto(a, "actor").status()), Strings{"actor.wikidata_id"})
        << id;
  }
}

TEST(ActorRecordTest, MissingKindAndDisplayName) {
  v1::Actor a = ValidActor();
  a.clear_kind();
  EXPECT_EQ(Fields(ActorRecordFromProto(a, "actor").status()), Strings{"actor.kind"});
  a.set_kind(static_cast<v1::ActorKind>(42));
  EXPECT_EQ(Fields(ActorRecordFromProto(a, "actor").status()), Strings{"actor.kind"});

  a = ValidActor();
  a.clear_display_name();
  EXPECT_EQ(Fields(ActorRecordFromProto(a, "actor").status()), Strings{"actor.display_name"});
}

TEST(ActorRecordTest, DisplayNameWithoutLettersIsReportedOnDisplayName) {
  v1::Actor a = ValidActor();
  a.set_display_name("!!!");
  EXPECT_EQ(Fields(ActorRecordFromProto(a, "actor").status()), Strings{"actor.display_name"});
  a.set_display_name(std::string(501, 'x'));
  EXPECT_EQ(Fields(ActorRecordFromProto(a, "actor").status()), Strings{"actor.display_name"});
}

TEST(ActorRecordTest, BadNames) {
  v1::Actor a = ValidActor();
  a.mutable_names(0)->set_language("english!");
  a.mutable_names(1)->set_name("");
  EXPECT_EQ(Fields(ActorRecordFromProto(a, "actor").status()),
            (Strings{"actor.names[0].language", "actor.names[1].name"}));
}

// --- PlaceRecordFromProto ---------------------------------------------------------------------

v1::Place ValidPlace() {
  v1::Place p;
  p.set_display_name("Bamako");
  p.set_kind(v1::SETTLEMENT);
  p.set_parent("places/ml");
  p.set_country_code("ML");
  p.set_geonames_id(2460596);
  p.mutable_location()->set_latitude(12.65);
  p.mutable_location()->set_longitude(-8.0);
  p.set_location_precision(v1::EXACT);
  p.set_time_zone("Africa/Bamako");
  v1::PlaceName* n = p.add_names();
  n->set_name("باماكو");
  n->set_language("ar");
  return p;
}

TEST(PlaceRecordTest, ValidPlaceConverts) {
  absl::StatusOr<PlaceRecord> r = PlaceRecordFromProto(ValidPlace(), "place");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->kind, "settlement");
  EXPECT_EQ(r->parent_id, "ml");
  EXPECT_EQ(r->geonames_id, 2460596);
  ASSERT_TRUE(r->location.has_value());
  EXPECT_DOUBLE_EQ(r->location->latitude(), 12.65);
  EXPECT_DOUBLE_EQ(r->location->longitude(), -8.0);
  EXPECT_EQ(r->location_precision, "exact");
  EXPECT_EQ(r->time_zone, "Africa/Bamako");
  ASSERT_EQ(r->names.size(), 2u);
  EXPECT_EQ(FindName(r->names, "Bamako")->match_key, "bamako");
}

TEST(PlaceRecordTest, NoLocation) {
  v1::Place p = ValidPlace();
  p.clear_location();
  p.clear_location_precision();
  absl::StatusOr<PlaceRecord> r = PlaceRecordFromProto(p, "place");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->location.has_value());
  EXPECT_EQ(r->location_precision, "");

  p.set_location_precision(v1::REGION_CENTROID);
  EXPECT_EQ(Fields(PlaceRecordFromProto(p, "place").status()), Strings{"place.location_precision"});
}

TEST(PlaceRecordTest, LocationWithoutPrecision) {
  v1::Place p = ValidPlace();
  p.clear_location_precision();
  EXPECT_EQ(Fields(PlaceRecordFromProto(p, "place").status()), Strings{"place.location_precision"});
}

TEST(PlaceRecordTest, CoordinatesOutOfRange) {
  v1::Place p = ValidPlace();
  p.mutable_location()->set_latitude(91);
  EXPECT_EQ(Fields(PlaceRecordFromProto(p, "place").status()), Strings{"place.location.latitude"});

  p = ValidPlace();
  p.mutable_location()->set_longitude(-180.5);
  EXPECT_EQ(Fields(PlaceRecordFromProto(p, "place").status()), Strings{"place.location.longitude"});

  p = ValidPlace();
  p.mutable_location()->set_latitude(std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(Fields(PlaceRecordFromProto(p, "place").status()), Strings{"place.location.latitude"});

  p = ValidPlace();
  p.mutable_location()->set_latitude(-90);
  p.mutable_location()->set_longitude(180);
  EXPECT_TRUE(PlaceRecordFromProto(p, "place").ok());
}

TEST(PlaceRecordTest, CountryWithParent) {
  v1::Place p = ValidPlace();
  p.set_kind(v1::COUNTRY);
  p.set_parent("places/africa");
  EXPECT_EQ(Fields(PlaceRecordFromProto(p, "place").status()), Strings{"place.parent"});
  p.clear_parent();
  EXPECT_TRUE(PlaceRecordFromProto(p, "place").ok());
}

TEST(PlaceRecordTest, BadParentAndGeonamesId) {
  v1::Place p = ValidPlace();
  p.set_parent("actors/ml");
  p.set_geonames_id(-1);
  EXPECT_EQ(Fields(PlaceRecordFromProto(p, "place").status()),
            (Strings{"place.parent", "place.geonames_id"}));
}

TEST(PlaceRecordTest, BadTimeZone) {
  v1::Place p = ValidPlace();
  p.set_time_zone("Mars/Base");
  EXPECT_EQ(Fields(PlaceRecordFromProto(p, "place").status()), Strings{"place.time_zone"});
  p.clear_time_zone();
  absl::StatusOr<PlaceRecord> r = PlaceRecordFromProto(p, "place");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->time_zone, "");
}

// --- SourceRecordFromProto --------------------------------------------------------------------

TEST(SourceRecordTest, ValidSource) {
  v1::Source s;
  s.set_url("https://www.eremnews.com/news/arab-world/1234");
  s.set_publisher("إرم نيوز (Erem News)");
  s.set_language("ar");
  s.mutable_published_time()->set_seconds(Seconds(Utc(2024, 9, 18)));
  s.mutable_published_time()->set_nanos(999'999'999);
  s.set_title("هجوم على مدرسة الدرك");
  absl::StatusOr<SourceRecord> r = SourceRecordFromProto(s, "source");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->url, "https://www.eremnews.com/news/arab-world/1234");
  ASSERT_TRUE(r->published_time.has_value());
  EXPECT_EQ(*r->published_time, Utc(2024, 9, 18) + std::chrono::microseconds{999'999});
  EXPECT_EQ(r->title, "هجوم على مدرسة الدرك");
}

TEST(SourceRecordTest, UrlMustBeHttp) {
  for (const char* url : {"ftp://x", "x", "https://", "http:// spaces.org", "javascript:1"}) {
    v1::Source s;
    s.set_url(url);
    s.set_publisher("Someone");
    EXPECT_EQ(Fields(SourceRecordFromProto(s, "source").status()), Strings{"source.url"}) << url;
  }
  v1::Source s;
  s.set_url("HTTP://EXAMPLE.ORG/a?b=c#d");
  EXPECT_TRUE(SourceRecordFromProto(s, "source").ok());
}

TEST(SourceRecordTest, PublisherOrUrlIsRequired) {
  v1::Source s;
  s.set_title("An article");
  EXPECT_EQ(Fields(SourceRecordFromProto(s, "source").status()), Strings{"source.publisher"});

  s.set_publisher("Studio Tamani");
  EXPECT_TRUE(SourceRecordFromProto(s, "source").ok());

  s.clear_publisher();
  s.set_url("https://www.studiotamani.org/123");
  EXPECT_TRUE(SourceRecordFromProto(s, "source").ok());
}

TEST(SourceRecordTest, BadLanguageAndTime) {
  v1::Source s;
  s.set_publisher("Studio Tamani");
  s.set_language("french");
  s.mutable_published_time()->set_seconds(253402300800);
  EXPECT_EQ(Fields(SourceRecordFromProto(s, "source").status()),
            (Strings{"source.language", "source.published_time"}));
}

// --- EventQueryFromRequest --------------------------------------------------------------------

class EventQueryTest : public testing::Test {
 protected:
  absl::StatusOr<EventQuery> Query(const v1::ListEventsRequest& request) {
    return EventQueryFromRequest(request, codec_);
  }
  PageTokenCodec codec_{"test-secret"};
};

TEST_F(EventQueryTest, Defaults) {
  absl::StatusOr<EventQuery> q = Query(v1::ListEventsRequest());
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->page_size, 50);
  EXPECT_FALSE(q->order.descending);
  EXPECT_EQ(q->order.key, EventOrderKey::kStartTime);
  EXPECT_FALSE(q->selection.show_deleted);
  EXPECT_FALSE(q->selection.time_range.has_value());
  EXPECT_FALSE(q->after.has_value());
  EXPECT_EQ(q->fingerprint, RequestFingerprint(v1::ListEventsRequest()));
}

TEST_F(EventQueryTest, PageSize) {
  v1::ListEventsRequest r;
  r.set_page_size(-1);
  EXPECT_EQ(Fields(Query(r).status()), Strings{"page_size"});
  struct Case {
    int32_t requested, expected;
  };
  for (const Case& c : {Case{0, 50}, Case{1, 1}, Case{7, 7}, Case{1000, 1000}, Case{1001, 1000},
                        Case{5000, 1000}}) {
    r.set_page_size(c.requested);
    absl::StatusOr<EventQuery> q = Query(r);
    ASSERT_TRUE(q.ok()) << q.status();
    EXPECT_EQ(q->page_size, c.expected) << c.requested;
  }
}

TEST_F(EventQueryTest, OrderBy) {
  struct Case {
    const char* order_by;
    bool descending;
  };
  for (const Case& c : {Case{"", false}, Case{"start_time", false}, Case{"start_time asc", false},
                        Case{"start_time desc", true}, Case{"  start_time   desc ", true}}) {
    v1::ListEventsRequest r;
    r.set_order_by(c.order_by);
    absl::StatusOr<EventQuery> q = Query(r);
    ASSERT_TRUE(q.ok()) << q.status() << " order_by: " << c.order_by;
    EXPECT_EQ(q->order.descending, c.descending) << c.order_by;
  }
  struct KeyCase {
    const char* order_by;
    EventOrderKey key;
    bool descending;
  };
  for (const KeyCase& c : {KeyCase{"fatalities.best", EventOrderKey::kFatalitiesBest, false},
                           KeyCase{"fatalities.best desc", EventOrderKey::kFatalitiesBest, true},
                           KeyCase{"update_time asc", EventOrderKey::kUpdateTime, false},
                           KeyCase{"update_time desc", EventOrderKey::kUpdateTime, true},
                           KeyCase{"start_time desc", EventOrderKey::kStartTime, true}}) {
    v1::ListEventsRequest r;
    r.set_order_by(c.order_by);
    absl::StatusOr<EventQuery> q = Query(r);
    ASSERT_TRUE(q.ok()) << q.status() << " order_by: " << c.order_by;
    EXPECT_EQ(q->order.key, c.key) << c.order_by;
    EXPECT_EQ(q->order.descending, c.descending) << c.order_by;
  }
  for (const char* bad :
       {"title", "start_time up", "start_time desc title", "desc", "start_time,title", "fatalities",
        "fatalities.low desc", "update_time DESC", "create_time"}) {
    v1::ListEventsRequest r;
    r.set_order_by(bad);
    EXPECT_EQ(Fields(Query(r).status()), Strings{"order_by"}) << bad;
  }
}

TEST_F(EventQueryTest, FilterIsParsedIntoTheSelection) {
  v1::ListEventsRequest r;
  EXPECT_FALSE(Query(r)->selection.filter.has_value());
  r.set_filter(R"(event_type = attack -actor = "actors/jnim")");
  absl::StatusOr<EventQuery> q = Query(r);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_TRUE(q->selection.filter.has_value());
  EXPECT_EQ(FilterToString(*q->selection.filter),
            R"(AND(event_type = "attack", NOT(actor = "jnim")))");

  r.set_filter("event_type = massacre");
  r.add_event_types("massacre");
  absl::Status status = Query(r).status();
  EXPECT_EQ(Fields(status), (Strings{"event_types[0]", "filter"}));
  EXPECT_NE(status.message().find("filter: column 14: "), std::string::npos) << status;
}

TEST_F(EventQueryTest, Selectors) {
  v1::ListEventsRequest r;
  r.add_actors("actors/jnim");
  r.add_actors("actors/fama");
  r.add_places("places/ml");
  r.add_event_types("attack");
  r.add_event_types("air_drone_strike");
  r.mutable_time_range()->mutable_start_time()->set_seconds(Seconds(Utc(2024, 1, 1)));
  r.mutable_time_range()->set_match(v1::TimeRange::WITHIN);
  r.set_show_deleted(true);
  absl::StatusOr<EventQuery> q = Query(r);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->selection.actor_ids, (Strings{"jnim", "fama"}));
  EXPECT_EQ(q->selection.place_ids, Strings{"ml"});
  EXPECT_EQ(q->selection.event_types, (Strings{"attack", "air_drone_strike"}));
  ASSERT_TRUE(q->selection.time_range.has_value());
  EXPECT_EQ(q->selection.time_range->start, Utc(2024, 1, 1));
  EXPECT_FALSE(q->selection.time_range->end.has_value());
  EXPECT_TRUE(q->selection.time_range->within);
  EXPECT_TRUE(q->selection.show_deleted);
}

TEST_F(EventQueryTest, BadSelectors) {
  v1::ListEventsRequest r;
  r.add_actors("actor/x");
  r.add_places("places/ml");
  r.add_places("places/");
  r.add_event_types("attack");
  r.add_event_types("Attack");
  EXPECT_EQ(Fields(Query(r).status()), (Strings{"actors[0]", "places[1]", "event_types[1]"}));
}

TEST_F(EventQueryTest, UnknownEventType) {
  v1::ListEventsRequest r;
  r.add_event_types("bombing");
  EXPECT_EQ(Fields(Query(r).status()), Strings{"event_types[0]"});
}

TEST_F(EventQueryTest, TooManyActors) {
  v1::ListEventsRequest r;
  for (int i = 0; i < 100; ++i) r.add_actors("actors/a" + std::to_string(i));
  absl::StatusOr<EventQuery> q = Query(r);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->selection.actor_ids.size(), 100u);

  r.add_actors("actors/one-too-many");
  EXPECT_EQ(Fields(Query(r).status()), Strings{"actors"});
}

TEST_F(EventQueryTest, BadTimeRange) {
  v1::ListEventsRequest r;
  r.mutable_time_range()->mutable_start_time()->set_seconds(Seconds(Utc(2024, 2, 1)));
  r.mutable_time_range()->mutable_end_time()->set_seconds(Seconds(Utc(2024, 1, 1)));
  EXPECT_EQ(Fields(Query(r).status()), Strings{"time_range.end_time"});
}

TEST_F(EventQueryTest, PageTokenOfTheSameRequestResumes) {
  v1::ListEventsRequest r;
  r.add_actors("actors/jnim");
  r.set_page_size(10);
  PageCursor cursor;
  cursor.fingerprint = RequestFingerprint(r);
  cursor.sort_key = "2024-09-17 00:00:00+00";
  cursor.last_id = 1234;
  r.set_page_token(codec_.Encode(cursor));
  r.set_page_size(20);  // page_size may change between pages
  absl::StatusOr<EventQuery> q = Query(r);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_TRUE(q->after.has_value());
  EXPECT_EQ(q->after->sort_key, "2024-09-17 00:00:00+00");
  EXPECT_EQ(q->after->last_id, 1234);
  EXPECT_EQ(q->page_size, 20);
}

TEST_F(EventQueryTest, PageTokenOfAnotherRequestIsRejected) {
  v1::ListEventsRequest first;
  first.add_actors("actors/jnim");
  PageCursor cursor;
  cursor.fingerprint = RequestFingerprint(first);
  cursor.last_id = 1234;

  v1::ListEventsRequest second;
  second.add_actors("actors/fama");
  second.set_page_token(codec_.Encode(cursor));
  EXPECT_EQ(Fields(Query(second).status()), Strings{"page_token"});

  second.set_page_token("garbage");
  EXPECT_EQ(Fields(Query(second).status()), Strings{"page_token"});
}

// --- Name queries -----------------------------------------------------------------------------

TEST(NameQueryTest, ActorQueryMatchKey) {
  PageTokenCodec codec("s");
  v1::ListActorsRequest r;
  r.set_query("  GOÏTA ");
  absl::StatusOr<NameQuery> q = ActorQueryFromRequest(r, codec);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->match_key, "goita");
  EXPECT_EQ(q->page_size, 50);

  r.set_query("!!!");
  EXPECT_EQ(Fields(ActorQueryFromRequest(r, codec).status()), Strings{"query"});
  r.set_query(std::string(501, 'a'));
  EXPECT_EQ(Fields(ActorQueryFromRequest(r, codec).status()), Strings{"query"});
}

TEST(NameQueryTest, PlaceQueryParent) {
  PageTokenCodec codec("s");
  v1::ListPlacesRequest r;
  r.set_parent("places/ml");
  absl::StatusOr<NameQuery> q = PlaceQueryFromRequest(r, codec);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->parent_id, "ml");
  EXPECT_EQ(q->match_key, "");

  r.set_parent("ml");
  EXPECT_EQ(Fields(PlaceQueryFromRequest(r, codec).status()), Strings{"parent"});
}

TEST(NameQueryTest, SourceQueryPageSize) {
  PageTokenCodec codec("s");
  v1::ListSourcesRequest r;
  r.set_page_size(2000);
  absl::StatusOr<NameQuery> q = SourceQueryFromRequest(r, codec);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->page_size, 1000);
  r.set_page_size(-5);
  EXPECT_EQ(Fields(SourceQueryFromRequest(r, codec).status()), Strings{"page_size"});
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

// --- Enum <-> database text -------------------------------------------------------------------

TEST(EnumDbTest, RoundTrip) {
  EXPECT_EQ(EnumToDb(v1::ActorRole_descriptor(), v1::INITIATOR), "initiator");
  EXPECT_EQ(EnumToDb(v1::PlaceRole_descriptor(), v1::TARGET_SITE), "target_site");
  EXPECT_EQ(EnumToDb(v1::ActorKind_descriptor(), v1::ARMED_GROUP), "armed_group");
  EXPECT_EQ(EnumToDb(v1::ActorRole_descriptor(), 99), "");
  EXPECT_EQ(EnumFromDb(v1::PlaceKind_descriptor(), "admin_region"), v1::ADMIN_REGION);
  EXPECT_EQ(EnumFromDb(v1::ActorRole_descriptor(), "nobody"), 0);
  for (const auto* d :
       {v1::ActorRole_descriptor(), v1::PlaceRole_descriptor(), v1::ActorKind_descriptor(),
        v1::PlaceKind_descriptor(), v1::LocationPrecision_descriptor()}) {
    for (int i = 0; i < d->value_count(); ++i) {
      int number = d->value(i)->number();
      EXPECT_EQ(EnumFromDb(d, EnumToDb(d, number)), number) << d->full_name() << " " << number;
    }
  }
}

}  // namespace
}  // namespace timeline::domain
