// Streams of one import sent side by side (IngestEventsRequest.after_request_id), against a real
// PostgreSQL and server: a stream waits, before deciding a name anew, for the stream it comes
// after — while that one runs, and for a while before it begins — and goes on once it has
// committed or failed. The storage functions are driven with connections playing the earlier
// stream; the service test sends the later stream first and checks that the names are linked as
// if the streams had come in the import's order.
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "status_details.h"
#include "storage/pg_stream_order.h"
#include "storage/sql.h"

namespace timeline::testing {
namespace {

// pg_locks lists the locks of every database of the cluster, where other suites may run at the
// same time: only this database's count.
constexpr char kInThisDatabase[] =
    "database = (SELECT oid FROM pg_database WHERE datname = current_database())";

using namespace std::chrono_literals;
// How a wait for an earlier stream ended.
enum class EarlierStream {
  kCommitted,  // seen begun, then committed
  kEnded,      // seen begun, then ended without committing
  kNotSeen,    // not seen begun within the limit
};

constexpr char kMethod[] = "IngestEvents";

class StreamOrderTest : public IntegrationSuite<StreamOrderTest> {
 protected:
  static int64_t Count(const std::string& sql) { return SqlNumber(env_->database_url(), sql); }

  // What the stream `request_id` does as it runs: holds its request's lock (sql::kLockRequest,
  // the key every stream takes) until its transaction ends.
  static void BeginStream(pqxx::work& stream, const std::string& request_id) {
    stream.exec_params(storage::sql::kLockRequest,
                       storage::sql::RequestLockKey(kMethod, request_id));
  }
  // And what its commit leaves behind: its row in ingest_requests.
  static void CommitStream(pqxx::work& stream, const std::string& request_id) {
    stream.exec_params(
        "INSERT INTO ingest_requests (method, request_id, records_hash, response) "
        "VALUES ($1, $2, '\\x00', '\\x00')",
        kMethod, request_id);
    stream.commit();
  }

