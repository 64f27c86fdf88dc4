// Wiring: builds the gRPC server with every service, reflection and health, on a bounded
// thread pool (docs/architecture.md, "Concurrency"), over plaintext or TLS, optionally with roles
// for bearer tokens and client certificates (api/access_policy.h), and the audit interceptor.
//
// The sync API runs each call on a server thread that may block on SQL. A call that finds every
// database connection busy waits on its thread in the pool's admission queue (bounded,
// deadline-aware: storage/admission_queue.h), so the thread cap (ThreadCap) leaves room for the
// pool, the whole queue, and spare threads for health checks, reflection and watch streams,
// which never queue. Used by `timelined serve` and by the integration tests (port 0).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "api/access_policy.h"
#include "api/call_audit.h"
#include "api/date_service.h"
#include "server/prometheus_metrics.h"
#include "storage/repository.h"

namespace timeline::server {

// PEM text, not file names: reading files is main's business.
struct TlsOptions {
  std::string certificate_chain;  // empty: plaintext
  std::string private_key;
  std::string client_ca;  // set: clients must present a certificate it signed (mutual TLS)
};

// Threads beyond the pool and its queue: health checks and watchers, reflection, watch streams,
// date searches and their queue (ServerOptions::dates).
inline constexpr int kSpareThreads = 32;
// The thread cap of a server whose pool has `pool_size` connections and queues `queue_limit`
// calls: beyond it gRPC answers RESOURCE_EXHAUSTED before any handler runs.
inline int ThreadCap(int pool_size, int queue_limit) {
  return pool_size + queue_limit + kSpareThreads;
}

struct ServerOptions {
  std::string listen = "127.0.0.1:50051";  // host:port; port 0 picks a free one
  int max_threads = 16;
  std::string page_token_secret;  // empty: a random one for this process
  TlsOptions tls;
  // Set: every call but health and reflection needs "authorization: Bearer <one of these>".
  // Needs TLS.
  std::vector<std::string> auth_tokens;
  // Set: every call but health and reflection needs a bearer token or client certificate the
  // grants name, and a role that allows the method. Needs TLS. Tokens of auth_tokens are added
  // as admins. Neither set: every call runs as principal "anonymous" with role admin.
  std::vector<api::Grant> grants;
  // Where each call's audit line goes; null: stderr.
  std::shared_ptr<api::AuditSink> audit_sink;
  // Date searches (DateService.ParseDates) that run at once (0: half the cores, at least one)
  // and that wait at once. They run on spare threads (kSpareThreads).
  api::DateServiceOptions dates{.slots = 0, .queue_limit = 8};
  // Set: every call is counted there, and the watchers are sampled at each scrape. Must outlive
  // the server.
  PrometheusMetrics* metrics = nullptr;
};

class TimelineServer {
 public:
  static absl::StatusOr<std::unique_ptr<TimelineServer>> Start(storage::Repository& repo,
                                                               const ServerOptions& options);
  virtual ~TimelineServer() = default;

  // The port actually bound.
  virtual int port() const = 0;
  // Stops accepting calls and waits up to `grace` for running ones.
  virtual void Shutdown(absl::Duration grace) = 0;
  virtual void Wait() = 0;
};

}  // namespace timeline::server
