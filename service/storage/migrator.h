// Applies migrations/NNNN_description.sql files in order, once each.
//
// Applied files are recorded in schema_migrations with a SHA-256 of their text. A session-level
// advisory lock serializes servers that start at the same time; each file runs in its own
// transaction with its record. The migrator refuses to run when a file that was already applied
// has changed since (its checksum differs) or has disappeared: landed migrations are never
// edited, a new file is added instead.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace timeline::storage {

struct MigrationFile {
  int version = 0;
  std::string name;  // file name, "0001_initial.sql"
  std::string sql;
};

// Reads NNNN_*.sql files from `dir`, sorted by version. INVALID_ARGUMENT for misnamed files or
// duplicate versions.
absl::StatusOr<std::vector<MigrationFile>> ReadMigrations(const std::string& dir);

// Applies what is missing; returns the names of the files it applied.
absl::StatusOr<std::vector<std::string>> Migrate(const std::string& database_url,
                                                 const std::vector<MigrationFile>& files);

}  // namespace timeline::storage
