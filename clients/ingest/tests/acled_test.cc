// The ACLED reader: current and pre-2019 layouts, on sample files.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "formats/readers.h"
#include "formats/record_reader.h"
#include "formats_testing.h"

namespace timeline::ingest {
namespace {

using namespace ::timeline::ingest::testing;  // NOLINT: the readers' test helpers
using Kind = ReadItem::Kind;

TEST(AcledTest, EventTypes) {
  const std::vector<std::tuple<const char*, const char*, const char*>> cases = {
      {"Explosions/Remote violence", "Air/drone strike", "air_drone_strike"},
      {"Battles", "Armed clash", "armed_clash"},
      {"Violence against civilians", "Attack", "attack"},
      {"Explosions/Remote violence", "Shelling/artillery/missile attack", "explosion"},
      {"Explosions/Remote violence", "Remote explosive/landmine/IED", "explosion"},
      {"Explosions/Remote violence", "Suicide bomb", "explosion"},
      {"Explosions/Remote violence", "Grenade", "explosion"},
      {"Battles", "Government regains territory", "territory_change"},
      {"Battles", "Non-state actor overtakes territory", "territory_change"},
      {"Strategic developments", "Non-violent transfer of territory", "territory_change"},
      {"Violence against civilians", "Abduction/forced disappearance",
       "violence_against_civilians"},
      {"Violence against civilians", "Sexual violence", "violence_against_civilians"},
      {"Protests", "Peaceful protest", "protest"},
      {"Protests", "Excessive force against protesters", "protest"},
      {"Riots", "Mob violence", "riot"},
      {"Riots", "Violent demonstration", "riot"},
      {"Strategic developments", "Agreement", "agreement"},
      {"Strategic developments", "Arrests", "arrest"},
      {"Strategic developments", "Looting/property destruction", "other"},
      {"Strategic developments", "Headquarters or base established", "other"},
      // Pre-2019 event types, without sub-event types.
      {"Battle-No change of territory", "", "armed_clash"},
      {"Battle-Government regains territory", "", "territory_change"},
      {"Battle-Non-state actor overtakes territory", "", "territory_change"},
      {"Non-violent transfer of territory", "", "territory_change"},
      {"Remote violence", "", "explosion"},
      {"Riots/Protests", "", "protest"},
      {"Strategic development", "", "other"},
      {"Violence against civilians", "", "violence_against_civilians"},
      {"Headquarters or base established", "", "other"},
      {"SOMETHING NEW", "", "other"},
      {"battles", "ARMED CLASH", "armed_clash"},
  };
  for (const auto& [type, sub, want] : cases) {
    EXPECT_EQ(AcledEventType(type, sub), want) << type << " / " << sub;
  }
}

TEST(AcledTest, ActorKinds) {
  EXPECT_EQ(AcledActorKind("1"), v1::MILITARY);
  EXPECT_EQ(AcledActorKind("2"), v1::ARMED_GROUP);
  EXPECT_EQ(AcledActorKind("3"), v1::ARMED_GROUP);
  EXPECT_EQ(AcledActorKind("4"), v1::ARMED_GROUP);
  EXPECT_EQ(AcledActorKind("5"), v1::ORGANIZATION);
  EXPECT_EQ(AcledActorKind("6"), v1::ORGANIZATION);
  EXPECT_EQ(AcledActorKind("7"), v1::ORGANIZATION);
  EXPECT_EQ(AcledActorKind("8"), v1::MILITARY);
  EXPECT_EQ(AcledActorKind("0"), v1::ACTOR_KIND_UNSPECIFIED);
  EXPECT_EQ(AcledActorKind(""), v1::ACTOR_KIND_UNSPECIFIED);
  EXPECT_EQ(AcledActorKind("State forces"), v1::MILITARY);
  EXPECT_EQ(AcledActorKind("Rebel group"), v1::ARMED_GROUP);
  EXPECT_EQ(AcledActorKind("Political militia"), v1::ARMED_GROUP);
  EXPECT_EQ(AcledActorKind("Identity militia"), v1::ARMED_GROUP);
  EXPECT_EQ(AcledActorKind("Rioters"), v1::ORGANIZATION);
  EXPECT_EQ(AcledActorKind("Protesters"), v1::ORGANIZATION);
  EXPECT_EQ(AcledActorKind("Civilians"), v1::ORGANIZATION);
  EXPECT_EQ(AcledActorKind("External/Other forces"), v1::MILITARY);
}

TEST(AcledTest, CurrentLayoutSampleFile) {
  const std::vector<ReadItem> items = ReadFile(Format::kAcled, "acled-2024.csv");
  EXPECT_EQ(Lines(items, Kind::kEvent), (std::vector<int64_t>{2, 3, 5, 10}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{6, 7, 8, 9}));

  EXPECT_TRUE(SameMessage(
      FromText<v1::IngestRecord>(R"pb(
        external_id { system: "acled" id: "MLI32001" }
        title: "Air/drone strike in Tinzaouaten by Military Forces of Mali (2021-)"
        summary: "On 25 August 2024, a drone strike by the Malian armed forces hit a pharmacy in Tinzaouaten (Tessalit, Kidal), killing 21 civilians, including 11 children.\n\nReported by: Reuters; Radio France Internationale (source scale: International)."
        event_type: "air_drone_strike"
        date { text: "2024-08-25" }
        actors {
          name: "Military Forces of Mali (2021-)"
          kind: MILITARY
          country_code: "ML"
          role: INITIATOR
        }
        actors { name: "Wagner Group" role: ASSOCIATED }
        actors { name: "Civilians (Mali)" kind: ORGANIZATION country_code: "ML" role: VICTIM }
        places {
          name: "Tinzaouaten"
          country_code: "ML"
          admin_names: [ "Kidal", "Tessalit" ]
          location { latitude: 19.9571 longitude: 1.9386 }
          location_precision: EXACT
          role: LOCATION
        }
        source {
          url: "https://acleddata.com/"
          publisher: "ACLED"
          title: "ACLED event data"
          quote: "On 25 August 2024, a drone strike by the Malian armed forces hit a pharmacy in Tinzaouaten (Tessalit, Kidal), killing 21 civilians, including 11 children."
          claims: [ "event_type", "time", "actors", "places", "fatalities" ]
        }
        fatalities { best: 21 }
      )pb"),
      AtLine(items, 2).event));

  // Lines 3-4: a quoted note with "" and a newline; a written date at week precision; the
  // textual inter codes of newer exports; a "; "-separated list of associated actors.
  const v1::IngestRecord& clash = AtLine(items, 3).event;
  EXPECT_EQ(clash.title(), "Armed clash in Bamako by JNIM: Group for Support of Islam and Muslims");
  EXPECT_EQ(clash.event_type(), "armed_clash");
  EXPECT_EQ(clash.date().text(), "2024-W38");
  EXPECT_EQ(clash.date().time_zone(), "");
  EXPECT_EQ(clash.summary(),
            "On 17 September 2024, JNIM attacked the gendarmerie school (\"Ecole de gendarmerie\") "
            "in Faladie, Bamako.\nThe attack also targeted the military airport.\n\nReported by: "
            "Al Jazeera; Le Monde (source scale: International-Regional).");
  EXPECT_TRUE(SameMessage(
      FromText<v1::IngestRecord>(R"pb(
        actors {
          name: "JNIM: Group for Support of Islam and Muslims"
          kind: ARMED_GROUP
          role: INITIATOR
        }
        actors {
          name: "Military Forces of Mali (2021-)"
          kind: MILITARY
          country_code: "ML"
          role: TARGET
        }
        actors { name: "Wagner Group" role: ASSOCIATED }
        actors { name: "Dozo Communal Militia (Mali)" country_code: "ML" role: ASSOCIATED }
      )pb"),
      [&] {
        v1::IngestRecord only_actors;
        *only_actors.mutable_actors() = clash.actors();
        return only_actors;
      }()));
  EXPECT_EQ(clash.fatalities().best(), 77);
  // admin1 "Bamako", admin2 "Bamako": one division.
  EXPECT_EQ(clash.places(0).admin_names_size(), 1);

  // Line 5: month precision, coded on the 15th by ACLED: the month, not the day.
  const v1::IngestRecord& protest = AtLine(items, 5).event;
  EXPECT_EQ(protest.date().text(), "2024-09");
  EXPECT_EQ(protest.event_type(), "protest");
  EXPECT_EQ(protest.places(0).country_code(), "BF");
  EXPECT_EQ(protest.places(0).admin_names_size(), 3);
  EXPECT_EQ(protest.places(0).location_precision(), v1::REGION_CENTROID);
  EXPECT_EQ(protest.fatalities().best(), 0);
  EXPECT_TRUE(protest.fatalities().has_best());
  EXPECT_EQ(protest.actors_size(), 1);

  EXPECT_EQ(AtLine(items, 6).error,
            "event_date: \"2024-13-45\" is not a date (2024-09-17, 17 September 2024 or "
            "17/09/2024)");
  EXPECT_TRUE(absl::StrContains(AtLine(items, 7).error, "latitude: \"north\" is not a latitude"))
      << AtLine(items, 7).error;
  EXPECT_TRUE(absl::StrContains(AtLine(items, 7).error, "fatalities: \"many\" is not a number"))
      << AtLine(items, 7).error;
  EXPECT_EQ(AtLine(items, 8).error, "event_id_cnty: is empty");
  EXPECT_EQ(AtLine(items, 9).error, "has 6 fields, the header has 31");

  // Line 10: no iso code, the country by name; dd/mm/yyyy; countries of actors from their names;
  // no fatalities column value.
  const v1::IngestRecord& arrest = AtLine(items, 10).event;
  EXPECT_EQ(arrest.event_type(), "arrest");
  EXPECT_EQ(arrest.date().text(), "2024-09-22");
  EXPECT_EQ(arrest.places(0).country_code(), "CI");
  EXPECT_EQ(arrest.places(0).name(), "Abidjan - Plateau");
  EXPECT_EQ(std::vector<std::string>(arrest.places(0).admin_names().begin(),
                                     arrest.places(0).admin_names().end()),
            (std::vector<std::string>{"Abidjan", "Plateau"}));
  ASSERT_EQ(arrest.actors_size(), 4);
  EXPECT_EQ(arrest.actors(0).country_code(), "CI");
  EXPECT_EQ(arrest.actors(1).name(), "Gendarmerie of Ivory Coast (2011-)");
  EXPECT_EQ(arrest.actors(2).name(), "Customs Service of Ivory Coast");
  EXPECT_EQ(arrest.actors(2).role(), v1::ASSOCIATED);
  EXPECT_EQ(arrest.actors(3).kind(), v1::MILITARY);  // External/Other forces
  EXPECT_FALSE(arrest.has_fatalities());
  EXPECT_EQ(
      std::vector<std::string>(arrest.source().claims().begin(), arrest.source().claims().end()),
      (std::vector<std::string>{"event_type", "time", "actors", "places"}));  // no fatalities
  EXPECT_EQ(arrest.summary(),
            "On 22 September 2024, police arrested three men in Abidjan.\n\nReported by: "
            "Fraternite Matin (source scale: National).");
}

TEST(AcledTest, Pre2019UpperCaseLayout) {
  // Upper-case header, ALLY_ACTOR_*, dd/mm/yyyy, a byte-order mark and CRLF line ends.
  const std::vector<ReadItem> items = ReadFile(Format::kAcled, "acled-2018-uppercase.csv");
  EXPECT_EQ(Lines(items, Kind::kEvent), (std::vector<int64_t>{2, 3, 5, 6}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{4}));
  EXPECT_EQ(AtLine(items, 4).error,
            "EVENT_DATE: \"31/02/2012\" is not a date (2024-09-17, 17 September 2024 or "
            "17/09/2024)");

  EXPECT_TRUE(SameMessage(
      FromText<v1::IngestRecord>(R"pb(
        external_id { system: "acled" id: "MLI1234" }
        title: "Battle-No change of territory in Tessalit by MNLA: National Movement for the Liberation of Azawad"
        summary: "Clashes between the MNLA and the Malian army in Tessalit.\n\nReported by: AFP."
        event_type: "armed_clash"
        date { text: "2013-09-17" }
        actors {
          name: "MNLA: National Movement for the Liberation of Azawad"
          kind: ARMED_GROUP
          role: INITIATOR
        }
        actors {
          name: "Military Forces of Mali (2013-)"
          kind: MILITARY
          country_code: "ML"
          role: TARGET
        }
        places {
          name: "Tessalit"
          country_code: "ML"
          admin_names: [ "Kidal", "Tessalit" ]
          location { latitude: 20.2011 longitude: 1.0111 }
          location_precision: EXACT
          role: LOCATION
        }
        source {
          url: "https://acleddata.com/"
          publisher: "ACLED"
          title: "ACLED event data"
          quote: "Clashes between the MNLA and the Malian army in Tessalit."
          claims: [ "event_type", "time", "actors", "places", "fatalities" ]
        }
        fatalities { best: 3 }
      )pb"),
      AtLine(items, 2).event));

  EXPECT_EQ(AtLine(items, 3).event.event_type(), "explosion");
  EXPECT_EQ(AtLine(items, 3).event.date().text(), "2012-01");
  EXPECT_EQ(AtLine(items, 3).event.places(0).location_precision(), v1::REGION_CENTROID);
  // INTER2 7: civilians are the victims.
  ASSERT_EQ(AtLine(items, 3).event.actors_size(), 2);
  EXPECT_EQ(AtLine(items, 3).event.actors(1).role(), v1::VICTIM);
  EXPECT_EQ(AtLine(items, 5).event.actors(1).role(), v1::TARGET);
  EXPECT_EQ(AtLine(items, 5).event.event_type(), "territory_change");
  EXPECT_EQ(AtLine(items, 6).event.event_type(), "other");
  EXPECT_EQ(AtLine(items, 6).event.actors_size(), 1);
  EXPECT_FALSE(AtLine(items, 6).event.has_fatalities());
}

TEST(AcledTest, ColumnsByNameInAnyOrderWithExtras) {
  const std::vector<ReadItem> items = ReadText(Format::kAcled,
                                               "notes,extra,Event_Type,EVENT_ID_CNTY,location,"
                                               "event_date,ally_actor_1\n"
                                               "\"A note, with a comma\",x,Riots,NER1,Niamey,"
                                               "2024-01-02,A; B\n");
  ASSERT_EQ(items.size(), 1u);
  ASSERT_EQ(items[0].kind, Kind::kEvent) << items[0].error;
  const v1::IngestRecord& r = items[0].event;
  EXPECT_EQ(r.external_id().id(), "NER1");
  EXPECT_EQ(r.title(), "Riots in Niamey");
  EXPECT_EQ(r.event_type(), "riot");
  EXPECT_EQ(r.summary(), "A note, with a comma");
  EXPECT_EQ(r.date().text(), "2024-01-02");  // no time_precision column: the day
  ASSERT_EQ(r.actors_size(), 2);
  EXPECT_EQ(r.actors(1).name(), "B");
}

TEST(AcledTest, ReportedByEndsTheSummary) {
  const std::vector<ReadItem> items = ReadText(Format::kAcled,
                                               "event_id_cnty,event_date,event_type,actor1,"
                                               "actor2,inter2,source,source_scale,notes\n"
                                               "A1,2024-01-02,Riots,X,Civilians (Niger),Civilians,"
                                               "Kibaru,,A note.\n"
                                               "A2,2024-01-02,Riots,X,Y,Rebel group,Kibaru,"
                                               "National,\n"
                                               "A3,2024-01-02,Riots,X,,,,National,A note.\n");
  ASSERT_EQ(items.size(), 3u);
  for (const ReadItem& item : items) ASSERT_EQ(item.kind, Kind::kEvent) << item.error;
  // No source_scale: no parenthesis.
  EXPECT_EQ(items[0].event.summary(), "A note.\n\nReported by: Kibaru.");
  EXPECT_EQ(items[0].event.source().quote(), "A note.");
  EXPECT_EQ(items[0].event.actors(1).role(), v1::VICTIM);  // inter2 "Civilians"
  // No notes: the sentence alone.
  EXPECT_EQ(items[1].event.summary(), "Reported by: Kibaru (source scale: National).");
  EXPECT_EQ(items[1].event.actors(1).role(), v1::TARGET);
  // No source: the notes alone.
  EXPECT_EQ(items[2].event.summary(), "A note.");
}

TEST(AcledTest, HeaderWithoutRequiredColumnsStopsWithOneError) {
  const std::vector<ReadItem> items =
      ReadText(Format::kAcled, "id,date,what\n1,2024-01-01,x\n2,2024-01-02,y\n");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].kind, Kind::kError);
  EXPECT_EQ(items[0].line, 1);
  EXPECT_TRUE(absl::StartsWith(
      items[0].error, "not an ACLED header: no column event_id_cnty, event_date, event_type"))
      << items[0].error;
}

TEST(AcledTest, InvalidPrecisionCodes) {
  const std::vector<ReadItem> items = ReadText(Format::kAcled,
                                               "event_id_cnty,event_date,time_precision,event_"
                                               "type,geo_precision,iso\n"
                                               "A1,2024-01-02,4,Riots,9,ML\n");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].error,
            "time_precision: \"4\" is not 1 (day), 2 (week) or 3 (month); iso: \"ML\" is not an "
            "ISO 3166 numeric country code; geo_precision: \"9\" is not 1, 2 or 3");
}

}  // namespace
}  // namespace timeline::ingest
