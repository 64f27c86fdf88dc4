#include "batch.h"

#include "absl/strings/str_cat.h"
#include "content_hash.h"

namespace timeline::ingest {

std::string MakeRequestId(const RequestKey& key) {
  const std::string digest =
      Sha256Hex(absl::StrCat(key.lineage, "\n", key.first_line, "\n", key.last_line, "\n",
                             key.lines_sha256, "\n", key.strict ? "strict" : "lenient"));
  // The lineage is cut so that the id stays short whatever the caller passes.
  return absl::StrCat("ti-", key.lineage.substr(0, 32), "-", key.first_line, "-", key.last_line,
                      "-", digest.substr(0, 32));
}

std::vector<std::pair<size_t, size_t>> SplitIntoMessages(const std::vector<size_t>& record_bytes,
                                                         size_t max_records, size_t max_bytes) {
  std::vector<std::pair<size_t, size_t>> messages;
  size_t begin = 0;
  size_t bytes = 0;
  for (size_t i = 0; i < record_bytes.size(); ++i) {
    const bool full =
        i - begin == max_records || (i > begin && bytes + record_bytes[i] > max_bytes);
    if (full) {
      messages.emplace_back(begin, i);
      begin = i;
      bytes = 0;
    }
    bytes += record_bytes[i];
  }
  if (begin < record_bytes.size()) messages.emplace_back(begin, record_bytes.size());
  return messages;
}

std::vector<size_t> RecordSizes(const Batch& batch) {
  std::vector<size_t> sizes;
  sizes.reserve(batch.size());
  if (batch.places) {
    for (const v1::IngestPlace& row : batch.rows) sizes.push_back(row.ByteSizeLong());
  } else {
    for (const v1::IngestRecord& record : batch.events) sizes.push_back(record.ByteSizeLong());
  }
  return sizes;
}

}  // namespace timeline::ingest
