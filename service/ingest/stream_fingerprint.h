// The SHA-256 of an ingest stream's settings and records, fed message by message: a request_id
// (AIP-155) reused with another fingerprint is another stream, not a retry. Also the content
// hash of an ingested event, which tells a re-sent record that changes nothing (UNCHANGED).
#pragma once

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace timeline::ingest {

class StreamFingerprint {
 public:
  StreamFingerprint();
  ~StreamFingerprint();
  void Add(const google::protobuf::Message& message);
  void Add(absl::string_view bytes);
  std::string HexDigest();  // once, at the end

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace timeline::ingest
