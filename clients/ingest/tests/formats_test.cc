// The ingest job's input-format readers on small sample files (clients/ingest/tests/data/) and on
// the GeoNames subset beside the project. No network, no database.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "formats/country_codes.h"
#include "formats/csv.h"
#include "formats/fields.h"
#include "formats/readers.h"
#include "formats/record_reader.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"

namespace timeline::ingest {
namespace {

using google::protobuf::util::MessageDifferencer;
using Kind = ReadItem::Kind;

std::string DataPath(const std::string& name) {
  return std::string(TIMELINE_INGEST_TEST_DATA) + "/" + name;
}

std::vector<ReadItem> ReadAll(Format format, std::istream& in) {
  std::vector<ReadItem> items;
  std::unique_ptr<RecordReader> reader = OpenReader(format, in);
  ReadItem item;
  while (reader->Next(&item)) items.push_back(item);
  return items;
}

std::vector<ReadItem> ReadFile(Format format, const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  EXPECT_TRUE(in.is_open()) << DataPath(name);
  return ReadAll(format, in);
}

std::vector<ReadItem> ReadText(Format format, const std::string& text) {
  std::istringstream in(text);
  return ReadAll(format, in);
}

std::string FirstLine(const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  std::string line;
  std::getline(in, line);
  return line;
}

// The line numbers of the items of one kind.
std::vector<int64_t> Lines(const std::vector<ReadItem>& items, Kind kind) {
  std::vector<int64_t> out;
  for (const ReadItem& i : items) {
    if (i.kind == kind) out.push_back(i.line);
  }
  return out;
}

const ReadItem& AtLine(const std::vector<ReadItem>& items, int64_t line) {
  for (const ReadItem& i : items) {
    if (i.line == line) return i;
  }
  ADD_FAILURE() << "no item on line " << line;
  static const ReadItem* none = new ReadItem;
  return *none;
}

template <typename M>
M FromText(const std::string& text) {
  M m;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &m)) << text;
  return m;
}

template <typename M>
::testing::AssertionResult SameMessage(const M& expected, const M& actual) {
  std::string diff;
  MessageDifferencer d;
  d.ReportDifferencesToString(&diff);
  if (d.Compare(expected, actual)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << diff << "\nactual:\n" << actual.DebugString();
}

// --- CSV and lines ---------------------------------------------------------------------------

std::vector<CsvRecord> ReadCsv(const std::string& text, size_t max_bytes = 1 << 20) {
  std::istringstream in(text);
  CsvReader csv(in, ',', max_bytes);
  std::vector<CsvRecord> out;
  CsvRecord r;
  while (csv.Next(&r)) out.push_back(r);
  return out;
}

TEST(CsvReaderTest, QuotedFieldsWithCommasNewlinesAndEscapedQuotes) {
  const std::vector<CsvRecord> r = ReadCsv(
      "a,\"b, c\",\"say \"\"hi\"\"\"\n"
      "\"two\nlines\",\"\",x,\n"
      "last,row");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].line, 1);
  EXPECT_EQ(r[0].fields, (std::vector<std::string>{"a", "b, c", "say \"hi\""}));
  EXPECT_EQ(r[1].line, 2);
  EXPECT_EQ(r[1].fields, (std::vector<std::string>{"two\nlines", "", "x", ""}));
  EXPECT_EQ(r[2].line, 4);  // the quoted newline moved it down a line
  EXPECT_EQ(r[2].fields, (std::vector<std::string>{"last", "row"}));
  for (const CsvRecord& rec : r) EXPECT_EQ(rec.error, "");
}

TEST(CsvReaderTest, ByteOrderMarkCrlfLoneCrAndBlankLines) {
  const std::vector<CsvRecord> r =
      ReadCsv("\xEF\xBB\xBFid,name\r\n\r\n1,\"a\r\nb\"\r\n2,c\r3,d\n\n");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].fields, (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(r[1].line, 3);
  EXPECT_EQ(r[1].fields, (std::vector<std::string>{"1", "a\nb"}));
  EXPECT_EQ(r[2].line, 5);
  EXPECT_EQ(r[2].fields, (std::vector<std::string>{"2", "c"}));
  EXPECT_EQ(r[3].line, 6);
  EXPECT_EQ(r[3].fields, (std::vector<std::string>{"3", "d"}));
}

