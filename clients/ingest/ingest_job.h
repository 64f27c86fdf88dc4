// timeline-ingest, the scheduled ingestion job: reads input files with the format readers and
// sends their records to IngestService in batches — one stream, one server transaction each, one
// or more in flight at once — with retries that never write twice, a checkpoint per file so a
// killed run resumes where it stopped, and a report of every line that did not make it.
//
//   std::unique_ptr<BatchSender> sender = NewGrpcBatchSender({.server = "127.0.0.1:50051"});
//   int exit_code = RunIngestJob(options, {"acled.csv"}, *sender, JobEnvironment{});
//
// clients/ingest/README.md describes the behaviour for people; this is how it is built.
#pragma once

#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "formats/record_reader.h"
#include "retry.h"
#include "sender.h"

namespace timeline::ingest {

inline constexpr int kMaxBatchesInFlight = 8;

// The job's exit codes.
enum ExitCode : int {
  kExitOk = 0,        // every record accepted
  kExitRejected = 1,  // some line malformed or some record rejected; the rest imported
  kExitFailed = 2,    // a usage error, or the server unreachable or refusing a batch
};

struct JobOptions {
  std::optional<Format> format;  // nullopt: detected per file
  // An ICU encoding name ("windows-1252", "UTF-16"…); nullopt: detected per file.
  std::optional<std::string> encoding;
  int batch_size = 1000;  // records per stream, at most kMaxBatchRecords
  // Batches sent and not yet answered, at most; 1 to kMaxBatchesInFlight. Batches that share an
  // external id (or a GeoNames id) are never in flight together: they land in line order. Each
  // batch sent while others are in flight names the latest of them (Batch::after_request_id), so
  // that the server decides new names in the file's order (clients/ingest/README.md, "Batches in
  // flight").
  int batches_in_flight = 2;
  std::string checkpoint_dir;  // empty: no checkpoints
  bool strict = false;
  bool validate_only = false;  // also ignores checkpoints: everything is validated
  bool verbose = false;        // print every warning, not only their counts
  RetryPolicy retry;
};

// What a test replaces.
struct JobEnvironment {
  std::ostream* err = &std::cerr;
  bool err_is_terminal = false;
  Retrier::Sleep sleep = absl::SleepFor;
  std::function<absl::Time()> now = absl::Now;
  std::function<std::unique_ptr<RecordReader>(Format, std::istream&)> open_reader = OpenReader;
};

// Problems with the options or the files, found before anything is sent; empty when none.
std::string CheckJobOptions(const JobOptions& options);

// Imports `files` in order (a gazetteer before the events that name its places). Stops at the
// first batch the server could not take; what was committed before stays committed and
// checkpointed. Returns an ExitCode.
int RunIngestJob(const JobOptions& options, const std::vector<std::string>& files,
                 BatchSender& sender, const JobEnvironment& environment);

}  // namespace timeline::ingest
