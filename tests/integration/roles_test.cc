// Roles and the audit trail through a real server over TLS, with bearer tokens and client
// certificates mapped by an access file, on the seed data: the matrix of caller × every served
// RPC, the one audit line per call, and the principal and request id of each change in the change
// log and in WatchEvents. Certificates are made for each run with the openssl command.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "api/access_policy.h"
#include "api/call_audit.h"
#include "api/descriptor_index.h"
#include "api_calls.h"
#include "domain/event_query.h"
#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "test_certificates.h"
#include "timeline/v1/served_descriptors.h"

namespace timeline::testing {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;

// A change log row's principal and request id.
using Logged = std::pair<std::string, std::string>;

constexpr char kReaderToken[] = "reader-token-0123456789";
constexpr char kWriterToken[] = "writer-token-0123456789";
constexpr char kAdminToken[] = "admin-token-0123456789ab";

// What each served RPC needs, written out here rather than taken from the server's rule, so the
// test checks the rule; a new RPC must be added to one of these.
const std::set<std::string> kReaderMethods = {
    "GetEvent",   "ListEvents",  "CountEvents",       "ExportEvents", "WatchEvents",
    "GetActor",   "ListActors",  "ListRelatedActors", "WatchActors",  "GetPlace",
    "ListPlaces", "WatchPlaces", "GetSource",         "ListSources",  "ParseDates"};
const std::set<std::string> kWriterMethods = {
    "CreateEvent", "UpdateEvent",  "CreateActor",  "UpdateActor",  "CreatePlace",
    "UpdatePlace", "CreateSource", "UpdateSource", "IngestEvents", "IngestPlaces"};
const std::set<std::string> kAdminMethods = {"DeleteEvent", "MergeEvents", "DeleteActor",
                                             "MergeActors", "SplitActor",  "DeletePlace",
                                             "MergePlaces", "SplitPlace",  "DeleteSource"};

// Keeps every audit line the server writes.
class RecordingSink final : public api::AuditSink {
 public:
  void Write(const api::AuditRecord& record) override {
    std::lock_guard lock(mu_);
    records_.push_back(record);
  }
  std::vector<api::AuditRecord> Take() {
    std::lock_guard lock(mu_);
    return std::exchange(records_, {});
  }

 private:
  std::mutex mu_;
  std::vector<api::AuditRecord> records_;
};

struct Caller {
  std::string label;
  std::string authorization;  // empty: identified by the client certificate alone
  const Certificate* certificate;
  std::optional<std::string> role;  // nullopt: unknown to the server
};

class RolesTest : public IntegrationSuite<RolesTest> {
 public:
  static void PrepareSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     absl::StrCat("timeline-roles-test-", ::getpid()));
    server_cert_ = new Certificate(MakeCertificate(*dir_, "server"));
    reporter_cert_ = new Certificate(MakeCertificate(*dir_, "reporter"));
    stranger_cert_ = new Certificate(MakeCertificate(*dir_, "stranger"));
    sink_ = std::make_shared<RecordingSink>();

