// The /metrics endpoint of a real server over HTTP: after known calls (reads that find and miss,
// ingest streams with known outcomes, a watcher), its counters and gauges say what happened.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "prometheus_text.h"
#include "server/prometheus_metrics.h"
#include "watch_stream.h"

namespace timeline::testing {
namespace {

using ::testing::Optional;
using Labels = std::map<std::string, std::string>;

// The body of GET `path` from 127.0.0.1:`port` (HTTP/1.0: the server closes when done).
std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    throw std::runtime_error("connect to the metrics port");
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  if (send(fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) {
    close(fd);
    throw std::runtime_error("send");
  }
  std::string response;
  char buffer[8192];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) response.append(buffer, n);
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.", 0) != 0 || response.find(" 200 ") == std::string::npos ||
      body == std::string::npos) {
    throw std::runtime_error("GET " + path + ": " + response.substr(0, 100));
  }
  return response.substr(body + 4);
}

// Calls `path`, which the server need not serve, with an empty message; the status.
grpc::Status CallPath(const std::shared_ptr<grpc::Channel>& channel, const std::string& path) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, path, &cq);
  void* tag = nullptr;
  bool ok = false;
  int step = 0;
  call->StartCall(&step);
  cq.Next(&tag, &ok);
  grpc::Slice empty;
  grpc::ByteBuffer request(&empty, 1);
  call->WriteLast(request, grpc::WriteOptions(), &step);
  cq.Next(&tag, &ok);
  grpc::ByteBuffer response;
  call->Read(&response, &step);
  cq.Next(&tag, &ok);
  grpc::Status status;
  call->Finish(&status, &step);
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return status;
}

v1::IngestRecord Record(const std::string& id, const std::string& title,
                        const std::string& event_type = "attack") {
  return FromJson<v1::IngestRecord>(absl::StrCat(
      R"({"externalId": {"system": "metrics-test", "id": ")", id, R"("}, "title": ")", title,
      R"(", "eventType": ")", event_type, R"(", "date": {"text": "2023-05-17"}})"));
}

// Outcome name ("created") → records with it, as the responses say.
void Tally(const v1::IngestEventsResponse& response, std::map<std::string, int>& outcomes) {
  for (const v1::IngestResult& result : response.results()) {
    outcomes[absl::AsciiStrToLower(v1::IngestResult::Outcome_Name(result.outcome()))]++;
  }
}

class MetricsEndpointTest : public ::testing::Test {
 protected:
  MetricsEndpointTest()
      : env_({.load_seed = false, .metrics = &metrics_}),
        pool_hook_(metrics_.AddScrapeHook(
            [this](server::PrometheusMetrics& m) { m.SetPoolStats(env_.repo().pool_stats()); })) {
    absl::StatusOr<int> port = metrics_.Serve("127.0.0.1:0");
    if (!port.ok()) throw std::runtime_error(port.status().ToString());
    port_ = *port;
  }
  ~MetricsEndpointTest() override { metrics_.RemoveScrapeHook(pool_hook_); }

  std::vector<PromSample> Scrape() { return ParsePromText(HttpGet(port_, "/metrics")); }

