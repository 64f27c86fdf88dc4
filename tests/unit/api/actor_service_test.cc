// The ActorService handlers called directly against a fake repository (fake_repository.h): what
// each passes down, that a caller's mistake is answered INVALID_ARGUMENT naming the field without
// reaching the repository, how the repository's errors reach the caller, and page tokens.
#include "api/actor_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/name_query.h"
#include "domain/page_token.h"
#include "fake_repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "handler_test.h"
#include "status_details.h"

namespace timeline::api {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using ::timeline::testing::ExpectNamesRefused;
using ::timeline::testing::ExpectPageTokensBoundToTheirRequest;
using ::timeline::testing::HandlerTest;
using ::timeline::testing::ViolatedFields;

const auto kActorsOf = [](const v1::ListActorsResponse& r) -> const auto& { return r.actors(); };
const auto kRelatedOf = [](const v1::ListRelatedActorsResponse& r) -> const auto& {
  return r.related_actors();
};

class ActorServiceTest : public HandlerTest<ActorService> {
 protected:
  // Four actors held.
  ActorServiceTest() {
    for (const char* id : {"diop", "goita", "lavrov", "wagner-group"}) {
      v1::Actor actor;
      actor.set_name(absl::StrCat("actors/", id));
      actor.set_display_name(id);
      repo_.Hold(actor);
    }
  }

  grpc::Status Get(const std::string& name, v1::Actor* out) {
    v1::GetActorRequest request;
    request.set_name(name);
    return Call(&ActorService::GetActor, request, out);
  }
  grpc::Status List(const v1::ListActorsRequest& request, v1::ListActorsResponse* out) {
    return Call(&ActorService::ListActors, request, out);
  }
  grpc::Status Create(const v1::CreateActorRequest& request, v1::Actor* out) {
    return Call(&ActorService::CreateActor, request, out);
  }
  grpc::Status Related(const v1::ListRelatedActorsRequest& request,
                       v1::ListRelatedActorsResponse* out) {
    return Call(&ActorService::ListRelatedActors, request, out);
  }