TEST(CsvReaderTest, LenientAboutStrayQuotes) {
  const std::vector<CsvRecord> r = ReadCsv("a\"b,\"c\"d\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].fields, (std::vector<std::string>{"a\"b", "cd"}));
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorOnTheLineItOpens) {
  const std::vector<CsvRecord> r = ReadCsv("a,b\n1,\"never closed\n2,x\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1].line, 2);
  EXPECT_TRUE(absl::StrContains(r[1].error, "unterminated quoted field")) << r[1].error;
}

TEST(CsvReaderTest, OverlongRecordIsSkippedToTheNextLine) {
  const std::vector<CsvRecord> r = ReadCsv("1,\"0123456789012345678901234567890123\n2,x\n", 16);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].line, 1);
  EXPECT_TRUE(absl::StrContains(r[0].error, "longer than 16 bytes")) << r[0].error;
  EXPECT_EQ(r[1].line, 2);
  EXPECT_EQ(r[1].fields, (std::vector<std::string>{"2", "x"}));
}

TEST(LineReaderTest, LineEndingsAndLimit) {
  std::istringstream in(
      "\xEF\xBB\xBF"
      "one\r\ntwo\rthree\nfourfourfour");
  LineReader lines(in, 6);
  std::string line;
  int64_t n = 0;
  bool too_long = false;
  std::vector<std::pair<int64_t, std::string>> got;
  std::vector<bool> long_flags;
  while (lines.Next(&line, &n, &too_long)) {
    got.emplace_back(n, line);
    long_flags.push_back(too_long);
  }
  EXPECT_EQ(got, (std::vector<std::pair<int64_t, std::string>>{
                     {1, "one"}, {2, "two"}, {3, "three"}, {4, "fourfo"}}));
  EXPECT_EQ(long_flags, (std::vector<bool>{false, false, false, true}));
}

// --- Dates and numbers -----------------------------------------------------------------------

TEST(FieldsTest, Dates) {
  using date::day;
  using date::month;
  using date::year;
  const date::year_month_day sep17{year{2024}, month{9}, day{17}};
  for (const char* text :
       {"2024-09-17", "2024-9-17", "2024-09-17 00:00:00.000", "2024-09-17T00:00:00Z", "17/09/2024",
        "17 September 2024", "17 SEPTEMBER 2024", "17-Sep-2024", "17 Sept 2024", " 17 Sep 2024 "}) {
    EXPECT_EQ(ParseDate(text), sep17) << text;
  }
  for (const char* text : {"", "2024-13-01", "2024-02-30", "31/02/2012", "09/17/2024x",
                           "17 Septembre 2024", "2024-09-17 noon", "yesterday", "2024/09/17"}) {
    EXPECT_EQ(ParseDate(text), std::nullopt) << text;
  }
  EXPECT_EQ(ParseCompactDate("20240917"), sep17);
  EXPECT_EQ(ParseCompactDate("2024091"), std::nullopt);
  EXPECT_EQ(ParseCompactDate("20240931"), std::nullopt);
  ASSERT_TRUE(ParseCompactDateTime("20241012111600").has_value());
  EXPECT_EQ(ParseCompactDateTime("20241012111600")->seconds(), 1728731760);
  EXPECT_EQ(ParseCompactDateTime("20241012251600"), std::nullopt);

  EXPECT_EQ(IsoDate(sep17), "2024-09-17");
  EXPECT_EQ(IsoWeek(sep17), "2024-W38");
  EXPECT_EQ(IsoWeek(date::year_month_day{year{2024}, month{12}, day{30}}), "2025-W01");
  EXPECT_EQ(IsoWeek(date::year_month_day{year{2021}, month{1}, day{1}}), "2020-W53");
  EXPECT_EQ(IsoYearMonth(sep17), "2024-09");
  EXPECT_EQ(StartOfDayUtc(sep17).seconds(), 1726531200);
}

TEST(FieldsTest, Numbers) {
  EXPECT_EQ(ParseInt(" 42 "), 42);
  EXPECT_EQ(ParseInt("4.2"), std::nullopt);
  EXPECT_EQ(ParseInt("many"), std::nullopt);
  EXPECT_EQ(ParseInt(""), std::nullopt);
  EXPECT_EQ(ParseDouble("-8.0029"), -8.0029);
  EXPECT_EQ(ParseDouble("nan"), std::nullopt);
  EXPECT_EQ(ParseDouble("north"), std::nullopt);
}

// --- Countries -------------------------------------------------------------------------------

TEST(CountryCodesTest, Numeric) {
  EXPECT_EQ(CountryCodeFromNumeric(466), "ML");
  EXPECT_EQ(CountryCodeFromNumeric(854), "BF");
  EXPECT_EQ(CountryCodeFromNumeric(384), "CI");
  EXPECT_EQ(CountryCodeFromNumeric(180), "CD");
  EXPECT_EQ(CountryCodeFromNumeric(0), "");
  EXPECT_EQ(CountryCodeFromNumeric(2), "");    // Africa, a region
  EXPECT_EQ(CountryCodeFromNumeric(891), "");  // Serbia and Montenegro, deprecated
  EXPECT_EQ(CountryCodeFromNumeric(1000), "");
}