    auto grants = api::ParseAccessFile(
        absl::StrCat("# principal role kind credential\n"
                     "analyst reader token sha256:",
                     absl::BytesToHexString(api::TokenDigest(kReaderToken)),
                     "\n"
                     "writer-bot writer token ",
                     kWriterToken,
                     "\n"
                     "curator admin token ",
                     kAdminToken,
                     "\n"
                     "reporter writer subject CN=reporter,O=Timeline Tests\n"));
    if (!grants.ok()) throw std::runtime_error(grants.status().ToString());
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.tls.certificate_chain = server_cert_->cert;
    options.tls.private_key = server_cert_->key;
    options.tls.client_ca = reporter_cert_->cert + stranger_cert_->cert;
    options.grants = *std::move(grants);
    options.audit_sink = sink_;
    auto server = server::TimelineServer::Start(env_->repo(), options);
    if (!server.ok()) throw std::runtime_error(server.status().ToString());
    server_ = server->release();
  }
  static void ReleaseSuite() {
    if (server_ != nullptr) {
      server_->Shutdown(absl::Seconds(2));
      server_->Wait();
      delete server_;
    }
    delete server_cert_;
    delete reporter_cert_;
    delete stranger_cert_;
    sink_.reset();
    if (dir_ != nullptr) std::filesystem::remove_all(*dir_);
    delete dir_;
  }

 protected:
  static std::shared_ptr<grpc::Channel> Channel(const Certificate& client) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = server_cert_->cert;
    ssl.pem_cert_chain = client.cert;
    ssl.pem_private_key = client.key;
    grpc::ChannelArguments args;
    args.SetInt("grpc.testing.fixed_reconnect_backoff_ms", 100);
    return grpc::CreateCustomChannel(absl::StrCat("localhost:", server_->port()),
                                     grpc::SslCredentials(ssl), args);
  }

  static std::vector<Caller> Callers() {
    return {{"reader token", absl::StrCat("Bearer ", kReaderToken), stranger_cert_, "reader"},
            {"writer token", absl::StrCat("Bearer ", kWriterToken), stranger_cert_, "writer"},
            {"admin token", absl::StrCat("Bearer ", kAdminToken), stranger_cert_, "admin"},
            {"unknown token", "Bearer unknown-token-0123456789", reporter_cert_, std::nullopt},
            {"reporter certificate", "", reporter_cert_, "writer"},
            {"unmapped certificate", "", stranger_cert_, std::nullopt}};
  }

  // Calls `path` with an empty request message (half-closing at once) and returns the status.
  static grpc::Status CallWithEmptyRequest(const std::shared_ptr<grpc::Channel>& channel,
                                           const std::string& path,
                                           const std::string& authorization) {
    grpc::GenericStub stub(channel);
    grpc::CompletionQueue cq;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
        stub.PrepareCall(&context, path, &cq);
    void* tag = nullptr;
    bool ok = false;
    int step = 0;
    auto next = [&] {
      ++step;
      cq.Next(&tag, &ok);
    };
    call->StartCall(&step);
    next();
    grpc::Slice empty;
    grpc::ByteBuffer request(&empty, 1);
    call->WriteLast(request, grpc::WriteOptions(), &step);
    next();
    grpc::ByteBuffer response;
    call->Read(&response, &step);
    next();
    grpc::Status status;
    call->Finish(&status, &step);
    next();
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
    return status;
  }

  // The full path of every RPC the server describes, by method name.
  static std::vector<Logged> ServedMethods() {
    auto index = api::DescriptorIndex::FromDescriptorSet(
        absl::string_view(v1::ServedDescriptorSet().data(), v1::ServedDescriptorSet().size()));
    if (!index.ok()) throw std::runtime_error(index.status().ToString());
    std::vector<Logged> methods;
    for (const std::string& service_name : (*index)->ServiceNames()) {
      if (absl::StartsWith(service_name, "grpc.")) continue;  // health and reflection: open
      const auto* service = (*index)->pool().FindServiceByName(service_name);
      for (int i = 0; i < service->method_count(); ++i) {
        methods.emplace_back(service->method(i)->name(),
                             absl::StrCat("/", service_name, "/", service->method(i)->name()));
      }
    }
    return methods;
  }

  static bool Allows(const std::string& role, const std::string& method) {
    if (kReaderMethods.count(method)) return true;
    if (kWriterMethods.count(method)) return role == "writer" || role == "admin";
    return role == "admin";
  }

  // The position of the change log's last change.
  static int64_t LastPosition() {
    return SqlNumber(env_->database_url(), "SELECT coalesce(max(position), 0) FROM changes");
  }

  // The changes after `position`, as WatchEvents replays them to the admin (stops at `n`).
  static std::vector<v1::WatchEventsResponse> WatchedAfter(int64_t position, size_t n) {
    auto stub = v1::EventService::NewStub(Channel(*stranger_cert_));
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::WatchEventsRequest request;
    request.set_cursor(domain::WatchCursor(position));
    auto reader = stub->WatchEvents(&context, request);
    std::vector<v1::WatchEventsResponse> changes;
    v1::WatchEventsResponse change;
    while (changes.size() < n && reader->Read(&change)) changes.push_back(change);
    context.TryCancel();
    reader->Finish();
    return changes;
  }

  // The principal and request id of each change after `position`, in order, from the table.
  static std::vector<Logged> LoggedAfter(int64_t position) {
    pqxx::connection conn(env_->database_url());
    pqxx::nontransaction txn(conn);
    std::vector<Logged> logged;
    for (const pqxx::row& row :
         txn.exec_params("SELECT principal, request_id FROM changes WHERE position > $1 "
                         "ORDER BY position",
                         position)) {
      logged.emplace_back(row[0].as<std::string>("NULL"), row[1].as<std::string>("NULL"));
    }
    return logged;
  }

  static v1::Event NewEvent(const std::string& title) {
    return FromJson<v1::Event>(
        absl::StrCat(R"({"title": ")", title,
                     R"(", "eventType": "attack", "time": {"startTime": "2024-09-17T00:00:00Z",
            "precision": "PRECISION_DAY"}})"));
  }

  static std::string HeaderValue(const grpc::ClientContext& context, const std::string& key) {
    auto found = context.GetServerInitialMetadata().find(key);
    if (found == context.GetServerInitialMetadata().end()) return "";
    return std::string(found->second.data(), found->second.size());
  }

  static inline std::filesystem::path* dir_ = nullptr;
  static inline Certificate* server_cert_ = nullptr;
  static inline Certificate* reporter_cert_ = nullptr;
  static inline Certificate* stranger_cert_ = nullptr;
  static inline std::shared_ptr<RecordingSink> sink_;
  static inline server::TimelineServer* server_ = nullptr;
};

