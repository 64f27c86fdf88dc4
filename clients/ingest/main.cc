// timeline-ingest: imports ACLED, UCDP GED, GDELT, JSON Lines and GeoNames files into a Timeline
// server, resumably. See clients/ingest/README.md.
//
//   timeline-ingest [--server=HOST:PORT] [--format=auto|jsonl|acled|ucdp|gdelt|geonames]
//                   [--encoding=auto|ENCODING]
//                   [--batch_size=1000] [--in_flight=2] [--checkpoint_dir=DIR] [--strict]
//                   [--validate_only]
//                   [--retry_budget=2m] [--max_attempts=0] [--rpc_timeout=120s] [--verbose]
//                   [--tls] [--tls_ca_file=PEM] [--auth_token_file=FILE] FILE...
//
// TIMELINE_SERVER stands in for --server, TIMELINE_AUTH_TOKEN for --auth_token_file's token. Exit
// codes: 0 all accepted, 1 some line malformed or record rejected, 2 usage error or the server
// unreachable or refusing a batch.

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "grpc_sender.h"
#include "ingest_job.h"

namespace {

std::string DefaultServer() {
  const char* value = std::getenv("TIMELINE_SERVER");
  return value == nullptr || *value == '\0' ? "127.0.0.1:50051" : value;
}

}  // namespace

ABSL_FLAG(std::string, server, DefaultServer(),
          "host:port of the Timeline server, plaintext (default: $TIMELINE_SERVER, else "
          "127.0.0.1:50051)");
ABSL_FLAG(std::string, format, "auto",
          "input format: auto (from each file's name and first line), jsonl, acled, ucdp, gdelt "
          "or geonames");
ABSL_FLAG(std::string, encoding, "auto",
          "the files' character encoding: auto (a byte-order mark, else valid UTF-8, else ICU's "
          "detection; the summary says which) or any name ICU knows: UTF-8, UTF-16, "
          "windows-1252, ISO-8859-1, …");
ABSL_FLAG(int, batch_size, 1000, "records per batch: one stream, one server transaction (1-10000)");
ABSL_FLAG(int, in_flight, 2,
          "batches sent and not yet answered, at most (1-8); the server still decides new names in "
          "the file's order (each batch names the one before it)");
ABSL_FLAG(std::string, checkpoint_dir, "",
          "keep a checkpoint per input file here and resume after what landed (default: none)");
ABSL_FLAG(bool, strict, false,
          "reject records naming actors or places the server does not know, instead of creating "
          "them");
ABSL_FLAG(bool, validate_only, false,
          "have the server check and resolve everything but write nothing; ignores checkpoints");
ABSL_FLAG(absl::Duration, retry_budget, absl::Minutes(2),
          "how long a batch may keep failing on transient errors (UNAVAILABLE etc.), from its "
          "first failure: retries pause (0.2 s doubling to 10 s) and wait for the server to accept "
          "a connection until then; 0: no retries");
ABSL_FLAG(int, max_attempts, 0,
          "attempts per batch at most, whatever is left of --retry_budget; 0: no limit");
ABSL_FLAG(absl::Duration, rpc_timeout, absl::Seconds(120), "deadline of each batch's call");
ABSL_FLAG(bool, verbose, false, "print every warning, not only their counts");
ABSL_FLAG(bool, tls, false, "connect with TLS, trusting the system's roots or --tls_ca_file");
ABSL_FLAG(std::string, tls_ca_file, "", "PEM certificates to trust for the server (implies --tls)");
ABSL_FLAG(std::string, auth_token_file, "",
          "send \"authorization: Bearer <token>\" with the token in this file (needs TLS; "
          "$TIMELINE_AUTH_TOKEN, when set, is used if this is not)");

