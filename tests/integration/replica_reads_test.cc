// Reads from a streaming standby with read-your-writes (storage/replica_reads.h), through a real
// server whose reads go to a real standby of the test cluster (made by scripts/pg-standby with
// pg_basebackup -R; the CTest fixture pg_standby). Replay is paused on the standby to make it
// lag on purpose: a read without a token then misses a fresh write, which proves the standby
// served it, while a read with the write's token sees it. The standby is stopped to show reads
// fall back to the primary, and started again to show they come back.
#include "storage/replica_reads.h"

#include <cstdlib>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "seed_names.h"
#include "storage/connection_pool.h"
#include "storage/count_folder.h"
#include "storage/seed_loader.h"
#include "storage/wal_position.h"
#include "watch_stream.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::Not;

constexpr char kTokenKey[] = "timeline-consistency-token";

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(absl::StrCat(name, " is not set: run through ctest (pg_standby)"));
  }
  return value;
}

std::string FirstLine(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return std::string(absl::StripAsciiWhitespace(line));
}

// `url` with its database replaced by that of `database_url`.
std::string SameDatabase(const std::string& url, const std::string& database_url) {
  const std::string name = database_url.substr(database_url.rfind('/') + 1);
  return url.substr(0, url.rfind('/') + 1) + name;
}

// Runs scripts/pg-standby with `args`; true when it succeeded.
bool Standby(const std::string& args) {
  const std::string command =
      absl::StrCat(SourceDir(), "/scripts/pg-standby ", args, " >/dev/null 2>&1");
  return std::system(command.c_str()) == 0;
}

// Polls `done` every 20 ms for up to `limit`; true once it holds.
template <typename Done>
bool Eventually(Done done, absl::Duration limit = absl::Seconds(30)) {
  const absl::Time end = absl::Now() + limit;
  while (absl::Now() < end) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return done();
}

class ReplicaReadsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    standby_dir_ = new std::string(Env("TIMELINE_TEST_STANDBY_DIR"));
    primary_dir_ = new std::string(Env("TIMELINE_TEST_PG_DIR"));
    database_ = new ScratchDatabase(ScratchDatabase::Schema::kMigrated);
    standby_url_ = new std::string(SameDatabase(FirstLine(*standby_dir_ + "/url"), Url()));
    storage::PoolOptions pool;
    pool.size = 4;
    pool.report_wal_position = true;
    primary_ = new storage::PgRepository(Url(), pool);
    auto loaded = storage::LoadSeedDirectory(*primary_, SourceDir() + "/data");
    if (!loaded.ok()) throw std::runtime_error(loaded.status().ToString());
    // The standby has the new database and its seed once it replayed this far.
    ASSERT_TRUE(Eventually([] { return StandbyCount("SELECT count(*) FROM events") >= 0; }));
    // A standby indeed, not a second primary: what it serves is replayed WAL.
    ASSERT_EQ(StandbyCount("SELECT pg_is_in_recovery()::int"), 1);
    storage::ReplicaOptions replica;
    replica.max_wait = absl::Seconds(2);
    replica.monitor.interval = absl::Milliseconds(100);
    replica.monitor.log_interval = absl::Seconds(5);
    repo_ = new storage::ReplicaReadRepository(*primary_, Url(), *standby_url_, pool, replica);
    ASSERT_TRUE(Eventually([] { return repo_->monitor().Reachable(); }));
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.max_threads = server::ThreadCap(4, 64);
    auto server = server::TimelineServer::Start(*repo_, options);
    if (!server.ok()) throw std::runtime_error(server.status().ToString());
    server_ = server->release();
    channel_ = new std::shared_ptr<grpc::Channel>(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()));
    events_ = v1::EventService::NewStub(*channel_).release();
  }

  static void TearDownTestSuite() {
    SetReplay(true);
    delete events_;
    delete channel_;
    server_->Shutdown(absl::Seconds(5));
    server_->Wait();
    delete server_;
    delete repo_;
    delete primary_;
    delete database_;
  }

  void TearDown() override { SetReplay(true); }

  static const std::string& Url() { return database_->url(); }

  // A number the standby's copy of the test database selects; -1 while it cannot answer.
  static int64_t StandbyCount(const std::string& sql) {
    try {
      return SqlNumber(*standby_url_, sql);
    } catch (const std::exception&) {
      return -1;
    }
  }

  // Pauses or resumes WAL replay on the standby.
  static void SetReplay(bool on) {
    try {
      pqxx::connection conn(*standby_url_);
      pqxx::nontransaction txn(conn);
      txn.exec(on ? "SELECT pg_wal_replay_resume()" : "SELECT pg_wal_replay_pause()");
    } catch (const std::exception&) {
      // The standby is stopped: nothing replays anyway.
    }
  }

  // Creates an event at Bamako; returns it, and the consistency token in `token`.
  static v1::Event Create(const std::string& title, std::string* token) {
    v1::Event e;
    e.set_title(title);
    e.set_event_type("statement");
    e.mutable_time()->set_precision(v1::PRECISION_DAY);
    *e.mutable_time()->mutable_start_time() = Ts("2024-09-20T00:00:00Z");
    *e.mutable_time()->mutable_end_time() = Ts("2024-09-21T00:00:00Z");
    AddActor(e, seed_data::kMaliState, v1::SPEAKER);
    AddPlace(e, seed_data::kBamako, v1::LOCATION);
    v1::EventSource* s = e.add_sources();
    s->set_source(seed_data::kEremNews);
    s->set_quote(absl::StrCat("words of ", title));
    v1::CreateEventRequest request;
    *request.mutable_event() = e;
    grpc::ClientContext ctx;
    v1::Event created;
    grpc::Status status = events_->CreateEvent(&ctx, request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    *token = TokenOf(ctx);
    return created;
  }

  static std::string TokenOf(const grpc::ClientContext& ctx) {
    const auto& trailers = ctx.GetServerTrailingMetadata();
    auto it = trailers.find(kTokenKey);
    return it == trailers.end() ? "" : std::string(it->second.data(), it->second.size());
  }

  // GetEvent, with `token` as metadata when not empty.
  static grpc::Status Get(const std::string& name, const std::string& token, v1::Event* out) {
    v1::GetEventRequest request;
    request.set_name(name);
    grpc::ClientContext ctx;
    if (!token.empty()) ctx.AddMetadata(kTokenKey, token);
    return events_->GetEvent(&ctx, request, out);
  }

  static inline std::string* standby_dir_ = nullptr;
  static inline std::string* primary_dir_ = nullptr;
  static inline ScratchDatabase* database_ = nullptr;
  static inline std::string* standby_url_ = nullptr;
  static inline storage::PgRepository* primary_ = nullptr;
  static inline storage::ReplicaReadRepository* repo_ = nullptr;
  static inline server::TimelineServer* server_ = nullptr;
  static inline std::shared_ptr<grpc::Channel>* channel_ = nullptr;
  static inline v1::EventService::Stub* events_ = nullptr;
};

