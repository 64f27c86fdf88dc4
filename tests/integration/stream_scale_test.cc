// ExportEvents and WatchEvents at scale, on 100,000 generated events (generated_events.h, which
// also logs one "created" change per event): an export of all of them streams every event once
// with the process's memory bounded (the server runs in this process; its resident set is read
// from /proc while the client reads), a client that stops reading does not make the server buffer
// the rest, a client that cancels halfway stops the server's reads, and a watch that catches up
// from a cursor reads the change log through its position index (EXPLAIN of the exact SQL).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/event_query.h"
#include "generated_events.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "service_sql.h"
#include "storage/event_query_sql.h"

namespace timeline::testing {
namespace {

// This process's resident set size, in bytes.
int64_t ResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      int64_t kb = 0;
      std::string digits;
      for (char c : line) {
        if (c >= '0' && c <= '9') digits.push_back(c);
      }
      if (absl::SimpleAtoi(digits, &kb)) return kb * 1024;
    }
  }
  return -1;
}

double Mb(int64_t bytes) { return static_cast<double>(bytes) / (1024 * 1024); }

class StreamScaleTest : public GeneratedEventsSuite<StreamScaleTest> {
 protected:
  // Scans of the events table so far (each export batch makes at least one). Unlike commit
  // counts, autovacuum does not add to it.
  static int64_t EventScans() {
    pqxx::nontransaction txn(*conn_);
    txn.exec("SELECT pg_stat_clear_snapshot()");
    return txn
        .exec(
            "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables "
            "WHERE relname = 'events'")[0][0]
        .as<int64_t>();
  }
};

TEST_F(StreamScaleTest, ExportsEveryEventOnceWithBoundedMemory) {
  const int64_t live = SqlNumber(*conn_, "SELECT count(*) FROM events WHERE delete_time IS NULL");
  ASSERT_EQ(live, 100000);
  grpc::ClientContext ctx;
  auto reader = env_->events().ExportEvents(&ctx, v1::ExportEventsRequest());
  const int64_t baseline = ResidentBytes();
  int64_t peak = baseline;
  int64_t streamed_bytes = 0;
  int64_t object_bytes = 0;  // what the events take as C++ objects
  int64_t count = 0;
  int64_t paused_growth = 0;
  std::string previous_sort;
  int64_t out_of_order = 0;
  std::set<std::string> names;
  v1::ExportEventsResponse message;
  while (reader->Read(&message)) {
    ++count;
    streamed_bytes += static_cast<int64_t>(message.ByteSizeLong());
    object_bytes += static_cast<int64_t>(message.event().SpaceUsedLong());
    names.insert(message.event().name());
    // Dated events in start order (RFC 3339 in UTC sorts as text), unresolved ones last.
    std::string sort =
        message.event().time().has_start_time()
            ? absl::StrCat(message.event().time().start_time().seconds() + (int64_t{1} << 40))
            : "";
    if (!sort.empty() && sort < previous_sort) ++out_of_order;
    if (!sort.empty()) previous_sort = sort;
    if (count % 5000 == 0) peak = std::max(peak, ResidentBytes());
    if (count == 50000) {
      // A client that stops reading: the server must wait for it, not read on into memory.
      const int64_t before_pause = ResidentBytes();
      std::this_thread::sleep_for(std::chrono::seconds(2));
      paused_growth = ResidentBytes() - before_pause;
    }
  }
  grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(count, live);
  EXPECT_EQ(static_cast<int64_t>(names.size()), live);
  EXPECT_EQ(out_of_order, 0);
  const int64_t growth = peak - baseline;
  std::printf(
      "[ export ] %ld events, %.1f MB streamed, %.1f MB as C++ objects; resident set %.1f MB at "
      "the start, peak %.1f MB (+%.1f MB = %.3f of the objects); +%.1f MB during a 2 s pause at "
      "50,000\n",
      static_cast<long>(count), Mb(streamed_bytes), Mb(object_bytes), Mb(baseline), Mb(peak),
      Mb(growth), static_cast<double>(growth) / object_bytes, Mb(paused_growth));
  // A server that loaded the selection would hold every event object at once (and the whole
  // serialized stream if it ignored flow control). Batches of 500 and gRPC's windows (both ends
  // are in this process) are a small fraction; the bounds leave room for allocator noise.
  EXPECT_LT(growth, object_bytes / 2);
  // While the client pauses, the server may fill the window and read one more batch; reading
  // on would take the other half of the events.
  EXPECT_LT(paused_growth, object_bytes / 4);
}

