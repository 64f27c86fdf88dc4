// The character encoding of an input file: detected from its first bytes (a byte-order mark,
// valid UTF-8, else ICU's charset detection) or named by the user with --encoding.
//
// Readers work on UTF-8; DecodedStream (decoded_stream.h) converts with the ICU converter named
// here. What the summary says a file was read as comes from `name` and `how`.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace timeline::ingest {

struct TextEncoding {
  std::string name = "UTF-8";  // an ICU converter name, e.g. "UTF-8", "UTF-16LE", "windows-1252"
  int bom_bytes = 0;           // a byte-order mark to skip at the start of the file
  // The width of one code unit of a line end in the raw bytes: 1 for UTF-8 and the legacy
  // encodings (a line ends at byte 0x0A), 2 for UTF-16, 4 for UTF-32.
  int unit_width = 1;
  bool big_endian = false;  // for unit_width > 1
  // How the encoding was settled, for the summary: "byte-order mark", "valid UTF-8",
  // "detected, confidence 47%", "--encoding".
  std::string how;
};

// The encoding of a file whose first bytes are `head` (up to a few tens of KB; a sequence cut at
// the end of `head` does not count against UTF-8). Never fails: ICU's detector always answers,
// and plain ASCII is UTF-8.
TextEncoding DetectEncoding(absl::string_view head);

// The encoding the user named with --encoding (any name or alias ICU knows: "cp1252",
// "latin1", "utf-16le"…). A byte-order mark at the start of `head` that agrees with the name is
// skipped. INVALID_ARGUMENT when ICU knows no such encoding.
absl::StatusOr<TextEncoding> NamedEncoding(absl::string_view name, absl::string_view head);

}  // namespace timeline::ingest
