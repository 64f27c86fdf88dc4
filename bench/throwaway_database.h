// What the in-process benchmarks share to set up their data: a throw-away database on a cluster
// (created beside a maintenance database's URL, or on a private cluster started for the run, and
// dropped at the end), shell commands such as scripts/pg-cluster, and a Status check that throws.
// Benchmarks stop at the first failure, so everything here throws std::runtime_error rather than
// returning a status.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "pqxx/pqxx"

namespace timeline::bench {

// The value, or a throw naming `what` and the status.
template <typename T>
T Check(absl::StatusOr<T> value, const char* what) {
  if (!value.ok()) throw std::runtime_error(absl::StrCat(what, ": ", value.status().ToString()));
  return *std::move(value);
}

// Runs `command` with /bin/sh; returns its output without surrounding white space; throws when
// it fails.
inline std::string Shell(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, pipe.get()) != nullptr) out += buf;
  if (pclose(pipe.release()) != 0) throw std::runtime_error("failed: " + command);
  return std::string(absl::StripAsciiWhitespace(out));
}

// `url` with its database replaced by `name`, its parameters kept.
inline std::string WithDatabase(const std::string& url, const std::string& name) {
  const size_t slash = url.find('/', url.find("://") + 3);
  if (slash == std::string::npos) throw std::runtime_error("unexpected database URL: " + url);
  const size_t query = url.find('?', slash);
  return absl::StrCat(url.substr(0, slash + 1), name,
                      query == std::string::npos ? "" : url.substr(query));
}

// Runs `sql` outside a transaction (CREATE DATABASE, DROP DATABASE) on its own connection.
inline void Exec(const std::string& url, const std::string& sql) {
  pqxx::connection conn(url);
  pqxx::nontransaction txn(conn);
  txn.exec(sql);
}

// Which database a run uses when it should outlive the run: a large data set is generated once
// and timed many times.
struct KeptDatabase {
  std::string reuse;  // set: this existing database, used as it is and kept
  bool keep = false;  // the new database is kept, and its name printed, instead of dropped
};

// Runs `body(url)` on a new database on the cluster of `cluster_url` (a maintenance database's
// URL) or, when that is empty, on a private cluster in <source_dir>/build/bench-pg started for the
// run and stopped after it (left running if it was already); drops the database afterwards whatever
// `body` did, unless `kept` says otherwise. Returns body's exit code, or 1 when it threw (the error
// printed after `program`).
inline int WithThrowawayDatabase(const char* program, std::string cluster_url,
                                 const std::string& source_dir,
                                 const std::function<int(const std::string& url)>& body,
                                 const KeptDatabase& kept = {}) {
  const std::string pg_cluster = absl::StrCat("'", source_dir, "/scripts/pg-cluster' ");
  std::string own_cluster;  // started here, stopped at the end
  if (cluster_url.empty()) {
    const std::string dir = source_dir + "/build/bench-pg";
    // Another run may be using it: then it is left running.
    if (!std::filesystem::exists(dir + "/pgdata/postmaster.pid")) own_cluster = dir;
    setenv("TIMELINE_PG_FAST", "1", 1);
    cluster_url = Shell(absl::StrCat(pg_cluster, "start '", dir, "'"));
  }
  const std::string db =
      kept.reuse.empty() ? absl::StrCat(program, "_", getpid(), "_", time(nullptr)) : kept.reuse;
  int rc = 1;
  try {
    if (kept.reuse.empty()) Exec(cluster_url, absl::StrCat("CREATE DATABASE ", db));
    rc = body(WithDatabase(cluster_url, db));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", program, e.what());
  }
  if (kept.keep || !kept.reuse.empty()) {
    std::fprintf(stderr, "%s: kept database %s\n", program, db.c_str());
  } else {
    try {
      Exec(cluster_url, absl::StrCat("DROP DATABASE IF EXISTS ", db, " WITH (FORCE)"));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: dropping %s: %s\n", program, db.c_str(), e.what());
    }
  }
  if (!own_cluster.empty()) Shell(absl::StrCat(pg_cluster, "stop '", own_cluster, "'"));
  return rc;
}

}  // namespace timeline::bench