TEST_F(ReplicaReadsTest, WritesReturnTheirWalPositionAsToken) {
  std::string token;
  const v1::Event created = Create(Unique("token"), &token);
  ASSERT_FALSE(token.empty());
  absl::StatusOr<storage::WalPosition> position = storage::ParseWalPosition(token, "token");
  ASSERT_TRUE(position.ok()) << position.status();
  // The write's commit is at or before the token: the primary's position now is not behind it.
  absl::StatusOr<storage::WalPosition> now = storage::ParseWalPosition(
      SqlColumn(Url(), "SELECT pg_current_wal_insert_lsn()::text")[0], "now");
  ASSERT_TRUE(now.ok());
  EXPECT_LE(*position, *now);
  EXPECT_GT(*position, 0u);
}

TEST_F(ReplicaReadsTest, ReadsWithoutATokenAreServedByTheLaggingStandby) {
  SetReplay(false);
  std::string token;
  const v1::Event created = Create(Unique("while-paused"), &token);
  const storage::ReplicaReadCounts before = repo_->read_counts();

  // Without the token: the standby answers, and it has not replayed the write.
  v1::Event read;
  grpc::Status missing = Get(created.name(), "", &read);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND) << missing.error_message();
  EXPECT_EQ(repo_->read_counts().replica, before.replica + 1);

  // With it: the standby does not reach it within the wait, so the primary answers.
  ASSERT_TRUE(Get(created.name(), token, &read).ok());
  EXPECT_EQ(read.title(), created.title());
  EXPECT_EQ(repo_->read_counts().primary, before.primary + 1);

  // The lag gauge sees the standby behind.
  EXPECT_TRUE(Eventually([] { return repo_->replica_lag().bytes > 0; }, absl::Seconds(5)));

  // Replay resumed: the standby catches up and serves the read with the token.
  SetReplay(true);
  ASSERT_TRUE(Get(created.name(), token, &read).ok());
  EXPECT_EQ(read.title(), created.title());
  EXPECT_EQ(repo_->read_counts().replica, before.replica + 2);
  EXPECT_TRUE(Eventually([] { return repo_->replica_lag().bytes == 0; }, absl::Seconds(10)));
}

