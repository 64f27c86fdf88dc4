// ListEvents' `filter` and its order_by values over real RPCs.
//
// FilterSeedTest: the curated seed data plus two events written here (the seed has no best
// fatality figure and no French text): every field and operator, AND/OR/NOT and parentheses,
// text search in Arabic and French, errors with their column, and injection attempts. The
// expected answers are counted by hand from data/seed.json and the two events below.
//
// FilterScaleTest: the 100,000 generated events (generated_events.h), given best figures,
// update times, summaries and quoted sources here: paging through each new order with small pages
// against ground truth computed directly in SQL, filters against SQL written independently of
// storage/filter_sql.cc, and the plans of the statements the service runs.
#include "domain/filter.h"

#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "generated_events.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "service_sql.h"
#include "status_details.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

// The seed events, in the order they are created (data/seed.json), then the two written here.
using seed_data::kAttacks;
using seed_data::kDroneStrikes;
using seed_data::kDroneSupplies;
using seed_data::kPressConference;
using seed_data::kTessalitRetaken;
using seed_data::kVisit;
// French; attack; 17 September 2024, day; best 77; at the gendarmerie school (below Bamako).
constexpr char kFrench[] = "events/attaque-ecole-de-gendarmerie-faladie";
// English; armed clash; 27 July 2024, day; best 5; at Tinzaouaten (Kidal region).
constexpr char kClash[] = "events/clash-near-tinzaouaten-2024-07";

