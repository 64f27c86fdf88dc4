#include "server/page_token_secret.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace timeline::server {
namespace {

constexpr absl::string_view kFlag = "--page_token_secret_file";

absl::string_view WithoutTrailingLineEnds(absl::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

absl::StatusOr<std::string> PageTokenSecretFromFileContents(absl::string_view path,
                                                            absl::string_view contents) {
  absl::string_view secret = WithoutTrailingLineEnds(contents);
  if (secret.size() < kMinPageTokenSecretBytes) {
    const std::string held =
        secret.empty() ? "no key" : absl::StrCat("a key of ", secret.size(), " bytes");
    return absl::InvalidArgumentError(absl::StrCat(kFlag, ": ", path, " holds ", held,
                                                   "; page tokens need at least ",
                                                   kMinPageTokenSecretBytes, " bytes"));
  }
  return std::string(secret);
}

absl::StatusOr<std::string> ReadPageTokenSecretFile(const std::string& path) {
  // A folder opens as a stream on Linux and reads as empty: an empty Secret mount, not a key.
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return absl::NotFoundError(absl::StrCat(kFlag, ": ", path, " is a folder, not a key file"));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) return absl::NotFoundError(absl::StrCat(kFlag, ": cannot read ", path));
  return PageTokenSecretFromFileContents(path, text.str());
}

absl::StatusOr<std::string> ChoosePageTokenSecret(const std::string& flag_value,
                                                  const std::string& file_path) {
  if (file_path.empty()) return flag_value;
  return ReadPageTokenSecretFile(file_path);
}

}  // namespace timeline::server