// List, Count and Export (which pages through List) follow the token like Get: without it the
// paused standby answers and misses the write; with it the primary answers and has it.
TEST_F(ReplicaReadsTest, ListCountAndExportFollowTheToken) {
  SetReplay(false);
  const std::string title = Unique("listed-while-paused");
  std::string token;
  Create(title, &token);
  ASSERT_FALSE(token.empty());
  const std::string filter = absl::StrCat("title:\"", title, "\"");
  for (const std::string& with : {std::string(), token}) {
    SCOPED_TRACE(with.empty() ? "without the token" : "with the token");
    const int expected = with.empty() ? 0 : 1;
    v1::ListEventsRequest list;
    list.set_filter(filter);
    grpc::ClientContext list_ctx;
    if (!with.empty()) list_ctx.AddMetadata(kTokenKey, with);
    v1::ListEventsResponse listed;
    grpc::Status status = events_->ListEvents(&list_ctx, list, &listed);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(listed.events_size(), expected);

    v1::CountEventsRequest count;
    count.set_filter(filter);
    count.set_interval(v1::CountEventsRequest::YEAR);
    grpc::ClientContext count_ctx;
    if (!with.empty()) count_ctx.AddMetadata(kTokenKey, with);
    v1::CountEventsResponse counted;
    status = events_->CountEvents(&count_ctx, count, &counted);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(counted.event_count(), expected);

    v1::ExportEventsRequest exporting;
    exporting.set_filter(filter);
    grpc::ClientContext export_ctx;
    if (!with.empty()) export_ctx.AddMetadata(kTokenKey, with);
    std::unique_ptr<grpc::ClientReader<v1::ExportEventsResponse>> reader =
        events_->ExportEvents(&export_ctx, exporting);
    v1::ExportEventsResponse message;
    std::vector<std::string> exported;
    while (reader->Read(&message)) exported.push_back(message.event().title());
    status = reader->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(exported,
              expected == 0 ? std::vector<std::string>{} : std::vector<std::string>{title});
  }
}

TEST_F(ReplicaReadsTest, EveryReadWithItsWritesTokenSeesTheWrite) {
  std::vector<std::string> written;
  std::string token;
  // The test cluster runs with synchronous_commit off, so a commit reaches the standby with the
  // WAL writer's next flush (up to a few hundred ms): most reads here wait for it.
  constexpr int kWrites = 25;
  absl::Duration with_token;  // reading each write at once, waiting for the standby
  absl::Duration caught_up;   // reading it again without a token, once replayed: the baseline
  int by_standby = 0;         // reads with a token that the standby served
  for (int i = 0; i < kWrites; ++i) {
    const std::string title = Unique("read-your-write");
    const v1::Event created = Create(title, &token);
    v1::Event read;
    const int64_t served_before = repo_->read_counts().replica;
    absl::Time start = absl::Now();
    grpc::Status status = Get(created.name(), token, &read);
    with_token += absl::Now() - start;
    if (repo_->read_counts().replica > served_before) ++by_standby;
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(read.title(), title);
    written.push_back(created.name());
    start = absl::Now();
    ASSERT_TRUE(Get(created.name(), "", &read).ok());
    caught_up += absl::Now() - start;
  }
  std::cout << kWrites << " reads of a fresh write: with its token "
            << absl::FormatDuration(with_token / kWrites) << " each, again without one "
            << absl::FormatDuration(caught_up / kWrites) << " each\n";
  // A listing with the last token holds every event written, read from the standby or not.
  v1::ListEventsRequest request;
  request.set_page_size(1000);
  request.set_filter("title:\"read-your-write\"");
  grpc::ClientContext ctx;
  ctx.AddMetadata(kTokenKey, token);
  v1::ListEventsResponse response;
  grpc::Status status = events_->ListEvents(&ctx, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::set<std::string> listed;
  for (const v1::Event& e : response.events()) listed.insert(e.name());
  for (const std::string& name : written) EXPECT_TRUE(listed.count(name)) << name;
  // The standby kept up: it served most of these reads itself.
  std::cout << "reads with a token: " << by_standby << " of " << kWrites << " by the standby\n";
  EXPECT_GT(by_standby, 0);
}

TEST_F(ReplicaReadsTest, WatchersSeeWritesWhileTheStandbyLags) {
  const std::string cursor = absl::StrCat(SqlNumber(Url(), "SELECT max(position) FROM changes"));
  v1::WatchEventsRequest request;
  request.set_cursor(cursor);
  WatchStream<v1::WatchEventsResponse> watcher(
      [&](grpc::ClientContext* ctx) { return events_->WatchEvents(ctx, request); });
  SetReplay(false);
  std::string token;
  const v1::Event first = Create(Unique("watched-paused"), &token);
  std::vector<v1::WatchEventsResponse> seen = watcher.WaitFor(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].event().name(), first.name());
  SetReplay(true);
  const v1::Event second = Create(Unique("watched-resumed"), &token);
  seen = watcher.WaitFor(2);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].event().name(), second.name());
  // Each once: nothing more arrives.
  EXPECT_EQ(watcher.Settle(std::chrono::milliseconds(300)).size(), 2u);
}

