// Replicas behind one address: servers on one database that read the same page-token secret file
// (--page_token_secret_file) continue each other's listings, page by page; a server started with
// another key refuses the first one's tokens as INVALID_ARGUMENT on `page_token`. And the file
// errors a server must refuse to start with.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "server/page_token_secret.h"
#include "status_details.h"
#include "storage/seed_loader.h"

namespace timeline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One timelined as a replica runs it: a repository of its own on the shared database, and a
// server on a free port signing page tokens with the key from `secret_file`.
class Replica {
 public:
  Replica(const std::string& database_url, const std::string& secret_file)
      : repo_(database_url, storage::PoolOptions{.size = 2, .cheap_reserve = 1}) {
    absl::StatusOr<std::string> secret = server::ChoosePageTokenSecret("", secret_file);
    if (!secret.ok()) throw std::runtime_error(secret.status().ToString());
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.page_token_secret = *secret;
    absl::StatusOr<std::unique_ptr<server::TimelineServer>> started =
        server::TimelineServer::Start(repo_, options);
    if (!started.ok()) throw std::runtime_error(started.status().ToString());
    server_ = *std::move(started);
    auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                       grpc::InsecureChannelCredentials());
    events_ = v1::EventService::NewStub(channel);
    places_ = v1::PlaceService::NewStub(channel);
  }
  ~Replica() {
    server_->Shutdown(absl::Seconds(5));
    server_->Wait();
  }

  v1::EventService::Stub& events() { return *events_; }
  v1::PlaceService::Stub& places() { return *places_; }

 private:
  storage::PgRepository repo_;
  std::unique_ptr<server::TimelineServer> server_;
  std::unique_ptr<v1::EventService::Stub> events_;
  std::unique_ptr<v1::PlaceService::Stub> places_;
};

class SharedPageTokensTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new ScratchDatabase(ScratchDatabase::Schema::kMigrated);
    {
      storage::PgRepository loader(database_->url(), 2);
      absl::StatusOr<storage::LoadReport> loaded =
          storage::LoadSeedDirectory(loader, SourceDir() + "/data");
      ASSERT_TRUE(loaded.ok()) << loaded.status();
    }
    secrets_ = new TempDir();
    secrets_->Write("shared", "a key both replicas of the deployment read\n");
    secrets_->Write("other", "the key of a server deployed on its own\n");
    const std::string shared = (secrets_->path() / "shared").string();
    first_ = new Replica(database_->url(), shared);
    second_ = new Replica(database_->url(), shared);
    stranger_ = new Replica(database_->url(), (secrets_->path() / "other").string());
  }
  static void TearDownTestSuite() {
    delete stranger_;
    delete second_;
    delete first_;
    delete secrets_;
    delete database_;
  }

  // Follows a listing to its end, asking the replicas in turn (first, second, first, ...);
  // `calls` receives the number of pages asked for.
  template <typename Request, typename Call>
  static std::vector<std::string> PagesFromAlternatingReplicas(Request request, Call call,
                                                               int* calls) {
    std::vector<std::string> names;
    Replica* replicas[] = {first_, second_};
    for (*calls = 1;; ++*calls) {
      grpc::ClientContext ctx;
      auto [status, page_names, next] = call(*replicas[(*calls - 1) % 2], &ctx, request);
      EXPECT_TRUE(status.ok()) << "page " << *calls << ": " << status.error_message();
      if (!status.ok()) return names;
      names.insert(names.end(), page_names.begin(), page_names.end());
      if (next.empty()) return names;
      request.set_page_token(next);
    }
  }

  static ScratchDatabase* database_;
  static TempDir* secrets_;
  static Replica* first_;
  static Replica* second_;
  static Replica* stranger_;
};

ScratchDatabase* SharedPageTokensTest::database_ = nullptr;
TempDir* SharedPageTokensTest::secrets_ = nullptr;
Replica* SharedPageTokensTest::first_ = nullptr;
Replica* SharedPageTokensTest::second_ = nullptr;
Replica* SharedPageTokensTest::stranger_ = nullptr;

struct Page {
  grpc::Status status;
  std::vector<std::string> names;
  std::string next_page_token;
};

