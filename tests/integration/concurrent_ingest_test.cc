// IngestService streams running at the same time, through a real server and PostgreSQL: streams
// with different external ids do not wait for each other, a stream updating an event waits for
// whoever holds that event, and streams that create the same new external ids at once all succeed
// with one event per id. Truth comes from the records sent and from SQL counts.
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"

namespace timeline::testing {
namespace {

// pg_locks lists the locks of every database of the cluster, where other suites may run at the
// same time: only this database's count.
constexpr char kInThisDatabase[] =
    "database = (SELECT oid FROM pg_database WHERE datname = current_database())";

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

// `count` records with external ids <system>/<prefix><i>, each naming an actor, a place and a
// source shared by a few of them.
std::vector<v1::IngestRecord> Records(const std::string& system, const std::string& prefix,
                                      int count, const std::string& title = "Raid") {
  std::vector<v1::IngestRecord> records;
  for (int i = 0; i < count; ++i) {
    records.push_back(FromJson<v1::IngestRecord>(absl::StrCat(
        R"({"externalId": {"system": ")", system, R"(", "id": ")", prefix, i, R"("}, "title": ")",
        title, " ", i, R"(", "eventType": "armed_clash", "date": {"text": "2021-06-)", 1 + i % 28,
        R"("}, "actors": [{"name": "Concurrent Column )", i % 4,
        R"(", "kind": "ARMED_GROUP", "countryCode": "NE"}], "places": [{"name": "Tillabéri",
        "countryCode": "NE", "kind": "SETTLEMENT", "location": {"latitude": 14.21,
        "longitude": 1.45}}], "source": {"url": "https://example.org/concurrent/)",
        i % 3, R"("}})")));
  }
  return records;
}

class ConcurrentIngestTest : public IntegrationSuite<ConcurrentIngestTest> {
 protected:
  static int64_t Count(const std::string& sql) { return SqlNumber(env_->database_url(), sql); }