std::string QuoteValue(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

class FilterSeedTest : public IntegrationSuite<FilterSeedTest> {
 public:
  static void PrepareSuite() {
    AddSource("exemple-presse", "Exemple Presse", "fr", "https://example.org/exemple-presse");
    AddSource("test-wire", "Test Wire", "en", "https://example.org/test-wire");
    AddFrenchAttack();
    AddClash();
  }

 protected:
  static void AddSource(const std::string& id, const std::string& publisher,
                        const std::string& language, const std::string& url) {
    v1::CreateSourceRequest request;
    request.set_source_id(id);
    request.mutable_source()->set_publisher(publisher);
    request.mutable_source()->set_language(language);
    request.mutable_source()->set_url(url);
    CreatedSource(env_->sources(), request);
  }

  static v1::Event DayEvent(const std::string& title, const std::string& summary,
                            const std::string& type, const std::string& day, int best) {
    v1::Event e;
    e.set_title(title);
    e.set_summary(summary);
    e.set_event_type(type);
    *e.mutable_time()->mutable_start_time() = Ts(day + "T00:00:00Z");
    e.mutable_time()->set_precision(v1::PRECISION_DAY);
    e.mutable_time()->set_time_zone("Africa/Bamako");
    e.mutable_fatalities()->set_best(best);
    return e;
  }

  static void AddFrenchAttack() {
    v1::Event e = DayEvent(
        "Attaque contre l'École de gendarmerie de Faladié",
        "Des hommes armés ont attaqué l'École de gendarmerie de Faladié, à Bamako, à l'aube du 17 "
        "septembre 2024.",
        "attack", "2024-09-17", 77);
    e.mutable_fatalities()->set_low(71);
    AddActor(e, seed_data::kMalianArmedForces, v1::TARGET);
    AddPlace(e, seed_data::kGendarmerieSchool, v1::LOCATION);
    auto* source = e.add_sources();
    source->set_source("sources/exemple-presse");
    source->set_quote("Une attaque a visé l'École de gendarmerie de Faladié, à Bamako.");
    CreatedEvent(env_->events(), e, "attaque-ecole-de-gendarmerie-faladie");
  }

  static void AddClash() {
    v1::Event e = DayEvent("Clash between Wagner and Azawad rebels near Tinzaouaten",
                           "Wagner fighters and Azawad rebels clashed near the Algerian border; "
                           "five were killed.",
                           "armed_clash", "2024-07-27", 5);
    AddActor(e, seed_data::kWagner, v1::INITIATOR);
    AddActor(e, seed_data::kAzawadRebels, v1::TARGET);
    AddPlace(e, seed_data::kTinzaouaten, v1::LOCATION);
    auto* source = e.add_sources();
    source->set_source("sources/test-wire");
    source->set_quote("Five people were killed in the clash near Tinzaouaten.");
    CreatedEvent(env_->events(), e, "clash-near-tinzaouaten-2024-07");
  }

  // Every event `filter` selects (all pages), in the default order.
  static std::vector<std::string> Filtered(const std::string& filter,
                                           const std::string& order_by = "") {
    v1::ListEventsRequest request;
    request.set_filter(filter);
    request.set_order_by(order_by);
    return ListAllEventNames(env_->events(), request);
  }

  static grpc::Status List(const v1::ListEventsRequest& request, v1::ListEventsResponse* response) {
    grpc::ClientContext ctx;
    return env_->events().ListEvents(&ctx, request, response);
  }

  static grpc::Status ListFiltered(const std::string& filter) {
    v1::ListEventsRequest request;
    request.set_filter(filter);
    v1::ListEventsResponse response;
    return List(request, &response);
  }
};

TEST_F(FilterSeedTest, EightEventsToStartWith) {
  EXPECT_THAT(Filtered(""),
              UnorderedElementsAre(kVisit, kAttacks, kDroneStrikes, kTessalitRetaken,
                                   kDroneSupplies, kPressConference, kFrench, kClash));
}

TEST_F(FilterSeedTest, EventType) {
  EXPECT_THAT(Filtered("event_type = attack"), UnorderedElementsAre(kAttacks, kFrench));
  EXPECT_THAT(Filtered("event_type != attack"),
              UnorderedElementsAre(kVisit, kDroneStrikes, kTessalitRetaken, kDroneSupplies,
                                   kPressConference, kClash));
  EXPECT_THAT(Filtered(R"(event_type = "press_conference")"), ElementsAre(kPressConference));
}

// Events without a best figure never match a comparison; NOT is the exact complement.
TEST_F(FilterSeedTest, FatalitiesBest) {
  EXPECT_THAT(Filtered("fatalities.best > 10"), ElementsAre(kFrench));
  EXPECT_THAT(Filtered("fatalities.best >= 5"), UnorderedElementsAre(kFrench, kClash));
  EXPECT_THAT(Filtered("fatalities.best < 10"), ElementsAre(kClash));
  EXPECT_THAT(Filtered("fatalities.best <= 77"), UnorderedElementsAre(kFrench, kClash));
  EXPECT_THAT(Filtered("fatalities.best = 77"), ElementsAre(kFrench));
  EXPECT_THAT(Filtered("fatalities.best != 77"), ElementsAre(kClash));
  EXPECT_THAT(Filtered("NOT fatalities.best > 10"),
              UnorderedElementsAre(kVisit, kAttacks, kDroneStrikes, kTessalitRetaken,
                                   kDroneSupplies, kPressConference, kClash));
  EXPECT_THAT(Filtered("-fatalities.best = 77"),
              UnorderedElementsAre(kVisit, kAttacks, kDroneStrikes, kTessalitRetaken,
                                   kDroneSupplies, kPressConference, kClash));
  // The attacks' "more than 70" is a lower bound, not a best figure.
  EXPECT_THAT(Filtered("fatalities.best >= 0 event_type = attack"), ElementsAre(kFrench));
}

// Events whose start is unknown (four seed events) or unresolved (the press conference) never
// match a comparison of time.start_time.
TEST_F(FilterSeedTest, StartTime) {
  EXPECT_THAT(Filtered(R"(time.start_time >= "2024-09-01T00:00:00Z")"),
              UnorderedElementsAre(kAttacks, kFrench));
  EXPECT_THAT(Filtered("time.start_time < 2024-09-17T00:00:00Z"),
              UnorderedElementsAre(kAttacks, kClash));
  EXPECT_THAT(Filtered("time.start_time <= 2024-09-17T00:00:00Z"),
              UnorderedElementsAre(kAttacks, kFrench, kClash));
  EXPECT_THAT(Filtered("time.start_time > 2024-09-17T00:00:00Z"), IsEmpty());
  EXPECT_THAT(Filtered(R"(time.start_time = "2024-09-01T02:00:00+02:00")"), ElementsAre(kAttacks));
  EXPECT_THAT(Filtered(R"(time.start_time != "2024-09-01T00:00:00Z")"),
              UnorderedElementsAre(kFrench, kClash));
  EXPECT_THAT(Filtered(R"(NOT time.start_time >= "2024-09-01T00:00:00Z")"),
              UnorderedElementsAre(kVisit, kDroneStrikes, kTessalitRetaken, kDroneSupplies,
                                   kPressConference, kClash));
}

TEST_F(FilterSeedTest, Precision) {
  EXPECT_THAT(Filtered("time.precision = MONTH"), ElementsAre(kAttacks));
  EXPECT_THAT(Filtered("time.precision = PRECISION_DAY"), UnorderedElementsAre(kFrench, kClash));
  EXPECT_THAT(Filtered("time.precision = UNKNOWN"),
              UnorderedElementsAre(kVisit, kDroneStrikes, kTessalitRetaken, kDroneSupplies,
                                   kPressConference));
  EXPECT_THAT(Filtered("time.precision != UNKNOWN"),
              UnorderedElementsAre(kAttacks, kFrench, kClash));
}

TEST_F(FilterSeedTest, Actor) {
  EXPECT_THAT(Filtered(R"(actor = "actors/malian-armed-forces")"),
              UnorderedElementsAre(kAttacks, kTessalitRetaken, kFrench));
  EXPECT_THAT(Filtered("actor = actors/mali"),
              UnorderedElementsAre(kDroneSupplies, kPressConference));
  // != : the actor took no part.
  EXPECT_THAT(Filtered("actor != actors/azawad-rebels"),
              UnorderedElementsAre(kVisit, kAttacks, kDroneSupplies, kPressConference, kFrench));
}

TEST_F(FilterSeedTest, PlaceIncludesEverythingBelow) {
  EXPECT_THAT(Filtered("place = places/ml-kidal-region"),
              UnorderedElementsAre(kDroneStrikes, kTessalitRetaken, kClash));
  EXPECT_THAT(Filtered("place = places/ml-bamako"),
              UnorderedElementsAre(kVisit, kAttacks, kFrench));
  EXPECT_THAT(Filtered("place = places/tr"), UnorderedElementsAre(kVisit, kDroneSupplies));
  EXPECT_THAT(Filtered("place = places/ml"),
              UnorderedElementsAre(kVisit, kAttacks, kDroneStrikes, kTessalitRetaken,
                                   kDroneSupplies, kFrench, kClash));
  EXPECT_THAT(Filtered("place != places/ml"), ElementsAre(kPressConference));
}

TEST_F(FilterSeedTest, SourcePublisherAndLanguage) {
  const auto erem =
      UnorderedElementsAre(kVisit, kAttacks, kDroneStrikes, kTessalitRetaken, kDroneSupplies);
  EXPECT_THAT(Filtered(R"f(source.publisher = "إرم نيوز (erem news)")f"), erem);
  EXPECT_THAT(Filtered("source.publisher : EREM"), erem);
  EXPECT_THAT(Filtered("source.publisher:نيوز"), erem);
  EXPECT_THAT(Filtered(R"(source.publisher = "exemple presse")"), ElementsAre(kFrench));
  EXPECT_THAT(Filtered(R"(source.publisher = "Erem")"), IsEmpty());  // = is the whole name
  EXPECT_THAT(Filtered(R"(source.publisher != "Test Wire")"),
              UnorderedElementsAre(kVisit, kAttacks, kDroneStrikes, kTessalitRetaken,
                                   kDroneSupplies, kPressConference, kFrench));
  EXPECT_THAT(Filtered("source.language = FR"), ElementsAre(kFrench));
  EXPECT_THAT(Filtered("source.language = ar"),
              UnorderedElementsAre(kVisit, kAttacks, kDroneStrikes, kTessalitRetaken,
                                   kDroneSupplies, kPressConference));
  EXPECT_THAT(Filtered("source.language != ar"), UnorderedElementsAre(kFrench, kClash));
}

TEST_F(FilterSeedTest, TextSearchInArabic) {
  // "Bamako": in the quotes of the visit ("بين باماكو وأنقرة", "لباماكو"), the attacks and the
  // supplies ("لباماكو").
  EXPECT_THAT(Filtered("quote:باماكو"), UnorderedElementsAre(kVisit, kAttacks, kDroneSupplies));
  // "Tessalit": quoted for the drone strikes and the retaking.
  EXPECT_THAT(Filtered("text:تيساليت"), UnorderedElementsAre(kDroneStrikes, kTessalitRetaken));
  EXPECT_THAT(Filtered("تيساليت"), UnorderedElementsAre(kDroneStrikes, kTessalitRetaken));
  EXPECT_THAT(Filtered(R"("مؤتمر صحفي مشترك")"), ElementsAre(kPressConference));
  EXPECT_THAT(Filtered("title:تيساليت"), IsEmpty());  // the titles are English
}

TEST_F(FilterSeedTest, TextSearchInFrenchIgnoresCase) {
  EXPECT_THAT(Filtered(R"(title:"école")"), ElementsAre(kFrench));
  EXPECT_THAT(Filtered(R"(text:"GENDARMERIE DE FALADIÉ")"), ElementsAre(kFrench));
  EXPECT_THAT(Filtered(R"(summary:"hommes armés")"), ElementsAre(kFrench));
  EXPECT_THAT(Filtered(R"(quote:"a visé")"), ElementsAre(kFrench));
}

TEST_F(FilterSeedTest, TextSearchesTitleSummaryAndQuotes) {
  EXPECT_THAT(Filtered("title:gendarmerie"), UnorderedElementsAre(kAttacks, kFrench));
  EXPECT_THAT(Filtered("gendarmerie"), UnorderedElementsAre(kAttacks, kFrench));
  // Only in summaries and titles.
  EXPECT_THAT(Filtered("drones"), UnorderedElementsAre(kDroneStrikes, kDroneSupplies));
  EXPECT_THAT(Filtered("text:Tessalit"), UnorderedElementsAre(kDroneStrikes, kTessalitRetaken));
  // In the attacks' summary ("more than 70") and quote ("أكثر من 70").
  EXPECT_THAT(Filtered("70"), ElementsAre(kAttacks));
  EXPECT_THAT(Filtered("summary:Tessalit"), UnorderedElementsAre(kDroneStrikes, kTessalitRetaken));
  // LIKE's wildcards are plain characters.
  EXPECT_THAT(Filtered(R"(text:"%")"), IsEmpty());
  EXPECT_THAT(Filtered("title:_"), IsEmpty());
}

TEST_F(FilterSeedTest, AndOrNotAndParentheses) {
  // The proto's example: attack AND (best > 10 OR day precision).
  EXPECT_THAT(Filtered("event_type = attack fatalities.best > 10 OR time.precision = DAY"),
              ElementsAre(kFrench));
  EXPECT_THAT(Filtered("event_type = attack OR event_type = armed_clash"),
              UnorderedElementsAre(kAttacks, kFrench, kClash));
  EXPECT_THAT(Filtered("place = places/ml-kidal-region -event_type = territory_change"),
              UnorderedElementsAre(kDroneStrikes, kClash));
  EXPECT_THAT(Filtered("NOT (place = places/ml-bamako OR actor = actors/mali)"),
              UnorderedElementsAre(kDroneStrikes, kTessalitRetaken, kClash));
  EXPECT_THAT(Filtered("(title:gendarmerie OR quote:تيساليت) AND time.precision = UNKNOWN"),
              UnorderedElementsAre(kDroneStrikes, kTessalitRetaken));
  EXPECT_THAT(Filtered("actor = actors/wagner-group AND place = places/ml-tinzaouaten"),
              ElementsAre(kClash));
  EXPECT_THAT(Filtered("gendarmerie OR drones -event_type = attack"),
              UnorderedElementsAre(kDroneStrikes, kDroneSupplies));
}

TEST_F(FilterSeedTest, FilterCombinesWithSelectors) {
  v1::ListEventsRequest request;
  request.add_places(seed_data::kMali);
  request.set_filter("fatalities.best > 0");
  EXPECT_THAT(ListAllEventNames(env_->events(), request), UnorderedElementsAre(kFrench, kClash));
  request.add_actors(seed_data::kWagner);
  EXPECT_THAT(ListAllEventNames(env_->events(), request), ElementsAre(kClash));
  *request.mutable_time_range() = Range("2024-09-01T00:00:00Z", "2024-10-01T00:00:00Z");
  EXPECT_THAT(ListAllEventNames(env_->events(), request), IsEmpty());
}

TEST_F(FilterSeedTest, OrderByFatalitiesBest) {
  // The two with a figure, then the rest by creation, in the same direction.
  const std::vector<std::string> desc = {
      kFrench,          kClash,        kPressConference, kDroneSupplies,
      kTessalitRetaken, kDroneStrikes, kAttacks,         kVisit};
  const std::vector<std::string> asc = {kClash,         kFrench,         kVisit,
                                        kAttacks,       kDroneStrikes,   kTessalitRetaken,
                                        kDroneSupplies, kPressConference};
  v1::ListEventsRequest request;
  for (int size : {1, 2, 3, 50}) {
    request.set_page_size(size);
    request.set_order_by("fatalities.best desc");
    EXPECT_EQ(ListAllEventNames(env_->events(), request), desc) << size;
    request.set_order_by("fatalities.best");
    EXPECT_EQ(ListAllEventNames(env_->events(), request), asc) << size;
  }
  request.set_page_size(1);
  request.set_order_by("fatalities.best desc");
  request.set_filter("place = places/ml-kidal-region");
  EXPECT_THAT(ListAllEventNames(env_->events(), request),
              ElementsAre(kClash, kTessalitRetaken, kDroneStrikes));
}

TEST_F(FilterSeedTest, OrderByUpdateTime) {
  // Each seed event was written in its own transaction, in file order; the two here after them.
  const std::vector<std::string> asc = {kVisit,           kAttacks,       kDroneStrikes,
                                        kTessalitRetaken, kDroneSupplies, kPressConference,
                                        kFrench,          kClash};
  v1::ListEventsRequest request;
  for (int size : {1, 3, 50}) {
    request.set_page_size(size);
    request.set_order_by("update_time");
    EXPECT_EQ(ListAllEventNames(env_->events(), request), asc) << size;
    request.set_order_by("update_time desc");
    EXPECT_EQ(ListAllEventNames(env_->events(), request),
              std::vector<std::string>(asc.rbegin(), asc.rend()))
        << size;
  }
}

TEST_F(FilterSeedTest, BadFilterIsInvalidArgumentWithTheColumn) {
  struct Case {
    std::string filter;
    std::string column;
  };
  for (const Case& c :
       {Case{"event_type = massacre", "column 14: "}, Case{"title:باماكو )", "column 14: "},
        Case{"(a", "column 3: "}, Case{"fatalities.best > many", "column 19: "},
        Case{"actor = jnim", "column 9: "}, Case{"text = x", "column 6: "}}) {
    grpc::Status status = ListFiltered(c.filter);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.filter;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("filter")) << c.filter;
    EXPECT_THAT(status.error_message(), HasSubstr("filter: " + c.column)) << c.filter;
  }
  // With other mistakes, every one is named.
  v1::ListEventsRequest request;
  request.add_event_types("massacre");
  request.set_filter("title:");
  request.set_order_by("title");
  v1::ListEventsResponse response;
  grpc::Status status = List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event_types[0]", "filter", "order_by"));
}