TEST_F(ReplicaReadsTest, AStoppedStandbyLeavesReadsOnThePrimaryUntilItIsBack) {
  ASSERT_TRUE(Standby("stop " + *standby_dir_));
  std::string token;
  const v1::Event created = Create(Unique("standby-down"), &token);
  // Whether the monitor has noticed yet or the replica's pool fails first, the primary answers.
  for (const std::string& with : {std::string(), token}) {
    v1::Event read;
    grpc::Status status = Get(created.name(), with, &read);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(read.title(), created.title());
  }
  EXPECT_TRUE(Eventually([] { return !repo_->monitor().Reachable(); }, absl::Seconds(5)));

  ASSERT_TRUE(Standby(absl::StrCat("start ", *standby_dir_, " ", *primary_dir_)));
  ASSERT_TRUE(Eventually([] { return repo_->monitor().Reachable(); }));
  // Idle connections of the replica's pool broke with the restart: each fails one read, which
  // the primary then serves. After at most one per pooled connection, the standby serves again.
  const storage::ReplicaReadCounts before = repo_->read_counts();
  for (int i = 0; i <= 4 && repo_->read_counts().replica == before.replica; ++i) {
    v1::Event read;
    grpc::Status status = Get(created.name(), token, &read);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(read.title(), created.title());
  }
  EXPECT_EQ(repo_->read_counts().replica, before.replica + 1);
}

// CountEvents' place sums are folded on the primary only: a folder on the standby does nothing
// (the fold would be a write), and the standby gets the primary's fold by replay.
TEST_F(ReplicaReadsTest, OnlyThePrimaryFoldsThePlaceSums) {
  std::string token;
  Create(Unique("folded"), &token);
  const std::string unfolded = "SELECT count(*) FROM event_scope_count_changes";
  ASSERT_GT(SqlNumber(Url(), unfolded), 0);
  {
    storage::CountFolder on_standby(*standby_url_, absl::Milliseconds(10));
    absl::SleepFor(absl::Milliseconds(200));
    EXPECT_EQ(on_standby.folded(), 0);
  }
  EXPECT_GT(SqlNumber(Url(), unfolded), 0);
  {
    storage::CountFolder on_primary(Url(), absl::Milliseconds(10));
    EXPECT_TRUE(Eventually([&] { return on_primary.folded() > 0; }, absl::Seconds(5)));
  }
  EXPECT_EQ(SqlNumber(Url(), unfolded), 0);
  EXPECT_TRUE(Eventually([&] { return StandbyCount(unfolded) == 0; }, absl::Seconds(10)));
}

TEST_F(ReplicaReadsTest, AMalformedTokenIsTheCallersMistake) {
  v1::Event read;
  grpc::Status status = Get("events/anything", "not-a-token", &read);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("timeline-consistency-token"));
}

// The replica's pool refuses writes even where the URL leads to a primary.
TEST_F(ReplicaReadsTest, ReplicaSessionsAreReadOnly) {
  storage::PoolOptions options;
  options.size = 1;
  options.read_only = true;
  storage::ConnectionPool pool(Url(), options, nullptr);
  absl::StatusOr<storage::ConnectionPool::Lease> lease =
      pool.Acquire(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(lease.ok());
  pqxx::work txn(**lease);
  try {
    txn.exec("CREATE TABLE replica_write_attempt (x int)");
    FAIL() << "a write ran in a read-only session";
  } catch (const pqxx::sql_error& e) {
    EXPECT_EQ(e.sqlstate(), "25006");  // read_only_sql_transaction
  }
}

}  // namespace
}  // namespace timeline::testing