  struct Waited {
    EarlierStream how;
    absl::Duration took;
  };
  // A stream waiting for `request_id` as PgRepository::RunIngest does: it looks for it to begin
  // (a transaction per look, for at most `limit`), then waits in a transaction of its own, which
  // stays open for `works_on` after the wait (the stream's work after it).
  static std::future<Waited> AwaitAsync(const std::string& request_id, absl::Duration limit,
                                        absl::Duration works_on = absl::ZeroDuration()) {
    return std::async(std::launch::async, [=] {
      pqxx::connection c(env_->database_url());
      const absl::Time start = absl::Now();
      const absl::StatusOr<bool> seen = storage::pg::PollUntilEarlierStreamBegun(
          [&]() -> absl::StatusOr<bool> {
            pqxx::work look(c);
            return storage::pg::EarlierStreamBegun(look, kMethod, request_id);
          },
          limit);
      EXPECT_TRUE(seen.ok()) << seen.status();
      if (!seen.ok() || !*seen) return Waited{EarlierStream::kNotSeen, absl::Now() - start};
      pqxx::work txn(c);
      const bool committed = storage::pg::AwaitEarlierStreamCommit(txn, kMethod, request_id);
      const Waited waited{committed ? EarlierStream::kCommitted : EarlierStream::kEnded,
                          absl::Now() - start};
      absl::SleepFor(works_on);
      return waited;
    });
  }
};

TEST_F(StreamOrderTest, AStreamAfterACommittedOneGoesOnAtOnce) {
  pqxx::connection c(env_->database_url());
  pqxx::work earlier(c);
  CommitStream(earlier, "committed-before");
  const Waited waited = AwaitAsync("committed-before", absl::Seconds(10)).get();
  EXPECT_EQ(waited.how, EarlierStream::kCommitted);
  EXPECT_LT(waited.took, absl::Seconds(1));
}

// A running stream is waited for however long it runs (far beyond the limit for one not seen),
// and the wait tells whether it committed or failed.
TEST_F(StreamOrderTest, AStreamAfterARunningOneWaitsForItToEnd) {
  for (const bool commits : {true, false}) {
    SCOPED_TRACE(commits ? "commits" : "fails");
    const std::string id = commits ? "running-commits" : "running-fails";
    pqxx::connection c(env_->database_url());
    pqxx::work earlier(c);
    BeginStream(earlier, id);
    std::future<Waited> later = AwaitAsync(id, absl::Milliseconds(100));
    ASSERT_EQ(later.wait_for(1s), std::future_status::timeout);
    if (commits) {
      CommitStream(earlier, id);
    } else {
      earlier.abort();
    }
    const Waited waited = later.get();
    EXPECT_EQ(waited.how, commits ? EarlierStream::kCommitted : EarlierStream::kEnded);
    EXPECT_GE(waited.took, absl::Milliseconds(500));
    EXPECT_LT(waited.took, absl::Seconds(5));
  }
}

// The later stream reached the server first: it waits for the earlier one to begin, then for it
// to end.
TEST_F(StreamOrderTest, AStreamAfterOneNotBegunWaitsForItToBeginAndEnd) {
  std::future<Waited> later = AwaitAsync("late", absl::Seconds(10));
  ASSERT_EQ(later.wait_for(300ms), std::future_status::timeout);
  pqxx::connection c(env_->database_url());
  pqxx::work earlier(c);
  BeginStream(earlier, "late");
  ASSERT_EQ(later.wait_for(300ms), std::future_status::timeout);
  CommitStream(earlier, "late");
  const Waited waited = later.get();
  EXPECT_EQ(waited.how, EarlierStream::kCommitted);
  EXPECT_GE(waited.took, absl::Milliseconds(300));
}

TEST_F(StreamOrderTest, AStreamAfterOneNeverSeenGivesUpAtTheLimit) {
  const Waited waited = AwaitAsync("never-sent", absl::Milliseconds(300)).get();
  EXPECT_EQ(waited.how, EarlierStream::kNotSeen);
  EXPECT_GE(waited.took, absl::Milliseconds(300));
  EXPECT_LT(waited.took, absl::Seconds(3));
}

// Waiting takes no lock that outlives the wait: the earlier stream, run again (after a conflict)
// while the later one is still at work, takes its request's lock at once.
TEST_F(StreamOrderTest, AWaitHoldsNothingTheEarlierStreamsRerunNeeds) {
  pqxx::connection c(env_->database_url());
  pqxx::work first_try(c);
  BeginStream(first_try, "rerun");
  std::future<Waited> later = AwaitAsync("rerun", absl::Seconds(10), absl::Seconds(3));
  ASSERT_EQ(later.wait_for(300ms), std::future_status::timeout);
  first_try.abort();
  absl::SleepFor(absl::Milliseconds(300));  // the later stream sees it end and works on
  pqxx::work second_try(c);
  second_try.exec("SET LOCAL lock_timeout = '1s'");
  EXPECT_NO_THROW(BeginStream(second_try, "rerun"));
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM pg_locks WHERE ", kInThisDatabase,
                               " AND locktype = 'advisory' AND mode = 'ShareLock'")),
            0);
  second_try.abort();
  ASSERT_EQ(later.wait_for(0s), std::future_status::timeout) << "the transaction had ended";
  EXPECT_EQ(later.get().how, EarlierStream::kEnded);
}

// A record of its own naming `actor`, an armed group of Niger.
v1::IngestRecord RecordNaming(const std::string& id, const std::string& actor) {
  return FromJson<v1::IngestRecord>(absl::StrCat(
      R"({"externalId": {"system": "order-test", "id": ")", id,
      R"("}, "title": "Clash", "eventType": "armed_clash", "date": {"text": "2021-06-01"},
      "actors": [{"name": ")",
      actor, R"(", "kind": "ARMED_GROUP", "countryCode": "NE"}]})"));
}

// An import's second stream reaches the server first; it waits, outside any transaction, for the
// first to begin, and then for it to end. Its "Mbaki Resistance" (similarity 0.74 to
// "Maki Resistance") is new to the database when it arrives; in the import's order it comes
// after the first stream created "Maki Resistance", and so links to it, with its warning. Had
// the second stream not waited, it would have created "Mbaki Resistance" and the first stream's
// name would have linked to that instead.
TEST_F(StreamOrderTest, AnImportsNewNamesAreDecidedInItsOrder) {
  IngestOptions second_options;
  second_options.request_id = "order-import-2";
  second_options.after_request_id = "order-import-1";
  std::future<IngestOutcome> second = std::async(std::launch::async, [&] {
    return IngestEvents(env_->ingest(), {RecordNaming("2", "Mbaki Resistance")}, second_options);
  });
  ASSERT_EQ(second.wait_for(1s), std::future_status::timeout) << "it did not wait";
  // Waiting for a stream that has not begun, it holds no connection that stream could need.
  EXPECT_EQ(Count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                  "pid <> pg_backend_pid() AND xact_start < now() - interval '300 ms'"),
            0);

  IngestOptions first_options;
  first_options.request_id = "order-import-1";
  const IngestOutcome first =
      IngestEvents(env_->ingest(), {RecordNaming("1", "Maki Resistance")}, first_options);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  ASSERT_EQ(first.response.created_count(), 1);
  const std::string created = first.response.results(0).actors(0);

  const IngestOutcome out = second.get();
  ASSERT_TRUE(out.status.ok()) << out.status.error_message();
  ASSERT_EQ(out.response.created_count(), 1);
  EXPECT_EQ(out.response.results(0).actors(0), created);
  std::vector<std::string> codes;
  for (const v1::IngestNote& w : out.response.results(0).warnings()) codes.push_back(w.code());
  EXPECT_THAT(codes, ::testing::Contains("SIMILAR_NAME"));
  EXPECT_EQ(Count("SELECT count(*) FROM actors WHERE display_name LIKE '%aki Resistance'"), 1);
}

