// What the load benchmarks (overload_bench, soak_bench) share: closed-loop and paced callers of
// ListEvents and health checks against a running timelined, counting outcomes by status code,
// and the server's resident set and open files from /proc.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "timeline/v1/event.grpc.pb.h"

namespace timeline::bench {

using Clock = std::chrono::steady_clock;

// Outcomes of many calls: counts by code and latencies of the OK ones.
class Outcomes {
 public:
  void Add(grpc::StatusCode code, double ms) {
    std::lock_guard lock(mu_);
    ++codes_[code];
    if (code == grpc::StatusCode::OK) ok_ms_.push_back(ms);
  }
  int64_t ok() const {
    std::lock_guard lock(mu_);
    auto it = codes_.find(grpc::StatusCode::OK);
    return it == codes_.end() ? 0 : it->second;
  }
  // "RESOURCE_EXHAUSTED 12, DEADLINE_EXCEEDED 3" or "none".
  std::string NotOk() const {
    std::lock_guard lock(mu_);
    std::vector<std::string> parts;
    for (const auto& [code, n] : codes_) {
      if (code != grpc::StatusCode::OK) parts.push_back(absl::StrCat(CodeName(code), " ", n));
    }
    return parts.empty() ? "none" : absl::StrJoin(parts, ", ");
  }
  double PercentileMs(double p) const {
    std::lock_guard lock(mu_);
    if (ok_ms_.empty()) return 0;
    std::vector<double> v = ok_ms_;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
  }

  static std::string CodeName(grpc::StatusCode code) {
    switch (code) {
      case grpc::StatusCode::OK:
        return "OK";
      case grpc::StatusCode::CANCELLED:
        return "CANCELLED";
      case grpc::StatusCode::UNKNOWN:
        return "UNKNOWN";
      case grpc::StatusCode::INVALID_ARGUMENT:
        return "INVALID_ARGUMENT";
      case grpc::StatusCode::DEADLINE_EXCEEDED:
        return "DEADLINE_EXCEEDED";
      case grpc::StatusCode::NOT_FOUND:
        return "NOT_FOUND";
      case grpc::StatusCode::ABORTED:
        return "ABORTED";
      case grpc::StatusCode::RESOURCE_EXHAUSTED:
        return "RESOURCE_EXHAUSTED";
      case grpc::StatusCode::UNAVAILABLE:
        return "UNAVAILABLE";
      case grpc::StatusCode::INTERNAL:
        return "INTERNAL";
      default:
        return absl::StrCat("code ", static_cast<int>(code));
    }
  }

 private:
  mutable std::mutex mu_;
  std::map<grpc::StatusCode, int64_t> codes_;
  std::vector<double> ok_ms_;
};

inline double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// One ListEvents call: the first page of 50 events of one type, in time order.
inline grpc::StatusCode ListOnce(v1::EventService::Stub& events, std::chrono::milliseconds deadline,
                                 Outcomes& out) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + deadline);
  v1::ListEventsRequest request;
  request.set_page_size(50);
  request.set_filter("event_type = attack");
  v1::ListEventsResponse response;
  const auto start = Clock::now();
  grpc::StatusCode code = events.ListEvents(&ctx, request, &response).error_code();
  out.Add(code, MsSince(start));
  return code;
}

inline grpc::StatusCode HealthOnce(grpc::health::v1::Health::Stub& health, Outcomes& out) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  const auto start = Clock::now();
  grpc::Status s = health.Check(&ctx, request, &response);
  grpc::StatusCode code = s.ok() && response.status() != response.SERVING
                              ? grpc::StatusCode::UNAVAILABLE
                              : s.error_code();
  out.Add(code, MsSince(start));
  return code;
}

// Threads calling `call` in a loop until destroyed (or Stop).
class Callers {
 public:
  template <typename Call>
  Callers(int n, Call call) {
    for (int i = 0; i < n; ++i) {
      threads_.emplace_back([this, call, i] {
        while (!stop_) call(i);
      });
    }
  }
  ~Callers() { Stop(); }
  void Stop() {
    stop_ = true;
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  bool stopping() const { return stop_; }

 private:
  std::atomic<bool> stop_ = false;
  std::vector<std::thread> threads_;
};

// Channels for `n` callers: gRPC multiplexes one channel's calls over one connection, so each
// caller gets its own, as separate clients would.
inline std::vector<std::shared_ptr<grpc::Channel>> Channels(const std::string& address, int n) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < n; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.use_local_subchannel_pool", 1);
    channels.push_back(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
  }
  return channels;
}

inline int OpenFiles(int pid) {
  std::error_code error;
  int n = 0;
  for (auto it = std::filesystem::directory_iterator(absl::StrCat("/proc/", pid, "/fd"), error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    ++n;
  }
  return error ? -1 : n;
}

}  // namespace timeline::bench
