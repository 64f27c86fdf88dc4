// Calls cancelled by their clients at random moments, under load, never leave a pooled
// connection unusable (docs/architecture.md, "Concurrency"): 16 clients mix List, Get, Create
// and Ingest for 10 s with short deadlines, about 30% cancelled at a random moment; no call ends
// INTERNAL or UNKNOWN, and afterwards every call on every pooled connection works and no
// session is left inside an aborted transaction.
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "costly_events.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"

namespace timeline::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kClients = 16;
constexpr auto kRunFor = std::chrono::seconds(10);

class CancellationLoadTest : public IntegrationSuite<CancellationLoadTest> {
 public:
  static EnvOptions Options() { return {.pool_size = 4}; }
  // Enough rows that text searches take a while, so cancels land inside statements too.
  static void PrepareSuite() { FillCostlyEvents(env_->database_url(), 2'000); }
};

v1::Event NewEvent(const std::string& title) {
  v1::Event event;
  event.set_title(title);
  event.set_event_type("attack");
  event.mutable_time()->set_precision(v1::PRECISION_DAY);
  *event.mutable_time()->mutable_start_time() = Ts("2024-05-01T00:00:00Z");
  return event;
}

std::vector<v1::IngestRecord> IngestBatch(const std::string& id) {
  std::vector<v1::IngestRecord> records;
  for (int i = 0; i < 20; ++i) {
    records.push_back(FromJson<v1::IngestRecord>(absl::StrCat(
        R"({"externalId": {"system": "cancel-load", "id": ")", id, "-", i,
        R"("}, "title": "Load record )", i, R"(", "eventType": "protest", "date": {"text":
        "2023-05-17"}, "actors": [{"name": "Load Movement", "kind": "ARMED_GROUP", "role":
        "INITIATOR"}]})")));
  }
  return records;
}

// One call of a random kind, with a deadline of 50 ms to 2 s; cancelled after a random delay
// when `cancel` is set.
grpc::StatusCode RandomCall(TimelineEnv& env, std::mt19937& rng, bool cancel) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(std::uniform_int_distribution(50, 2000)(rng)));
  std::thread canceller;
  if (cancel) {
    const auto delay = std::chrono::microseconds(std::uniform_int_distribution(0, 150'000)(rng));
    canceller = std::thread([&ctx, delay] {
      std::this_thread::sleep_for(delay);
      ctx.TryCancel();
    });
  }
  grpc::Status status;
  switch (std::uniform_int_distribution(0, 4)(rng)) {
    case 0: {
      v1::ListEventsRequest r;
      r.set_filter(CostlyFilter());
      v1::ListEventsResponse out;
      status = env.events().ListEvents(&ctx, r, &out);
      break;
    }
    case 1: {
      v1::ListEventsRequest r;
      r.add_places(seed_data::kMali);
      v1::ListEventsResponse out;
      status = env.events().ListEvents(&ctx, r, &out);
      break;
    }
    case 2: {
      v1::GetEventRequest r;
      r.set_name(seed_data::kAttacks);
      v1::Event out;
      status = env.events().GetEvent(&ctx, r, &out);
      break;
    }
    case 3: {
      v1::CreateEventRequest r;
      *r.mutable_event() = NewEvent(Unique("cancel-load"));
      v1::Event out;
      status = env.events().CreateEvent(&ctx, r, &out);
      break;
    }
    default: {
      v1::IngestEventsResponse out;
      auto writer = env.ingest().IngestEvents(&ctx, &out);
      v1::IngestEventsRequest message;
      for (const v1::IngestRecord& record : IngestBatch(Unique("b"))) {
        *message.add_records() = record;
      }
      writer->Write(message);
      writer->WritesDone();
      status = writer->Finish();
      break;
    }
  }
  if (canceller.joinable()) canceller.join();
  return status.error_code();
}

TEST_F(CancellationLoadTest, RandomCancellationsLeaveNoBrokenConnection) {
  std::mutex mu;
  std::map<grpc::StatusCode, int> codes;
  int cancelled_calls = 0;
  const auto until = Clock::now() + kRunFor;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      std::mt19937 rng(1000 + c);
      while (Clock::now() < until) {
        const bool cancel = std::bernoulli_distribution(0.3)(rng);
        grpc::StatusCode code = RandomCall(*env_, rng, cancel);
        std::lock_guard lock(mu);
        ++codes[code];
        cancelled_calls += cancel;
      }
    });
  }
  for (std::thread& t : clients) t.join();

  int total = 0;
  for (const auto& [code, n] : codes) {
    std::printf("[ load   ] code %d: %d calls\n", code, n);
    total += n;
  }
  std::printf("[ load   ] %d calls, %d cancelled by the client\n", total, cancelled_calls);
  EXPECT_EQ(codes[grpc::StatusCode::INTERNAL], 0);
  EXPECT_EQ(codes[grpc::StatusCode::UNKNOWN], 0);
  EXPECT_GT(codes[grpc::StatusCode::OK], 0);
  EXPECT_GT(codes[grpc::StatusCode::CANCELLED], 0);

  // No session of the server stays in an aborted (or any) transaction now that the calls ended.
  // A cancelled call's handler may still be between two statements of its transaction when the
  // client has already seen CANCELLED, so the sessions get a few seconds to finish; a connection
  // handed back to the pool inside a transaction would stay there.
  const std::string in_transaction =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
      "AND state LIKE 'idle in transaction%'";
  const auto settle_until = Clock::now() + std::chrono::seconds(10);
  int64_t left = SqlNumber(env_->database_url(), in_transaction);
  while (left > 0 && Clock::now() < settle_until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    left = SqlNumber(env_->database_url(), in_transaction);
  }
  EXPECT_EQ(left, 0);
  // Every pooled connection serves calls: more calls in a row than the pool has connections,
  // each of every kind, all succeed.
  for (int i = 0; i < 3 * 4; ++i) {
    v1::Event got = Got(env_->events(), seed_data::kAttacks);
    EXPECT_EQ(got.name(), seed_data::kAttacks);
    v1::Event created = CreatedEvent(env_->events(), NewEvent(Unique("after-load")));
    EXPECT_EQ(Got(env_->events(), created.name()).title(), created.title());
    grpc::ClientContext ctx;
    v1::ListEventsRequest r;
    r.set_filter(CostlyFilter());
    v1::ListEventsResponse out;
    grpc::Status s = env_->events().ListEvents(&ctx, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
    IngestOutcome ingested = IngestEvents(env_->ingest(), IngestBatch(Unique("after")));
    EXPECT_TRUE(ingested.status.ok()) << ingested.status.error_message();
  }
}

}  // namespace
}  // namespace timeline::testing
