#include "domain/ingest_notes.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace timeline::domain {

v1::IngestNote Note(std::string field, absl::string_view code, std::string message) {
  v1::IngestNote note;
  note.set_field(std::move(field));
  note.set_code(std::string(code));
  note.set_message(std::move(message));
  return note;
}

std::string RecordField(int index) { return absl::StrCat("records[", index, "]"); }

}  // namespace timeline::domain