TEST_F(RolesTest, EveryServedRpcIsInTheExpectedTable) {
  for (const auto& [method, path] : ServedMethods()) {
    EXPECT_EQ(
        kReaderMethods.count(method) + kWriterMethods.count(method) + kAdminMethods.count(method),
        1u)
        << path << ": add it to one of the tables of this test";
  }
}

TEST_F(RolesTest, EachCallerGetsPermissionDeniedExactlyWhereItsRoleDoesNotReach) {
  const auto methods = ServedMethods();
  ASSERT_GE(methods.size(), 21u);
  for (const Caller& caller : Callers()) {
    auto channel = Channel(*caller.certificate);
    for (const auto& [method, path] : methods) {
      grpc::Status status = CallWithEmptyRequest(channel, path, caller.authorization);
      const std::string where = absl::StrCat(caller.label, " calling ", path, ": ",
                                             status.error_code(), " ", status.error_message());
      if (!caller.role) {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << where;
      } else if (Allows(*caller.role, method)) {
        EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << where;
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
        EXPECT_THAT(status.error_message(), ::testing::HasSubstr(method)) << where;
        EXPECT_THAT(status.error_message(), ::testing::HasSubstr(*caller.role)) << where;
      }
    }
  }
  sink_->Take();
}

TEST_F(RolesTest, EachCallWritesOneAuditLineWithWhoWhatAndHow) {
  sink_->Take();
  auto stub = v1::EventService::NewStub(Channel(*stranger_cert_));
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kReaderToken));
  context.AddMetadata("x-request-id", "audit-line-1");
  v1::GetEventRequest request;
  request.set_name(seed_data::kAttacks);
  v1::Event event;
  ASSERT_TRUE(stub->GetEvent(&context, request, &event).ok());
  EXPECT_EQ(HeaderValue(context, "x-request-id"), "audit-line-1");

  grpc::ClientContext denied_context;
  denied_context.AddMetadata("authorization", absl::StrCat("Bearer ", kReaderToken));
  denied_context.AddMetadata("x-request-id", "audit-line-2");
  v1::DeleteEventRequest delete_request;
  delete_request.set_name(seed_data::kAttacks);
  EXPECT_EQ(stub->DeleteEvent(&denied_context, delete_request, &event).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  std::vector<api::AuditRecord> records = sink_->Take();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].method, "/timeline.v1.EventService/GetEvent");
  EXPECT_EQ(records[0].principal, "analyst");
  EXPECT_EQ(records[0].role, "reader");
  EXPECT_EQ(records[0].code, "OK");
  EXPECT_EQ(records[0].request_id, "audit-line-1");
  EXPECT_THAT(records[0].peer, ::testing::StartsWith("ipv"));
  EXPECT_GE(records[0].duration_ms, 0);
  EXPECT_EQ(records[1].method, "/timeline.v1.EventService/DeleteEvent");
  EXPECT_EQ(records[1].principal, "analyst");
  EXPECT_EQ(records[1].code, "PERMISSION_DENIED");
  EXPECT_EQ(records[1].request_id, "audit-line-2");
}

TEST_F(RolesTest, ACreateRecordsItsPrincipalAndRequestIdInTheLogAndTheWatch) {
  const int64_t before = LastPosition();
  auto stub = v1::EventService::NewStub(Channel(*stranger_cert_));
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kWriterToken));
  context.AddMetadata("x-request-id", "header-loses-to-body");
  v1::CreateEventRequest request;
  *request.mutable_event() = NewEvent("Audited attack");
  const std::string request_id = Unique("audit-create");
  request.set_request_id(request_id);
  v1::Event created;
  grpc::Status status = stub->CreateEvent(&context, request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(HeaderValue(context, "x-request-id"), request_id);

  EXPECT_THAT(LoggedAfter(before), ElementsAre(Logged("writer-bot", request_id)));
  std::vector<v1::WatchEventsResponse> watched = WatchedAfter(before, 1);
  ASSERT_EQ(watched.size(), 1u);
  EXPECT_EQ(watched[0].event().name(), created.name());
  EXPECT_EQ(watched[0].kind(), v1::WatchEventsResponse::CREATED);
  EXPECT_EQ(watched[0].principal(), "writer-bot");
  EXPECT_EQ(watched[0].request_id(), request_id);
}

