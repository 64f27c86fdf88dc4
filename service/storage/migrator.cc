#include "storage/migrator.h"

#include <openssl/sha.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "pqxx/pqxx"
#include "storage/sql.h"

namespace timeline::storage {
namespace {

// Any constant shared by every timelined: the key of the advisory lock held while migrating.
constexpr int64_t kMigrationLockKey = 0x74696d656c696e65;  // "timeline"

constexpr const char* kCreateLedger = R"sql(
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    sha256      text NOT NULL,
    applied_time timestamptz NOT NULL DEFAULT now()
  ))sql";

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

// NNNN of "NNNN_lower_case_words.sql" (four digits, then [a-z0-9_]+); none for another name.
std::optional<int> MigrationVersion(absl::string_view name) {
  auto is_word = [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
  };
  if (!absl::ConsumeSuffix(&name, ".sql") || name.size() < 6 || name[4] != '_') return std::nullopt;
  absl::string_view digits = name.substr(0, 4), words = name.substr(5);
  if (!std::all_of(digits.begin(), digits.end(), absl::ascii_isdigit) ||
      !std::all_of(words.begin(), words.end(), is_word)) {
    return std::nullopt;
  }
  int version = 0;
  for (char c : digits) version = version * 10 + (c - '0');
  return version;
}

}  // namespace

absl::StatusOr<std::vector<MigrationFile>> ReadMigrations(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::InvalidArgumentError(absl::StrCat("migrations folder not found: ", dir));
  }
  std::vector<MigrationFile> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    std::optional<int> version = MigrationVersion(name);
    if (!version) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration file ", name, " is not named NNNN_lower_case_words.sql"));
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    files.push_back({*version, name, text.str()});
  }
  std::sort(files.begin(), files.end(),
            [](const MigrationFile& a, const MigrationFile& b) { return a.version < b.version; });
  for (size_t i = 1; i < files.size(); ++i) {
    if (files[i].version == files[i - 1].version) {
      return absl::InvalidArgumentError(absl::StrCat("migrations ", files[i - 1].name, " and ",
                                                     files[i].name, " share a version"));
    }
  }
  return files;
}

absl::StatusOr<std::vector<std::string>> Migrate(const std::string& database_url,
                                                 const std::vector<MigrationFile>& files) {
  std::vector<std::string> applied_now;
  try {
    pqxx::connection conn(database_url);
    {
      pqxx::nontransaction lock(conn);
      lock.exec_params(sql::kLockMigrations, kMigrationLockKey);
      lock.exec(kCreateLedger);
    }
    struct Unlock {
      pqxx::connection& conn;
      ~Unlock() {
        try {
          pqxx::nontransaction t(conn);
          t.exec_params(sql::kUnlockMigrations, kMigrationLockKey);
        } catch (...) {
          // Closing the session releases the lock anyway.
        }
      }
    } unlock{conn};

    std::map<int, std::pair<std::string, std::string>> ledger;  // version -> (name, sha)
    {
      pqxx::read_transaction read(conn);
      for (const pqxx::row& row : read.exec(sql::kAppliedMigrations)) {
        ledger[row[0].as<int>()] = {row[1].as<std::string>(), row[2].as<std::string>()};
      }
    }
    for (const auto& [version, entry] : ledger) {
      auto it = std::find_if(files.begin(), files.end(),
                             [&](const MigrationFile& f) { return f.version == version; });
      if (it == files.end()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the database has migration ", entry.first,
            " applied, which this build does not have; refusing to run an older build"));
      }
      if (Sha256Hex(it->sql) != entry.second || it->name != entry.first) {
        return absl::FailedPreconditionError(
            absl::StrCat("migration ", it->name,
                         " was edited after it was applied; add a new migration instead"));
      }
    }
    for (const MigrationFile& file : files) {
      if (ledger.contains(file.version)) continue;
      pqxx::work txn(conn);
      txn.exec(file.sql);
      txn.exec_params(sql::kRecordMigration, file.version, file.name, Sha256Hex(file.sql));
      txn.commit();
      applied_now.push_back(file.name);
    }
  } catch (const pqxx::broken_connection& e) {
    return absl::UnavailableError(absl::StrCat("cannot reach the database: ", e.what()));
  } catch (const pqxx::sql_error& e) {
    return absl::InternalError(absl::StrCat("migration failed: ", e.what()));
  }
  return applied_now;
}

}  // namespace timeline::storage
