// Runs pgbench (PostgreSQL's own load generator) on a script for list_events_load_bench: finds the
// program, hands it the connection in its environment (so that no password is on a command line),
// and reads its rate and per-transaction latencies.
#pragma once

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "libpq-fe.h"
#include "throwaway_database.h"

namespace timeline::bench {

// A pgbench script: the statements, and the values of its variables.
struct Script {
  std::string text;
  std::vector<std::string> variables;  // name=value, for pgbench -D
};

// --- Running pgbench ----------------------------------------------------------------------------

// `flag` when set (it must be executable), else pgbench beside pg_config's binaries or on PATH.
inline std::string PgbenchPath(const std::string& flag) {
  if (!flag.empty()) {
    if (access(flag.c_str(), X_OK) != 0) throw std::runtime_error("cannot run " + flag);
    return flag;
  }
  std::string bin;
  try {
    bin = Shell("pg_config --bindir 2>/dev/null");
  } catch (const std::exception&) {
  }
  if (bin.empty() || access((bin + "/pgbench").c_str(), X_OK) != 0) {
    bin = Shell("printf '%s\\n' /usr/lib/postgresql/*/bin | sort -V | tail -1");
  }
  const std::string path = bin + "/pgbench";
  if (access(path.c_str(), X_OK) != 0) {
    throw std::runtime_error("no pgbench (looked in " + bin + "); give --pgbench");
  }
  return path;
}

// NAME=value environment entries that make libpq connect to `url` (so that its password is on no
// command line), and the session's time zone what the service sets on every connection.
inline std::vector<std::string> ConnectionEnvironment(const std::string& url) {
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> options(
      PQconninfoParse(url.c_str(), &error), PQconninfoFree);
  if (!options) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    throw std::runtime_error("cannot parse the database URL: " + message);
  }
  std::vector<std::string> env;
  std::string pg_options = "-c TimeZone=UTC";
  for (PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
    if (o->val == nullptr || o->envvar == nullptr) continue;
    if (std::string(o->keyword) == "options") {
      pg_options = absl::StrCat(o->val, " ", pg_options);
    } else {
      env.push_back(absl::StrCat(o->envvar, "=", o->val));
    }
  }
  env.push_back("PGOPTIONS=" + pg_options);
  return env;
}

struct ProgramResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs `argv` with this process's environment plus `env` (which wins), and waits for it.
inline ProgramResult RunProgram(const std::vector<std::string>& argv,
                                const std::vector<std::string>& env) {
  std::vector<std::string> environment = env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('=') + 1);
    const bool overridden = std::any_of(env.begin(), env.end(), [&](const std::string& mine) {
      return absl::StartsWith(mine, name);
    });
    if (!overridden) environment.push_back(entry);
  }
  auto pointers = [](std::vector<std::string>& strings) {
    std::vector<char*> p;
    for (std::string& s : strings) p.push_back(s.data());
    p.push_back(nullptr);
    return p;
  };
  std::vector<std::string> args = argv;
  std::vector<char*> arg_pointers = pointers(args), env_pointers = pointers(environment);

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, arg_pointers.data(),
                                  env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  ProgramResult result;
  if (spawned != 0) {
    close(pipe_fds[0]);
    throw std::runtime_error("cannot run " + args[0]);
  }
  char buf[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) != 0;) {
    if (n > 0) result.output.append(buf, n);
    if (n < 0 && errno != EINTR) break;
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

// What one run of one runner (the service, the replay, pgbench) measured.
struct Measured {
  double per_second = 0;  // OK calls or transactions
  double p50_ms = 0, p99_ms = 0;
  std::string not_ok = "none";
};

// The value after `label` on the line of pgbench's report that has it.
inline std::optional<double> ReportValue(const std::string& report, absl::string_view label) {
  for (absl::string_view line : absl::StrSplit(report, '\n')) {
    if (!absl::ConsumePrefix(&line, label)) continue;
    double value = 0;
    const absl::string_view number = line.substr(0, line.find_first_of(" (/\r"));
    if (absl::SimpleAtod(number, &value)) return value;
  }
  return std::nullopt;
}

inline double NearestRank(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))];
}

