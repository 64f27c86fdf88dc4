// The SourceService handlers called directly against a fake repository (fake_repository.h): what
// each passes down, that a caller's mistake is answered INVALID_ARGUMENT naming the field without
// reaching the repository, the repository's errors, and page tokens.
#include "api/source_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

const auto kSourcesOf = [](const v1::ListSourcesResponse& r) -> const auto& { return r.sources(); };

class SourceServiceTest : public HandlerTest<SourceService> {
 protected:
  // Three sources held.
  SourceServiceTest() {
    for (const char* id : {"akhbar", "erem-news", "wire"}) {
      v1::Source source;
      source.set_name(absl::StrCat("sources/", id));
      source.set_publisher(id);
      repo_.Hold(source);
    }
  }

  grpc::Status Get(const std::string& name, v1::Source* out) {
    v1::GetSourceRequest request;
    request.set_name(name);
    return Call(&SourceService::GetSource, request, out);
  }
  grpc::Status List(const v1::ListSourcesRequest& request, v1::ListSourcesResponse* out) {
    return Call(&SourceService::ListSources, request, out);
  }
  grpc::Status Create(const v1::CreateSourceRequest& request, v1::Source* out) {
    return Call(&SourceService::CreateSource, request, out);
  }

  static v1::CreateSourceRequest ValidCreate() {
    v1::CreateSourceRequest request;
    request.mutable_source()->set_url("https://example.org/articles/1");
    request.mutable_source()->set_publisher("Example Wire");
    request.mutable_source()->set_language("fr");
    return request;
  }
};

TEST_F(SourceServiceTest, GetSourceAnswersTheStoredSourceByItsId) {
  v1::Source source;
  ExpectGetAsksForTheId([&](const std::string& name) { return Get(name, &source); },
                        "sources/erem-news", "erem-news", "sources/no-such-article");
  ASSERT_TRUE(Get("sources/erem-news", &source).ok());
  EXPECT_EQ(source.publisher(), "erem-news");
}

TEST_F(SourceServiceTest, MalformedNamesNeverReachTheRepository) {
  ExpectNamesRefused(
      [&](const std::string& name) {
        v1::Source source;
        return Get(name, &source);
      },
      {"", "wire", "sources/1st", "events/wire"});
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

TEST_F(SourceServiceTest, RepositoryErrorsReachTheCallerUnchanged) {
  ExpectRepositoryErrorsReachTheCaller([&] {
    v1::Source source;
    v1::ListSourcesResponse list;
    return std::vector<grpc::Status>{Get("sources/wire", &source),
                                     List(v1::ListSourcesRequest(), &list),
                                     Create(ValidCreate(), &source)};
  });
}

TEST_F(SourceServiceTest, PagesFollowTheTokensTheHandlerIssues) {
  v1::ListSourcesRequest request;
  request.set_page_size(2);
  EXPECT_THAT(AllPages(&SourceService::ListSources, request, kSourcesOf),
              ElementsAre("sources/akhbar", "sources/erem-news", "sources/wire"));
  // ListSources has no other field to change: a token signed for another request stands in.
  ExpectPageTokensBoundToTheirRequest<v1::ListSourcesResponse>(
      [&](const v1::ListSourcesRequest& r, v1::ListSourcesResponse* out) { return List(r, out); },
      request,
      [&](v1::ListSourcesRequest& r) {
        domain::PageCursor elsewhere;
        elsewhere.fingerprint = "another request";
        elsewhere.offset = 2;
        r.set_page_token(tokens_.Encode(elsewhere));
      });
  v1::ListSourcesRequest negative;
  negative.set_page_size(-1);
  v1::ListSourcesResponse response;
  EXPECT_THAT(ViolatedFields(List(negative, &response)), ElementsAre("page_size"));
  // Two pages of the listing, then a first and a second page for the token checks.
  EXPECT_EQ(repo_.CallsTo("ListSources").size(), 4u);
}

TEST_F(SourceServiceTest, CreateSourcePassesTheIdAndTheRequestId) {
  v1::CreateSourceRequest request = ValidCreate();
  request.set_source_id("source-happy");
  request.set_request_id("source-request-1");
  v1::Source created;
  ASSERT_TRUE(Create(request, &created).ok());
  EXPECT_EQ(created.name(), "sources/source-happy");
  EXPECT_EQ(created.url(), "https://example.org/articles/1");
  ASSERT_EQ(repo_.CallsTo("CreateSource").size(), 1u);
  EXPECT_EQ(repo_.CallsTo("CreateSource")[0].id, "source-happy");
  EXPECT_EQ(repo_.CallsTo("CreateSource")[0].request_id, "source-request-1");
  // A retry with the request id gets the first answer, not ALREADY_EXISTS.
  v1::Source again;
  ASSERT_TRUE(Create(request, &again).ok());
  EXPECT_EQ(again.name(), created.name());
}

TEST_F(SourceServiceTest, CreateSourceMistakesAreNamedAndNeverReachTheRepository) {
  v1::Source out;
  EXPECT_THAT(ViolatedFields(Create(v1::CreateSourceRequest(), &out)), ElementsAre("source"));
  v1::CreateSourceRequest bad = ValidCreate();
  bad.set_source_id("9lives");
  EXPECT_THAT(ViolatedFields(Create(bad, &out)), ElementsAre("source_id"));
  bad.clear_source_id();
  bad.mutable_source()->set_url("ftp://example.org/file");
  bad.mutable_source()->set_language("english!");
  grpc::Status status = Create(bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), UnorderedElementsAre("source.url", "source.language"));
  bad.mutable_source()->clear_url();
  bad.mutable_source()->clear_language();
  bad.mutable_source()->clear_publisher();
  EXPECT_THAT(ViolatedFields(Create(bad, &out)), ElementsAre("source.publisher"));
  EXPECT_THAT(repo_.calls(), IsEmpty());
}

// --- Curation ---

TEST_F(SourceServiceTest, UpdateAndDeletePassTheirIdsDownAndRefuseMistakes) {
  v1::UpdateSourceRequest update;
  update.mutable_source()->set_name("sources/wire");
  update.mutable_source()->set_url("https://example.org/wire");
  update.mutable_update_mask()->add_paths("url");
  v1::Source out;
  ASSERT_TRUE(Call(&SourceService::UpdateSource, update, &out).ok());
  EXPECT_EQ(out.url(), "https://example.org/wire");
  EXPECT_EQ(out.publisher(), "wire");
  EXPECT_EQ(repo_.CallsTo("UpdateSource")[0].id, "wire");

  update.mutable_source()->set_url("ftp://example.org/wire");
  EXPECT_THAT(ViolatedFields(Call(&SourceService::UpdateSource, update, &out)),
              ElementsAre("source.url"));

  v1::DeleteSourceRequest del;
  del.set_name("sources/akhbar");
  ASSERT_TRUE(Call(&SourceService::DeleteSource, del, &out).ok());
  EXPECT_TRUE(out.has_delete_time());

  const size_t calls = repo_.calls().size();
  del.set_name("akhbar");
  EXPECT_THAT(ViolatedFields(Call(&SourceService::DeleteSource, del, &out)), ElementsAre("name"));
  update.mutable_source()->set_name("wire");
  EXPECT_THAT(ViolatedFields(Call(&SourceService::UpdateSource, update, &out)),
              ElementsAre("source.name"));
  EXPECT_EQ(repo_.calls().size(), calls);
}

}  // namespace
}  // namespace timeline::api