  // A valid request: a person with a name in Arabic.
  static v1::CreateActorRequest ValidCreate() {
    v1::CreateActorRequest request;
    request.mutable_actor()->set_display_name("Mohamed Elmaouloud Ramadane");
    request.mutable_actor()->set_kind(v1::PERSON);
    request.mutable_actor()->set_country_code("ML");
    v1::ActorName* name = request.mutable_actor()->add_names();
    name->set_name("محمد المولود رمضان");
    name->set_language("ar");
    return request;
  }
};

TEST_F(ActorServiceTest, GetActorAnswersTheStoredActorByItsId) {
  v1::Actor actor;
  ExpectGetAsksForTheId([&](const std::string& name) { return Get(name, &actor); }, "actors/goita",
                        "goita", "actors/nobody");
  ASSERT_TRUE(Get("actors/goita", &actor).ok());
  EXPECT_EQ(actor.display_name(), "goita");
}

TEST_F(ActorServiceTest, MalformedNamesNeverReachTheRepository) {
  ExpectNamesRefused(
      [&](const std::string& name) {
        v1::Actor actor;
        return Get(name, &actor);
      },
      {"", "goita", "actors/", "actors/Assimi-Goita", "places/ml", "actors/goita/names"});
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

TEST_F(ActorServiceTest, RepositoryErrorsReachTheCallerUnchanged) {
  v1::ListRelatedActorsRequest related;
  related.set_actor("actors/goita");
  ExpectRepositoryErrorsReachTheCaller([&] {
    v1::Actor actor;
    v1::ListActorsResponse list;
    v1::ListRelatedActorsResponse related_list;
    return std::vector<grpc::Status>{
        Get("actors/goita", &actor), List(v1::ListActorsRequest(), &list),
        Create(ValidCreate(), &actor), Related(related, &related_list)};
  });
}

// --- ListActors ---

TEST_F(ActorServiceTest, PagesFollowTheTokensTheHandlerIssues) {
  v1::ListActorsRequest request;
  request.set_page_size(3);
  EXPECT_THAT(AllPages(&ActorService::ListActors, request, kActorsOf),
              ElementsAre("actors/diop", "actors/goita", "actors/lavrov", "actors/wagner-group"));
  EXPECT_EQ(repo_.CallsTo("ListActors").size(), 2u);
}

TEST_F(ActorServiceTest, ATokenBelongsToItsQuery) {
  v1::ListActorsRequest request;
  request.set_query("Goïta");
  request.set_page_size(1);
  ExpectPageTokensBoundToTheirRequest<v1::ListActorsResponse>(
      [&](const v1::ListActorsRequest& r, v1::ListActorsResponse* out) { return List(r, out); },
      request, [](v1::ListActorsRequest& r) { r.set_query("Lavrov"); });
  EXPECT_EQ(repo_.CallsTo("ListActors").size(), 2u);
}

TEST_F(ActorServiceTest, TheQueryReachesTheRepositoryAsTheDomainsMatchKey) {
  v1::ListActorsRequest request;
  request.set_query("  Assimi GOÏTA ");
  v1::ListActorsResponse response;
  ASSERT_TRUE(List(request, &response).ok());
  absl::StatusOr<domain::NameQuery> expected = domain::ActorQueryFromRequest(request, tokens_);
  ASSERT_TRUE(expected.ok());
  EXPECT_FALSE(repo_.last_name_query()->match_key.empty());
  EXPECT_EQ(repo_.last_name_query()->match_key, expected->match_key);
  EXPECT_EQ(repo_.last_name_query()->page_size, domain::kDefaultPageSize);
}

TEST_F(ActorServiceTest, ListMistakesNeverReachTheRepository) {
  v1::ListActorsRequest request;
  v1::ListActorsResponse response;
  for (const std::string& query :
       std::vector<std::string>{"!!!", "   ", "%", std::string(501, 'a')}) {
    request.set_query(query);
    grpc::Status status = List(request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << query;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("query")) << query;
  }
  request.clear_query();
  request.set_page_size(-1);
  EXPECT_THAT(ViolatedFields(List(request, &response)), ElementsAre("page_size"));
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

// --- CreateActor ---

TEST_F(ActorServiceTest, CreateActorPassesTheIdAndTheRequestId) {
  v1::CreateActorRequest request = ValidCreate();
  request.set_actor_id("fla-spokesman");
  request.set_request_id("actor-request-1");
  v1::Actor created;
  ASSERT_TRUE(Create(request, &created).ok());
  EXPECT_EQ(created.name(), "actors/fla-spokesman");
  EXPECT_EQ(created.display_name(), "Mohamed Elmaouloud Ramadane");
  ASSERT_EQ(repo_.CallsTo("CreateActor").size(), 1u);
  EXPECT_EQ(repo_.CallsTo("CreateActor")[0].id, "fla-spokesman");
  EXPECT_EQ(repo_.CallsTo("CreateActor")[0].request_id, "actor-request-1");

  // The id is taken now: the repository's ALREADY_EXISTS, not INTERNAL.
  request.clear_request_id();
  grpc::Status taken = Create(request, &created);
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(taken.error_message(), HasSubstr("actors/fla-spokesman"));
}

TEST_F(ActorServiceTest, CreateActorMistakesAreNamedAndNeverReachTheRepository) {
  v1::Actor out;
  grpc::Status status = Create(v1::CreateActorRequest(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("actor"));

  v1::CreateActorRequest bad_id = ValidCreate();
  bad_id.set_actor_id("Bad_Id");
  EXPECT_THAT(ViolatedFields(Create(bad_id, &out)), ElementsAre("actor_id"));

  v1::CreateActorRequest bad_fields;
  v1::Actor* a = bad_fields.mutable_actor();
  a->set_country_code("ml");
  a->set_wikidata_id("X12");
  a->add_names()->set_name("Name");
  a->mutable_names(0)->set_language("not a tag");
  status = Create(bad_fields, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("actor.display_name", "actor.kind", "actor.country_code",
                                   "actor.wikidata_id", "actor.names[0].language"));
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

// --- Curating ---

TEST_F(ActorServiceTest, CuratingMistakesNeverReachTheRepository) {
  v1::Actor out;
  EXPECT_THAT(ViolatedFields(Call(&ActorService::UpdateActor, v1::UpdateActorRequest(), &out)),
              ElementsAre("actor"));
  v1::UpdateActorRequest update;
  update.mutable_actor()->set_name("wagner-group");
  EXPECT_THAT(ViolatedFields(Call(&ActorService::UpdateActor, update, &out)),
              ElementsAre("actor.name"));
  // PostgreSQL text cannot hold a NUL: refused before, naming the field, for every curating call.
  const std::string nul_reason("the same group\0", 15);
  v1::DeleteActorRequest del;
  del.set_name("actors/wagner-group");
  del.set_reason(nul_reason);
  EXPECT_THAT(ViolatedFields(Call(&ActorService::DeleteActor, del, &out)), ElementsAre("reason"));
  v1::MergeActorsRequest merge;
  merge.set_name("actors/les-musiciens");
  merge.set_into("actors/wagner-group");
  merge.set_reason(nul_reason);
  EXPECT_THAT(ViolatedFields(Call(&ActorService::MergeActors, merge, &out)), ElementsAre("reason"));
  merge.set_reason("");
  merge.set_into("wagner-group");
  EXPECT_THAT(ViolatedFields(Call(&ActorService::MergeActors, merge, &out)), ElementsAre("into"));
  v1::SplitActorRequest split;
  split.set_name("actors/les-musiciens");
  split.set_reason(nul_reason);
  EXPECT_THAT(ViolatedFields(Call(&ActorService::SplitActor, split, &out)), ElementsAre("reason"));
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

// --- ListRelatedActors ---

TEST_F(ActorServiceTest, RelatedActorsPageByTokenAndNameTheActorAsked) {
  v1::ListRelatedActorsRequest request;
  request.set_actor("actors/goita");
  request.set_page_size(2);
  EXPECT_THAT(AllPages(&ActorService::ListRelatedActors, request, kRelatedOf),
              ElementsAre("actors/diop", "actors/lavrov", "actors/wagner-group"));
  EXPECT_EQ(repo_.last_related_actors_query()->actor_id, "goita");
  ExpectPageTokensBoundToTheirRequest<v1::ListRelatedActorsResponse>(
      [&](const v1::ListRelatedActorsRequest& r, v1::ListRelatedActorsResponse* out) {
        return Related(r, out);
      },
      request, [](v1::ListRelatedActorsRequest& r) { r.add_event_types("attack"); });

  request.set_actor("actors/nobody");
  v1::ListRelatedActorsResponse response;
  EXPECT_EQ(Related(request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(ActorServiceTest, RelatedActorsMistakesNeverReachTheRepository) {
  v1::ListRelatedActorsResponse response;
  grpc::Status status = Related(v1::ListRelatedActorsRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("actor"));
  v1::ListRelatedActorsRequest request;
  request.set_actor("places/ml");
  request.add_actors("goita");
  EXPECT_THAT(ViolatedFields(Related(request, &response)), ElementsAre("actor", "actors[0]"));
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

}  // namespace
}  // namespace timeline::api