TEST(CountryCodesTest, Alpha3) {
  EXPECT_EQ(CountryCodeFromAlpha3("MLI"), "ML");
  EXPECT_EQ(CountryCodeFromAlpha3("tur"), "TR");
  EXPECT_EQ(CountryCodeFromAlpha3("RUS"), "RU");
  EXPECT_EQ(CountryCodeFromAlpha3("AFR"), "");  // CAMEO's Africa
  EXPECT_EQ(CountryCodeFromAlpha3("ML"), "");
}

TEST(CountryCodesTest, Names) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"Mali", "ML"},
      {"MALI", "ML"},
      {"Burkina Faso", "BF"},
      {"Côte d’Ivoire", "CI"},
      {"Cote d'Ivoire", "CI"},
      {"Ivory Coast", "CI"},
      {"Democratic Republic of Congo", "CD"},
      {"DR Congo (Zaire)", "CD"},
      {"Republic of Congo", "CG"},
      {"Russia", "RU"},
      {"Russia (Soviet Union)", "RU"},
      {"Turkey", "TR"},
      {"Türkiye", "TR"},
      {"Bosnia and Herzegovina", "BA"},
      {"Bosnia-Herzegovina", "BA"},
      {"Saint Kitts and Nevis", "KN"},
      {"The Gambia", "GM"},
      {"Myanmar", "MM"},
      {"Myanmar (Burma)", "MM"},
      {"Czech Republic", "CZ"},
      {"eSwatini", "SZ"},
      {"Kingdom of eSwatini (Swaziland)", "SZ"},
      {"Palestine", "PS"},
      {"United States", "US"},
      {"Sao Tome and Principe", "ST"},
      {"Nowhere", ""},
      {"", ""},
      {"Yemen (North Yemen)", "YE"},
  };
  for (const auto& [name, code] : cases) EXPECT_EQ(CountryCodeFromName(name), code) << name;
}

TEST(CountryCodesTest, ActorNames) {
  EXPECT_EQ(CountryCodeOfActorName("Military Forces of Mali (2021-)"), "ML");
  EXPECT_EQ(CountryCodeOfActorName("Civilians (Burkina Faso)"), "BF");
  EXPECT_EQ(CountryCodeOfActorName("Government of Russia (Soviet Union)"), "RU");
  EXPECT_EQ(CountryCodeOfActorName("Police Forces of Ivory Coast (2011-)"), "CI");
  EXPECT_EQ(CountryCodeOfActorName("JNIM: Group for Support of Islam and Muslims"), "");
  EXPECT_EQ(CountryCodeOfActorName("Wagner Group"), "");
  EXPECT_EQ(CountryCodeOfActorName("Islamic State (Sahel)"), "");
}

// --- ACLED -----------------------------------------------------------------------------------

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
          location_precision: SETTLEMENT_CENTROID
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
          location_precision: SETTLEMENT_CENTROID
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

// --- UCDP GED --------------------------------------------------------------------------------

