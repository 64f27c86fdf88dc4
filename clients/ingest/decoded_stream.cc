#include "decoded_stream.h"

#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace timeline::ingest {
namespace {

constexpr size_t kRawChunk = 1 << 16;

std::string DescribeInvalid(const std::string& encoding, const char* bytes, int32_t length) {
  std::string description = absl::StrCat("invalid ", encoding, length > 1 ? " bytes" : " byte");
  for (int32_t i = 0; i < length; ++i) {
    absl::StrAppendFormat(&description, " 0x%02X", static_cast<unsigned char>(bytes[i]));
  }
  return description;
}

// ICU calls this for every sequence it cannot convert: note where, then put U+FFFD in its place.
void NoteAndSubstitute(const void* context, UConverterToUnicodeArgs* args, const char* code_units,
                       int32_t length, UConverterCallbackReason reason, UErrorCode* error) {
  if (reason <= UCNV_IRREGULAR) {
    auto* buffer = static_cast<DecodedStream::Utf8Buffer*>(const_cast<void*>(context));
    buffer->NoteInvalid(args->target - buffer->target_start(),
                        DescribeInvalid(buffer->encoding_name(), code_units, length));
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, code_units, length, reason, error);
}

InputFile RawFile(const std::string& path, int64_t size) {
  InputFile file;
  file.path = path;
  file.size = size;
  return file;
}

}  // namespace

DecodedStream::DecodedStream(const std::string& path, int64_t size, const TextEncoding& encoding)
    : std::istream(nullptr), buffer_(path, size, encoding) {
  rdbuf(&buffer_);
  if (!buffer_.ok()) setstate(std::ios::badbit);
}

DecodedStream::Utf8Buffer::Utf8Buffer(const std::string& path, int64_t size,
                                      const TextEncoding& encoding)
    : raw_file_(RawFile(path, size)), raw_(raw_file_), encoding_name_(encoding.name) {
  UErrorCode status = U_ZERO_ERROR;
  converter_ = ucnv_open(encoding.name.c_str(), &status);
  if (U_FAILURE(status)) {
    converter_ = nullptr;
    return;
  }
  ucnv_setToUCallBack(converter_, NoteAndSubstitute, this, nullptr, nullptr, &status);
  raw_.ignore(encoding.bom_bytes);
  raw_chunk_.resize(kRawChunk);
  // One UTF-16 unit per byte at most, plus room for what a previous chunk left incomplete.
  utf16_.resize(kRawChunk + 16);
}

DecodedStream::Utf8Buffer::~Utf8Buffer() {
  if (converter_ != nullptr) ucnv_close(converter_);
}

DecodedStream::Utf8Buffer::int_type DecodedStream::Utf8Buffer::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  while (DecodeChunk()) {
    if (!utf8_.empty()) {
      setg(utf8_.data(), utf8_.data(), utf8_.data() + utf8_.size());
      return traits_type::to_int_type(*gptr());
    }
  }
  return traits_type::eof();
}

bool DecodedStream::Utf8Buffer::DecodeChunk() {
  utf8_.clear();
  if (!ok() || flushed_) return false;
  raw_.read(raw_chunk_.data(), static_cast<std::streamsize>(raw_chunk_.size()));
  const std::streamsize got = raw_.gcount();
  const bool flush = got < static_cast<std::streamsize>(raw_chunk_.size());
  const char* source = raw_chunk_.data();
  const char* source_end = source + got;
  do {
    UErrorCode status = U_ZERO_ERROR;
    UChar* target = utf16_.data();
    target_start_ = target;
    pending_.clear();
    ucnv_toUnicode(converter_, &target, utf16_.data() + utf16_.size(), &source, source_end, nullptr,
                   flush, &status);
    AppendUtf8(utf16_.data(), target);
    if (status != U_BUFFER_OVERFLOW_ERROR) break;
  } while (true);
  flushed_ = flush;
  return true;
}

void DecodedStream::Utf8Buffer::AppendUtf8(const UChar* begin, const UChar* end) {
  size_t next_invalid = 0;
  const int32_t length = static_cast<int32_t>(end - begin);
  int32_t i = 0;
  while (i < length) {
    while (next_invalid < pending_.size() && pending_[next_invalid].offset <= i) {
      invalid_lines_.emplace(line_, std::move(pending_[next_invalid].description));
      ++next_invalid;
    }
    UChar32 c;
    U16_NEXT(begin, i, length, c);
    if (U_IS_SURROGATE(c)) c = 0xFFFD;  // a lone surrogate is not a character either
    char bytes[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(bytes, n, c);
    utf8_.append(bytes, static_cast<size_t>(n));
    if (c == '\n') ++line_;
  }
  for (; next_invalid < pending_.size(); ++next_invalid) {
    invalid_lines_.emplace(line_, std::move(pending_[next_invalid].description));
  }
}

}  // namespace timeline::ingest
