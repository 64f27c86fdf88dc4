// What the ingest job's tests share: a fresh folder per test, and writing input files into it.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace timeline::ingest::testing {

namespace fs = std::filesystem;

// A fresh folder per test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(::testing::TempDir()) /
            (std::string("ingest_job_test_") + info->test_suite_name() + "_" + info->name() + "_" +
             std::to_string(getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
}

inline void AppendFile(const std::string& path, const std::string& contents) {
  std::ofstream(path, std::ios::binary | std::ios::app) << contents;
}

}  // namespace timeline::ingest::testing
