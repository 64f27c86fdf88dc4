// The schema and what guards it on a migrated, seeded database: the constraints that keep bad
// rows out whatever the service does (raw SQL), the functions instants cross through, the event
// type table, the seed loader, and the health service while the database answers. The migrator has
// migrator_test.cc; a database that cannot be reached, unreachable_database_test.cc.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/event_record.h"
#include "domain/event_types.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "storage/seed_loader.h"
#include "timeline/seed/v1/seed.pb.h"

namespace timeline::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class SchemaTest : public IntegrationSuite<SchemaTest> {
 protected:
  // The SQLSTATE with which the database refuses `sql`, or "" when it accepts it. Either way the
  // transaction is rolled back.
  static std::string Refusal(const std::string& sql) {
    pqxx::connection conn(env_->database_url());
    pqxx::work txn(conn);
    try {
      txn.exec(sql);
    } catch (const pqxx::sql_error& e) {
      return e.sqlstate();
    }
    txn.abort();
    return "";
  }
};

// An event row; `columns` / `values` add to or override the defaults.
std::string InsertEvent(const std::string& columns = "", const std::string& values = "",
                        const std::string& span = "tstzrange('2024-01-01', '2024-01-02')",
                        const std::string& precision = "'day'") {
  return absl::StrCat("INSERT INTO events (resource_id, title, event_type, span, time_precision",
                      columns, ") VALUES ('constraint-probe', 'probe', 'attack', ", span, ", ",
                      precision, values, ")");
}

constexpr char kCheck[] = "23514";
constexpr char kForeignKey[] = "23503";
constexpr char kNotNull[] = "23502";

TEST_F(SchemaTest, ConstraintsKeepBadEventsOut) {
  // The probes differ from a valid row in one thing each.
  ASSERT_EQ(Refusal(InsertEvent()), "");
  ASSERT_EQ(Refusal(InsertEvent(", fatalities_low, fatalities_best, fatalities_high", ", 1, 2, 3")),
            "");
  ASSERT_EQ(Refusal(InsertEvent("", "", "NULL", "'unknown'")), "");
  ASSERT_EQ(Refusal(InsertEvent("", "", "tstzrange(NULL, '2024-01-02')", "'unknown'")), "");

  // An end before the start cannot even be made into a range.
  EXPECT_EQ(Refusal(InsertEvent("", "", "tstzrange('2024-02-01', '2024-01-01')")), "22000");
  // An empty span (end == start) and bounds of the wrong kind.
  EXPECT_EQ(Refusal(InsertEvent("", "", "tstzrange('2024-01-01', '2024-01-01')")), kCheck);
  EXPECT_EQ(Refusal(InsertEvent("", "", "tstzrange('2024-01-01', '2024-01-02', '[]')")), kCheck);
  EXPECT_EQ(Refusal(InsertEvent("", "", "tstzrange('2024-01-01', '2024-01-02', '()')")), kCheck);
  // A calendar precision without a span.
  EXPECT_EQ(Refusal(InsertEvent("", "", "NULL", "'day'")), kCheck);
  EXPECT_EQ(Refusal(InsertEvent("", "", "tstzrange('2024-01-01', '2024-01-02')", "'fortnight'")),
            kCheck);
  // Counts: negative, or low > best > high.
  EXPECT_EQ(Refusal(InsertEvent(", fatalities_low", ", -1")), kCheck);
  EXPECT_EQ(Refusal(InsertEvent(", injured_best", ", -3")), kCheck);
  EXPECT_EQ(Refusal(InsertEvent(", fatalities_low, fatalities_high", ", 10, 5")), kCheck);
  EXPECT_EQ(Refusal(InsertEvent(", fatalities_low, fatalities_best", ", 10, 5")), kCheck);
  EXPECT_EQ(Refusal(InsertEvent(", injured_best, injured_high", ", 10, 5")), kCheck);
  // An event type outside the taxonomy.
  EXPECT_EQ(Refusal("INSERT INTO events (resource_id, title, event_type, span, time_precision) "
                    "VALUES ('constraint-probe', 'probe', 'massacre', NULL, 'unknown')"),
            kForeignKey);
  // Ids and titles.
  EXPECT_EQ(Refusal("INSERT INTO events (resource_id, title, event_type, time_precision) "
                    "VALUES ('Bad_Id', 'probe', 'attack', 'unknown')"),
            kCheck);
  EXPECT_EQ(Refusal("INSERT INTO events (resource_id, title, event_type, time_precision) "
                    "VALUES ('constraint-probe', '', 'attack', 'unknown')"),
            kCheck);
  EXPECT_EQ(Refusal("INSERT INTO events (resource_id, title, event_type, time_precision) "
                    "VALUES ('constraint-probe', NULL, 'attack', 'unknown')"),
            kNotNull);
  // A taken id.
  EXPECT_EQ(Refusal("INSERT INTO events (resource_id, title, event_type, time_precision) "
                    "VALUES ('bamako-attacks-2024-09', 'probe', 'attack', 'unknown')"),
            "23505");
}