TEST_F(RolesTest, UpdatesDeletesAndMergesRecordTheCallersRequestIdOrTheServersOwn) {
  auto stub = v1::EventService::NewStub(Channel(*reporter_cert_));
  v1::Event first, second;  // made by the reporter's certificate: a writer
  ASSERT_TRUE(CreateEvent(*stub, NewEvent("Merged away"), &first).ok());
  ASSERT_TRUE(CreateEvent(*stub, NewEvent("Survivor"), &second).ok());
  const int64_t before = LastPosition();
  v1::Event out;
  grpc::ClientContext update_context;
  update_context.AddMetadata("x-request-id", "update-by-header");
  v1::UpdateEventRequest update;
  *update.mutable_event() = first;
  update.mutable_event()->set_title("Merged away, retitled");
  update.mutable_update_mask()->add_paths("title");
  ASSERT_TRUE(stub->UpdateEvent(&update_context, update, &out).ok());

  auto admin = v1::EventService::NewStub(Channel(*stranger_cert_));
  grpc::ClientContext merge_context;  // no request id at all: the server makes one
  merge_context.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
  v1::MergeEventsRequest merge;
  merge.set_name(first.name());
  merge.set_into(second.name());
  ASSERT_TRUE(admin->MergeEvents(&merge_context, merge, &out).ok());
  const std::string merge_id = HeaderValue(merge_context, "x-request-id");
  EXPECT_EQ(merge_id.size(), 32u);

  grpc::ClientContext delete_context;
  delete_context.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
  delete_context.AddMetadata("x-request-id", std::string(200, 'x'));  // too long: replaced
  v1::DeleteEventRequest remove;
  remove.set_name(second.name());
  ASSERT_TRUE(admin->DeleteEvent(&delete_context, remove, &out).ok());
  const std::string delete_id = HeaderValue(delete_context, "x-request-id");
  EXPECT_TRUE(api::IsValidRequestId(delete_id)) << delete_id;

  std::vector<Logged> logged = LoggedAfter(before);
  ASSERT_GE(logged.size(), 3u);
  EXPECT_EQ(logged.front(), Logged("reporter", "update-by-header"));
  EXPECT_EQ(logged.back(), Logged("curator", delete_id));
  for (size_t i = 1; i + 1 < logged.size(); ++i) {
    EXPECT_EQ(logged[i], Logged("curator", merge_id));
  }
  std::vector<v1::WatchEventsResponse> watched = WatchedAfter(before, logged.size());
  ASSERT_EQ(watched.size(), logged.size());
  for (size_t i = 0; i < watched.size(); ++i) {
    EXPECT_EQ(watched[i].principal(), logged[i].first);
    EXPECT_EQ(watched[i].request_id(), logged[i].second);
  }
}

TEST_F(RolesTest, AnIngestStreamRecordsItsPrincipalAndRequestIdOnEveryChange) {
  const int64_t before = LastPosition();
  auto stub = v1::IngestService::NewStub(Channel(*stranger_cert_));
  grpc::ClientContext context;
  context.AddMetadata("authorization", absl::StrCat("Bearer ", kWriterToken));
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::IngestEventsResponse response;
  auto writer = stub->IngestEvents(&context, &response);
  const std::string request_id = Unique("audit-ingest");
  v1::IngestEventsRequest message;
  message.set_request_id(request_id);
  for (int i = 0; i < 3; ++i) {
    *message.add_records() = FromJson<v1::IngestRecord>(
        absl::StrCat(R"({"externalId": {"system": "audit", "id": ")", request_id, "-", i,
                     R"("}, "title": "Audited record )", i,
                     R"(", "eventType": "attack", "date": {"text": "2023-05-17"}})"));
  }
  ASSERT_TRUE(writer->Write(message));
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(HeaderValue(context, "x-request-id"), request_id);

  std::vector<Logged> logged = LoggedAfter(before);
  EXPECT_EQ(logged.size(), 3u);
  EXPECT_THAT(logged, Each(Logged("writer-bot", request_id)));
}

TEST_F(RolesTest, WithoutAccessControlChangesAreTheAnonymousAdmins) {
  const int64_t before = LastPosition();
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "plaintext-create");
  v1::CreateEventRequest request;
  *request.mutable_event() = NewEvent("Anonymous attack");
  v1::Event created;
  ASSERT_TRUE(env_->events().CreateEvent(&context, request, &created).ok());
  EXPECT_THAT(LoggedAfter(before), ElementsAre(Logged("anonymous", "plaintext-create")));
}

}  // namespace
}  // namespace timeline::testing