namespace {

using timeline::ingest::kExitFailed;

constexpr const char* kOurFlags[] = {
    "server",         "format",  "encoding",      "batch_size",   "in_flight",
    "checkpoint_dir", "strict",  "validate_only", "retry_budget", "max_attempts",
    "rpc_timeout",    "verbose", "tls",           "tls_ca_file",  "auth_token_file"};

constexpr const char* kUsage =
    "usage: timeline-ingest [--server=HOST:PORT] [--format=auto|jsonl|acled|ucdp|gdelt|geonames]\n"
    "                       [--encoding=auto|ENCODING]\n"
    "                       [--batch_size=1000] [--in_flight=2] [--checkpoint_dir=DIR] "
    "[--strict]\n"
    "                       [--validate_only]"
    " [--retry_budget=2m] [--max_attempts=0] [--rpc_timeout=120s]\n"
    "                       [--verbose] [--tls] [--tls_ca_file=PEM] [--auth_token_file=FILE] "
    "FILE...\n";

struct Arguments {
  std::vector<std::string> files;
  bool help = false;
  std::string error;  // a usage error, for people
};

absl::CommandLineFlag* FindOurFlag(absl::string_view name) {
  for (const char* ours : kOurFlags) {
    if (name == ours) return absl::FindCommandLineFlag(name);
  }
  return nullptr;
}

// Sets one flag from "--name=value", "--name value", "--name" or "--noname" (booleans).
// Returns the usage error, if any; `next` is the following argument, consumed when it is the
// value.
std::string SetFlag(absl::string_view arg, const char* next, bool* consumed_next) {
  absl::string_view body = arg.substr(absl::StartsWith(arg, "--") ? 2 : 1);
  const size_t equals = body.find('=');
  const absl::string_view name = body.substr(0, equals);
  absl::CommandLineFlag* flag = FindOurFlag(name);
  bool negated = false;
  if (flag == nullptr && absl::StartsWith(name, "no")) {
    flag = FindOurFlag(name.substr(2));
    negated = flag != nullptr && flag->IsOfType<bool>() && equals == absl::string_view::npos;
    if (!negated) flag = nullptr;
  }
  if (flag == nullptr) return absl::StrCat("unknown flag ", arg);
  std::string value;
  if (equals != absl::string_view::npos) {
    value = std::string(body.substr(equals + 1));
  } else if (flag->IsOfType<bool>()) {
    value = negated ? "false" : "true";
  } else if (next != nullptr) {
    value = next;
    *consumed_next = true;
  } else {
    return absl::StrCat("--", name, " needs a value");
  }
  std::string error;
  if (!flag->ParseFrom(value, &error)) return absl::StrCat("--", flag->Name(), ": ", error);
  return "";
}

// absl::ParseCommandLine exits with 1 on a bad flag; 1 means "some records rejected" here, so
// the job parses its own few flags and keeps 2 for usage errors.
Arguments ParseArguments(int argc, char** argv) {
  Arguments args;
  bool only_files = false;
  for (int i = 1; i < argc && args.error.empty(); ++i) {
    const absl::string_view arg = argv[i];
    if (only_files || arg == "-" || !absl::StartsWith(arg, "-")) {
      args.files.emplace_back(arg);
    } else if (arg == "--") {
      only_files = true;
    } else if (arg == "--help" || arg == "-help" || arg == "-h") {
      args.help = true;
    } else {
      bool consumed_next = false;
      args.error = SetFlag(arg, i + 1 < argc ? argv[i + 1] : nullptr, &consumed_next);
      if (consumed_next) ++i;
    }
  }
  if (args.error.empty() && !args.help && args.files.empty()) args.error = "no input FILE";
  return args;
}

void PrintHelp() {
  std::cout << kUsage << "\nImports the records of each FILE, in order, into a Timeline server.\n"
            << "Exit codes: 0 all accepted, 1 some line malformed or record rejected (the rest "
               "imported),\n2 usage error, or the server unreachable or refusing a batch.\n\n";
  for (const char* name : kOurFlags) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    std::cout << "  --" << name << "=" << flag->DefaultValue() << "\n      " << flag->Help()
              << "\n";
  }
}

