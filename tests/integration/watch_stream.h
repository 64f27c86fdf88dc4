// One server stream (WatchEvents, WatchActors, WatchPlaces) read on a background thread, so
// that tests can wait for a number of messages with a timeout and disconnect at will.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "grpcpp/grpcpp.h"

namespace timeline::testing {

template <typename Response>
class WatchStream {
 public:
  using Open = std::function<std::unique_ptr<grpc::ClientReader<Response>>(grpc::ClientContext*)>;

  explicit WatchStream(const Open& open) {
    reader_ = open(&ctx_);
    thread_ = std::thread([this] {
      Response message;
      while (reader_->Read(&message)) {
        std::lock_guard lock(mu_);
        received_.push_back(message);
        arrived_.notify_all();
      }
      grpc::Status status = reader_->Finish();
      std::lock_guard lock(mu_);
      status_ = status;
      ended_ = true;
      arrived_.notify_all();
    });
  }
  ~WatchStream() { Disconnect(); }

  // Waits until `n` messages have arrived in all (or the stream ended, or 20 s passed).
  std::vector<Response> WaitFor(size_t n) {
    std::unique_lock lock(mu_);
    arrived_.wait_for(lock, std::chrono::seconds(20),
                      [&] { return received_.size() >= n || ended_; });
    return {received_.begin(), received_.end()};
  }

  // Everything that arrived within `quiet` of nothing more arriving.
  std::vector<Response> Settle(std::chrono::milliseconds quiet) {
    size_t seen = 0;
    while (true) {
      std::unique_lock lock(mu_);
      seen = received_.size();
      if (!arrived_.wait_for(lock, quiet, [&] { return received_.size() > seen || ended_; }) ||
          ended_) {
        return {received_.begin(), received_.end()};
      }
    }
  }

  // The stream's status once it has ended (waits up to 20 s).
  grpc::Status Ended() {
    std::unique_lock lock(mu_);
    arrived_.wait_for(lock, std::chrono::seconds(20), [&] { return ended_; });
    return status_;
  }

  void Disconnect() {
    if (thread_.joinable()) {
      ctx_.TryCancel();
      thread_.join();
    }
  }

 private:
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReader<Response>> reader_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable arrived_;
  std::deque<Response> received_;
  bool ended_ = false;
  grpc::Status status_;
};

}  // namespace timeline::testing
