// The EventService handlers called directly against a fake repository (fake_repository.h): what
// each passes down, that a caller's mistake is answered INVALID_ARGUMENT naming the field without
// reaching the repository, how every error the repository can return reaches the caller, and
// that page tokens come back only to the request they were made for.
#include "api/event_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/page_token.h"
#include "domain/resource_name.h"
#include "domain/validation.h"
#include "fake_repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "handler_test.h"
#include "status_details.h"

namespace timeline::api {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::timeline::testing::ExpectNamesRefused;
using ::timeline::testing::ExpectPageTokensBoundToTheirRequest;
using ::timeline::testing::HandlerTest;
using ::timeline::testing::ViolatedFields;

const auto kEventsOf = [](const v1::ListEventsResponse& r) -> const auto& { return r.events(); };

// A valid event: the Malian army attacking at Tessalit on 5 March 2023.
v1::Event ValidEvent() {
  v1::Event e;
  e.set_title("Attack on Tessalit");
  e.set_event_type("attack");
  e.mutable_time()->mutable_start_time()->set_seconds(1677974400);  // 2023-03-05T00:00:00Z
  e.mutable_time()->set_precision(v1::PRECISION_DAY);
  v1::EventActor* a = e.add_actors();
  a->set_actor("actors/malian-armed-forces");
  a->set_role(v1::INITIATOR);
  v1::EventPlace* p = e.add_places();
  p->set_place("places/ml-tessalit");
  p->set_role(v1::LOCATION);
  return e;
}

class EventServiceTest : public HandlerTest<EventService> {
 protected:
  // Five events held, a-event to e-event.
  EventServiceTest() {
    for (const char* id : {"a-event", "b-event", "c-event", "d-event", "e-event"}) {
      v1::Event e = ValidEvent();
      e.set_name(absl::StrCat("events/", id));
      e.set_title(id);
      e.set_etag("1");
      repo_.Hold(e);
    }
  }

