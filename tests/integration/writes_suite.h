// The fixture of the write tests (create_event_test.cc, update_event_test.cc,
// create_resources_test.cc: one suite, WritesTest, sharing one seeded environment): the calls
// they make, and what they read back in SQL to check that a write did exactly what it said (row
// counts, the change log). Each test writes under its own ids (Unique in harness.h), so tests do
// not see each other's data except where they query the shared seed places (and then only check
// their own events).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "api_calls.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "harness.h"
#include "integration_suite.h"
#include "pqxx/pqxx"
#include "seed_names.h"

namespace timeline::testing {

// What differs between two messages, for failure messages.
inline std::string Diff(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  google::protobuf::util::MessageDifferencer differ;
  std::string report;
  differ.ReportDifferencesToString(&report);
  differ.Compare(a, b);
  return report;
}

inline bool Same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

class WritesTest : public IntegrationSuite<WritesTest> {
 protected:
  // One number from SQL, such as a count.
  template <typename... Args>
  static int64_t Scalar(const std::string& sql, Args&&... args) {
    return SqlNumber(env_->database_url(), sql, std::forward<Args>(args)...);
  }

  struct RowCounts {
    int64_t events, event_actors, event_places, event_place_scope, event_sources, external_ids,
        changes, idempotent_requests;
    bool operator==(const RowCounts&) const = default;
    friend void PrintTo(const RowCounts& c, std::ostream* os) {
      *os << "events=" << c.events << " event_actors=" << c.event_actors
          << " event_places=" << c.event_places << " event_place_scope=" << c.event_place_scope
          << " event_sources=" << c.event_sources << " external_ids=" << c.external_ids
          << " changes=" << c.changes << " idempotent_requests=" << c.idempotent_requests;
    }
  };
  static RowCounts Counts() {
    pqxx::connection conn(env_->database_url());
    pqxx::read_transaction txn(conn);
    pqxx::row r = txn.exec1(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM event_actors),"
        " (SELECT count(*) FROM event_places), (SELECT count(*) FROM event_place_scope),"
        " (SELECT count(*) FROM event_sources), (SELECT count(*) FROM external_ids),"
        " (SELECT count(*) FROM changes), (SELECT count(*) FROM idempotent_requests)");
    return {r[0].as<int64_t>(), r[1].as<int64_t>(), r[2].as<int64_t>(), r[3].as<int64_t>(),
            r[4].as<int64_t>(), r[5].as<int64_t>(), r[6].as<int64_t>(), r[7].as<int64_t>()};
  }

  // The kinds of the change records of an event, in order.
  static std::vector<std::string> ChangeKinds(const std::string& event_name) {
    pqxx::connection conn(env_->database_url());
    pqxx::read_transaction txn(conn);
    std::vector<std::string> kinds;
    for (const pqxx::row& r :
         txn.exec_params("SELECT c.kind FROM changes c JOIN events e ON e.id = c.event_id"
                         " WHERE e.resource_id = $1 ORDER BY c.seq",
                         IdOf(event_name))) {
      kinds.push_back(r[0].as<std::string>());
    }
    return kinds;
  }

  // A valid event: a Malian army attack on Tessalit on 5 March 2023 (DAY precision).
  static v1::Event MinimalEvent(const std::string& title) {
    v1::Event e;
    e.set_title(title);
    e.set_event_type("attack");
    *e.mutable_time() = Day("2023-03-05T00:00:00Z");
    AddActor(e, seed_data::kMalianArmedForces, v1::INITIATOR);
    AddPlace(e, seed_data::kTessalit, v1::LOCATION);
    return e;
  }

  static v1::TimeSpan Day(const std::string& start) {
    v1::TimeSpan span;
    *span.mutable_start_time() = Ts(start);
    span.set_precision(v1::PRECISION_DAY);
    return span;
  }

  static grpc::Status Create(const v1::Event& event, v1::Event* out,
                             const std::string& event_id = "", const std::string& request_id = "") {
    return CreateEvent(env_->events(), event, out, event_id, request_id);
  }

  // Creates an event that must be created (api_calls.h).
  static v1::Event MustCreate(const v1::Event& event, const std::string& event_id = "") {
    return CreatedEvent(env_->events(), event, event_id);
  }

  static grpc::Status Update(const v1::Event& patch, const std::vector<std::string>& paths,
                             v1::Event* out) {
    v1::UpdateEventRequest request;
    *request.mutable_event() = patch;
    for (const auto& p : paths) request.mutable_update_mask()->add_paths(p);
    grpc::ClientContext ctx;
    return env_->events().UpdateEvent(&ctx, request, out);
  }

  static grpc::Status Delete(const std::string& name, v1::Event* out,
                             const std::string& etag = "") {
    v1::DeleteEventRequest request;
    request.set_name(name);
    request.set_etag(etag);
    grpc::ClientContext ctx;
    return env_->events().DeleteEvent(&ctx, request, out);
  }

  static grpc::Status Get(const std::string& name, v1::Event* out) {
    v1::GetEventRequest request;
    request.set_name(name);
    grpc::ClientContext ctx;
    return env_->events().GetEvent(&ctx, request, out);
  }

  // The names of every event a query returns, over all pages.
  static std::vector<std::string> Names(const v1::ListEventsRequest& request) {
    return ListAllEventNames(env_->events(), request);
  }

  static v1::Actor MustCreateActor(const std::string& id, const std::string& display_name) {
    v1::CreateActorRequest request;
    request.set_actor_id(id);
    request.mutable_actor()->set_display_name(display_name);
    request.mutable_actor()->set_kind(v1::ARMED_GROUP);
    return CreatedActor(env_->actors(), request);
  }

  static v1::Place MustCreatePlace(const std::string& id, const std::string& display_name,
                                   const std::string& parent) {
    v1::CreatePlaceRequest request;
    request.set_place_id(id);
    request.mutable_place()->set_display_name(display_name);
    request.mutable_place()->set_kind(v1::SETTLEMENT);
    request.mutable_place()->set_parent(parent);
    return CreatedPlace(env_->places(), request);
  }
};

}  // namespace timeline::testing