// Latencies (ms), sorted, from pgbench's per-transaction logs in `dir` (-l --log-prefix=dir/log),
// which are removed; a line is "client transaction microseconds script epoch microseconds-part".
inline std::vector<double> ReadLatencies(const std::filesystem::path& dir) {
  std::vector<double> ms;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!absl::StartsWith(entry.path().filename().string(), "log.")) continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
      double us = 0;
      if (fields.size() >= 3 && absl::SimpleAtod(fields[2], &us)) ms.push_back(us / 1000);
    }
    in.close();
    std::filesystem::remove(entry.path());
  }
  std::sort(ms.begin(), ms.end());
  return ms;
}

class Pgbench {
 public:
  Pgbench(std::string program, const std::string& url, Script script)
      : program_(std::move(program)),
        env_(ConnectionEnvironment(url)),
        script_(std::move(script)),
        dir_(MakeDir()) {
    std::ofstream(dir_ / "list_events.sql") << script_.text;
  }
  ~Pgbench() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // `clients` clients for `seconds` under -M `protocol`; throws when pgbench fails or runs no
  // transaction.
  Measured Run(const std::string& protocol, int clients, int seconds, bool log) {
    std::vector<std::string> args = Args(protocol, clients, {"-T", absl::StrCat(seconds)});
    if (log) {
      args.push_back("-l");
      args.push_back("--log-prefix=" + (dir_ / "log").string());
    }
    return Measure(protocol, clients, RunProgram(args, env_));
  }

  // One transaction, so that a script pgbench refuses fails the run before anything is timed.
  void TryOnce(const std::string& protocol) {
    Measure(protocol, 1, RunProgram(Args(protocol, 1, {"-t", "1"}), env_));
  }

  // The command line, for the report (the connection is in the environment).
  std::string CommandLine(const std::string& protocol, int clients, int seconds) const {
    std::vector<std::string> args = Args(protocol, clients, {"-T", absl::StrCat(seconds)});
    for (std::string& a : args) {
      if (a.find_first_of(" '{}") != std::string::npos) a = absl::StrCat("'", a, "'");
    }
    return absl::StrJoin(args, " ");
  }

 private:
  Measured Measure(const std::string& protocol, int clients, const ProgramResult& r) {
    std::optional<double> tps = ReportValue(r.output, "tps = ");
    std::optional<double> done =
        ReportValue(r.output, "number of transactions actually processed: ");
    if (r.exit_code != 0 || !tps || !done || *done == 0) {
      throw std::runtime_error(absl::StrCat("pgbench -M ", protocol, " -c ", clients,
                                            " failed (exit ", r.exit_code, "):\n", r.output));
    }
    Measured m;
    m.per_second = *tps;
    if (std::optional<double> failed = ReportValue(r.output, "number of failed transactions: ");
        failed && *failed > 0) {
      m.not_ok = absl::StrCat(*failed, " failed");
    }
    std::vector<double> ms = ReadLatencies(dir_);
    m.p50_ms = NearestRank(ms, 0.5);
    m.p99_ms = NearestRank(ms, 0.99);
    return m;
  }

  static std::filesystem::path MakeDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "list_events_load.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return pattern;
  }

  // `length`: -T seconds or -t transactions.
  std::vector<std::string> Args(const std::string& protocol, int clients,
                                const std::vector<std::string>& length) const {
    const int cores = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    std::vector<std::string> args = {program_, "-n",
                                     "-M",     protocol,
                                     "-c",     absl::StrCat(clients),
                                     "-j",     absl::StrCat(std::min(clients, cores)),
                                     "-f",     (dir_ / "list_events.sql").string()};
    args.insert(args.end(), length.begin(), length.end());
    for (const std::string& v : script_.variables) {
      args.push_back("-D");
      args.push_back(v);
    }
    return args;
  }

  std::string program_;
  std::vector<std::string> env_;
  Script script_;
  std::filesystem::path dir_;
};

}  // namespace timeline::bench
