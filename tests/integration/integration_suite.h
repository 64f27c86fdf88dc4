// The base of every integration test suite: one TimelineEnv (harness.h) per suite, made before
// its first test and dropped after its last, shared by its tests (which is what makes a binary's
// suites take seconds rather than minutes).
//
//   class EventQueriesTest : public IntegrationSuite<EventQueriesTest> {};
//   TEST_F(EventQueriesTest, Something) { env_->events()... }
//
// A suite changes what it gets by declaring, publicly, static functions that hide the base's:
//   static EnvOptions Options();  // the environment's options: {.load_seed = false}, ...
//   static void PrepareSuite();   // runs once, after the environment is up: data written over
//                                 // the API, certificates, ... shared by the suite's tests
//   static void ReleaseSuite();   // runs once, before the environment goes
// A suite built on another base calls that base's hook from its own (GeneratedEventsSuite's
// PrepareSuite first, then the suite's additions).
//
// Whatever PrepareSuite (or the environment) throws fails every test of the suite with its
// message, instead of running them against a half-made environment.
#pragma once

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include "generated_events.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "pqxx/pqxx"
#include "scope_counts_check.h"

namespace timeline::testing {

template <typename Suite>
class IntegrationSuite : public ::testing::Test {
 public:
  static EnvOptions Options() { return {}; }
  static void PrepareSuite() {}
  static void ReleaseSuite() {}

  static void SetUpTestSuite() {
    try {
      env_ = new TimelineEnv(Suite::Options());
      Suite::PrepareSuite();
    } catch (const std::exception& e) {
      setup_error_ = new std::string(e.what());
    }
  }

  static void TearDownTestSuite() {
    if (env_ != nullptr && setup_error_ == nullptr) CheckScopeCounts();
    Suite::ReleaseSuite();
    delete env_;
    env_ = nullptr;
    delete setup_error_;
    setup_error_ = nullptr;
  }

 protected:
  void SetUp() override {
    ASSERT_EQ(setup_error_, nullptr) << "suite setup failed: " << *setup_error_;
  }

  // What the suite's writes left in the event scope must be what the links derive, and in
  // CountEvents' place sums what the tables hold, as written and once folded
  // (scope_counts_check.h).
  static void CheckScopeCounts() {
    try {
      pqxx::connection conn(env_->database_url());
      EXPECT_EQ(ScopeDrift(conn), "");
      EXPECT_EQ(ScopeCountsDrift(conn), "") << "before folding";
      pqxx::nontransaction(conn).exec("SELECT fold_event_scope_counts()");
      EXPECT_EQ(ScopeCountsDrift(conn), "") << "after folding";
      EXPECT_EQ(SqlNumber(conn, "SELECT count(*) FROM event_scope_count_changes"), 0);
    } catch (const pqxx::broken_connection&) {
      // A suite about an unreachable database: nothing to check.
    }
  }

  static inline TimelineEnv* env_ = nullptr;

 private:
  static inline std::string* setup_error_ = nullptr;
};

// A suite over the 100,000 generated events of generated_events.h (no seed data), with a
// connection of its own to their database for ground truth and EXPLAIN, whose session reads
// times in UTC as the service's connections do (storage/pg_repository.cc).
template <typename Suite>
class GeneratedEventsSuite : public IntegrationSuite<Suite> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }

  static void PrepareSuite() {
    const auto start = std::chrono::steady_clock::now();
    GenerateEvents(IntegrationSuite<Suite>::env_->database_url());
    conn_ = new pqxx::connection(IntegrationSuite<Suite>::env_->database_url());
    pqxx::nontransaction txn(*conn_);
    txn.exec("SET TIME ZONE 'UTC'");
    std::printf("[ timing ] setup with generated data %.1f s\n", SecondsSince(start));
  }

  static void ReleaseSuite() {
    delete conn_;
    conn_ = nullptr;
  }

 protected:
  static inline pqxx::connection* conn_ = nullptr;
};

}  // namespace timeline::testing
