// The resident set size of a process, read from /proc/PID/status, for the benchmarks that report
// what the server's memory does while they run.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>

#include "absl/strings/numbers.h"

namespace timeline::bench {

// Bytes, or -1 if the process is gone or the line is missing.
inline int64_t ResidentBytes(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::string digits;
    for (char c : line) {
      if (c >= '0' && c <= '9') digits.push_back(c);
    }
    int64_t kb = 0;
    if (absl::SimpleAtoi(digits, &kb)) return kb * 1024;
  }
  return -1;
}

}  // namespace timeline::bench