TEST(UcdpGedTest, SampleFile) {
  const std::vector<ReadItem> items = ReadFile(Format::kUcdpGed, "ucdp-ged.csv");
  EXPECT_EQ(Lines(items, Kind::kEvent), (std::vector<int64_t>{2, 3, 4, 8}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{5, 6, 7}));

  EXPECT_TRUE(SameMessage(
      FromText<v1::IngestRecord>(R"pb(
        external_id { system: "ucdp-ged" id: "530001" }
        title: "Government of Mali - CSP-DPA in Tinzaouaten village"
        event_type: "armed_clash"
        time {
          start_time { seconds: 1721865600 }  # 2024-07-25T00:00:00Z
          end_time { seconds: 1722124800 }    # 2024-07-28T00:00:00Z
          precision: PRECISION_DAY
          time_zone: "UTC"
          text: "2024-07-25 – 2024-07-27"
        }
        actors { name: "Government of Mali" kind: GOVERNMENT country_code: "ML" role: INITIATOR }
        actors { name: "CSP-DPA" kind: ARMED_GROUP role: TARGET }
        places {
          name: "Tinzaouaten village"
          kind: SETTLEMENT
          country_code: "ML"
          admin_names: [ "Kidal region", "Tessalit cercle" ]
          location { latitude: 19.9571 longitude: 1.9386 }
          location_precision: EXACT
          role: LOCATION
        }
        source {
          url: "https://ucdp.uu.se/event/530001"
          publisher: "Reuters;AFP"
          published_time { seconds: 1722211200 }  # 2024-07-29
          title: "Malian army and Wagner suffer heavy losses near Algerian border;Dozens killed in Tinzaouaten fighting"
          quote: "\"Reuters,2024-07-29,Malian army and Wagner suffer heavy losses near Algerian border\";\"AFP,2024-07-30,Dozens killed in Tinzaouaten fighting\""
          claims: [ "event_type", "time", "actors", "places", "fatalities" ]
        }
        fatalities { low: 56 best: 56 high: 120 }
      )pb"),
      AtLine(items, 2).event));

  // One-sided violence against civilians, one day.
  const v1::IngestRecord& massacre = AtLine(items, 3).event;
  EXPECT_EQ(massacre.event_type(), "violence_against_civilians");
  EXPECT_EQ(massacre.time().text(), "2024-08-24");
  EXPECT_EQ(massacre.time().end_time().seconds() - massacre.time().start_time().seconds(), 86400);
  ASSERT_EQ(massacre.actors_size(), 2);
  EXPECT_EQ(massacre.actors(0).kind(), v1::ARMED_GROUP);
  EXPECT_EQ(massacre.actors(1).name(), "Civilians");
  EXPECT_EQ(massacre.actors(1).kind(), v1::ORGANIZATION);
  EXPECT_EQ(massacre.actors(1).role(), v1::VICTIM);
  EXPECT_EQ(massacre.places(0).country_code(), "BF");
  EXPECT_EQ(massacre.places(0).location_precision(), v1::SETTLEMENT_CENTROID);
  EXPECT_EQ(massacre.source().published_time().seconds(), 1724716800);  // 2024-08-27

  // Month precision; "DR Congo (Zaire)"; a country-level place; publisher defaults to UCDP.
  const v1::IngestRecord& congo = AtLine(items, 4).event;
  EXPECT_EQ(congo.time().precision(), v1::PRECISION_MONTH);
  EXPECT_EQ(congo.time().text(), "2023-06-01 – 2023-06-30");
  EXPECT_EQ(congo.time().end_time().seconds(), 1688169600);  // 2023-07-01
  EXPECT_EQ(congo.places(0).country_code(), "CD");
  EXPECT_EQ(congo.places(0).kind(), v1::COUNTRY);
  EXPECT_EQ(congo.places(0).location_precision(), v1::COUNTRY_CENTROID);
  EXPECT_EQ(congo.source().publisher(), "UCDP");
  EXPECT_FALSE(congo.source().has_published_time());
  EXPECT_EQ(congo.fatalities().low(), 10);

  EXPECT_EQ(AtLine(items, 5).error,
            "date_start: \"2024-02-30\" is not a date (2024-09-17); date_end: \"2024-02-30\" is "
            "not a date (2024-09-17)");
  EXPECT_EQ(AtLine(items, 6).error,
            "type_of_violence: \"9\" is not a whole number from 1 to 3; date_end: is before "
            "date_start");
  EXPECT_EQ(AtLine(items, 7).error, "has 3 fields, the header has 49");

  // "Russia (Soviet Union)"; week precision; an unreadable source date is left out.
  const v1::IngestRecord& kursk = AtLine(items, 8).event;
  EXPECT_EQ(kursk.time().precision(), v1::PRECISION_WEEK);
  EXPECT_EQ(kursk.places(0).country_code(), "RU");
  EXPECT_EQ(kursk.places(0).kind(), v1::ADMIN_REGION);
  EXPECT_EQ(kursk.actors(0).country_code(), "RU");
  EXPECT_EQ(kursk.actors(1).country_code(), "UA");
  EXPECT_EQ(kursk.actors(1).kind(), v1::GOVERNMENT);
  EXPECT_FALSE(kursk.source().has_published_time());
}

// --- GDELT -----------------------------------------------------------------------------------

TEST(GdeltTest, CameoEventTypes) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"010", "statement"},
      {"0234", "statement"},
      {"036", "statement"},
      {"040", "meeting"},
      {"042", "visit"},
      {"0431", "visit"},
      {"043", "visit"},
      {"044", "meeting"},
      {"046", "meeting"},
      {"057", "agreement"},
      {"051", "other"},
      {"080", "other"},
      {"141", "protest"},
      {"145", "riot"},
      {"1453", "riot"},
      {"173", "arrest"},
      {"172", "other"},
      {"180", "attack"},
      {"183", "explosion"},
      {"1831", "explosion"},
      {"190", "armed_clash"},
      {"195", "air_drone_strike"},
      {"1951", "air_drone_strike"},
      {"202", "attack"},
  };
  for (const auto& [code, type] : cases) EXPECT_EQ(CameoEventType(code), type) << code;
}