Page ListEventsOn(Replica& replica, grpc::ClientContext* ctx, const v1::ListEventsRequest& r) {
  v1::ListEventsResponse response;
  Page page{replica.events().ListEvents(ctx, r, &response), {}, response.next_page_token()};
  for (const v1::Event& e : response.events()) page.names.push_back(e.name());
  return page;
}

Page ListPlacesOn(Replica& replica, grpc::ClientContext* ctx, const v1::ListPlacesRequest& r) {
  v1::ListPlacesResponse response;
  Page page{replica.places().ListPlaces(ctx, r, &response), {}, response.next_page_token()};
  for (const v1::Place& p : response.places()) page.names.push_back(p.name());
  return page;
}

TEST_F(SharedPageTokensTest, EventPagesContinueOnTheOtherReplica) {
  const std::vector<std::string> truth = SqlColumn(
      database_->url(), "SELECT 'events/' || resource_id FROM events WHERE delete_time IS NULL");
  ASSERT_GE(truth.size(), 4u) << "the seed data should give several pages of two";

  v1::ListEventsRequest whole;
  whole.set_page_size(1000);
  grpc::ClientContext ctx;
  Page full = ListEventsOn(*first_, &ctx, whole);
  ASSERT_TRUE(full.status.ok()) << full.status.error_message();
  EXPECT_THAT(full.names, ::testing::UnorderedElementsAreArray(truth));

  v1::ListEventsRequest paged;
  paged.set_page_size(2);
  int calls = 0;
  EXPECT_EQ(PagesFromAlternatingReplicas(paged, ListEventsOn, &calls), full.names);
  EXPECT_GE(calls, static_cast<int>((truth.size() + 1) / 2)) << "pages of two, both replicas";
}

TEST_F(SharedPageTokensTest, PlacePagesContinueOnTheOtherReplica) {
  const int64_t places = SqlNumber(database_->url(), "SELECT count(*) FROM places");
  v1::ListPlacesRequest whole;
  whole.set_page_size(1000);
  grpc::ClientContext ctx;
  Page full = ListPlacesOn(*first_, &ctx, whole);
  ASSERT_TRUE(full.status.ok()) << full.status.error_message();
  ASSERT_GE(full.names.size(), 4u);
  EXPECT_LE(static_cast<int64_t>(full.names.size()), places);

  v1::ListPlacesRequest paged;
  paged.set_page_size(3);
  int calls = 0;
  EXPECT_EQ(PagesFromAlternatingReplicas(paged, ListPlacesOn, &calls), full.names);
  EXPECT_GE(calls, static_cast<int>((full.names.size() + 2) / 3)) << "pages of three";
}

TEST_F(SharedPageTokensTest, AServerWithAnotherKeyRefusesTheToken) {
  v1::ListEventsRequest request;
  request.set_page_size(2);
  grpc::ClientContext first_ctx;
  Page first_page = ListEventsOn(*first_, &first_ctx, request);
  ASSERT_TRUE(first_page.status.ok()) << first_page.status.error_message();
  ASSERT_FALSE(first_page.next_page_token.empty());

  request.set_page_token(first_page.next_page_token);
  grpc::ClientContext ctx;
  Page refused = ListEventsOn(*stranger_, &ctx, request);
  EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(refused.status), ElementsAre("page_token"));
  EXPECT_TRUE(refused.names.empty());
}

TEST_F(SharedPageTokensTest, UnreadableEmptyOrShortFilesAreRefused) {
  const std::string missing = (secrets_->path() / "missing").string();
  EXPECT_EQ(server::ReadPageTokenSecretFile(missing).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(server::ReadPageTokenSecretFile(secrets_->path().string()).status().code(),
            absl::StatusCode::kNotFound)
      << "a folder is not a key";
  secrets_->Write("empty", "\n");
  secrets_->Write("short", "short key\n");
  for (const char* name : {"empty", "short"}) {
    absl::StatusOr<std::string> key =
        server::ReadPageTokenSecretFile((secrets_->path() / name).string());
    EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_THAT(key.status().message(), HasSubstr(name));
  }
  absl::StatusOr<std::string> shared =
      server::ReadPageTokenSecretFile((secrets_->path() / "shared").string());
  ASSERT_TRUE(shared.ok()) << shared.status();
  EXPECT_EQ(*shared, "a key both replicas of the deployment read");
}

}  // namespace
}  // namespace timeline::testing
