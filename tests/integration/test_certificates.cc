#include "test_certificates.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace timeline::testing {

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Certificate MakeCertificate(const std::filesystem::path& dir, const std::string& name) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path cert = dir / (name + ".pem"), key = dir / (name + ".key");
  const std::string command = absl::StrCat(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/O=Timeline Tests/CN=", name,
      "' -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout ", key.string(), " -out ",
      cert.string(), " 2>/dev/null");
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return {ReadText(cert), ReadText(key)};
}

}  // namespace timeline::testing
