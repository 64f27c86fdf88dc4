// The schema and what guards it: the migrator (on throw-away databases), the constraints that
// keep bad rows out whatever the service does (raw SQL), the event type table, the seed loader,
// and how the service behaves when the database cannot be reached.
#include <openssl/sha.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/event_types.h"
#include "domain/records.h"
#include "domain/resource_name.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "storage/migrator.h"
#include "storage/seed_loader.h"
#include "timeline/seed/v1/seed.pb.h"

namespace timeline::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A temporary folder, deleted at the end of the scope.
struct TempDir {
  TempDir() : path(fs::temp_directory_path() / ("timeline-" + domain::GenerateResourceId())) {
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream out(path / name, std::ios::binary);
    out << text;
  }
  fs::path path;
};

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::vector<storage::MigrationFile> ProjectMigrations() {
  absl::StatusOr<std::vector<storage::MigrationFile>> files =
      storage::ReadMigrations(SourceDir() + "/migrations");
  EXPECT_TRUE(files.ok()) << files.status();
  return files.ok() ? *files : std::vector<storage::MigrationFile>{};
}

std::vector<std::string> NamesOf(const std::vector<storage::MigrationFile>& files) {
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.name);
  return names;
}

bool TableExists(const std::string& url, const std::string& table) {
  return SqlNumber(url,
                   absl::StrCat("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND "
                                "tablename = '",
                                table, "'")) == 1;
}

// --- Migrations ---------------------------------------------------------------------------------

TEST(MigratorTest, FreshDatabaseGetsEveryMigrationOnce) {
  ScratchDatabase db;
  const std::vector<storage::MigrationFile> files = ProjectMigrations();
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0].version, 1);
  EXPECT_EQ(files[0].name, "0001_initial.sql");

  absl::StatusOr<std::vector<std::string>> applied = storage::Migrate(db.url(), files);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, NamesOf(files));
  EXPECT_THAT(*applied, Contains("0001_initial.sql"));

  {
    pqxx::connection conn(db.url());
    pqxx::read_transaction txn(conn);
    pqxx::result ledger = txn.exec(
        "SELECT version, name, sha256, applied_time IS NOT NULL FROM schema_migrations "
        "ORDER BY version");
    ASSERT_EQ(ledger.size(), files.size());
    for (size_t i = 0; i < files.size(); ++i) {
      EXPECT_EQ(ledger[i][0].as<int>(), files[i].version);
      EXPECT_EQ(ledger[i][1].as<std::string>(), files[i].name);
      EXPECT_EQ(ledger[i][2].as<std::string>(), Sha256Hex(files[i].sql));
      EXPECT_TRUE(ledger[i][3].as<bool>());
    }
  }
  EXPECT_TRUE(TableExists(db.url(), "events"));
  EXPECT_TRUE(TableExists(db.url(), "event_place_scope"));

  // Running again applies nothing and changes nothing.
  absl::StatusOr<std::vector<std::string>> again = storage::Migrate(db.url(), files);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_THAT(*again, IsEmpty());
  EXPECT_EQ(SqlNumber(db.url(), "SELECT count(*) FROM schema_migrations"),
            static_cast<int64_t>(files.size()));
}

TEST(MigratorTest, NewMigrationsApplyInOrderAndAFailingOneLeavesNoTrace) {
  ScratchDatabase db;
  std::vector<storage::MigrationFile> files = ProjectMigrations();
  ASSERT_TRUE(storage::Migrate(db.url(), files).ok());

  files.push_back({9001, "9001_add_notes.sql", "CREATE TABLE test_notes (note text);"});
  files.push_back({9002, "9002_add_tags.sql", "CREATE TABLE test_tags (tag text);"});
  absl::StatusOr<std::vector<std::string>> applied = storage::Migrate(db.url(), files);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_THAT(*applied, ElementsAre("9001_add_notes.sql", "9002_add_tags.sql"));
  EXPECT_TRUE(TableExists(db.url(), "test_notes"));

  // A file that fails part way is rolled back with its ledger entry.
  files.push_back({9003, "9003_broken.sql",
                   "CREATE TABLE test_half_done (x int);\nSELECT no_such_function();"});
  absl::StatusOr<std::vector<std::string>> broken = storage::Migrate(db.url(), files);
  EXPECT_FALSE(broken.ok());
  EXPECT_THAT(broken.status().message(), HasSubstr("no_such_function"));
  EXPECT_FALSE(TableExists(db.url(), "test_half_done"));
  EXPECT_EQ(SqlNumber(db.url(), "SELECT count(*) FROM schema_migrations WHERE version = 9003"), 0);

  // Fixed, it applies.
  files.back().sql = "CREATE TABLE test_half_done (x int);";
  applied = storage::Migrate(db.url(), files);
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_THAT(*applied, ElementsAre("9003_broken.sql"));
}

