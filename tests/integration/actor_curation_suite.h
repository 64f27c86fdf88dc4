// The fixture of the actor curation tests (actor_curation_test.cc, and actor_merge_test.cc's
// ActorMergeTest built on it; each suite on one seeded environment): the curating calls, actors and
// events made under ids of each test's own, and what they read back in SQL (links, names, the
// change log) to check that a curation did exactly what it said.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api_calls.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/grpcpp.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"

namespace timeline::testing {

class ActorCurationTest : public IntegrationSuite<ActorCurationTest> {
 protected:
  // An armed group "<display> <id>" (the id keeps names of different tests apart) with `aliases`
  // as further names. Its names list the aliases first, the display name last.
  static v1::Actor NewActor(const std::string& prefix, const std::string& display,
                            const std::vector<std::string>& aliases = {}) {
    const std::string id = Unique(prefix);
    v1::CreateActorRequest request;
    request.set_actor_id(id);
    v1::Actor& a = *request.mutable_actor();
    a.set_display_name(absl::StrCat(display, " ", id));
    a.set_kind(v1::ARMED_GROUP);
    for (const std::string& alias : aliases) {
      a.add_names()->set_name(absl::StrCat(alias, " ", id));
    }
    return CreatedActor(env_->actors(), request);
  }

  // An event at Tessalit on 5 March 2023 naming `links` (actor resource name, role).
  static v1::Event NewEvent(const std::string& title,
                            const std::vector<std::pair<std::string, v1::ActorRole>>& links) {
    v1::Event e;
    e.set_title(title);
    e.set_event_type("attack");
    *e.mutable_time()->mutable_start_time() = Ts("2023-03-05T00:00:00Z");
    e.mutable_time()->set_precision(v1::PRECISION_DAY);
    for (const auto& [actor, role] : links) AddActor(e, actor, role);
    AddPlace(e, seed_data::kTessalit, v1::LOCATION);
    return CreatedEvent(env_->events(), e);
  }

  static grpc::Status Update(const v1::Actor& patch, const std::vector<std::string>& paths,
                             v1::Actor* out, const std::string& reason = "") {
    v1::UpdateActorRequest request;
    *request.mutable_actor() = patch;
    for (const std::string& p : paths) request.mutable_update_mask()->add_paths(p);
    request.set_reason(reason);
    grpc::ClientContext ctx;
    return env_->actors().UpdateActor(&ctx, request, out);
  }

  static grpc::Status Delete(const std::string& name, v1::Actor* out,
                             const std::string& reason = "", const std::string& etag = "") {
    v1::DeleteActorRequest request;
    request.set_name(name);
    request.set_etag(etag);
    request.set_reason(reason);
    grpc::ClientContext ctx;
    return env_->actors().DeleteActor(&ctx, request, out);
  }

  static grpc::Status Merge(const std::string& name, const std::string& into, v1::Actor* out,
                            const std::string& reason = "", const std::string& etag = "",
                            const std::string& into_etag = "") {
    v1::MergeActorsRequest request;
    request.set_name(name);
    request.set_into(into);
    request.set_etag(etag);
    request.set_into_etag(into_etag);
    request.set_reason(reason);
    grpc::ClientContext ctx;
    return env_->actors().MergeActors(&ctx, request, out);
  }

  static grpc::Status Split(const std::string& name, v1::Actor* out,
                            const std::string& reason = "") {
    v1::SplitActorRequest request;
    request.set_name(name);
    request.set_reason(reason);
    grpc::ClientContext ctx;
    return env_->actors().SplitActor(&ctx, request, out);
  }

  static v1::Actor GetActor(const std::string& name) { return Got(env_->actors(), name); }
  static v1::Event GetEvent(const std::string& name) { return Got(env_->events(), name); }

  // The stored links of the events, "<event id> <actor id> <role> <ordinal>", sorted: what a
  // merge folds and a split restores, row by row.
  static std::vector<std::string> LinkRows(const std::vector<std::string>& event_names) {
    std::vector<std::string> ids;
    for (const std::string& name : event_names) ids.push_back(IdOf(name));
    return SqlColumn(env_->database_url(),
                     "SELECT e.resource_id || ' ' || a.resource_id || ' ' || ea.role || ' ' ||"
                     "       ea.ordinal"
                     "  FROM event_actors ea JOIN events e ON e.id = ea.event_id"
                     "  JOIN actors a ON a.id = ea.actor_id"
                     " WHERE e.resource_id = ANY(string_to_array($1, ','))"
                     " ORDER BY 1",
                     absl::StrJoin(ids, ","));
  }

  // The actor's change log, "<kind>|<reason>|<principal>|<merged_into>" in order.
  static std::vector<std::string> ChangeRows(const std::string& actor_name) {
    return SqlColumn(env_->database_url(),
                     "SELECT c.kind || '|' || coalesce(c.reason, '') || '|' ||"
                     "       coalesce(c.principal, '') || '|' || coalesce(c.merged_into, '')"
                     "  FROM changes c JOIN actors a ON a.id = c.actor_id"
                     " WHERE a.resource_id = $1 ORDER BY c.seq",
                     IdOf(actor_name));
  }

  // The names of every actor ListActors(query) returns.
  static std::vector<std::string> ActorsMatching(const std::string& query) {
    v1::ListActorsRequest request;
    request.set_query(query);
    return ListAllActorNames(env_->actors(), request);
  }

  // The names of every event ListEvents(actors = [actor]) returns.
  static std::vector<std::string> EventsOf(const std::string& actor) {
    v1::ListEventsRequest request;
    request.add_actors(actor);
    return ListAllEventNames(env_->events(), request);
  }

  // `m` without the stamps a change moves on (etag, update_time), for comparing states.
  template <typename Message>
  static Message Unstamped(Message m) {
    m.clear_etag();
    m.clear_update_time();
    return m;
  }

  static bool Same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
    return google::protobuf::util::MessageDifferencer::Equals(a, b);
  }
  static std::string Diff(const google::protobuf::Message& a, const google::protobuf::Message& b) {
    google::protobuf::util::MessageDifferencer differ;
    std::string report;
    differ.ReportDifferencesToString(&report);
    differ.Compare(a, b);
    return report;
  }
};

}  // namespace timeline::testing