TEST_F(FilterSeedTest, MissingActorOrPlaceIsNotFoundNamingTheColumn) {
  grpc::Status status = ListFiltered("event_type = attack OR actor = actors/nobody-at-all");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("filter: column 24: actors/nobody-at-all"));
  status = ListFiltered("-place = places/atlantis");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("filter: column 2: places/atlantis"));
}

TEST_F(FilterSeedTest, InjectionAttemptsAreJustValues) {
  const std::vector<std::string> attacks = {"'; DROP TABLE events; --",
                                            "\" OR 1=1 --",
                                            "x') OR TRUE; DELETE FROM events; --",
                                            "\\'; SELECT pg_sleep(10); --",
                                            "$1",
                                            "$$; TRUNCATE events CASCADE; $$",
                                            "%",
                                            "_",
                                            "\\"};
  for (const std::string field :
       {"source.publisher = ", "source.publisher != ", "source.publisher : ", "title : ",
        "summary : ", "quote : ", "text : ", ""}) {
    for (const std::string& attack : attacks) {
      const std::string filter = field + QuoteValue(attack);
      v1::ListEventsRequest request;
      request.set_filter(filter);
      v1::ListEventsResponse response;
      grpc::Status status = List(request, &response);
      ASSERT_TRUE(status.ok()) << filter << ": " << status.error_message();
      // No publisher, title, summary or quote holds any of these.
      if (field == "source.publisher != ") {
        EXPECT_EQ(response.events_size(), 8) << filter;
      } else {
        EXPECT_EQ(response.events_size(), 0) << filter;
      }
    }
  }
  // Unquoted, the words are searched for or rejected; nothing else happens.
  for (const std::string filter :
       {"'; DROP TABLE events; --", "title:';DROP", "x' OR '1'='1", "$1 OR 1=1"}) {
    grpc::Status status = ListFiltered(filter);
    EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::INVALID_ARGUMENT)
        << filter << ": " << status.error_message();
  }
  EXPECT_EQ(SqlNumber(env_->database_url(), "SELECT count(*) FROM events"), 8);
  EXPECT_EQ(SqlNumber(env_->database_url(), "SELECT count(*) FROM event_sources"), 21);
  EXPECT_EQ(Filtered("").size(), 8u);
}