TEST(GdeltTest, SampleFile) {
  const std::vector<ReadItem> items = ReadFile(Format::kGdelt, "gdelt-events.tsv");
  EXPECT_EQ(Lines(items, Kind::kEvent), (std::vector<int64_t>{1, 2, 3, 4, 7}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{5, 6}));

  EXPECT_TRUE(SameMessage(
      FromText<v1::IngestRecord>(R"pb(
        external_id { system: "gdelt" id: "1190000001" }
        title: "MALI hosts a visit of TURKEY"
        summary: "GDELT Goldstein scale 2.8; 6 articles."
        event_type: "visit"
        date { text: "2024-10-11" }
        actors { name: "MALI" kind: GOVERNMENT country_code: "ML" role: INITIATOR }
        actors { name: "TURKEY" kind: GOVERNMENT country_code: "TR" role: TARGET }
        places {
          name: "Bamako"
          kind: SETTLEMENT
          country_code: "ML"
          admin_names: "Bamako"
          location { latitude: 12.65 longitude: -8 }
          location_precision: SETTLEMENT_CENTROID
          role: LOCATION
        }
        source {
          url: "https://www.aa.com.tr/en/africa/malian-leader-receives-turkish-parliamentary-delegation/3357000"
          publisher: "aa.com.tr"
          published_time { seconds: 1728731700 }  # 2024-10-12T11:15:00Z
          claims: [ "event_type", "actors", "places", "time" ]
        }
      )pb"),
      AtLine(items, 1).event));

  const v1::IngestRecord& strike = AtLine(items, 2).event;
  EXPECT_EQ(strike.event_type(), "air_drone_strike");
  EXPECT_EQ(strike.title(), "Air strike by MALI in Tinzaouaten");
  EXPECT_EQ(strike.actors_size(), 1);
  EXPECT_EQ(strike.actors(0).kind(), v1::MILITARY);
  EXPECT_EQ(strike.places(0).admin_names(0), "Kidal");
  EXPECT_EQ(strike.source().publisher(), "news.example.org");

  const v1::IngestRecord& riot = AtLine(items, 3).event;
  EXPECT_EQ(riot.event_type(), "riot");
  EXPECT_EQ(riot.places(0).name(), "Burkina Faso");
  EXPECT_EQ(riot.places(0).kind(), v1::COUNTRY);
  EXPECT_EQ(riot.places(0).country_code(), "BF");  // not FIPS "UV"
  EXPECT_EQ(riot.places(0).location_precision(), v1::COUNTRY_CENTROID);
  EXPECT_EQ(riot.places(0).admin_names_size(), 0);

  const v1::IngestRecord& agreement = AtLine(items, 4).event;
  EXPECT_EQ(agreement.event_type(), "agreement");
  EXPECT_EQ(agreement.title(), "RUSSIA signs an agreement with MALI");
  EXPECT_EQ(agreement.places_size(), 0);  // ActionGeo_Type 0
  EXPECT_EQ(agreement.actors(0).kind(), v1::STATE);
  EXPECT_EQ(agreement.actors(0).country_code(), "RU");

  EXPECT_EQ(AtLine(items, 5).error, "has 59 tab-separated fields, a GDELT 2.0 event row has 61");
  EXPECT_EQ(AtLine(items, 6).error,
            "SQLDATE: \"2024-09-21\" is not a YYYYMMDD date; EventCode: \"abc\" is not a CAMEO "
            "event code");

  const v1::IngestRecord& fight = AtLine(items, 7).event;
  EXPECT_EQ(fight.event_type(), "armed_clash");
  EXPECT_EQ(fight.title(), "MALI fights REBEL");
  EXPECT_EQ(fight.places(0).name(), "Kidal");
  EXPECT_EQ(fight.places(0).kind(), v1::ADMIN_REGION);
  EXPECT_EQ(fight.places(0).country_code(), "ML");
  EXPECT_EQ(fight.actors(1).kind(), v1::ARMED_GROUP);
  EXPECT_EQ(fight.actors(1).country_code(), "");
  EXPECT_EQ(fight.summary(), "GDELT Goldstein scale -10; 3 articles.");
}

TEST(GdeltTest, SummaryHasOnlyTheFiguresGiven) {
  // A minimal 61-column row: id, SQLDATE, EventCode 190, then GoldsteinScale, NumArticles and
  // SOURCEURL as given.
  auto row = [](const std::string& goldstein, const std::string& articles, const std::string& url) {
    std::vector<std::string> f(61);
    f[0] = "1";
    f[1] = "20240921";
    f[26] = "190";
    f[30] = goldstein;
    f[33] = articles;
    f[60] = url;
    std::string line;
    for (size_t i = 0; i < f.size(); ++i) absl::StrAppend(&line, i == 0 ? "" : "\t", f[i]);
    return line + "\n";
  };
  const std::vector<ReadItem> items =
      ReadText(Format::kGdelt, row("1.5", "", "https://example.org/a") + row("", "1", "") +
                                   row("", "", "https://example.org/b"));
  ASSERT_EQ(items.size(), 3u);
  for (const ReadItem& item : items) ASSERT_EQ(item.kind, Kind::kEvent) << item.error;
  EXPECT_EQ(items[0].event.summary(), "GDELT Goldstein scale 1.5.");
  EXPECT_EQ(items[0].event.source().claims_size(), 4);
  EXPECT_EQ(items[1].event.summary(), "GDELT 1 article.");
  EXPECT_FALSE(items[1].event.has_source());  // no SOURCEURL: no source, no claims
  EXPECT_EQ(items[2].event.summary(), "");
}