TEST(MigratorTest, EditedAppliedMigrationIsRefused) {
  ScratchDatabase db;
  const std::vector<storage::MigrationFile> files = ProjectMigrations();
  ASSERT_TRUE(storage::Migrate(db.url(), files).ok());

  std::vector<storage::MigrationFile> edited = files;
  edited[0].sql += "\n-- an afterthought\n";
  // A new migration alongside is not applied either: the check comes first.
  edited.push_back({9001, "9001_add_notes.sql", "CREATE TABLE test_notes (note text);"});
  absl::StatusOr<std::vector<std::string>> result = storage::Migrate(db.url(), edited);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition) << result.status();
  EXPECT_THAT(result.status().message(), HasSubstr("0001_initial.sql"));
  EXPECT_FALSE(TableExists(db.url(), "test_notes"));

  // Renaming an applied file is an edit too.
  std::vector<storage::MigrationFile> renamed = files;
  renamed[0].name = "0001_first.sql";
  result = storage::Migrate(db.url(), renamed);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition) << result.status();
  EXPECT_THAT(result.status().message(), HasSubstr("0001_"));

  // The untouched files still pass.
  EXPECT_TRUE(storage::Migrate(db.url(), files).ok());
}

TEST(MigratorTest, LedgerEntryWithoutItsFileIsRefused) {
  ScratchDatabase db;
  const std::vector<storage::MigrationFile> files = ProjectMigrations();
  ASSERT_TRUE(storage::Migrate(db.url(), files).ok());
  {
    pqxx::connection conn(db.url());
    pqxx::work txn(conn);
    txn.exec(
        "INSERT INTO schema_migrations (version, name, sha256) "
        "VALUES (9999, '9999_from_a_newer_build.sql', 'abc')");
    txn.commit();
  }
  absl::StatusOr<std::vector<std::string>> result = storage::Migrate(db.url(), files);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition) << result.status();
  EXPECT_THAT(result.status().message(), HasSubstr("9999_from_a_newer_build.sql"));

  // Likewise when a build has lost a file the database has.
  ScratchDatabase other;
  ASSERT_TRUE(storage::Migrate(other.url(), files).ok());
  result = storage::Migrate(other.url(), {});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition) << result.status();
  EXPECT_THAT(result.status().message(), HasSubstr("0001_initial.sql"));
}

TEST(MigratorTest, RacingMigrationsApplyEachFileOnce) {
  ScratchDatabase db;
  const std::vector<storage::MigrationFile> files = ProjectMigrations();
  constexpr int kRunners = 4;
  std::vector<absl::StatusOr<std::vector<std::string>>> results(kRunners);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRunners; ++i) {
    threads.emplace_back([&, i] { results[i] = storage::Migrate(db.url(), files); });
  }
  for (auto& t : threads) t.join();
  std::vector<std::string> applied;
  int runners_that_applied = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    if (!r->empty()) ++runners_that_applied;
    applied.insert(applied.end(), r->begin(), r->end());
  }
  EXPECT_EQ(applied, NamesOf(files));
  EXPECT_EQ(runners_that_applied, 1);
  EXPECT_EQ(SqlNumber(db.url(), "SELECT count(*) FROM schema_migrations"),
            static_cast<int64_t>(files.size()));
}