// --- At scale
// -------------------------------------------------------------------------------------

// Run after GenerateEvents: best figures for ~60% of events (0-199, many ties), update times on
// ~2,000 distinct days (many ties), a summary mentioning a gendarmerie school for ~0.2%, and a
// quoted source for every second event (~0.4% of the quotes mention Bamako in Arabic). The
// searched words are rare, as searches usually are: that is where the trigram indexes are the
// plan to expect (for a word in every tenth event, walking events in order is as good).
constexpr const char* kEnrich[] = {
    "SELECT setseed(0.160)",
    R"sql(INSERT INTO sources (resource_id, url, publisher, language)
          VALUES ('wire', 'https://example.org/wire', 'Wire', 'en'),
                 ('erem', 'https://example.org/erem', 'إرم نيوز (Erem News)', 'ar'))sql",
    R"sql(UPDATE events SET
            fatalities_best = CASE WHEN random() < 0.6 THEN floor(random() * random() * 200)::int
                              END,
            update_time = timestamptz '2020-01-01' + floor(random() * 2000) * interval '1 day',
            summary = CASE WHEN random() < 0.002
                           THEN 'Gunmen attacked the gendarmerie school of town ' || id
                           ELSE 'Report number ' || id END)sql",
    R"sql(INSERT INTO event_sources (event_id, ordinal, source_id, quote)
          SELECT e.id, 1, s.id,
                 CASE WHEN random() < 0.004 THEN 'هجمات في باماكو ' || e.id
                      ELSE 'quoted words ' || e.id END
            FROM events e
            JOIN sources s ON s.resource_id = CASE WHEN e.id % 3 = 0 THEN 'erem' ELSE 'wire' END
           WHERE e.id % 2 = 0)sql",
    "VACUUM ANALYZE events",
    "VACUUM ANALYZE event_sources",
    "ANALYZE sources",
};