  grpc::Status Get(const std::string& name, v1::Event* out) {
    v1::GetEventRequest request;
    request.set_name(name);
    return Call(&EventService::GetEvent, request, out);
  }
  grpc::Status List(const v1::ListEventsRequest& request, v1::ListEventsResponse* out) {
    return Call(&EventService::ListEvents, request, out);
  }
  grpc::Status Create(const v1::CreateEventRequest& request, v1::Event* out) {
    return Call(&EventService::CreateEvent, request, out);
  }
  grpc::Status Update(const v1::Event& patch, const std::vector<std::string>& paths,
                      v1::Event* out) {
    v1::UpdateEventRequest request;
    *request.mutable_event() = patch;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    return Call(&EventService::UpdateEvent, request, out);
  }
  grpc::Status Delete(const std::string& name, const std::string& etag, v1::Event* out) {
    v1::DeleteEventRequest request;
    request.set_name(name);
    request.set_etag(etag);
    return Call(&EventService::DeleteEvent, request, out);
  }
  grpc::Status Merge(const std::string& name, const std::string& into, v1::Event* out) {
    v1::MergeEventsRequest request;
    request.set_name(name);
    request.set_into(into);
    return Call(&EventService::MergeEvents, request, out);
  }
};

// --- GetEvent ---

TEST_F(EventServiceTest, GetEventAnswersTheStoredEventByItsId) {
  v1::Event event;
  ExpectGetAsksForTheId([&](const std::string& name) { return Get(name, &event); },
                        "events/c-event", "c-event", "events/z-event");
  EXPECT_EQ(repo_.calls()[0].method, "GetEvent");
  ASSERT_TRUE(Get("events/c-event", &event).ok());
  EXPECT_EQ(event.name(), "events/c-event");
  EXPECT_EQ(event.title(), "c-event");
}

TEST_F(EventServiceTest, MalformedNamesNeverReachTheRepository) {
  ExpectNamesRefused(
      [&](const std::string& name) {
        v1::Event event;
        return Get(name, &event);
      },
      {"", "c-event", "events/", "actors/c-event", "events/C_Event", "events/c-event/x"});
  EXPECT_THAT(repo_.calls(), IsEmpty());
  // The watch hub subscribed to changes when the service was made; nothing else was asked.
  EXPECT_EQ(repo_.subscriptions(), 1);
}

// --- Every error the repository can return ---

// Each handler answers the repository's error with its code and message.
TEST_F(EventServiceTest, RepositoryErrorsReachTheCallerUnchanged) {
  v1::CreateEventRequest create;
  *create.mutable_event() = ValidEvent();
  v1::Event patch;
  patch.set_name("events/a-event");
  patch.set_title("renamed");
  v1::CountEventsRequest count;
  count.set_interval(v1::CountEventsRequest::MONTH);
  ExpectRepositoryErrorsReachTheCaller([&] {
    v1::Event event;
    v1::ListEventsResponse list;
    v1::CountEventsResponse counted;
    return std::vector<grpc::Status>{Get("events/a-event", &event),
                                     List(v1::ListEventsRequest(), &list),
                                     Create(create, &event),
                                     Update(patch, {"title"}, &event),
                                     Delete("events/a-event", "", &event),
                                     Merge("events/a-event", "events/b-event", &event),
                                     Call(&EventService::CountEvents, count, &counted)};
  });
}

// A reference to a missing resource is the caller's mistake: the repository's INVALID_ARGUMENT
// keeps the field it names.
TEST_F(EventServiceTest, AMissingReferenceIsInvalidArgumentOnItsField) {
  repo_.FailWith(domain::InvalidField("event.actors[0].actor", "actors/nobody does not exist"));
  v1::CreateEventRequest request;
  *request.mutable_event() = ValidEvent();
  v1::Event event;
  grpc::Status status = Create(request, &event);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event.actors[0].actor"));
  EXPECT_THAT(status.error_message(), HasSubstr("actors/nobody"));
}

// --- CreateEvent ---

TEST_F(EventServiceTest, CreateEventPassesTheIdTheRequestIdAndTheRecord) {
  v1::CreateEventRequest request;
  *request.mutable_event() = ValidEvent();
  request.set_event_id("chosen-id");
  request.set_request_id("3f0c1b5e-request");
  v1::Event created;
  ASSERT_TRUE(Create(request, &created).ok());
  EXPECT_EQ(created.name(), "events/chosen-id");
  EXPECT_EQ(created.title(), "Attack on Tessalit");
  EXPECT_EQ(created.event_type(), "attack");
  // The day is completed from its start.
  EXPECT_EQ(created.time().end_time().seconds(), 1677974400 + 86400);
  ASSERT_EQ(repo_.CallsTo("CreateEvent").size(), 1u);
  EXPECT_EQ(repo_.CallsTo("CreateEvent")[0].id, "chosen-id");
  EXPECT_EQ(repo_.CallsTo("CreateEvent")[0].request_id, "3f0c1b5e-request");

  // Without an id the handler makes one.
  request.clear_event_id();
  request.clear_request_id();
  ASSERT_TRUE(Create(request, &created).ok());
  const std::string generated = repo_.CallsTo("CreateEvent")[1].id;
  EXPECT_TRUE(domain::IsValidResourceId(generated)) << generated;
  EXPECT_EQ(created.name(), "events/" + generated);
}

TEST_F(EventServiceTest, CreateEventMistakesAreNamedAndNeverReachTheRepository) {
  struct Case {
    std::string what;
    v1::CreateEventRequest request;
    std::vector<std::string> fields;
  };
  std::vector<Case> cases(5);
  cases[0].what = "no event";
  cases[0].fields = {"event"};
  cases[1].what = "a second actor without a role";
  *cases[1].request.mutable_event() = ValidEvent();
  cases[1].request.mutable_event()->add_actors()->set_actor("actors/wagner-group");
  cases[1].fields = {"event.actors[1].role"};
  cases[2].what = "a malformed id";
  *cases[2].request.mutable_event() = ValidEvent();
  cases[2].request.set_event_id("Bad_Id");
  cases[2].fields = {"event_id"};
  cases[3].what = "too long a request id";
  *cases[3].request.mutable_event() = ValidEvent();
  cases[3].request.set_request_id(std::string(129, 'x'));
  cases[3].fields = {"request_id"};
  cases[4].what = "no title, an unknown type, a negative count";
  *cases[4].request.mutable_event() = ValidEvent();
  cases[4].request.mutable_event()->clear_title();
  cases[4].request.mutable_event()->set_event_type("massacre");
  cases[4].request.mutable_event()->mutable_fatalities()->set_low(-1);
  cases[4].fields = {"event.title", "event.event_type", "event.fatalities.low"};
  for (const Case& c : cases) {
    v1::Event event;
    grpc::Status status = Create(c.request, &event);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.what;
    EXPECT_THAT(ViolatedFields(status), ::testing::UnorderedElementsAreArray(c.fields)) << c.what;
  }
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

// --- UpdateEvent, DeleteEvent, MergeEvents ---

TEST_F(EventServiceTest, UpdateEventAppliesTheMaskUnderTheRepositorysLock) {
  v1::Event patch;
  patch.set_name("events/b-event");
  patch.set_title("renamed");
  patch.set_summary("not in the mask");
  v1::Event updated;
  ASSERT_TRUE(Update(patch, {"title"}, &updated).ok());
  EXPECT_EQ(updated.title(), "renamed");
  EXPECT_EQ(updated.summary(), "");
  EXPECT_EQ(updated.etag(), "2");
  ASSERT_EQ(repo_.CallsTo("UpdateEvent").size(), 1u);
  EXPECT_EQ(repo_.CallsTo("UpdateEvent")[0].id, "b-event");

  // A mask naming an output-only field fails in the mutation the repository runs, naming the
  // path; the event stays as it was.
  patch.set_title("never written");
  grpc::Status status = Update(patch, {"create_time"}, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[0]"));
  v1::Event got;
  ASSERT_TRUE(Get("events/b-event", &got).ok());
  EXPECT_EQ(got.title(), "renamed");

  // The patch's etag goes down with it: a stale one is ABORTED.
  patch.set_etag("1");
  EXPECT_EQ(Update(patch, {"title"}, &updated).error_code(), grpc::StatusCode::ABORTED);
}

TEST_F(EventServiceTest, UpdateDeleteAndMergeMistakesNeverReachTheRepository) {
  v1::Event event;
  grpc::Status status = Call(&EventService::UpdateEvent, v1::UpdateEventRequest(), &event);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event"));
  v1::Event nameless;
  nameless.set_title("x");
  status = Update(nameless, {"title"}, &event);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("event.name"));

  status = Delete("actors/a-event", "", &event);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("name"));

  status = Merge("events/a-event", "events/a-event", &event);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("into"));
  EXPECT_THAT(ViolatedFields(Merge("events/a-event", "b-event", &event)), ElementsAre("into"));
  EXPECT_THAT(ViolatedFields(Merge("a-event", "events/b-event", &event)), ElementsAre("name"));
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

TEST_F(EventServiceTest, DeleteAndMergePassTheirIdsAndEtags) {
  v1::Event event;
  EXPECT_EQ(Delete("events/c-event", "7", &event).error_code(), grpc::StatusCode::ABORTED);
  ASSERT_TRUE(Delete("events/c-event", "1", &event).ok());
  EXPECT_TRUE(event.has_delete_time());
  ASSERT_TRUE(Merge("events/d-event", "events/e-event", &event).ok());
  EXPECT_EQ(event.name(), "events/e-event");
  EXPECT_EQ(repo_.CallsTo("MergeEvents")[0].id, "d-event");
}

// --- ListEvents and its page tokens ---

TEST_F(EventServiceTest, PageTokensTheHandlerIssuesAreAcceptedBack) {
  v1::ListEventsRequest request;
  request.set_page_size(2);
  EXPECT_THAT(AllPages(&EventService::ListEvents, request, kEventsOf),
              ElementsAre("events/a-event", "events/b-event", "events/c-event", "events/d-event",
                          "events/e-event"));
  EXPECT_EQ(repo_.CallsTo("ListEvents").size(), 3u);
  // The last call resumed after the fourth event.
  ASSERT_TRUE(repo_.last_event_query()->after.has_value());
  EXPECT_EQ(repo_.last_event_query()->after->offset, 4);

  // page_size may change between pages.
  v1::ListEventsResponse first;
  ASSERT_TRUE(List(request, &first).ok());
  v1::ListEventsRequest next = request;
  next.set_page_token(first.next_page_token());
  next.set_page_size(3);
  v1::ListEventsResponse rest;
  ASSERT_TRUE(List(next, &rest).ok());
  EXPECT_EQ(rest.events_size(), 3);
  EXPECT_TRUE(rest.next_page_token().empty());
}

TEST_F(EventServiceTest, ATamperedTokenOrOneForOtherParametersIsRefused) {
  v1::ListEventsRequest request;
  request.set_page_size(2);
  request.add_event_types("attack");
  auto list = [&](const v1::ListEventsRequest& r, v1::ListEventsResponse* out) {
    return List(r, out);
  };
  ExpectPageTokensBoundToTheirRequest<v1::ListEventsResponse>(
      list, request, [](v1::ListEventsRequest& r) { r.add_event_types("protest"); });
  ExpectPageTokensBoundToTheirRequest<v1::ListEventsResponse>(
      list, request, [](v1::ListEventsRequest& r) { r.set_order_by("start_time desc"); });
  // Two first pages and two second ones reached the repository; none of the refused requests.
  EXPECT_EQ(repo_.CallsTo("ListEvents").size(), 4u);
}

TEST_F(EventServiceTest, ListEventsMistakesNameEveryFieldAndNeverReachTheRepository) {
  v1::ListEventsRequest request;
  request.set_page_size(-1);
  request.add_actors("malian-armed-forces");
  request.add_places("actors/mali");
  request.add_event_types("massacre");
  request.set_order_by("title");
  v1::ListEventsResponse response;
  grpc::Status status = List(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ::testing::UnorderedElementsAre("page_size", "actors[0]", "places[0]",
                                              "event_types[0]", "order_by"));
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

TEST_F(EventServiceTest, ListEventsPassesTheSelectionAsIds) {
  v1::ListEventsRequest request;
  request.add_actors("actors/assimi-goita");
  request.add_places("places/ml");
  request.add_event_types("visit");
  request.set_page_size(5000);
  v1::ListEventsResponse response;
  ASSERT_TRUE(List(request, &response).ok());
  const domain::EventQuery& query = *repo_.last_event_query();
  EXPECT_THAT(query.selection.actor_ids, ElementsAre("assimi-goita"));
  EXPECT_THAT(query.selection.place_ids, ElementsAre("ml"));
  EXPECT_THAT(query.selection.event_types, ElementsAre("visit"));
  EXPECT_EQ(query.page_size, domain::kMaxPageSize);
  EXPECT_FALSE(query.after.has_value());
}

// --- CountEvents ---

TEST_F(EventServiceTest, CountEventsChecksItsRequestBeforeTheRepository) {
  v1::CountEventsRequest request;
  request.add_places("places/ml");
  v1::CountEventsResponse response;
  grpc::Status status = Call(&EventService::CountEvents, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), Contains("interval"));
  EXPECT_THAT(repo_.calls(), IsEmpty());

  request.set_interval(v1::CountEventsRequest::MONTH);
  request.set_time_zone("Africa/Bamako");
  ASSERT_TRUE(Call(&EventService::CountEvents, request, &response).ok());
  EXPECT_EQ(response.undated_count(), 5);
  EXPECT_THAT(repo_.last_count_query()->selection.place_ids, ElementsAre("ml"));
  EXPECT_EQ(repo_.last_count_query()->time_zone, "Africa/Bamako");
}

}  // namespace
}  // namespace timeline::api