// --- GeoNames --------------------------------------------------------------------------------

bool HasAlias(const v1::IngestPlace& p, const std::string& alias) {
  for (const std::string& a : p.aliases()) {
    if (a == alias) return true;
  }
  return false;
}

TEST(GeoNamesTest, SampleFile) {
  const std::vector<ReadItem> items = ReadFile(Format::kGeoNames, "geonames-sample.txt");
  EXPECT_EQ(Lines(items, Kind::kPlace), (std::vector<int64_t>{1, 2, 3, 5, 6}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{7, 8, 9, 10}));

  EXPECT_TRUE(SameMessage(FromText<v1::IngestPlace>(R"pb(
                            name: "Republic of Mali"
                            aliases: [
                              "Mali",
                              "Malí",
                              "Mali Cumhuriyeti",
                              "République du Mali",
                              "جمهورية مالي",
                              "مالي"
                            ]
                            kind: COUNTRY
                            country_code: "ML"
                            location { latitude: 17 longitude: -4 }
                            location_precision: COUNTRY_CENTROID
                            geonames_id: 2453866
                            time_zone: "Africa/Bamako"
                          )pb"),
                          AtLine(items, 2).place));

  const v1::IngestPlace& bamako = AtLine(items, 1).place;
  EXPECT_EQ(bamako.name(), "Bamako");
  EXPECT_EQ(bamako.geonames_id(), 2460596);
  EXPECT_EQ(bamako.kind(), v1::SETTLEMENT);
  EXPECT_EQ(bamako.location_precision(), v1::SETTLEMENT_CENTROID);
  EXPECT_TRUE(HasAlias(bamako, "باماكو"));
  EXPECT_TRUE(HasAlias(bamako, "Бамако"));
  EXPECT_TRUE(HasAlias(bamako, "Bamakó"));
  EXPECT_FALSE(HasAlias(bamako, "BKO"));
  EXPECT_FALSE(HasAlias(bamako, "Bamako"));  // the name itself

  EXPECT_EQ(AtLine(items, 3).place.kind(), v1::ADMIN_REGION);
  EXPECT_EQ(AtLine(items, 3).place.location_precision(), v1::REGION_CENTROID);
  EXPECT_TRUE(HasAlias(AtLine(items, 3).place, "كيدال"));
  EXPECT_FALSE(HasAlias(AtLine(items, 5).place, "GATS"));
  EXPECT_TRUE(HasAlias(AtLine(items, 5).place, "تساليت"));

  const v1::IngestPlace& airport = AtLine(items, 6).place;
  EXPECT_EQ(airport.kind(), v1::AREA);
  EXPECT_EQ(airport.location_precision(), v1::EXACT);
  EXPECT_EQ(airport.aliases(0), "Bamako-Senou International Airport");  // asciiname
  EXPECT_FALSE(HasAlias(airport, "BKO"));
  EXPECT_FALSE(HasAlias(airport, "GABS"));
  EXPECT_EQ(airport.aliases_size(), 3);

  EXPECT_EQ(AtLine(items, 7).error, "geonameid: \"x2460596\" is not a GeoNames id");
  EXPECT_EQ(AtLine(items, 8).error, "latitude: \"95\" is not a latitude (-90 to 90)");
  EXPECT_EQ(AtLine(items, 9).error, "country code: is empty");
  EXPECT_EQ(AtLine(items, 10).error, "has 4 tab-separated fields, a GeoNames row has 19");
}

TEST(GeoNamesTest, SahelSubsetAllRowsParse) {
  std::ifstream in(TIMELINE_GEONAMES_SAMPLE, std::ios::binary);
  if (!in.is_open()) GTEST_SKIP() << "not found: " << TIMELINE_GEONAMES_SAMPLE;
  std::unique_ptr<RecordReader> reader = OpenReader(Format::kGeoNames, in);
  ReadItem item;
  int places = 0;
  int errors = 0;
  bool bamako_has_arabic = false;
  while (reader->Next(&item)) {
    if (item.kind != Kind::kPlace) {
      ++errors;
      ADD_FAILURE() << "line " << item.line << ": " << item.error;
      continue;
    }
    ++places;
    EXPECT_EQ(item.place.country_code().size(), 2u) << item.line;
    EXPECT_FALSE(item.place.time_zone().empty()) << item.line;
    if (item.place.geonames_id() == 2460596) {
      EXPECT_EQ(item.place.name(), "Bamako");
      bamako_has_arabic = HasAlias(item.place, "باماكو") && HasAlias(item.place, "باماکو");
    }
  }
  EXPECT_EQ(places, 2603);
  EXPECT_EQ(errors, 0);
  EXPECT_TRUE(bamako_has_arabic);
}

