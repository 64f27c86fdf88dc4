// Batches of timeline-ingest: the records of consecutive lines of one file that go to the server
// as one IngestEvents/IngestPlaces stream (one transaction), their request ids, and how a batch
// is cut into stream messages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "timeline/v1/ingest.pb.h"

namespace timeline::ingest {

// The server takes at most this many records per stream (ingest.proto).
inline constexpr int kMaxBatchRecords = 10000;
// Records per stream message, and a byte budget, keep every message far below gRPC's 4 MB.
inline constexpr size_t kMaxMessageRecords = 200;
inline constexpr size_t kMaxMessageBytes = 1 << 20;

struct Batch {
  std::string file;        // as given on the command line, for messages
  int64_t first_line = 0;  // the lines the batch covers, malformed ones included
  int64_t last_line = 0;
  std::string request_id;
  // The request_id of the batch sent before this one and still unanswered when this one was sent
  // (the server decides this batch's new names after that batch's); empty for none.
  std::string after_request_id;
  bool places = false;                   // GeoNames rows (IngestPlaces) rather than events
  std::vector<v1::IngestRecord> events;  // when !places
  std::vector<v1::IngestPlace> rows;     // when places
  std::vector<int64_t> record_lines;     // the line of each record, in order

  size_t size() const { return record_lines.size(); }
  bool empty() const { return record_lines.empty(); }
};

// What makes a batch's request a repetition of an earlier one: the same import (lineage), the
// same lines with the same bytes, and the same options that change what the server does.
struct RequestKey {
  absl::string_view lineage;
  int64_t first_line = 0;
  int64_t last_line = 0;
  absl::string_view lines_sha256;  // of the bytes of lines [first_line, last_line]
  bool strict = false;
};

// "ti-<lineage>-<first>-<last>-<32 hex digits of a SHA-256 over the key>": readable in server
// logs, a pure function of the key, and at most 128 characters (AIP-155 ids here).
std::string MakeRequestId(const RequestKey& key);

// Half-open ranges [begin, end) of the records that go into each stream message: at most
// `max_records` records and, unless one record alone is larger, `max_bytes` serialized bytes.
std::vector<std::pair<size_t, size_t>> SplitIntoMessages(const std::vector<size_t>& record_bytes,
                                                         size_t max_records = kMaxMessageRecords,
                                                         size_t max_bytes = kMaxMessageBytes);

// The serialized size of each record of `batch`.
std::vector<size_t> RecordSizes(const Batch& batch);

}  // namespace timeline::ingest