  // Scrapes until `name{labels}` equals `want` or 20 s pass; the last value seen.
  std::optional<double> ScrapeUntil(const std::string& name, const Labels& labels, double want) {
    std::optional<double> seen;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < give_up) {
      seen = PromValue(Scrape(), name, labels);
      if (seen == want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return seen;
  }

  server::PrometheusMetrics metrics_;  // first: outlives the environment that reports to it
  TimelineEnv env_;
  const int pool_hook_;
  int port_ = 0;
};

TEST_F(MetricsEndpointTest, CountersEqualTheCallsMadeAndTheRecordsWritten) {
  std::map<std::string, int> outcomes;  // what the streams answered, for the ingest counter
  // Three new records and one with an event type that does not exist.
  IngestOutcome first = IngestEvents(env_.ingest(), {Record("a", "A"), Record("b", "B"),
                                                     Record("c", "C"), Record("d", "D", "nope")});
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  ASSERT_EQ(first.response.created_count(), 3);
  ASSERT_EQ(first.response.rejected_count(), 1);
  Tally(first.response, outcomes);
  // The same three, one of them changed.
  IngestOutcome second =
      IngestEvents(env_.ingest(), {Record("a", "A again"), Record("b", "B"), Record("c", "C")});
  ASSERT_TRUE(second.status.ok()) << second.status.error_message();
  ASSERT_EQ(second.response.updated_count(), 1);
  ASSERT_EQ(second.response.unchanged_count(), 2);
  Tally(second.response, outcomes);
  // A dry run writes nothing and is not counted.
  IngestOutcome dry =
      IngestEvents(env_.ingest(), {Record("e", "E")}, IngestOptions{.validate_only = true});
  ASSERT_TRUE(dry.status.ok()) << dry.status.error_message();

  std::map<grpc::StatusCode, int> get_codes;
  std::vector<std::string> names;
  for (const v1::IngestResult& result : first.response.results()) {
    if (!result.event().empty()) names.push_back(result.event());
  }
  names.push_back("events/no-such-event");
  names.push_back("events/nor-this-one");
  for (const std::string& name : names) {
    grpc::ClientContext ctx;
    v1::GetEventRequest request;
    request.set_name(name);
    v1::Event event;
    get_codes[env_.events().GetEvent(&ctx, request, &event).error_code()]++;
  }
  ASSERT_EQ(get_codes[grpc::StatusCode::OK], 3);
  ASSERT_EQ(get_codes[grpc::StatusCode::NOT_FOUND], 2);

  const std::vector<PromSample> samples = Scrape();
  const Labels get_event = {
      {"service", "timeline.v1.EventService"}, {"method", "GetEvent"}, {"type", "unary"}};
  auto with = [](Labels labels, const std::string& key, const std::string& value) {
    labels[key] = value;
    return labels;
  };
  EXPECT_THAT(PromValue(samples, "timeline_rpc_started_total", get_event),
              Optional(static_cast<double>(names.size())));
  EXPECT_THAT(PromValue(samples, "timeline_rpc_handled_total", with(get_event, "code", "OK")),
              Optional(get_codes[grpc::StatusCode::OK]));
  EXPECT_THAT(
      PromValue(samples, "timeline_rpc_handled_total", with(get_event, "code", "NOT_FOUND")),
      Optional(get_codes[grpc::StatusCode::NOT_FOUND]));
  EXPECT_THAT(PromValue(samples, "timeline_rpc_duration_seconds_count", get_event),
              Optional(static_cast<double>(names.size())));

  const Labels ingest = {{"service", "timeline.v1.IngestService"},
                         {"method", "IngestEvents"},
                         {"type", "client_stream"},
                         {"code", "OK"}};
  EXPECT_THAT(PromValue(samples, "timeline_rpc_handled_total", ingest), Optional(3.0));

  for (const auto& [outcome, count] : outcomes) {
    EXPECT_THAT(PromValue(samples, "timeline_ingest_records_total",
                          {{"stream", "events"}, {"outcome", outcome}}),
                Optional(count))
        << outcome;
  }
  EXPECT_THAT(PromValue(samples, "timeline_ingest_records_total", {{"outcome", "created"}}),
              Optional(static_cast<double>(
                  SqlNumber(env_.database_url(),
                            "SELECT count(*) FROM external_ids WHERE system = 'metrics-test'"))));

  // Every GetEvent and ingest stream leased a connection, so waited (if only microseconds).
  EXPECT_THAT(PromValue(samples, "timeline_db_pool_wait_seconds_count"),
              Optional(::testing::Ge(static_cast<double>(names.size() + 3))));
  EXPECT_THAT(PromValue(samples, "timeline_db_pool_size"), Optional(4.0));
  EXPECT_THAT(PromValue(samples, "timeline_db_pool_connections_in_use"), Optional(0.0));
  EXPECT_THAT(PromValue(samples, "timeline_db_pool_connections_open"),
              Optional(::testing::AllOf(::testing::Ge(1.0), ::testing::Le(4.0))));
  EXPECT_THAT(PromValue(samples, "timeline_admission_queue_length"), Optional(0.0));
}

TEST_F(MetricsEndpointTest, WatchersAreCountedAndCatchUpWithTheLog) {
  const Labels watch_events = {{"method", "WatchEvents"}};
  EXPECT_THAT(ScrapeUntil("timeline_watch_streams", watch_events, 0), Optional(0.0));
  {
    // From the log's current end: a stream without a cursor finds its starting point some time
    // after it opens, and could start after the change below.
    v1::WatchEventsRequest request;
    request.set_cursor(absl::StrCat(
        SqlNumber(env_.database_url(), "SELECT coalesce(max(position), 0) FROM changes")));
    WatchStream<v1::WatchEventsResponse> watcher([this, &request](grpc::ClientContext* ctx) {
      return env_.events().WatchEvents(ctx, request);
    });
    EXPECT_THAT(ScrapeUntil("timeline_watch_streams", watch_events, 1), Optional(1.0));

    IngestOutcome written = IngestEvents(env_.ingest(), {Record("w", "Watched")});
    ASSERT_TRUE(written.status.ok()) << written.status.error_message();
    ASSERT_EQ(watcher.WaitFor(1).size(), 1u);
    EXPECT_THAT(ScrapeUntil("timeline_watch_feed_lag_changes", watch_events, 0), Optional(0.0));

    const Labels watch_call = {{"method", "WatchEvents"}, {"type", "server_stream"}};
    EXPECT_THAT(PromValue(Scrape(), "timeline_rpc_started_total", watch_call), Optional(1.0));
  }
  // The stream ended (the client went away): it is handled, and no longer watching.
  EXPECT_THAT(ScrapeUntil("timeline_watch_streams", watch_events, 0), Optional(0.0));
  EXPECT_THAT(ScrapeUntil("timeline_rpc_handled_total",
                          {{"method", "WatchEvents"}, {"code", "CANCELLED"}}, 1),
              Optional(1.0));
}

// Paths the server does not serve, however many, share one series: a caller cannot grow the
// metrics without bound.
TEST_F(MetricsEndpointTest, CallsToUnservedPathsShareOneUnknownSeries) {
  for (int i = 0; i < 5; ++i) {
    const grpc::Status status =
        CallPath(env_.channel(), absl::StrCat("/timeline.v1.EventService/NoSuchMethod", i));
    ASSERT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();
  }
  const grpc::Status served = CallPath(env_.channel(), "/timeline.v1.EventService/GetEvent");
  ASSERT_EQ(served.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << served.error_message();

  const std::vector<PromSample> samples = Scrape();
  EXPECT_THAT(PromValue(samples, "timeline_rpc_handled_total",
                        {{"method", "unknown"}, {"code", "UNIMPLEMENTED"}}),
              Optional(5.0));
  EXPECT_THAT(PromValue(samples, "timeline_rpc_handled_total",
                        {{"service", "timeline.v1.EventService"},
                         {"method", "GetEvent"},
                         {"code", "INVALID_ARGUMENT"}}),
              Optional(1.0));
  for (const PromSample& sample : samples) {
    EXPECT_EQ(sample.labels.count("method") ? sample.labels.at("method").find("NoSuchMethod")
                                            : std::string::npos,
              std::string::npos)
        << sample.name;
  }
}

}  // namespace
}  // namespace timeline::testing
