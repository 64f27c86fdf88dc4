// Actors, places and sources as written: names with match keys, codes, coordinates, URLs.
#include "domain/directory_records.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/validation.h"
#include "unit/domain/domain_testing.h"

namespace timeline::domain {
namespace {

using test_support::Fields;
using test_support::Seconds;
using test_support::Utc;
using Strings = std::vector<std::string>;

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
  EXPECT_EQ(r->kind, v1::PERSON);
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
  EXPECT_EQ(r->kind, v1::SETTLEMENT);
  EXPECT_EQ(r->parent_id, "ml");
  EXPECT_EQ(r->geonames_id, 2460596);
  ASSERT_TRUE(r->location.has_value());
  EXPECT_DOUBLE_EQ(r->location->latitude(), 12.65);
  EXPECT_DOUBLE_EQ(r->location->longitude(), -8.0);
  EXPECT_EQ(r->location_precision, v1::EXACT);
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
  EXPECT_EQ(r->location_precision, v1::LOCATION_PRECISION_UNSPECIFIED);

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

}  // namespace
}  // namespace timeline::domain
