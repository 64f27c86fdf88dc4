// Throw-away TLS material for the integration tests that serve over TLS: self-signed certificates
// made with openssl in a test's folder.
#pragma once

#include <filesystem>
#include <string>

namespace timeline::testing {

struct Certificate {
  std::string cert;  // PEM
  std::string key;   // PEM
};

// A self-signed certificate for localhost and 127.0.0.1 with subject O=Timeline Tests, CN=<name>,
// which also serves as its own CA. Written to <dir>/<name>.pem and .key; fails the test when
// openssl does.
Certificate MakeCertificate(const std::filesystem::path& dir, const std::string& name);

// The whole of a text file ("" when it cannot be read).
std::string ReadText(const std::filesystem::path& path);

}  // namespace timeline::testing
