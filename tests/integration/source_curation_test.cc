// UpdateSource and DeleteSource through a real server and PostgreSQL: the events citing a source
// change with it, urls stay unique among live sources, etags, and deletion refused while cited.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "api_calls.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "status_details.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SourceCurationTest : public IntegrationSuite<SourceCurationTest> {
 public:
  static EnvOptions Options() { return {.load_seed = false}; }
  static void PrepareSuite() {
    v1::CreateActorRequest actor;
    actor.set_actor_id(Unique("actor"));
    actor.mutable_actor()->set_display_name("Armed group");
    actor.mutable_actor()->set_kind(v1::ARMED_GROUP);
    actor_ = CreatedActor(env_->actors(), actor).name();
    v1::CreatePlaceRequest place;
    place.set_place_id(Unique("place"));
    place.mutable_place()->set_display_name("Mali");
    place.mutable_place()->set_kind(v1::COUNTRY);
    place.mutable_place()->set_country_code("ML");
    place_ = CreatedPlace(env_->places(), place).name();
  }

 protected:
  static v1::Source MakeSource(const std::string& url, const std::string& publisher) {
    v1::CreateSourceRequest request;
    request.set_source_id(Unique("source"));
    request.mutable_source()->set_url(url);
    request.mutable_source()->set_publisher(publisher);
    *request.mutable_source()->mutable_published_time() = Ts("2024-10-12T11:16:00Z");
    return CreatedSource(env_->sources(), request);
  }

  static v1::Event MakeEventCiting(const std::string& source) {
    v1::Event e;
    e.set_title(Unique("clash"));
    e.set_event_type("attack");
    *e.mutable_time()->mutable_start_time() = Ts("2024-10-12T00:00:00Z");
    e.mutable_time()->set_precision(v1::PRECISION_DAY);
    AddActor(e, actor_, v1::INITIATOR);
    AddPlace(e, place_, v1::LOCATION);
    v1::EventSource* cite = e.add_sources();
    cite->set_source(source);
    cite->set_quote("Clashes broke out near the airport.");
    return CreatedEvent(env_->events(), e);
  }

  static grpc::Status Update(const v1::Source& patch, const std::vector<std::string>& paths,
                             v1::Source* out, const std::string& reason = "") {
    v1::UpdateSourceRequest request;
    *request.mutable_source() = patch;
    for (const std::string& p : paths) request.mutable_update_mask()->add_paths(p);
    request.set_reason(reason);
    grpc::ClientContext ctx;
    return env_->sources().UpdateSource(&ctx, request, out);
  }

  static grpc::Status Delete(const std::string& name, v1::Source* out,
                             const std::string& etag = "") {
    v1::DeleteSourceRequest request;
    request.set_name(name);
    request.set_etag(etag);
    grpc::ClientContext ctx;
    return env_->sources().DeleteSource(&ctx, request, out);
  }

  static std::vector<std::string> SourceChanges(const std::string& source) {
    return SqlColumn(env_->database_url(),
                     "SELECT c.kind || ':' || coalesce(c.reason, '')"
                     "  FROM changes c JOIN sources s ON s.id = c.source_id"
                     " WHERE s.resource_id = $1 ORDER BY c.seq",
                     IdOf(source));
  }

  static std::string Url(const std::string& what) {
    return absl::StrCat("https://news.example/", Unique(what));
  }

  static inline std::string actor_, place_;
};

TEST_F(SourceCurationTest, AnUpdateChangesTheEventsCitingTheSource) {
  const v1::Source source = MakeSource(Url("a"), "Example News");
  const v1::Event citing = MakeEventCiting(source.name());
  const std::string new_url = Url("moved");

  v1::Source patch;
  patch.set_name(source.name());
  patch.set_url(new_url);
  patch.set_publisher("Example News (Bamako)");
  patch.set_title("not in the mask: ignored");
  patch.set_etag(source.etag());
  v1::Source updated;
  grpc::Status status = Update(patch, {"url", "publisher"}, &updated, "the page moved");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(updated.url(), new_url);
  EXPECT_EQ(updated.publisher(), "Example News (Bamako)");
  EXPECT_EQ(updated.title(), source.title());
  EXPECT_NE(updated.etag(), source.etag());
  EXPECT_THAT(SourceChanges(source.name()), ElementsAre("created:", "updated:the page moved"));

  const v1::Event event = Got(env_->events(), citing.name());
  EXPECT_NE(event.etag(), citing.etag());
  ASSERT_EQ(event.sources_size(), 1);
  EXPECT_EQ(event.sources(0).url(), new_url);
  EXPECT_EQ(event.sources(0).publisher(), "Example News (Bamako)");

  // A title is not shown in the events: they keep their etags.
  patch.clear_etag();
  patch.set_title("Clashes in Gao");
  ASSERT_TRUE(Update(patch, {"title"}, &updated).ok());
  EXPECT_EQ(updated.title(), "Clashes in Gao");
  EXPECT_EQ(Got(env_->events(), citing.name()).etag(), event.etag());

  // Writing what is stored changes nothing.
  v1::Source same;
  ASSERT_TRUE(Update(patch, {"title", "url"}, &same).ok());
  EXPECT_EQ(same.etag(), updated.etag());
}

TEST_F(SourceCurationTest, UrlsStayUniqueAndEtagsAreChecked) {
  const v1::Source first = MakeSource(Url("first"), "Example News");
  const v1::Source second = MakeSource(Url("second"), "Example News");
  v1::Source patch;
  patch.set_name(second.name());
  patch.set_url(first.url());
  v1::Source out;
  grpc::Status status = Update(patch, {"url"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("source.url"));

  patch.set_url(Url("third"));
  patch.set_etag("rev-99");
  EXPECT_EQ(Update(patch, {"url"}, &out).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Got(env_->sources(), second.name()).url(), second.url());

  patch.clear_etag();
  status = Update(patch, {"name"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("update_mask.paths[0]"));
  patch.set_url("not a url");
  status = Update(patch, {"url"}, &out);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("source.url"));
}

TEST_F(SourceCurationTest, DeleteIsRefusedWhileCitedAndFreesTheUrl) {
  const v1::Source source = MakeSource(Url("cited"), "Example News");
  const v1::Event citing = MakeEventCiting(source.name());
  v1::Source out;
  grpc::Status status = Delete(source.name(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(
      status.error_message(),
      HasSubstr(absl::StrCat(source.name(), " is cited by 1 event, such as ", citing.name())));

  // Once the event is gone the source can go, and its url serves a new source.
  v1::DeleteEventRequest delete_event;
  delete_event.set_name(citing.name());
  v1::Event deleted_event;
  grpc::ClientContext ctx;
  ASSERT_TRUE(env_->events().DeleteEvent(&ctx, delete_event, &deleted_event).ok());
  EXPECT_EQ(Delete(source.name(), &out, "rev-99").error_code(), grpc::StatusCode::ABORTED);
  status = Delete(source.name(), &out, source.etag());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(out.has_delete_time());
  EXPECT_EQ(out.url(), source.url());
  v1::ListSourcesRequest list;
  EXPECT_THAT(ListAllSourceNames(env_->sources(), list),
              ::testing::Not(::testing::Contains(source.name())));
  const v1::Source again = MakeSource(source.url(), "Example News");
  EXPECT_EQ(again.url(), source.url());

  EXPECT_EQ(Delete(source.name(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  v1::Source patch;
  patch.set_name(source.name());
  patch.set_publisher("back");
  EXPECT_EQ(Update(patch, {"publisher"}, &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Delete("sources/no-such-source", &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace timeline::testing
