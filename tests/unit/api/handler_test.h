// What the handler tests share: a fixture holding the service under test over a fake repository
// (fake_repository.h), calling its handlers directly as the gRPC server would for a unary call (a
// fresh default-constructed ServerContext per call: no deadline, not cancelled), following a
// List* handler page after page (tests/common/paging.h), and the checks every handler of a kind
// must pass (repository errors, malformed names, page tokens).
//
//   class EventServiceTest : public HandlerTest<EventService> {};
//   TEST_F(EventServiceTest, Something) {
//     v1::Event event;
//     grpc::Status status = Call(&EventService::GetEvent, request, &event);
//     std::vector<std::string> names = AllPages(&EventService::ListEvents, request,
//         [](const v1::ListEventsResponse& r) -> const auto& { return r.events(); });
//   }
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "domain/page_token.h"
#include "fake_repository.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "paging.h"
#include "status_details.h"

namespace timeline::testing {

template <typename Service, typename Request, typename Response>
using UnaryHandler = grpc::Status (Service::*)(grpc::ServerContext*, const Request*, Response*);

template <typename Service>
class HandlerTest : public ::testing::Test {
 protected:
  template <typename Request, typename Response>
  grpc::Status Call(UnaryHandler<Service, Request, Response> handler, const Request& request,
                    Response* response) {
    grpc::ServerContext context;
    return (service_.*handler)(&context, &request, response);
  }

  // The names of every item the handler lists for `request`, in order; each page is expected to
  // succeed.
  template <typename Request, typename Response, typename ItemsOf>
  std::vector<std::string> AllPages(UnaryHandler<Service, Request, Response> handler,
                                    const Request& request, ItemsOf items_of) {
    std::vector<int> sizes;
    return FollowPages<Response>(
        request, [&](const Request& r, Response* out) { return Call(handler, r, out); }, items_of,
        sizes);
  }

  // Expects each error of RepositoryErrors() to reach the caller of every call `calls()` makes
  // (a std::vector<grpc::Status>, one per handler) with its code and message.
  template <typename Calls>
  void ExpectRepositoryErrorsReachTheCaller(Calls calls) {
    for (const absl::Status& error : RepositoryErrors()) {
      SCOPED_TRACE(error.ToString());
      repo_.FailWith(error);
      for (const grpc::Status& status : calls()) {
        EXPECT_EQ(static_cast<int>(status.error_code()), static_cast<int>(error.code()));
        EXPECT_EQ(status.error_message(), error.message());
      }
    }
    repo_.FailWith(absl::OkStatus());
  }

  // Expects `get(name)` (a Get* call) to answer the held resource `name` having asked the
  // repository for `id` without a deadline (the call had none), and NOT_FOUND naming `missing`.
  template <typename Get>
  void ExpectGetAsksForTheId(Get get, const std::string& name, const std::string& id,
                             const std::string& missing) {
    const size_t before = repo_.calls().size();
    grpc::Status found = get(name);
    EXPECT_TRUE(found.ok()) << found.error_message();
    ASSERT_EQ(repo_.calls().size(), before + 1);
    EXPECT_EQ(repo_.calls().back().id, id);
    EXPECT_EQ(repo_.calls().back().deadline, absl::InfiniteFuture());
    grpc::Status not_found = get(missing);
    EXPECT_EQ(not_found.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_THAT(not_found.error_message(), ::testing::HasSubstr(missing));
  }

  FakeRepository repo_;
  domain::PageTokenCodec tokens_{"handler-test-secret"};
  Service service_{repo_, tokens_};
};

// Expects `get(name)` (a Get* call) to answer INVALID_ARGUMENT on `name` for each of `names`.
template <typename Get>
void ExpectNamesRefused(Get get, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    grpc::Status status = get(name);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << "\"" << name << "\"";
    EXPECT_THAT(ViolatedFields(status), ::testing::ElementsAre("name")) << name;
  }
}

// Expects the next-page token `list(request, &response)` issues for `request` (which must have a
// second page) to be accepted back, and to be refused with INVALID_ARGUMENT on page_token when it
// is edited, when `change_parameter` alters another field of the request, and when it is not a
// token at all (AIP-158).
template <typename Response, typename Request, typename List, typename Change>
void ExpectPageTokensBoundToTheirRequest(List list, const Request& request,
                                         Change change_parameter) {
  Response first;
  ASSERT_TRUE(list(request, &first).ok());
  const std::string token = first.next_page_token();
  ASSERT_FALSE(token.empty()) << "the request has a single page";
  Request next = request;
  next.set_page_token(token);
  Response second;
  grpc::Status accepted = list(next, &second);
  EXPECT_TRUE(accepted.ok()) << accepted.error_message();

  Request edited = next;
  std::string edited_token = token;
  edited_token[token.size() / 2] = token[token.size() / 2] == 'A' ? 'B' : 'A';
  edited.set_page_token(edited_token);
  Request changed = next;
  change_parameter(changed);
  Request garbage = request;
  garbage.set_page_token("not-a-token");
  for (const Request& refused : {edited, changed, garbage}) {
    Response response;
    grpc::Status status = list(refused, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << refused.ShortDebugString();
    EXPECT_THAT(ViolatedFields(status), ::testing::ElementsAre("page_token"))
        << refused.ShortDebugString();
  }
}

}  // namespace timeline::testing