class FilterScaleTest : public GeneratedEventsSuite<FilterScaleTest> {
 public:
  static void PrepareSuite() {
    GeneratedEventsSuite::PrepareSuite();
    pqxx::nontransaction txn(*conn_);
    for (const char* sql : kEnrich) txn.exec(sql);
    pqxx::result r = txn.exec(R"sql(
      SELECT a.resource_id FROM actors a JOIN event_actors ea ON ea.actor_id = a.id
       GROUP BY a.resource_id ORDER BY abs(count(*) - 300), a.resource_id LIMIT 1)sql");
    paging_actor_ = new std::string(absl::StrCat("actors/", r[0][0].as<std::string>()));
    std::printf("[ data   ] enriched; paging actor %s\n", paging_actor_->c_str());
  }

 protected:
  static std::vector<std::string> Query(const std::string& sql,
                                        const std::vector<std::string>& params = {}) {
    return SqlColumn(*conn_, sql, pqxx::prepare::make_dynamic_params(params));
  }

  // EXPLAINs each statement of `request` and checks it reads no big relation in full and uses
  // one of `indexes`.
  static void ExpectIndexServed(const std::string& name, const v1::ListEventsRequest& request,
                                const std::vector<std::string>& indexes) {
    std::set<std::string> big = BigEventRelations();
    big.insert("event_sources");
    ListEventsPlans plans = ExplainListEvents(*conn_, ListEventsStatements(*conn_, request), name);
    ASSERT_TRUE(plans.dated.has_value());
    EXPECT_TRUE(IsIndexServed(*plans.dated, big, {indexes})) << name;
    if (plans.unresolved) {
      EXPECT_TRUE(IsIndexServed(*plans.unresolved, big, {})) << name;
    }
  }