// An endless-looking input produced on demand: what a reader pulled is what it holds at most.
class GeneratedInput : public std::streambuf {
 public:
  GeneratedInput(std::string header, std::function<std::string(int64_t)> row, int64_t rows)
      : header_(std::move(header)), row_(std::move(row)), rows_(rows) {}
  int64_t bytes_produced() const { return produced_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    chunk_.clear();
    if (!header_done_) {
      chunk_ = header_;
      header_done_ = true;
    }
    while (chunk_.size() < 4096 && next_ < rows_) chunk_ += row_(next_++);
    if (chunk_.empty()) return traits_type::eof();
    produced_ += static_cast<int64_t>(chunk_.size());
    setg(chunk_.data(), chunk_.data(), chunk_.data() + chunk_.size());
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string header_;
  std::function<std::string(int64_t)> row_;
  int64_t rows_;
  int64_t next_ = 0;
  bool header_done_ = false;
  int64_t produced_ = 0;
  std::string chunk_;
};

TEST(StreamingTest, ReadersPullOneRecordAtATime) {
  constexpr int64_t kRows = 50000;
  struct Case {
    Format format;
    std::string header;
    std::function<std::string(int64_t)> row;
  };
  const std::vector<Case> cases = {
      {Format::kGeoNames, "",
       [](int64_t i) {
         return absl::StrCat(i + 1, "\tPlace ", i, "\tPlace ", i, "\tA,B,مكان",
                             "\t12.5\t-8\tP\tPPL",
                             "\tML\t\t01\t\t\t\t1000\t\t300\tAfrica/Bamako\t2012-01-18\n");
       }},
      {Format::kAcled, "event_id_cnty,event_date,event_type,location,notes\n",
       [](int64_t i) {
         return absl::StrCat("MLI", i, ",2024-09-17,Battles,Gao,\"a note,\nover two lines\"\n");
       }},
      {Format::kJsonLines, "",
       [](int64_t i) {
         return absl::StrCat("{\"title\":\"Event ", i, "\",\"eventType\":\"other\"}\n");
       }},
  };
  for (const Case& c : cases) {
    GeneratedInput buf(c.header, c.row, kRows);
    std::istream in(&buf);
    std::unique_ptr<RecordReader> reader = OpenReader(c.format, in);
    ReadItem item;
    ASSERT_TRUE(reader->Next(&item));
    ASSERT_NE(item.kind, Kind::kError) << item.error;
    EXPECT_LT(buf.bytes_produced(), 16 * 1024) << FormatName(c.format);
    int64_t count = 1;
    while (reader->Next(&item)) {
      ASSERT_NE(item.kind, Kind::kError) << item.error;
      ++count;
    }
    EXPECT_EQ(count, kRows) << FormatName(c.format);
    EXPECT_GT(buf.bytes_produced(), 1'000'000) << FormatName(c.format);
  }
}

// --- JSON Lines ------------------------------------------------------------------------------

TEST(JsonLinesTest, SampleFile) {
  const std::vector<ReadItem> items = ReadFile(Format::kJsonLines, "records.jsonl");
  EXPECT_EQ(Lines(items, Kind::kEvent), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{4, 5, 6, 7}));

  const v1::IngestRecord& visit = AtLine(items, 1).event;
  EXPECT_EQ(visit.external_id().system(), "erem-news");
  EXPECT_EQ(visit.event_type(), "visit");
  EXPECT_EQ(visit.date().text(), "السبت");
  ASSERT_EQ(visit.actors_size(), 2);
  EXPECT_EQ(visit.actors(0).name(), "عاصيمي غويتا");
  EXPECT_EQ(visit.actors(0).aliases(0), "Assimi Goïta");
  EXPECT_EQ(visit.actors(0).kind(), v1::PERSON);
  EXPECT_EQ(visit.actors(0).role(), v1::HOST);
  EXPECT_EQ(visit.actors(1).role(), v1::VISITOR);
  EXPECT_EQ(visit.places(0).name(), "باماكو");
  EXPECT_EQ(visit.source().published_time().seconds(), 1728731760);

  // snake_case field names are proto JSON too.
  const v1::IngestRecord& attack = AtLine(items, 3).event;
  EXPECT_EQ(attack.time().precision(), v1::PRECISION_DAY);
  EXPECT_EQ(attack.time().start_time().seconds(), 1726531200);
  EXPECT_EQ(attack.fatalities().low(), 71);
  EXPECT_FALSE(attack.fatalities().has_best());

