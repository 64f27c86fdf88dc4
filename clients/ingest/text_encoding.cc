#include "text_encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace timeline::ingest {
namespace {

struct ByteOrderMark {
  absl::string_view bytes;
  const char* encoding;
  int unit_width;
  bool big_endian;
};

// UTF-32 first: its little-endian mark begins with UTF-16's.
constexpr ByteOrderMark kByteOrderMarks[] = {
    {absl::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE", 4, false},
    {absl::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE", 4, true},
    {absl::string_view("\xEF\xBB\xBF", 3), "UTF-8", 1, false},
    {absl::string_view("\xFF\xFE", 2), "UTF-16LE", 2, false},
    {absl::string_view("\xFE\xFF", 2), "UTF-16BE", 2, true},
};

const ByteOrderMark* FindByteOrderMark(absl::string_view head) {
  for (const ByteOrderMark& mark : kByteOrderMarks) {
    if (absl::StartsWith(head, mark.bytes)) return &mark;
  }
  return nullptr;
}

struct Utf8Census {
  int64_t multibyte = 0;  // valid sequences of two bytes or more
  int64_t invalid = 0;
};

// Counts the valid multi-byte and the invalid UTF-8 sequences in `head`, not counting a
// sequence cut short by the end of `head`.
Utf8Census CountUtf8(absl::string_view head) {
  Utf8Census census;
  const auto* bytes = reinterpret_cast<const uint8_t*>(head.data());
  const int32_t length = static_cast<int32_t>(head.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0) {
      if (i - start > 1) ++census.multibyte;
      continue;
    }
    const int32_t needed = U8_COUNT_TRAIL_BYTES(bytes[start]) + 1;
    const bool cut_short = i == length && needed > length - start && needed > 1;
    if (!cut_short) ++census.invalid;
  }
  return census;
}

// Unit width and byte order of the converter `name` (ICU's canonical spelling).
void SetUnits(TextEncoding& encoding) {
  const std::string upper = absl::AsciiStrToUpper(encoding.name);
  if (absl::StartsWith(upper, "UTF-16")) {
    encoding.unit_width = 2;
  } else if (absl::StartsWith(upper, "UTF-32")) {
    encoding.unit_width = 4;
  } else {
    encoding.unit_width = 1;
  }
  encoding.big_endian = encoding.unit_width > 1 && !absl::EndsWith(upper, "LE");
}

struct DetectorCloser {
  void operator()(UCharsetDetector* detector) const { ucsdet_close(detector); }
};

TextEncoding DetectWithIcu(absl::string_view head) {
  TextEncoding encoding;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_FAILURE(status)) return encoding;
  ucsdet_setText(detector.get(), head.data(), static_cast<int32_t>(head.size()), &status);
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
  if (U_FAILURE(status) || match == nullptr) return encoding;
  const char* name = ucsdet_getName(match, &status);
  const int32_t confidence = ucsdet_getConfidence(match, &status);
  if (U_FAILURE(status) || name == nullptr) return encoding;
  encoding.name = name;
  // Files labelled or detected as Latin-1 are in practice Windows-1252, which only adds
  // printable characters (curly quotes, dashes) where Latin-1 has C1 control codes.
  if (encoding.name == "ISO-8859-1") encoding.name = "windows-1252";
  encoding.how = absl::StrCat("detected, confidence ", confidence, "%");
  SetUnits(encoding);
  return encoding;
}

}  // namespace

TextEncoding DetectEncoding(absl::string_view head) {
  TextEncoding encoding;
  if (const ByteOrderMark* mark = FindByteOrderMark(head)) {
    encoding.name = mark->encoding;
    encoding.bom_bytes = static_cast<int>(mark->bytes.size());
    encoding.unit_width = mark->unit_width;
    encoding.big_endian = mark->big_endian;
    encoding.how = "byte-order mark";
    return encoding;
  }
  const Utf8Census census = CountUtf8(head);
  if (census.invalid == 0) {
    encoding.how = "valid UTF-8";
    return encoding;
  }
  // Legacy text almost never forms valid multi-byte UTF-8 sequences (a lead byte such as "Ã"
  // followed by exactly the right number of bytes in 0x80-0xBF), so a head that holds more of
  // them than invalid ones is UTF-8 with a few bad bytes, which are then reported by line.
  if (census.multibyte >= census.invalid) {
    encoding.how =
        absl::StrCat("UTF-8 with ", census.invalid, " invalid sequence",
                     census.invalid == 1 ? "" : "s", " in its first ", head.size(), " bytes");
    return encoding;
  }
  return DetectWithIcu(head);
}

absl::StatusOr<TextEncoding> NamedEncoding(absl::string_view name, absl::string_view head) {
  UErrorCode status = U_ZERO_ERROR;
  const std::string wanted(name);
  UConverter* converter = ucnv_open(wanted.c_str(), &status);
  if (U_FAILURE(status) || converter == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--encoding: ICU knows no encoding named \"", name, "\""));
  }
  TextEncoding encoding;
  encoding.name = ucnv_getName(converter, &status);
  ucnv_close(converter);
  encoding.how = "--encoding";
  const ByteOrderMark* mark = FindByteOrderMark(head);
  const std::string upper = absl::AsciiStrToUpper(encoding.name);
  // "UTF-16" and "UTF-32" without a byte order: the mark says which, else big-endian (Unicode's
  // default for unmarked text).
  if (upper == "UTF-16" || upper == "UTF-32") {
    const bool little =
        mark != nullptr && mark->unit_width == (upper == "UTF-16" ? 2 : 4) && !mark->big_endian;
    encoding.name = absl::StrCat(upper, little ? "LE" : "BE");
  }
  SetUnits(encoding);
  if (mark != nullptr &&
      absl::AsciiStrToUpper(mark->encoding) == absl::AsciiStrToUpper(encoding.name)) {
    encoding.bom_bytes = static_cast<int>(mark->bytes.size());
  }
  return encoding;
}

}  // namespace timeline::ingest