  static std::future<IngestOutcome> IngestAsync(std::vector<v1::IngestRecord> records) {
    return std::async(std::launch::async, [records = std::move(records)] {
      return IngestEvents(env_->ingest(), records);
    });
  }
};

// One stream is held inside its transaction (the test locks the event it updates); a stream with
// other external ids goes through meanwhile, and the held one lands once the event is let go.
TEST_F(ConcurrentIngestTest, AStreamWaitsOnlyForTheEventsItUpdates) {
  // Four events first, and with them every actor, place and source the streams below name: a
  // stream that creates names holds name creation until it commits (pg_name_creation.cc).
  IngestOutcome first = IngestEvents(env_->ingest(), Records("held", "e", 4));
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  ASSERT_EQ(first.response.created_count(), 4);

  pqxx::connection holder(env_->database_url());
  pqxx::work hold(holder);
  hold.exec(
      "SELECT e.id FROM events e JOIN external_ids x ON x.event_id = e.id "
      "WHERE x.system = 'held' AND x.external_id = 'e0' FOR UPDATE OF e");

  // Updates of the four events, among 200 records: the whole stream waits for the held one.
  std::vector<v1::IngestRecord> held = Records("held", "e", 200, "Raid, corrected");
  std::future<IngestOutcome> waiting = IngestAsync(held);
  ASSERT_EQ(waiting.wait_for(2s), std::future_status::timeout);

  // 200 records with other external ids: not held by the waiting stream.
  std::future<IngestOutcome> other = IngestAsync(Records("free", "e", 200));
  ASSERT_EQ(other.wait_for(30s), std::future_status::ready);
  const IngestOutcome free = other.get();
  ASSERT_TRUE(free.status.ok()) << free.status.error_message();
  EXPECT_EQ(free.response.created_count(), 200);
  EXPECT_EQ(waiting.wait_for(0s), std::future_status::timeout);

  hold.abort();
  const IngestOutcome landed = waiting.get();
  ASSERT_TRUE(landed.status.ok()) << landed.status.error_message();
  EXPECT_EQ(landed.response.results(0).outcome(), v1::IngestResult::UPDATED);
  EXPECT_EQ(landed.response.updated_count(), 4);
  EXPECT_EQ(landed.response.created_count(), 196);
  EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE system = 'held'"), 200);
  EXPECT_EQ(Count("SELECT count(*) FROM events e JOIN external_ids x ON x.event_id = e.id "
                  "WHERE x.system = 'held' AND e.title LIKE 'Raid, corrected %'"),
            200);
}

// Four streams carry the same 300 new external ids at once (a job retried while its first try
// still runs, or two jobs fed the same export). The test holds the streams just before they
// write their events, after each found none of the ids: the first to write creates them, and the
// others, whose writes then fail on the unique keys, are run again and find them. Each stream
// succeeds, 300 events exist, and every record is created exactly once across the streams.
TEST_F(ConcurrentIngestTest, StreamsCreatingTheSameNewIdsAllSucceed) {
  constexpr int kStreams = 4;
  constexpr int kRecords = 300;
  // The names first, so that no stream waits for another's name creation.
  ASSERT_TRUE(IngestEvents(env_->ingest(), Records("names", "e", 4)).status.ok());

  pqxx::connection holder(env_->database_url());
  pqxx::work hold(holder);
  hold.exec("LOCK TABLE events IN SHARE MODE");
  const std::vector<v1::IngestRecord> records = Records("same", "e", kRecords);
  // What the server logs meanwhile (it runs in this process).
  ::testing::internal::CaptureStderr();
  std::vector<std::future<IngestOutcome>> streams;
  for (int i = 0; i < kStreams; ++i) streams.push_back(IngestAsync(records));
  // Ingest streams are costly calls, which the server runs only as many at once as its pool
  // keeps for them (the rest queue): two of them held at the events are a race.
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (Count(absl::StrCat("SELECT count(*) FROM pg_locks WHERE ", kInThisDatabase,
                            " AND relation = 'events'::regclass AND NOT granted")) < 2) {
    ASSERT_LT(absl::Now(), give_up) << "the streams never reached the events";
    absl::SleepFor(absl::Milliseconds(20));
  }
  hold.abort();

  int64_t created = 0;
  for (std::future<IngestOutcome>& stream : streams) {
    const IngestOutcome out = stream.get();
    ASSERT_TRUE(out.status.ok()) << out.status.error_code() << " " << out.status.error_message();
    EXPECT_EQ(out.response.created_count() + out.response.unchanged_count(), kRecords);
    EXPECT_EQ(out.response.rejected_count(), 0);
    created += out.response.created_count();
  }
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(created, kRecords);
  // The race is the service's to settle, not a database fault for the operator: the streams that
  // lost it are run again, and the log says so in those words, never as a database error.
  EXPECT_THAT(log, Not(HasSubstr("database error"))) << log;
  const std::vector<absl::string_view> reruns = absl::StrSplit(log, "running it again");
  std::printf("[ log ] %zu streams run again\n", reruns.size() - 1);
  EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE system = 'same'"), kRecords);
  EXPECT_EQ(Count("SELECT count(DISTINCT x.event_id) FROM external_ids x "
                  "WHERE x.system = 'same'"),
            kRecords);
  EXPECT_EQ(Count("SELECT count(*) FROM actors WHERE display_name LIKE 'Concurrent Column %'"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM sources WHERE url LIKE 'https://example.org/concurrent/%'"),
            3);
}

// A stream creates its actors and places before its sources, so it never holds a new source's URL
// while it waits for the name creation lock. If it did, a stream holding that lock and creating
// the same URL would wait for it in turn: a deadlock, which PostgreSQL breaks after a second by
// failing one of them. Here the test's own transaction plays that other stream.
TEST_F(ConcurrentIngestTest, AStreamWaitingToCreateNamesHoldsNoNewSource) {
  ASSERT_TRUE(IngestEvents(env_->ingest(), Records("names", "e", 4)).status.ok());
  constexpr char kUrl[] = "https://example.org/wanted-by-two";
  std::vector<v1::IngestRecord> records = Records("waits", "e", 2);
  records[0].mutable_source()->set_url(kUrl);                          // a new source first,
  records[1].mutable_actors(0)->set_name("Column Never Seen Before");  // then a new actor

  pqxx::connection other(env_->database_url());
  pqxx::work creating(other);
  creating.exec(
      "SELECT pg_advisory_xact_lock(7312, 0)");  // sql::kLockNameCreation, as a stream takes it
  std::future<IngestOutcome> stream = IngestAsync(records);
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (Count(absl::StrCat("SELECT count(*) FROM pg_locks WHERE ", kInThisDatabase,
                            " AND locktype = 'advisory' AND NOT granted")) < 1) {
    ASSERT_LT(absl::Now(), give_up) << "the stream never waited for the name creation lock";
    absl::SleepFor(absl::Milliseconds(20));
  }
  std::string blocked;
  try {
    creating.exec("SET LOCAL statement_timeout = '500ms'");
    creating.exec(absl::StrCat(
        "INSERT INTO sources (resource_id, url) VALUES ('wanted-by-two-other', '", kUrl, "')"));
    creating.commit();
  } catch (const pqxx::failure& e) {
    blocked = e.what();  // the stream held the URL: this insert waited for it
    creating.abort();
  }
  const IngestOutcome out = stream.get();
  EXPECT_EQ(blocked, "");
  ASSERT_TRUE(out.status.ok()) << out.status.error_code() << " " << out.status.error_message();
  EXPECT_EQ(out.response.created_count(), 2);
  if (blocked.empty()) {
    EXPECT_EQ(out.response.results(0).source(), "sources/wanted-by-two-other");
  }
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM sources WHERE url = '", kUrl, "'")), 1);
}

// What a deadlock between two streams comes to, made certain: a trigger of this test's database
// fails the stream's first attempt as PostgreSQL fails a deadlock's victim (SQLSTATE 40P01). The
// stream runs again and lands; rolled back every time, it ends ABORTED (worth a retry), never
// INTERNAL.
TEST_F(ConcurrentIngestTest, AStreamTheDatabaseRollsBackRunsAgain) {
  auto install = [](const std::string& condition) {
    pqxx::connection c(env_->database_url());
    pqxx::work t(c);
    t.exec("CREATE SEQUENCE IF NOT EXISTS test_rollbacks");
    t.exec(absl::StrCat(R"sql(
      CREATE OR REPLACE FUNCTION test_roll_back() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF )sql",
                        condition, R"sql( THEN
          RAISE EXCEPTION 'deadlock made by the test' USING ERRCODE = '40P01';
        END IF;
        RETURN NEW;
      END $$;
      CREATE OR REPLACE TRIGGER test_roll_back BEFORE INSERT ON event_sources
        FOR EACH ROW EXECUTE FUNCTION test_roll_back();)sql"));
    t.commit();
  };
  auto remove = [] {
    pqxx::connection c(env_->database_url());
    pqxx::work t(c);
    t.exec("DROP TRIGGER test_roll_back ON event_sources");
    t.exec("DROP FUNCTION test_roll_back()");
    t.exec("DROP SEQUENCE test_rollbacks");
    t.commit();
  };
  // Sequences are not rolled back: the first row of the first attempt is the only one refused.
  install("nextval('test_rollbacks') = 1");
  const IngestOutcome once = IngestEvents(env_->ingest(), Records("rolled-back", "e", 50));
  const int64_t rows_tried = Count("SELECT last_value FROM test_rollbacks");
  remove();
  ASSERT_TRUE(once.status.ok()) << once.status.error_code() << " " << once.status.error_message();
  EXPECT_EQ(once.response.created_count(), 50);
  EXPECT_GT(rows_tried, 50);  // the refused row, then all 50 again
  EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE system = 'rolled-back'"), 50);

  install("true");
  const IngestOutcome always = IngestEvents(env_->ingest(), Records("always", "e", 50));
  remove();
  EXPECT_EQ(always.status.error_code(), grpc::StatusCode::ABORTED) << always.status.error_message();
  EXPECT_EQ(always.status.error_message().find("deadlock"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM external_ids WHERE system = 'always'"), 0);
}

}  // namespace
}  // namespace timeline::testing
