// The metric families timelined exports: their names and labels, what each source adds to them,
// and that docs/metrics.md lists every one.
#include "server/prometheus_metrics.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus_text.h"

namespace timeline::server {
namespace {

using ::testing::Contains;
using ::testing::Optional;
using testing::ParsePromText;
using testing::PromFamilies;
using testing::PromValue;

const RpcLabels kGetEvent{"timeline.v1.EventService", "GetEvent", "unary"};

TEST(PrometheusMetrics, CountsCallsByMethodAndCode) {
  PrometheusMetrics metrics;
  for (int i = 0; i < 3; ++i) metrics.RpcStarted(kGetEvent);
  metrics.RpcHandled(kGetEvent, "OK", 0.002);
  metrics.RpcHandled(kGetEvent, "OK", 0.2);
  metrics.RpcHandled(kGetEvent, "NOT_FOUND", 0.003);

  const auto samples = ParsePromText(metrics.Scrape());
  const std::map<std::string, std::string> method = {
      {"service", "timeline.v1.EventService"}, {"method", "GetEvent"}, {"type", "unary"}};
  EXPECT_THAT(PromValue(samples, "timeline_rpc_started_total", method), Optional(3.0));
  auto with_code = [&](const std::string& code) {
    auto labels = method;
    labels["code"] = code;
    return labels;
  };
  EXPECT_THAT(PromValue(samples, "timeline_rpc_handled_total", with_code("OK")), Optional(2.0));
  EXPECT_THAT(PromValue(samples, "timeline_rpc_handled_total", with_code("NOT_FOUND")),
              Optional(1.0));
  EXPECT_THAT(PromValue(samples, "timeline_rpc_duration_seconds_count", method), Optional(3.0));
  EXPECT_THAT(PromValue(samples, "timeline_rpc_duration_seconds_sum", method),
              Optional(::testing::DoubleNear(0.205, 1e-9)));
  // Two of the three took at most 5 ms, the first bucket.
  auto first_bucket = method;
  first_bucket["le"] = "0.005";
  EXPECT_THAT(PromValue(samples, "timeline_rpc_duration_seconds_bucket", first_bucket),
              Optional(2.0));
}

TEST(PrometheusMetrics, CountsIngestedRecordsByStreamAndLowerCaseOutcome) {
  PrometheusMetrics metrics;
  metrics.RecordsIngested("events", v1::IngestResult::CREATED, 4);
  metrics.RecordsIngested("events", v1::IngestResult::CREATED, 1);
  metrics.RecordsIngested("events", v1::IngestResult::REJECTED, 2);
  metrics.RecordsIngested("places", v1::IngestResult::UNCHANGED, 7);

  const auto samples = ParsePromText(metrics.Scrape());
  const std::string name = "timeline_ingest_records_total";
  EXPECT_THAT(PromValue(samples, name, {{"stream", "events"}, {"outcome", "created"}}),
              Optional(5.0));
  EXPECT_THAT(PromValue(samples, name, {{"stream", "events"}, {"outcome", "rejected"}}),
              Optional(2.0));
  EXPECT_THAT(PromValue(samples, name, {{"stream", "places"}, {"outcome", "unchanged"}}),
              Optional(7.0));
  EXPECT_EQ(PromValue(samples, name, {{"outcome", "updated"}}), std::nullopt);
}

TEST(PrometheusMetrics, ObservesLeaseWaitsInSeconds) {
  PrometheusMetrics metrics;
  metrics.LeaseWaited(absl::Microseconds(50));
  metrics.LeaseWaited(absl::Milliseconds(300));

  const auto samples = ParsePromText(metrics.Scrape());
  EXPECT_THAT(PromValue(samples, "timeline_db_pool_wait_seconds_count"), Optional(2.0));
  EXPECT_THAT(PromValue(samples, "timeline_db_pool_wait_seconds_sum"),
              Optional(::testing::DoubleNear(0.30005, 1e-9)));
  EXPECT_THAT(PromValue(samples, "timeline_db_pool_wait_seconds_bucket", {{"le", "0.0001"}}),
              Optional(1.0));
}

TEST(PrometheusMetrics, SamplesStateThroughHooksAtEachScrapeUntilRemoved) {
  PrometheusMetrics metrics;
  storage::PoolStats pool{.size = 8, .open = 3, .in_use = 2, .waiting = 0};
  api::WatchFeedStatus watch{.streams = 2, .lag_changes = 0};
  const int hook = metrics.AddScrapeHook([&](PrometheusMetrics& m) {
    m.SetPoolStats(pool);
    m.SetWatchStatus("WatchEvents", watch);
  });

  auto samples = ParsePromText(metrics.Scrape());
  EXPECT_THAT(PromValue(samples, "timeline_db_pool_size"), Optional(8.0));
  EXPECT_THAT(PromValue(samples, "timeline_db_pool_connections_open"), Optional(3.0));
  EXPECT_THAT(PromValue(samples, "timeline_db_pool_connections_in_use"), Optional(2.0));
  EXPECT_THAT(PromValue(samples, "timeline_admission_queue_length"), Optional(0.0));
  EXPECT_THAT(PromValue(samples, "timeline_watch_streams", {{"method", "WatchEvents"}}),
              Optional(2.0));

  pool.waiting = 5;
  watch.lag_changes = 12;
  samples = ParsePromText(metrics.Scrape());
  EXPECT_THAT(PromValue(samples, "timeline_admission_queue_length"), Optional(5.0));
  EXPECT_THAT(PromValue(samples, "timeline_watch_feed_lag_changes", {{"method", "WatchEvents"}}),
              Optional(12.0));

  metrics.RemoveScrapeHook(hook);
  pool.waiting = 9;
  samples = ParsePromText(metrics.Scrape());
  EXPECT_THAT(PromValue(samples, "timeline_admission_queue_length"), Optional(5.0));
}

TEST(PrometheusMetrics, ReplicaLagIsAbsentUntilSomethingMeasuresIt) {
  PrometheusMetrics metrics;
  EXPECT_EQ(PromValue(ParsePromText(metrics.Scrape()), "timeline_replica_lag_seconds"),
            std::nullopt);
  metrics.ReplicaLagMeasured(absl::Milliseconds(1500));
  EXPECT_THAT(PromValue(ParsePromText(metrics.Scrape()), "timeline_replica_lag_seconds"),
              Optional(1.5));
}

TEST(PrometheusMetrics, CountFoldsAreCountedByOutcomeAndTheirChangesSummed) {
  PrometheusMetrics metrics;
  metrics.CountsFolded("folded", 120);
  metrics.CountsFolded("folded", 0);
  metrics.CountsFolded("failed", 0);
  const auto samples = ParsePromText(metrics.Scrape());
  EXPECT_THAT(PromValue(samples, "timeline_count_folds_total", {{"outcome", "folded"}}),
              Optional(2.0));
  EXPECT_THAT(PromValue(samples, "timeline_count_folds_total", {{"outcome", "failed"}}),
              Optional(1.0));
  EXPECT_EQ(PromValue(samples, "timeline_count_folds_total", {{"outcome", "standby"}}),
            std::nullopt);
  EXPECT_THAT(PromValue(samples, "timeline_count_changes_folded_total"), Optional(120.0));
}

TEST(PrometheusMetrics, ServesOnAFreePortAndRefusesAnAddressItCannotBind) {
  PrometheusMetrics metrics;
  absl::StatusOr<int> port = metrics.Serve("127.0.0.1:0");
  ASSERT_TRUE(port.ok()) << port.status();
  EXPECT_GT(*port, 0);
  EXPECT_EQ(metrics.Serve("127.0.0.1:0").status().code(), absl::StatusCode::kFailedPrecondition);

  PrometheusMetrics second;  // the port the first one holds
  EXPECT_EQ(second.Serve(absl::StrCat("127.0.0.1:", *port)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PrometheusMetrics().Serve("not-an-address").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PrometheusMetrics, DocsListEveryFamily) {
  PrometheusMetrics metrics;  // families with labels appear once they have a value
  metrics.RpcStarted(kGetEvent);
  metrics.RpcHandled(kGetEvent, "OK", 0.001);
  metrics.RecordsIngested("events", v1::IngestResult::CREATED, 1);
  metrics.SetWatchStatus("WatchEvents", {});
  metrics.ReplicaLagMeasured(absl::ZeroDuration());
  metrics.CountsFolded("folded", 0);
  const std::vector<std::string> families = PromFamilies(metrics.Scrape());
  ASSERT_GE(families.size(), 14u);

  std::ifstream file(std::string(TIMELINE_SOURCE_DIR) + "/docs/metrics.md");
  ASSERT_TRUE(file) << "docs/metrics.md";
  std::stringstream docs;
  docs << file.rdbuf();
  for (const std::string& family : families) {
    EXPECT_THAT(docs.str(), ::testing::HasSubstr("`" + family + "`")) << family;
  }
}

}  // namespace
}  // namespace timeline::server
