// Where the key that signs page tokens comes from. Replicas behind one address must share it, and
// a key given on the command line is visible to anyone who can run `ps`, so it may come from a
// file (a mounted Kubernetes Secret, a systemd credential):
//   --page_token_secret_file  wins when given;
//   --page_token_secret (default $TIMELINE_PAGE_TOKEN_SECRET) otherwise;
//   a random key per process when neither is set (tokens then work on this process only).
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace timeline::server {

// A key from a file must carry at least 128 bits; a shorter one is a mistake (an empty mount, a
// placeholder), not a choice.
inline constexpr size_t kMinPageTokenSecretBytes = 16;

// The key a secret file's `contents` hold: the text less its trailing line ends ("\n", "\r\n"),
// which editors and `kubectl create secret --from-file` leave. INVALID_ARGUMENT naming `path`
// when fewer than kMinPageTokenSecretBytes remain.
absl::StatusOr<std::string> PageTokenSecretFromFileContents(absl::string_view path,
                                                            absl::string_view contents);

// The key in the file at `path`; NOT_FOUND when it cannot be read or is a folder, else as above.
absl::StatusOr<std::string> ReadPageTokenSecretFile(const std::string& path);

// The key the server signs with: the file's when `file_path` is set, else `flag_value` (which
// may be empty: the server then makes a random one).
absl::StatusOr<std::string> ChoosePageTokenSecret(const std::string& flag_value,
                                                  const std::string& file_path);

}  // namespace timeline::server