  static inline std::string* paging_actor_ = nullptr;
};

// The SQL of "an event of the paging actor", written independently of the service's.
constexpr char kOfActor[] = R"sql(
  FROM events e WHERE e.delete_time IS NULL AND EXISTS (
    SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
     WHERE ea.event_id = e.id AND 'actors/' || a.resource_id = $1))sql";

TEST_F(FilterScaleTest, PagesOfEachNewOrderMatchGroundTruth) {
  struct Order {
    std::string order_by;
    std::string sql_order;
  };
  for (const Order& o :
       {Order{"fatalities.best", "e.fatalities_best ASC NULLS LAST, e.id ASC"},
        Order{"fatalities.best desc", "e.fatalities_best DESC NULLS LAST, e.id DESC"},
        Order{"update_time", "e.update_time ASC, e.id ASC"},
        Order{"update_time desc", "e.update_time DESC, e.id DESC"}}) {
    SCOPED_TRACE(o.order_by);
    std::vector<std::string> truth = Query(
        absl::StrCat("SELECT 'events/' || e.resource_id ", kOfActor, " ORDER BY ", o.sql_order),
        {*paging_actor_});
    ASSERT_GE(truth.size(), 200u);
    const int with_figure = std::stoi(Query(
        absl::StrCat("SELECT count(e.fatalities_best)::text ", kOfActor), {*paging_actor_})[0]);
    ASSERT_GT(with_figure, 50);
    ASSERT_LT(with_figure, static_cast<int>(truth.size()));

    v1::ListEventsRequest request;
    request.add_actors(*paging_actor_);
    request.set_order_by(o.order_by);
    // Small pages; and first pages that end just before, at and just after the last event with a
    // figure, so that a cursor sits on each side of the boundary.
    for (auto [first, rest] : {std::pair{7, 7}, std::pair{13, 5}, std::pair{with_figure - 1, 3},
                               std::pair{with_figure, 3}, std::pair{with_figure + 1, 1}}) {
      SCOPED_TRACE(absl::StrCat("pages of ", first, " then ", rest));
      std::vector<std::string> pages = ListEventPages(env_->events(), request, first, rest).names;
      EXPECT_EQ(std::set<std::string>(pages.begin(), pages.end()).size(), pages.size())
          << "duplicates";
      EXPECT_EQ(pages, truth);
    }
  }
}