// The first stream's first try fails (the test's connection plays it, holding its request lock
// and rolling back) while the second waits for it; the second gives up its transaction and waits
// for the next try, which creates "Maki Resistance": the second stream links to it, as in the
// import's order.
TEST_F(StreamOrderTest, AStreamWaitsForTheNextTryOfOneThatFailed) {
  {
    pqxx::connection c(env_->database_url());
    pqxx::work first_try(c);
    BeginStream(first_try, "retried-1");
    IngestOptions second_options;
    second_options.request_id = "retried-2";
    second_options.after_request_id = "retried-1";
    std::future<IngestOutcome> second = std::async(std::launch::async, [&] {
      return IngestEvents(env_->ingest(), {RecordNaming("r2", "Mbaki Resistance (retried)")},
                          second_options);
    });
    ASSERT_EQ(second.wait_for(500ms), std::future_status::timeout);
    first_try.abort();
    ASSERT_EQ(second.wait_for(500ms), std::future_status::timeout) << "it went on without it";

    IngestOptions first_options;
    first_options.request_id = "retried-1";
    const IngestOutcome first = IngestEvents(
        env_->ingest(), {RecordNaming("r1", "Maki Resistance (retried)")}, first_options);
    ASSERT_TRUE(first.status.ok()) << first.status.error_message();
    ASSERT_EQ(first.response.created_count(), 1);

    const IngestOutcome out = second.get();
    ASSERT_TRUE(out.status.ok()) << out.status.error_message();
    EXPECT_EQ(out.response.results(0).actors(0), first.response.results(0).actors(0));
  }
  EXPECT_EQ(
      Count("SELECT count(*) FROM actors WHERE display_name LIKE '%aki Resistance (retried)'"), 1);
}

// A dry run writes nothing and keeps no response, so there is nothing to wait for: a stream with
// validate_only answers at once, whatever it names after.
TEST_F(StreamOrderTest, ADryRunDoesNotWait) {
  IngestOptions options;
  options.validate_only = true;
  options.after_request_id = "never-sent-either";
  const absl::Time start = absl::Now();
  const IngestOutcome out =
      IngestEvents(env_->ingest(), {RecordNaming("dry", "Resistance Never Seen")}, options);
  ASSERT_TRUE(out.status.ok()) << out.status.error_message();
  EXPECT_EQ(out.response.rejected_count(), 0);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

// after_request_id is a setting of the stream, bounded like request_id: longer than 128
// characters, or different in a later message, it fails the stream naming the field.
TEST_F(StreamOrderTest, AfterRequestIdIsCheckedLikeTheOtherSettings) {
  IngestOptions too_long;
  too_long.after_request_id = std::string(129, 'x');
  const IngestOutcome refused =
      IngestEvents(env_->ingest(), {RecordNaming("long", "Maki Resistance")}, too_long);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(refused.status), ::testing::ElementsAre("after_request_id"));

  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 30s);
  v1::IngestEventsResponse response;
  auto writer = env_->ingest().IngestEvents(&ctx, &response);
  v1::IngestEventsRequest message;
  message.set_after_request_id("order-a");
  *message.add_records() = RecordNaming("m1", "Maki Resistance");
  ASSERT_TRUE(writer->Write(message));
  message.set_after_request_id("order-b");
  *message.mutable_records(0) = RecordNaming("m2", "Maki Resistance");
  writer->Write(message);
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ::testing::ElementsAre("after_request_id"));
  EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE system = 'order-test' AND "
                  "external_id IN ('long', 'm1', 'm2')"),
            0);
}

}  // namespace
}  // namespace timeline::testing