// Instants cross to the service as microseconds since the epoch (epoch_us, from_epoch_us): exact
// both ways over google.protobuf.Timestamp's years whatever the session's zone, and inlined into
// the statements that call them; not inlined, each call ran as a SQL function of its own, more
// than half of a page's statement time.
TEST_F(SchemaTest, EpochMicrosecondsAreExactAndInlined) {
  struct Instant {
    absl::CivilSecond civil;
    int micros;
  };
  const Instant instants[] = {{absl::CivilSecond(1, 1, 1, 0, 0, 0), 0},
                              {absl::CivilSecond(1582, 10, 15, 0, 0, 0), 1},
                              {absl::CivilSecond(1969, 12, 31, 23, 59, 59), 999999},
                              {absl::CivilSecond(1970, 1, 1, 0, 0, 0), 0},
                              {absl::CivilSecond(2024, 2, 29, 12, 34, 56), 789012},
                              {absl::CivilSecond(9999, 12, 31, 23, 59, 59), 999999}};
  pqxx::connection conn(env_->database_url());
  pqxx::work txn(conn);
  txn.exec("SET LOCAL TimeZone = 'Asia/Kathmandu'");  // +05:45, and +05:41:16 before 1920
  for (const Instant& instant : instants) {
    const absl::CivilSecond& c = instant.civil;
    const std::string text =
        absl::StrFormat("%04d-%02d-%02d %02d:%02d:%02d.%06d+00", c.year(), c.month(), c.day(),
                        c.hour(), c.minute(), c.second(), instant.micros);
    const int64_t micros = absl::ToUnixMicros(absl::FromCivil(c, absl::UTCTimeZone()) +
                                              absl::Microseconds(instant.micros));
    EXPECT_EQ(txn.exec_params1("SELECT epoch_us($1::timestamptz)", text)[0].as<int64_t>(), micros)
        << text;
    EXPECT_TRUE(
        txn.exec_params1("SELECT from_epoch_us($1) = $2::timestamptz", micros, text)[0].as<bool>())
        << text;
  }
  for (const std::string call : {"epoch_us(create_time)", "from_epoch_us(revision)"}) {
    std::string plan;
    for (const pqxx::row& line : txn.exec(
             absl::StrCat("EXPLAIN (VERBOSE) SELECT ", call, " FROM events WHERE revision > 0"))) {
      absl::StrAppend(&plan, line[0].c_str(), "\n");
    }
    EXPECT_THAT(plan, Not(HasSubstr("epoch_us("))) << plan;
  }
}