std::string ReadFile(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = absl::StrCat("cannot read ", path);
    return "";
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// TLS and the bearer token, from --tls, --tls_ca_file, --auth_token_file or $TIMELINE_AUTH_TOKEN.
// Returns a usage error, if any.
std::string ReadSecurityOptions(timeline::ingest::GrpcSenderOptions& sender) {
  std::string error;
  sender.tls = absl::GetFlag(FLAGS_tls);
  if (const std::string ca = absl::GetFlag(FLAGS_tls_ca_file); !ca.empty()) {
    sender.tls = true;
    sender.tls_ca = ReadFile(ca, &error);
    if (!error.empty()) return absl::StrCat("--tls_ca_file: ", error);
  }
  if (const std::string path = absl::GetFlag(FLAGS_auth_token_file); !path.empty()) {
    sender.auth_token = std::string(absl::StripAsciiWhitespace(ReadFile(path, &error)));
    if (!error.empty()) return absl::StrCat("--auth_token_file: ", error);
    if (sender.auth_token.empty()) return absl::StrCat("--auth_token_file: ", path, " is empty");
  } else if (const char* token = std::getenv("TIMELINE_AUTH_TOKEN"); token != nullptr) {
    sender.auth_token = std::string(absl::StripAsciiWhitespace(token));
  }
  // The server accepts tokens only over TLS; failing here says why, where the server could not.
  if (!sender.auth_token.empty() && !sender.tls) {
    return "a bearer token needs TLS: add --tls or --tls_ca_file";
  }
  return "";
}

int UsageError(absl::string_view error) {
  std::cerr << "timeline-ingest: " << error << "\n" << kUsage;
  return kExitFailed;
}

}  // namespace

int main(int argc, char** argv) {
  const Arguments args = ParseArguments(argc, argv);
  if (args.help) {
    PrintHelp();
    return 0;
  }
  if (!args.error.empty()) return UsageError(args.error);

  timeline::ingest::JobOptions options;
  if (const std::string format = absl::GetFlag(FLAGS_format); format != "auto") {
    absl::StatusOr<timeline::ingest::Format> parsed = timeline::ingest::ParseFormatName(format);
    if (!parsed.ok()) return UsageError(absl::StrCat("--format: ", parsed.status().message()));
    options.format = *parsed;
  }
  if (const std::string encoding = absl::GetFlag(FLAGS_encoding); encoding != "auto") {
    options.encoding = encoding;
  }
  options.batch_size = absl::GetFlag(FLAGS_batch_size);
  options.batches_in_flight = absl::GetFlag(FLAGS_in_flight);
  options.checkpoint_dir = absl::GetFlag(FLAGS_checkpoint_dir);
  options.strict = absl::GetFlag(FLAGS_strict);
  options.validate_only = absl::GetFlag(FLAGS_validate_only);
  options.verbose = absl::GetFlag(FLAGS_verbose);
  options.retry.max_attempts = absl::GetFlag(FLAGS_max_attempts);
  options.retry.retry_budget = absl::GetFlag(FLAGS_retry_budget);
  if (std::string problem = timeline::ingest::CheckJobOptions(options); !problem.empty()) {
    return UsageError(problem);
  }
  const absl::Duration rpc_timeout = absl::GetFlag(FLAGS_rpc_timeout);
  if (rpc_timeout <= absl::ZeroDuration()) return UsageError("--rpc_timeout must be positive");

  timeline::ingest::GrpcSenderOptions sender_options{.server = absl::GetFlag(FLAGS_server),
                                                     .rpc_timeout = rpc_timeout,
                                                     .strict = options.strict,
                                                     .validate_only = options.validate_only};
  if (std::string problem = ReadSecurityOptions(sender_options); !problem.empty()) {
    return UsageError(problem);
  }
  std::unique_ptr<timeline::ingest::BatchSender> sender =
      timeline::ingest::NewGrpcBatchSender(sender_options);
  timeline::ingest::JobEnvironment environment;
  environment.err_is_terminal = isatty(STDERR_FILENO) == 1;
  return timeline::ingest::RunIngestJob(options, args.files, *sender, environment);
}