TEST_F(FilterScaleTest, OrderWithFilterOverACountryMatchesGroundTruth) {
  // ~4,000 events in places/xb, of which those with at most 50 killed or no figure.
  v1::ListEventsRequest request;
  request.add_places("places/xb");
  request.set_filter("NOT fatalities.best > 50");
  request.set_order_by("fatalities.best desc");
  std::vector<std::string> truth = Query(R"sql(
    SELECT 'events/' || e.resource_id FROM events e
     WHERE e.delete_time IS NULL
       AND (e.fatalities_best IS NULL OR e.fatalities_best <= 50)
       AND EXISTS (SELECT 1 FROM event_places ep JOIN place_ancestors pa ON pa.place_id = ep.place_id
                   JOIN places p ON p.id = pa.ancestor_id
                    WHERE ep.event_id = e.id AND p.resource_id = 'xb')
     ORDER BY e.fatalities_best DESC NULLS LAST, e.id DESC)sql");
  ASSERT_GE(truth.size(), 2000u);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> pages = ListEventPages(env_->events(), request, 97, 97).names;
  std::printf("[ timing ] %zu events of places/xb by fatalities.best desc in pages of 97: %.2f s\n",
              pages.size(), SecondsSince(start));
  EXPECT_EQ(pages, truth);
}