TEST_F(SchemaTest, ConstraintsKeepBadPlacesActorsAndLinksOut) {
  const std::string mali = "(SELECT id FROM places WHERE resource_id = 'ml')";
  ASSERT_EQ(Refusal(absl::StrCat("INSERT INTO places (resource_id, display_name, kind, parent_id) "
                                 "VALUES ('ml-probe', 'Probe', 'settlement', ",
                                 mali, ")")),
            "");
  // A country inside another place.
  EXPECT_EQ(Refusal(absl::StrCat("INSERT INTO places (resource_id, display_name, kind, parent_id) "
                                 "VALUES ('xx-probe', 'Probe', 'country', ",
                                 mali, ")")),
            kCheck);
  EXPECT_EQ(Refusal("INSERT INTO places (resource_id, display_name, kind, country_code) "
                    "VALUES ('xx-probe', 'Probe', 'country', 'ml')"),
            kCheck);
  EXPECT_EQ(Refusal("INSERT INTO places (resource_id, display_name, kind) "
                    "VALUES ('xx-probe', 'Probe', 'planet')"),
            kCheck);
  EXPECT_EQ(Refusal("INSERT INTO places (resource_id, display_name, kind, geonames_id) "
                    "VALUES ('xx-probe', 'Probe', 'country', 0)"),
            kCheck);
  // A location without its precision.
  EXPECT_EQ(Refusal("INSERT INTO places (resource_id, display_name, kind, location) "
                    "VALUES ('xx-probe', 'Probe', 'country', 'POINT(0 0)')"),
            kCheck);
  // A country has no parent. (Other places may move: UpdatePlace rewrites the closure and the
  // scopes with them, migrations/0011.)
  EXPECT_EQ(Refusal("UPDATE places SET parent_id = (SELECT id FROM places WHERE resource_id = "
                    "'dz') WHERE resource_id = 'ml'"),
            kCheck);

  ASSERT_EQ(Refusal("INSERT INTO actors (resource_id, display_name, kind, wikidata_id) "
                    "VALUES ('actor-probe', 'Probe', 'person', 'Q123456789')"),
            "");
  for (const std::string bad : {"X123", "Q0123", "q123", "Q", "Q12 "}) {
    EXPECT_EQ(Refusal(absl::StrCat("INSERT INTO actors (resource_id, display_name, kind, "
                                   "wikidata_id) VALUES ('actor-probe', 'Probe', 'person', '",
                                   bad, "')")),
              kCheck)
        << bad;
  }
  EXPECT_EQ(Refusal("INSERT INTO actors (resource_id, display_name, kind) "
                    "VALUES ('actor-probe', 'Probe', 'alien')"),
            kCheck);
  EXPECT_EQ(Refusal("INSERT INTO actors (resource_id, display_name, kind) "
                    "VALUES ('actor-probe', '', 'person')"),
            kCheck);

  const std::string event = "(SELECT id FROM events WHERE resource_id = 'bamako-attacks-2024-09')";
  const std::string actor = "(SELECT id FROM actors WHERE resource_id = 'wagner-group')";
  ASSERT_EQ(Refusal(absl::StrCat("INSERT INTO event_actors (event_id, actor_id, role, ordinal) "
                                 "VALUES (",
                                 event, ", ", actor, ", 'associated', 9)")),
            "");
  EXPECT_EQ(Refusal(absl::StrCat("INSERT INTO event_actors (event_id, actor_id, role, ordinal) "
                                 "VALUES (",
                                 event, ", ", actor, ", 'hero', 9)")),
            kCheck);
  EXPECT_EQ(Refusal(absl::StrCat("INSERT INTO event_actors (event_id, actor_id, role, ordinal) "
                                 "VALUES (",
                                 event, ", 999999999, 'target', 9)")),
            kForeignKey);
  EXPECT_EQ(Refusal(absl::StrCat("INSERT INTO external_ids (system, external_id, event_id) "
                                 "VALUES ('ACLED', 'x', ",
                                 event, ")")),
            kCheck);
  // A source may be cited without its words (0002_ingest.sql): dataset rows carry none.
  EXPECT_EQ(Refusal(absl::StrCat("INSERT INTO event_sources (event_id, ordinal, source_id, quote) "
                                 "VALUES (",
                                 event, ", 99, (SELECT id FROM sources LIMIT 1), '')")),
            "");
  EXPECT_EQ(
      Refusal(absl::StrCat("INSERT INTO changes (event_id, kind) VALUES (", event, ", 'touched')")),
      kCheck);
  EXPECT_EQ(Refusal("INSERT INTO sources (resource_id, url) VALUES ('source-probe', '')"), kCheck);
}

TEST_F(SchemaTest, EventTypesTableMatchesTheDomainList) {
  std::vector<std::string> in_domain;
  for (const domain::EventType& t : domain::EventTypes()) in_domain.emplace_back(t.name);
  std::sort(in_domain.begin(), in_domain.end());
  std::vector<std::string> in_database;
  pqxx::connection conn(env_->database_url());
  pqxx::read_transaction txn(conn);
  for (const pqxx::row& r : txn.exec("SELECT name FROM event_types ORDER BY name")) {
    in_database.push_back(r[0].as<std::string>());
  }
  EXPECT_EQ(in_database, in_domain);
  EXPECT_EQ(in_domain.size(), 16u);
  for (const std::string& name : in_domain) EXPECT_TRUE(domain::IsKnownEventType(name)) << name;
}

// --- The seed loader -----------------------------------------------------------------------------

// Places, actors, sources and events in the seed files of `dir`.
int SeedRecords(const std::string& dir) {
  int total = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    seed::v1::SeedFile seed;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(text.str(), &seed).ok());
    total += seed.places_size() + seed.actors_size() + seed.sources_size() + seed.events_size();
  }
  return total;
}

