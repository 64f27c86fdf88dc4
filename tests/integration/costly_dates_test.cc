// Date searches are bounded CPU work (api/date_service.h): a search whose deadline passes stops
// and frees its slot at once, searches beyond the slots and their queue are RESOURCE_EXHAUSTED,
// and health checks answer while the costliest texts are searched. The costliest text is 100 KB
// of one weekday without a reference time, where every window is read and none resolves.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "integration_suite.h"
#include "timeline/v1/date.grpc.pb.h"

namespace timeline::testing {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

std::string CostliestText() {
  std::string text;
  while (text.size() + 9 <= 100'000) text += "Thursday ";
  return text;
}

// One search slot, two waiting.
class CostlyDatesTest : public IntegrationSuite<CostlyDatesTest> {
 public:
  static EnvOptions Options() {
    return {.load_seed = false, .date_slots = 1, .date_queue_limit = 2};
  }

 protected:
  static grpc::Status Search(const std::string& text, std::chrono::milliseconds deadline,
                             v1::ParseDatesResponse* response = nullptr) {
    auto stub = v1::DateService::NewStub(env_->channel());
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::ParseDatesRequest request;
    request.set_text(text);
    v1::ParseDatesResponse ignored;
    return stub->ParseDates(&ctx, request, response != nullptr ? response : &ignored);
  }
};

TEST_F(CostlyDatesTest, SearchWhoseDeadlinePassesStopsAndFreesItsSlot) {
  const std::string costly = CostliestText();
  // How long the whole search takes here and now.
  const auto whole_start = Clock::now();
  ASSERT_TRUE(Search(costly, std::chrono::seconds(120)).ok());
  const double whole = SecondsSince(whole_start);
  ASSERT_GE(whole, 0.2) << "the costliest text is too cheap here to tell a stopped search";

  // The same search with a quarter of that time, and right behind it a small one waiting for the
  // only slot: it gets the slot when the first stops, not when the first would have finished.
  const auto quarter = std::chrono::milliseconds(static_cast<int>(whole * 250));
  const auto start = Clock::now();
  grpc::Status hurried;
  std::thread first([&] { hurried = Search(costly, quarter); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  v1::ParseDatesResponse small;
  const grpc::Status behind = Search("17 September 2024", std::chrono::seconds(120), &small);
  const double behind_done = SecondsSince(start);
  first.join();

  EXPECT_EQ(hurried.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << hurried.error_message();
  ASSERT_TRUE(behind.ok()) << behind.error_message();
  ASSERT_EQ(small.dates_size(), 1);
  EXPECT_EQ(small.dates(0).text(), "17 September 2024");
  EXPECT_LT(behind_done, 0.75 * whole)
      << "the small search waited for the whole costly one (" << whole << " s)";
}

TEST_F(CostlyDatesTest, SearchesBeyondTheQueueAreRefusedAndHealthChecksAnswer) {
  const std::string costly = CostliestText();
  constexpr int kCallers = 6;  // one runs, two wait, the others are refused
  std::mutex mu;
  std::map<grpc::StatusCode, int> codes;
  std::vector<std::string> refusals;
  std::atomic<int> done = 0;
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&] {
      const grpc::Status s = Search(costly, std::chrono::seconds(120));
      std::lock_guard lock(mu);
      ++codes[s.error_code()];
      if (!s.ok()) refusals.push_back(s.error_message());
      ++done;
    });
  }
  auto health = grpc::health::v1::Health::NewStub(env_->channel());
  double slowest_check = 0;
  int checks = 0;
  while (done < kCallers) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const auto start = Clock::now();
    const grpc::Status s = health->Check(&ctx, request, &response);
    slowest_check = std::max(slowest_check, SecondsSince(start));
    EXPECT_TRUE(s.ok()) << s.error_message();
    ++checks;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (std::thread& t : callers) t.join();

  EXPECT_GE(codes[grpc::StatusCode::OK], 1);
  EXPECT_GE(codes[grpc::StatusCode::RESOURCE_EXHAUSTED], 1);
  EXPECT_EQ(codes[grpc::StatusCode::OK] + codes[grpc::StatusCode::RESOURCE_EXHAUSTED], kCallers)
      << ::testing::PrintToString(refusals);
  for (const std::string& m : refusals) EXPECT_THAT(m, HasSubstr("already wait"));
  EXPECT_GT(checks, 0);
  EXPECT_LT(slowest_check, 1.0);
}

}  // namespace
}  // namespace timeline::testing