TEST(MigratorTest, ReadMigrationsChecksFileNames) {
  {
    TempDir dir;
    dir.Write("0010_later.sql", "SELECT 10;");
    dir.Write("0002_earlier.sql", "SELECT 2;");
    dir.Write("README.md", "not a migration");
    dir.Write("0003_notes.txt", "not a migration either");
    absl::StatusOr<std::vector<storage::MigrationFile>> files =
        storage::ReadMigrations(dir.path.string());
    ASSERT_TRUE(files.ok()) << files.status();
    ASSERT_EQ(files->size(), 2u);
    EXPECT_EQ((*files)[0].version, 2);
    EXPECT_EQ((*files)[0].name, "0002_earlier.sql");
    EXPECT_EQ((*files)[0].sql, "SELECT 2;");
    EXPECT_EQ((*files)[1].version, 10);
  }
  for (const std::string bad : {"2_second.sql", "0002-second.sql", "0002_Second.sql",
                                "00002_second.sql", "0002_.sql", "second.sql"}) {
    TempDir dir;
    dir.Write("0001_initial.sql", "SELECT 1;");
    dir.Write(bad, "SELECT 2;");
    absl::StatusOr<std::vector<storage::MigrationFile>> files =
        storage::ReadMigrations(dir.path.string());
    EXPECT_EQ(files.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(files.status().message(), HasSubstr(bad));
  }
  {
    TempDir dir;
    dir.Write("0001_initial.sql", "SELECT 1;");
    dir.Write("0001_again.sql", "SELECT 1;");
    absl::StatusOr<std::vector<storage::MigrationFile>> files =
        storage::ReadMigrations(dir.path.string());
    EXPECT_EQ(files.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(files.status().message(), HasSubstr("0001_again.sql"));
  }
  EXPECT_EQ(storage::ReadMigrations("/nonexistent/migrations").status().code(),
            absl::StatusCode::kInvalidArgument);
}

// --- The schema on a migrated, seeded database ---------------------------------------------------

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
  // A place's parent never changes (place_ancestors and event_place_scope depend on it).
  EXPECT_EQ(Refusal("UPDATE places SET parent_id = (SELECT id FROM places WHERE resource_id = "
                    "'dz') WHERE resource_id = 'ml-bamako'"),
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
        storage::LoadSeedDirectory(env_->repo(), dir.path.string());
    EXPECT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument) << report.status();
    EXPECT_THAT(report.status().message(), HasSubstr("unknown_field.json"));
  }
  {
    TempDir dir;
    dir.Write("not_json.json", "{\"places\": [");
    absl::StatusOr<storage::LoadReport> report =
        storage::LoadSeedDirectory(env_->repo(), dir.path.string());
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
        storage::LoadSeedDirectory(env_->repo(), dir.path.string());
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
        storage::LoadSeedDirectory(env_->repo(), dir.path.string());
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

constexpr char kClosedPortUrl[] = "postgresql://postgres@127.0.0.1:1/timeline";

TEST(UnreachableDatabaseTest, RepositoryAnswersUnavailable) {
  storage::PgRepository repo(kClosedPortUrl, 2);
  const storage::CallContext ctx = Until(absl::Now() + absl::Seconds(10));
  EXPECT_EQ(repo.GetEvent(ctx, IdOf(seed_data::kAttacks)).status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(repo.GetActor(ctx, IdOf(seed_data::kGoita)).status().code(),
            absl::StatusCode::kUnavailable);
  domain::NameQuery query;
  query.match_key = "goita";
  EXPECT_EQ(repo.ListActors(ctx, query).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(repo.Ping(ctx).code(), absl::StatusCode::kUnavailable);
  // No deadline at all: still a prompt UNAVAILABLE, not a hang.
  EXPECT_EQ(repo.GetSource(storage::CallContext{}, "x").status().code(),
            absl::StatusCode::kUnavailable);

  EXPECT_EQ(storage::Migrate(kClosedPortUrl, ProjectMigrations()).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(UnreachableDatabaseTest, ServerAnswersUnavailableAndNotServing) {
  storage::PgRepository repo(kClosedPortUrl, 2);
  server::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.max_threads = 8;
  absl::StatusOr<std::unique_ptr<server::TimelineServer>> server =
      server::TimelineServer::Start(repo, options);
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*server)->port()),
                                     grpc::InsecureChannelCredentials());
  auto events = v1::EventService::NewStub(channel);
  auto actors = v1::ActorService::NewStub(channel);
  auto places = v1::PlaceService::NewStub(channel);
  auto sources = v1::SourceService::NewStub(channel);
  auto health = grpc::health::v1::Health::NewStub(channel);

  std::vector<std::pair<std::string, grpc::Status>> calls;
  auto call = [&](const std::string& what, auto&& rpc) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    calls.emplace_back(what, rpc(&ctx));
  };
  call("GetEvent", [&](grpc::ClientContext* ctx) {
    v1::GetEventRequest r;
    r.set_name(seed_data::kAttacks);
    v1::Event out;
    return events->GetEvent(ctx, r, &out);
  });
  call("ListEvents", [&](grpc::ClientContext* ctx) {
    v1::ListEventsRequest r;
    r.add_places(seed_data::kMali);
    v1::ListEventsResponse out;
    return events->ListEvents(ctx, r, &out);
  });
  call("CreateEvent", [&](grpc::ClientContext* ctx) {
    v1::CreateEventRequest r;
    r.mutable_event()->set_title("t");
    r.mutable_event()->set_event_type("attack");
    r.mutable_event()->mutable_time()->set_precision(v1::PRECISION_UNKNOWN);
    v1::Event out;
    return events->CreateEvent(ctx, r, &out);
  });
  call("UpdateEvent", [&](grpc::ClientContext* ctx) {
    v1::UpdateEventRequest r;
    r.mutable_event()->set_name(seed_data::kAttacks);
    r.mutable_event()->set_title("t");
    r.mutable_update_mask()->add_paths("title");
    v1::Event out;
    return events->UpdateEvent(ctx, r, &out);
  });
  call("DeleteEvent", [&](grpc::ClientContext* ctx) {
    v1::DeleteEventRequest r;
    r.set_name(seed_data::kAttacks);
    v1::Event out;
    return events->DeleteEvent(ctx, r, &out);
  });
  call("GetActor", [&](grpc::ClientContext* ctx) {
    v1::GetActorRequest r;
    r.set_name(seed_data::kGoita);
    v1::Actor out;
    return actors->GetActor(ctx, r, &out);
  });
  call("ListActors", [&](grpc::ClientContext* ctx) {
    v1::ListActorsRequest r;
    r.set_query("Goïta");
    v1::ListActorsResponse out;
    return actors->ListActors(ctx, r, &out);
  });
  call("CreateActor", [&](grpc::ClientContext* ctx) {
    v1::CreateActorRequest r;
    r.mutable_actor()->set_display_name("A");
    r.mutable_actor()->set_kind(v1::PERSON);
    v1::Actor out;
    return actors->CreateActor(ctx, r, &out);
  });
  call("GetPlace", [&](grpc::ClientContext* ctx) {
    v1::GetPlaceRequest r;
    r.set_name(seed_data::kMali);
    v1::Place out;
    return places->GetPlace(ctx, r, &out);
  });
  call("ListPlaces", [&](grpc::ClientContext* ctx) {
    v1::ListPlacesRequest r;
    r.set_parent(seed_data::kMali);
    v1::ListPlacesResponse out;
    return places->ListPlaces(ctx, r, &out);
  });
  call("CreatePlace", [&](grpc::ClientContext* ctx) {
    v1::CreatePlaceRequest r;
    r.mutable_place()->set_display_name("P");
    r.mutable_place()->set_kind(v1::COUNTRY);
    v1::Place out;
    return places->CreatePlace(ctx, r, &out);
  });
  call("GetSource", [&](grpc::ClientContext* ctx) {
    v1::GetSourceRequest r;
    r.set_name("sources/x");
    v1::Source out;
    return sources->GetSource(ctx, r, &out);
  });
  call("ListSources", [&](grpc::ClientContext* ctx) {
    v1::ListSourcesRequest r;
    v1::ListSourcesResponse out;
    return sources->ListSources(ctx, r, &out);
  });
  call("CreateSource", [&](grpc::ClientContext* ctx) {
    v1::CreateSourceRequest r;
    r.mutable_source()->set_publisher("P");
    v1::Source out;
    return sources->CreateSource(ctx, r, &out);
  });
  for (const auto& [what, status] : calls) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
        << what << ": " << status.error_code() << " " << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("database")) << what;
  }

  // The server itself is up: it answers health checks, with NOT_SERVING.
  for (const std::string service : {"", "timeline.v1.EventService"}) {
    grpc::ClientContext ctx;
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(&ctx, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::NOT_SERVING) << service;
  }
  // Validation still answers first.
  {
    grpc::ClientContext ctx;
    v1::GetEventRequest r;
    r.set_name("not-a-name");
    v1::Event out;
    EXPECT_EQ(events->GetEvent(&ctx, r, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  (*server)->Shutdown(absl::Seconds(2));
  (*server)->Wait();
}

TEST(UnreachableDatabaseTest, RepositoryRecoversWhenItsConnectionsAreKilled) {
  TimelineEnv env({.load_seed = false, .pool_size = 2});
  const storage::CallContext ctx = Until(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(env.repo().Ping(ctx).ok());
  {
    // Kill every session of the service's database but this one.
    pqxx::connection conn(env.database_url());
    pqxx::nontransaction txn(conn);
    txn.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }
  // The pooled connection is dead: that call may fail, but only as UNAVAILABLE (retryable), and
  // the next one reconnects.
  absl::Status first = env.repo().Ping(ctx);
  EXPECT_TRUE(first.ok() || absl::IsUnavailable(first)) << first;
  absl::Status second = env.repo().Ping(ctx);
  EXPECT_TRUE(second.ok()) << second;
  absl::StatusOr<v1::Actor> missing = env.repo().GetActor(ctx, "nobody-at-all");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace timeline::testing