// Every event's id, revision (and update time), and the row counts of the written tables.
std::vector<std::string> Snapshot(const std::string& url, bool with_times = true) {
  pqxx::connection conn(url);
  pqxx::read_transaction txn(conn);
  std::vector<std::string> out;
  for (const pqxx::row& r :
       txn.exec("SELECT resource_id, revision, update_time::text FROM events ORDER BY id")) {
    out.push_back(absl::StrCat(r[0].c_str(), " ", r[1].c_str(), with_times ? " " : "",
                               with_times ? r[2].c_str() : ""));
  }
  for (const char* table : {"places", "place_names", "actors", "actor_names", "sources", "events",
                            "event_actors", "event_places", "event_sources", "changes"}) {
    out.push_back(absl::StrCat(table, " ",
                               txn.exec1(absl::StrCat("SELECT count(*) FROM ", table))[0].c_str()));
  }
  return out;
}

TEST_F(SchemaTest, LoadingTheSeedAgainChangesNothing) {
  const std::string data = SourceDir() + "/data";
  const int total = SeedRecords(data);
  EXPECT_EQ(total, 12 + 11 + 2 + 6);

  std::vector<v1::Event> before;
  for (const char* name : {seed_data::kAttacks, seed_data::kPressConference, seed_data::kVisit}) {
    absl::StatusOr<v1::Event> e = env_->repo().GetEvent(storage::CallContext{}, IdOf(name));
    ASSERT_TRUE(e.ok()) << e.status();
    before.push_back(*e);
  }
  const std::vector<std::string> snapshot = Snapshot(env_->database_url());

  for (int round = 0; round < 2; ++round) {
    absl::StatusOr<storage::LoadReport> report = storage::LoadSeedDirectory(env_->repo(), data);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->created, 0);
    EXPECT_EQ(report->updated, 0);
    EXPECT_EQ(report->unchanged, total);
  }
  EXPECT_EQ(Snapshot(env_->database_url()), snapshot);
  for (const v1::Event& e : before) {
    absl::StatusOr<v1::Event> after = env_->repo().GetEvent(storage::CallContext{}, IdOf(e.name()));
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->etag(), e.etag()) << e.name();
  }
}

TEST_F(SchemaTest, SeedLoadRewritesOnlyEventsThatDiffer) {
  TimelineEnv env;  // its own seeded database: this test changes an event
  const std::string data = SourceDir() + "/data";
  absl::StatusOr<v1::Event> original =
      env.repo().GetEvent(storage::CallContext{}, IdOf(seed_data::kAttacks));
  ASSERT_TRUE(original.ok()) << original.status();
  absl::StatusOr<v1::Event> edited =
      env.repo().UpdateEvent(storage::CallContext{}, IdOf(seed_data::kAttacks), original->etag(),
                             [&](const v1::Event& current) -> absl::StatusOr<domain::EventRecord> {
                               v1::Event e = current;
                               e.set_title("edited by hand");
                               return domain::EventRecordFromProto(e, "event");
                             });
  ASSERT_TRUE(edited.ok()) << edited.status();
  ASSERT_NE(edited->etag(), original->etag());

  absl::StatusOr<storage::LoadReport> report = storage::LoadSeedDirectory(env.repo(), data);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->created, 0);
  EXPECT_EQ(report->updated, 1);
  EXPECT_EQ(report->unchanged, SeedRecords(data) - 1);
  absl::StatusOr<v1::Event> restored =
      env.repo().GetEvent(storage::CallContext{}, IdOf(seed_data::kAttacks));
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(restored->title(), original->title());
  EXPECT_NE(restored->etag(), edited->etag());
  EXPECT_EQ(SqlNumber(env.database_url(),
                      "SELECT count(*) FROM changes c JOIN events e ON e.id = c.event_id "
                      "WHERE e.resource_id = 'bamako-attacks-2024-09' AND c.kind = 'updated'"),
            2);
}

