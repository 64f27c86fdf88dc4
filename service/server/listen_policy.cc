#include "server/listen_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/field_checks.h"

namespace timeline::server {
namespace {

// The host part of "host:port" or "[host]:port"; "host" alone when there is no port.
absl::string_view HostOf(absl::string_view listen) {
  if (absl::StartsWith(listen, "[")) {
    const size_t close = listen.find(']');
    return close == absl::string_view::npos ? listen.substr(1) : listen.substr(1, close - 1);
  }
  const size_t colon = listen.rfind(':');
  if (colon == absl::string_view::npos) return listen;
  // More than one colon without brackets: a bare IPv6 address, which gRPC reads with no port.
  if (listen.find(':') != colon) return listen;
  return listen.substr(0, colon);
}

bool IsLoopbackIpv4(const in_addr& address) { return (ntohl(address.s_addr) >> 24) == 127; }

bool IsLoopbackHost(absl::string_view host) {
  const std::string name = absl::AsciiStrToLower(host);
  if (name == "localhost" || name == "localhost." || absl::EndsWith(name, ".localhost")) {
    return true;
  }
  in_addr v4{};
  if (inet_pton(AF_INET, name.c_str(), &v4) == 1) return IsLoopbackIpv4(v4);
  in6_addr v6{};
  if (inet_pton(AF_INET6, name.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) {
      in_addr mapped{};
      std::copy(v6.s6_addr + 12, v6.s6_addr + 16, reinterpret_cast<unsigned char*>(&mapped));
      return IsLoopbackIpv4(mapped);
    }
  }
  return false;
}

}  // namespace

bool IsLoopbackListen(absl::string_view listen) {
  // gRPC's Unix-socket forms: reachable through the file system of this machine only.
  if (absl::StartsWith(listen, "unix:") || absl::StartsWith(listen, "unix-abstract:")) return true;
  const absl::string_view host = HostOf(listen);
  return !host.empty() && IsLoopbackHost(host);
}

absl::Status CheckPlaintextListen(absl::string_view listen, bool tls,
                                  bool allow_plaintext_non_loopback) {
  if (tls || allow_plaintext_non_loopback || IsLoopbackListen(listen)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "--listen ", domain::Quoted(listen),
      " is reachable from other machines and the server has no TLS, so tokens and data would "
      "cross the network in clear text; serve TLS (--tls_cert_file, --tls_key_file), listen on "
      "a loopback address such as 127.0.0.1, or pass --",
      kAllowPlaintextFlag,
      " if something in front of it (a proxy, a private network) protects it"));
}

}  // namespace timeline::server
