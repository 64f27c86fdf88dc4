// Whether a listen address may serve plaintext: a listener that other machines can reach must use
// TLS unless the operator says in so many words that clear text is fine (e.g. behind a proxy that
// terminates TLS on the same host or a private network).
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace timeline::server {

// The flag that lets a plaintext listener bind a non-loopback address.
inline constexpr absl::string_view kAllowPlaintextFlag = "allow_plaintext_non_loopback";

// True when gRPC's `listen` address ("host:port", "[v6]:port", "unix:path") can only be reached
// from this machine: localhost, 127.0.0.0/8, ::1 (also v4-mapped), or a Unix socket. An empty host
// (":50051"), a wildcard (0.0.0.0, [::]) and any other name or address are not.
bool IsLoopbackListen(absl::string_view listen);

// OK for TLS, a loopback address, or `allow_plaintext_non_loopback`; otherwise
// FAILED_PRECONDITION with a message that names the address and the flag.
absl::Status CheckPlaintextListen(absl::string_view listen, bool tls,
                                  bool allow_plaintext_non_loopback);

}  // namespace timeline::server
