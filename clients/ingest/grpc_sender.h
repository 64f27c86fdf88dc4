// The BatchSender that talks to a Timeline server: one client-streaming IngestEvents or
// IngestPlaces call per batch, the batch cut into messages far below gRPC's size limit.
#pragma once

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "sender.h"

namespace timeline::ingest {

struct GrpcSenderOptions {
  std::string server = "127.0.0.1:50051";  // host:port
  absl::Duration rpc_timeout = absl::Seconds(120);
  bool strict = false;
  bool validate_only = false;
  bool tls = false;
  std::string tls_ca = {};      // PEM roots to trust; empty: the system's
  std::string auth_token = {};  // sent as "authorization: Bearer <token>" when set
};

std::unique_ptr<BatchSender> NewGrpcBatchSender(const GrpcSenderOptions& options);

// "records[12].date.text" → "date.text": the server counts records over the stream, the job
// reports them by line.
std::string FieldWithinRecord(absl::string_view field);

}  // namespace timeline::ingest
