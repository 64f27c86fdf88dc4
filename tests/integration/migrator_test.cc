// The migrator, on throw-away databases: a fresh database gets every file of migrations/ once
// and in order, a failing file leaves no trace, edited or missing files are refused, racing
// runners apply each file once, and file names are checked.
#include "storage/migrator.h"

#include <openssl/sha.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"

namespace timeline::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
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
        storage::ReadMigrations(dir.path().string());
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
        storage::ReadMigrations(dir.path().string());
    EXPECT_EQ(files.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(files.status().message(), HasSubstr(bad));
  }
  {
    TempDir dir;
    dir.Write("0001_initial.sql", "SELECT 1;");
    dir.Write("0001_again.sql", "SELECT 1;");
    absl::StatusOr<std::vector<storage::MigrationFile>> files =
        storage::ReadMigrations(dir.path().string());
    EXPECT_EQ(files.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(files.status().message(), HasSubstr("0001_again.sql"));
  }
  EXPECT_EQ(storage::ReadMigrations("/nonexistent/migrations").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace timeline::testing
