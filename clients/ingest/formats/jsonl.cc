// JSON Lines: each non-blank line is one IngestRecord in proto JSON. Unknown fields are errors, so
// that a misspelt field name is caught instead of silently dropped.
#include <string>

#include "absl/strings/str_cat.h"
#include "formats/readers.h"
#include "google/protobuf/util/json_util.h"

namespace timeline::ingest {
namespace {

class JsonLinesReader final : public RecordReader {
 public:
  explicit JsonLinesReader(std::istream& in) : lines_(in) {}

  bool Next(ReadItem* item) override {
    int64_t number = 0;
    bool too_long = false;
    while (lines_.Next(&line_, &number, &too_long)) {
      if (Trim(line_).empty() && !too_long) continue;
      ResetItem(item, number);
      if (too_long) {
        SetError(item, absl::StrCat("line is longer than ", line_.size(), " bytes"));
        return true;
      }
      google::protobuf::util::JsonParseOptions options;
      options.ignore_unknown_fields = false;
      const auto status = google::protobuf::util::JsonStringToMessage(
          google::protobuf::StringPiece(line_.data(), line_.size()), &item->event, options);
      if (!status.ok()) {
        const auto message = status.message();
        SetError(item, absl::StrCat("not an IngestRecord in proto JSON: ",
                                    absl::string_view(message.data(), message.size())));
        return true;
      }
      item->kind = ReadItem::Kind::kEvent;
      return true;
    }
    return false;
  }

 private:
  LineReader lines_;
  std::string line_;
};

}  // namespace

std::unique_ptr<RecordReader> NewJsonLinesReader(std::istream& in) {
  return std::make_unique<JsonLinesReader>(in);
}

}  // namespace timeline::ingest