TEST_F(StreamScaleTest, ClientCancellingHalfwayStopsTheServer) {
  grpc::ClientContext ctx;
  auto reader = env_->events().ExportEvents(&ctx, v1::ExportEventsRequest());
  v1::ExportEventsResponse message;
  int count = 0;
  while (count < 50000 && reader->Read(&message)) ++count;
  ASSERT_EQ(count, 50000);
  ctx.TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  // The server may finish the batch it was writing; then it must stop reading. Reading on would
  // query events for each batch of 500: ~100 batches for the remaining 50,000 events, dozens a
  // second. (Statistics reach pg_stat_user_tables within a second of each transaction.)
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const int64_t scans = EventScans();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const int64_t later = EventScans();
  std::printf("[ export ] scans of events in the 2 s after cancelling: %ld\n",
              static_cast<long>(later - scans));
  EXPECT_LE(later - scans, 1) << "the server kept reading after the client cancelled";
  // And it still serves.
  v1::ListEventsRequest list;
  list.set_page_size(1);
  grpc::ClientContext list_ctx;
  v1::ListEventsResponse response;
  EXPECT_TRUE(env_->events().ListEvents(&list_ctx, list, &response).ok());
}

TEST_F(StreamScaleTest, WatchCatchUpReadsTheLogByPosition) {
  std::set<std::string> big = BigEventRelations();
  big.insert("changes");
  // A quiet actor (~100 events over the whole log) and the busy country.
  const int64_t actor = InternalId(*conn_, "actors", "actor-1000");
  const int64_t country = InternalId(*conn_, "places", "xa");
  struct Case {
    std::string name;
    domain::EventSelection selection;
    storage::ResolvedSelection ids;
    std::vector<std::vector<std::string>> indexes;
  };
  std::vector<Case> cases;
  cases.push_back({"everything", {}, {}, {{"changes_position_idx"}}});
  Case by_actor{"one actor", {}, {}, {{"changes_position_idx"}}};
  by_actor.selection.actor_ids = {"actor-1000"};
  by_actor.ids.actor_ids = {actor};
  cases.push_back(by_actor);
  Case by_country{"country and time", {}, {}, {{"changes_position_idx"}}};
  by_country.selection.place_ids = {"xa"};
  by_country.ids.place_ids = {country};
  by_country.selection.time_range = domain::RangeFilter{};
  by_country.selection.time_range->start = domain::Micros(std::chrono::seconds(1546300800));
  cases.push_back(by_country);
  for (const Case& c : cases) {
    storage::SqlWithParams scan = {
        "SELECT max(position) FROM (SELECT position FROM changes WHERE "
        "position > $1::bigint ORDER BY position LIMIT $2::int) s",
        {"50000", "256"}};
    ExplainedPlan scan_plan = Explain(*conn_, scan.sql, scan.params);
    EXPECT_TRUE(IsIndexServed(scan_plan, big, {{"changes_position_idx"}})) << c.name;
    storage::SqlWithParams read = storage::BuildReadChangesSql(c.selection, c.ids, 50000, 50256);
    ExplainedPlan plan = Explain(*conn_, read.sql, read.params);
    PrintPlan("watch catch-up, " + c.name, plan);
    EXPECT_TRUE(IsIndexServed(plan, big, c.indexes)) << c.name;
  }
}

TEST_F(StreamScaleTest, WatchFromACursorCatchesUpExactly) {
  // The last 3,000 positions of the log, for one actor, over the real RPC.
  const int64_t last = SqlNumber(*conn_, "SELECT max(position) FROM changes");
  const int64_t from = last - 3000;
  const std::vector<std::string> truth = SqlColumn(*conn_, R"sql(
      SELECT 'events/' || e.resource_id FROM changes c JOIN events e ON e.id = c.event_id
       WHERE c.position > $1
         AND EXISTS (SELECT 1 FROM event_actors ea JOIN actors a ON a.id = ea.actor_id
                      WHERE ea.event_id = e.id AND a.resource_id = 'actor-0002')
       ORDER BY c.position)sql",
                                                   from);
  ASSERT_GT(truth.size(), 20u);
  v1::WatchEventsRequest request;
  request.add_actors("actors/actor-0002");
  request.set_cursor(absl::StrCat(from));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = env_->events().WatchEvents(&ctx, request);
  std::vector<std::string> seen;
  v1::WatchEventsResponse message;
  while (seen.size() < truth.size() && reader->Read(&message)) {
    seen.push_back(message.event().name());
  }
  ctx.TryCancel();
  reader->Finish();
  EXPECT_EQ(seen, truth);
}

}  // namespace
}  // namespace timeline::testing