// `timelined serve --data_dir` loads the seed at every start: an event deleted through the API
// must not make that load fail (nor come back).
TEST_F(SchemaTest, SeedLoadLeavesDeletedEventsDeleted) {
  TimelineEnv env;  // its own seeded database: this test deletes an event
  const std::string data = SourceDir() + "/data";
  absl::StatusOr<v1::Event> deleted =
      env.repo().DeleteEvent(storage::CallContext{}, IdOf(seed_data::kTessalitRetaken), "");
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  ASSERT_TRUE(deleted->has_delete_time());

  absl::StatusOr<storage::LoadReport> report = storage::LoadSeedDirectory(env.repo(), data);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->created, 0);
  EXPECT_EQ(report->updated, 0);
  EXPECT_EQ(report->unchanged, SeedRecords(data));
  absl::StatusOr<v1::Event> after =
      env.repo().GetEvent(storage::CallContext{}, IdOf(seed_data::kTessalitRetaken));
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->has_delete_time());
  EXPECT_EQ(after->etag(), deleted->etag());
}

TEST_F(SchemaTest, SeedLoadIntoAnEmptyDatabaseCreatesEverything) {
  TimelineEnv empty({.load_seed = false});
  const std::string data = SourceDir() + "/data";
  absl::StatusOr<storage::LoadReport> report = storage::LoadSeedDirectory(empty.repo(), data);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->created, SeedRecords(data));
  EXPECT_EQ(report->updated, 0);
  EXPECT_EQ(report->unchanged, 0);
  // Then it holds what the seeded database holds (update times aside).
  EXPECT_EQ(Snapshot(empty.database_url(), false), Snapshot(env_->database_url(), false));
}

TEST_F(SchemaTest, BadSeedFilesFailNamingTheFile) {
  const std::string snapshot_before = absl::StrJoin(Snapshot(env_->database_url()), "\n");
  {
    TempDir dir;
    dir.Write("unknown_field.json", R"json({"places": [{"name": "places/zz-probe",
      "displayName": "Probe", "kind": "COUNTRY", "shoeSize": 42}]})json");
    absl::StatusOr<storage::LoadReport> report =
        storage::LoadSeedDirectory(env_->repo(), dir.path().string());
    EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument) << report.status();
    EXPECT_THAT(report.status().message(), HasSubstr("unknown_field.json"));
  }
  {
    TempDir dir;
    dir.Write("not_json.json", "{\"places\": [");
    absl::StatusOr<storage::LoadReport> report =
        storage::LoadSeedDirectory(env_->repo(), dir.path().string());
    EXPECT_FALSE(report.ok());
    EXPECT_THAT(report.status().message(), HasSubstr("not_json.json"));
  }
  {
    TempDir dir;
    dir.Write("broken_reference.json", R"json({"events": [{
      "name": "events/broken-reference-probe", "title": "Probe", "eventType": "attack",
      "time": {"precision": "PRECISION_UNKNOWN"},
      "actors": [{"actor": "actors/nobody-at-all", "role": "TARGET"}],
      "places": [{"place": "places/ml-bamako", "role": "LOCATION"}]}]})json");
    absl::StatusOr<storage::LoadReport> report =
        storage::LoadSeedDirectory(env_->repo(), dir.path().string());
    EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument) << report.status();
    EXPECT_THAT(report.status().message(), HasSubstr("broken_reference.json"));
    EXPECT_THAT(report.status().message(), HasSubstr("events/broken-reference-probe"));
    EXPECT_THAT(report.status().message(), HasSubstr("actors/nobody-at-all"));
  }
  {
    TempDir dir;
    dir.Write("invalid_record.json", R"json({"actors": [{"name": "actors/invalid-probe",
      "displayName": "Probe"}]})json");
    absl::StatusOr<storage::LoadReport> report =
        storage::LoadSeedDirectory(env_->repo(), dir.path().string());
    EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument) << report.status();
    EXPECT_THAT(report.status().message(), HasSubstr("invalid_record.json"));
    EXPECT_THAT(report.status().message(), HasSubstr("actor.kind"));
  }
  EXPECT_EQ(storage::LoadSeedDirectory(env_->repo(), "/nonexistent/data").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(absl::StrJoin(Snapshot(env_->database_url()), "\n"), snapshot_before);
}

// --- Health and an unreachable database ----------------------------------------------------------

TEST_F(SchemaTest, HealthIsServingWhileTheDatabaseAnswers) {
  auto health = grpc::health::v1::Health::NewStub(env_->channel());
  for (const std::string service : {"", "timeline.v1.EventService", "timeline.v1.PlaceService"}) {
    grpc::ClientContext ctx;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(health->Check(&ctx, request, &response).ok()) << service;
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
  grpc::ClientContext ctx;
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("no.such.Service");
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_EQ(health->Check(&ctx, request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace timeline::testing