TEST_F(FilterScaleTest, FiltersMatchIndependentSql) {
  struct Case {
    std::string filter;
    std::string where;  // over events e
  };
  const std::vector<Case> cases = {
      {"fatalities.best > 150 -place = places/xa-r03",
       R"sql(e.fatalities_best > 150 AND NOT EXISTS (
               SELECT 1 FROM event_places ep JOIN place_ancestors pa ON pa.place_id = ep.place_id
                 JOIN places p ON p.id = pa.ancestor_id
                WHERE ep.event_id = e.id AND p.resource_id = 'xa-r03'))sql"},
      {"gendarmerie OR quote:باماكو",
       R"sql(position('gendarmerie' IN lower(e.title)) > 0
             OR position('gendarmerie' IN lower(e.summary)) > 0
             OR EXISTS (SELECT 1 FROM event_sources es
                         WHERE es.event_id = e.id AND (position('باماكو' IN es.quote) > 0
                                                       OR position('gendarmerie' IN lower(es.quote)) > 0)))sql"},
      {"NOT fatalities.best >= 1 AND event_type = arrest",
       "(e.fatalities_best IS NULL OR e.fatalities_best < 1) AND e.event_type = 'arrest'"},
      {"source.language = AR time.start_time >= 2024-06-01T00:00:00Z",
       R"sql(e.sort_time >= '2024-06-01' AND e.sort_time IS NOT NULL AND EXISTS (
               SELECT 1 FROM event_sources es JOIN sources s ON s.id = es.source_id
                WHERE es.event_id = e.id AND s.resource_id = 'erem'))sql"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.filter);
    std::vector<std::string> truth =
        Query(absl::StrCat("SELECT 'events/' || e.resource_id FROM events e WHERE ", c.where));
    ASSERT_GE(truth.size(), 50u);
    v1::ListEventsRequest request;
    request.set_filter(c.filter);
    request.set_page_size(1000);
    EXPECT_THAT(ListAllEventNames(env_->events(), request), UnorderedElementsAreArray(truth));
  }
}

TEST_F(FilterScaleTest, TextSearchesAreIndexServed) {
  const std::vector<std::string> trigram = {"events_title_trgm_idx", "events_summary_trgm_idx",
                                            "event_sources_quote_trgm_idx"};
  v1::ListEventsRequest request;
  request.set_filter("gendarmerie");
  ExpectIndexServed("text search \"gendarmerie\"", request, trigram);
  request.set_filter(R"(summary:"gendarmerie school")");
  ExpectIndexServed("summary search", request, {"events_summary_trgm_idx"});
  request.set_filter("quote:باماكو");
  ExpectIndexServed("quote search in Arabic", request, {"event_sources_quote_trgm_idx"});
  request.set_filter("title:gendarmerie");
  request.set_order_by("start_time desc");
  ExpectIndexServed("title search, descending", request, {"events_title_trgm_idx"});
}

TEST_F(FilterScaleTest, FatalitiesComparisonWithSelectorIsIndexServed) {
  v1::ListEventsRequest request;
  request.add_actors(*paging_actor_);
  request.set_filter("fatalities.best > 100");
  ExpectIndexServed("actor + fatalities.best > 100", request,
                    {"event_actors_class_walk_idx", "event_actors_actor_idx"});
  request.set_order_by("fatalities.best desc");
  ExpectIndexServed(
      "actor + fatalities.best > 100, by fatalities.best desc", request,
      {"event_actors_actor_idx", "event_actors_class_walk_idx", "events_fatalities_best_idx"});
}

TEST_F(FilterScaleTest, FirstPagesOfTheNewOrdersWalkTheirIndex) {
  for (const std::string order_by : {"fatalities.best desc", "fatalities.best"}) {
    v1::ListEventsRequest request;
    request.set_order_by(order_by);
    ExpectIndexServed("first page by " + order_by, request, {"events_fatalities_best_idx"});
  }
  for (const std::string order_by : {"update_time desc", "update_time"}) {
    v1::ListEventsRequest request;
    request.set_order_by(order_by);
    ExpectIndexServed("first page by " + order_by, request, {"events_update_time_idx"});
  }
}

}  // namespace
}  // namespace timeline::testing