  for (int64_t line : {4, 5, 6, 7}) {
    EXPECT_TRUE(absl::StartsWith(AtLine(items, line).error, "not an IngestRecord in proto JSON: "))
        << AtLine(items, line).error;
  }
  EXPECT_TRUE(absl::StrContains(AtLine(items, 5).error, "titel")) << AtLine(items, 5).error;
  EXPECT_TRUE(absl::StrContains(AtLine(items, 6).error, "BOSS")) << AtLine(items, 6).error;
}

// --- Detection and names ---------------------------------------------------------------------

TEST(DetectFormatTest, EverySampleFile) {
  const std::vector<std::pair<std::string, Format>> cases = {
      {"acled-2024.csv", Format::kAcled},         {"acled-2018-uppercase.csv", Format::kAcled},
      {"ucdp-ged.csv", Format::kUcdpGed},         {"gdelt-events.tsv", Format::kGdelt},
      {"geonames-sample.txt", Format::kGeoNames}, {"records.jsonl", Format::kJsonLines},
  };
  for (const auto& [name, want] : cases) {
    absl::StatusOr<Format> got = DetectFormat(DataPath(name), FirstLine(name));
    ASSERT_TRUE(got.ok()) << name << ": " << got.status();
    EXPECT_EQ(*got, want) << name;
  }
}

TEST(DetectFormatTest, ByExtensionAndContent) {
  EXPECT_EQ(DetectFormat("x/records.NDJSON", "whatever").value(), Format::kJsonLines);
  EXPECT_EQ(DetectFormat("x/records.jsonl", "").value(), Format::kJsonLines);
  EXPECT_EQ(DetectFormat("-", "{\"title\":\"x\"}").value(), Format::kJsonLines);
  EXPECT_EQ(DetectFormat("export.csv", "\"EVENT_ID_CNTY\",\"EVENT_DATE\"\r\n").value(),
            Format::kAcled);
  EXPECT_EQ(DetectFormat("ged.csv", "\xEF\xBB\xBFid,side_a,side_b,date_start,date_end").value(),
            Format::kUcdpGed);
  EXPECT_EQ(DetectFormat("20240917.export.CSV", FirstLine("gdelt-events.tsv")).value(),
            Format::kGdelt);
}

TEST(DetectFormatTest, GarbageIsNamedInTheError) {
  absl::StatusOr<Format> got = DetectFormat(DataPath("garbage.txt"), FirstLine("garbage.txt"));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(got.status().message(), "\"this is not a dataset\""))
      << got.status();
  EXPECT_TRUE(absl::StrContains(got.status().message(), "jsonl, acled, ucdp, gdelt, geonames"))
      << got.status();
  // Nineteen tab-separated fields without a numeric id are not GeoNames.
  EXPECT_FALSE(DetectFormat("x.txt", std::string(18, '\t')).ok());
}

TEST(FormatNamesTest, RoundTrip) {
  for (Format f :
       {Format::kJsonLines, Format::kAcled, Format::kUcdpGed, Format::kGdelt, Format::kGeoNames}) {
    EXPECT_EQ(ParseFormatName(FormatName(f)).value(), f);
    EXPECT_EQ(YieldsPlaces(f), f == Format::kGeoNames);
  }
  EXPECT_EQ(ParseFormatName("UCDP-GED").value(), Format::kUcdpGed);
  EXPECT_EQ(ParseFormatName("csv").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(GarbageTest, EveryReaderReportsErrorsAndNoRecords) {
  for (Format f :
       {Format::kJsonLines, Format::kAcled, Format::kUcdpGed, Format::kGdelt, Format::kGeoNames}) {
    const std::vector<ReadItem> items = ReadFile(f, "garbage.txt");
    EXPECT_FALSE(items.empty()) << FormatName(f);
    for (const ReadItem& i : items) {
      EXPECT_EQ(i.kind, Kind::kError) << FormatName(f) << " line " << i.line;
      EXPECT_FALSE(i.error.empty());
    }
    if (f == Format::kAcled || f == Format::kUcdpGed) {
      // A CSV table stops at a header it cannot use.
      EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{1})) << FormatName(f);
    } else {
      EXPECT_EQ(Lines(items, Kind::kError), (std::vector<int64_t>{1, 2, 3})) << FormatName(f);
    }
  }
}

TEST(EmptyInputTest, NoItems) {
  for (Format f :
       {Format::kJsonLines, Format::kAcled, Format::kUcdpGed, Format::kGdelt, Format::kGeoNames}) {
    EXPECT_TRUE(ReadText(f, "").empty()) << FormatName(f);
    EXPECT_TRUE(ReadText(f, "\n\n").empty()) << FormatName(f);
  }
  // A header alone is no record.
  EXPECT_TRUE(ReadText(Format::kAcled, "event_id_cnty,event_date,event_type\n").empty());
}

}  // namespace
}  // namespace timeline::ingest
