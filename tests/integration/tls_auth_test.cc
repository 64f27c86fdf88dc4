// A server with TLS, mutual TLS and bearer tokens, on the seed data, reached over real sockets:
// who gets in, who does not, and with which status. Certificates are made for each run with the
// openssl command.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "integration_suite.h"
#include "seed_names.h"
#include "test_certificates.h"

namespace timeline::testing {
namespace {

constexpr char kToken[] = "analyst-token-0123456789";

// The suite's environment serves in plaintext; each test starts servers of its own over the
// environment's repository, with the options it tests.
class TlsAuthTest : public IntegrationSuite<TlsAuthTest> {
 public:
  static void PrepareSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     absl::StrCat("timeline-tls-test-", ::getpid()));
    server_cert_ = new Certificate(MakeCertificate(*dir_, "server"));
    client_cert_ = new Certificate(MakeCertificate(*dir_, "client"));
  }
  static void ReleaseSuite() {
    delete server_cert_;
    delete client_cert_;
    if (dir_ != nullptr) std::filesystem::remove_all(*dir_);
    delete dir_;
  }

 protected:
  static server::ServerOptions TlsOptions() {
    server::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.tls.certificate_chain = server_cert_->cert;
    options.tls.private_key = server_cert_->key;
    return options;
  }

  static std::unique_ptr<server::TimelineServer> Start(const server::ServerOptions& options) {
    auto server = server::TimelineServer::Start(env_->repo(), options);
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }

  static std::shared_ptr<grpc::Channel> TlsChannel(int port, const Certificate* client = nullptr) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = server_cert_->cert;
    if (client != nullptr) {
      ssl.pem_cert_chain = client->cert;
      ssl.pem_private_key = client->key;
    }
    return grpc::CreateChannel(absl::StrCat("localhost:", port), grpc::SslCredentials(ssl));
  }

  static grpc::Status GetAttacks(const std::shared_ptr<grpc::Channel>& channel,
                                 const std::string& authorization) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    v1::GetEventRequest request;
    request.set_name(seed_data::kAttacks);
    v1::Event event;
    grpc::Status status = v1::EventService::NewStub(channel)->GetEvent(&context, request, &event);
    if (status.ok()) {
      EXPECT_EQ(event.name(), seed_data::kAttacks);
    }
    return status;
  }

  static void Stop(server::TimelineServer& server) {
    server.Shutdown(absl::Seconds(2));
    server.Wait();
  }

  static inline std::filesystem::path* dir_ = nullptr;
  static inline Certificate* server_cert_ = nullptr;
  static inline Certificate* client_cert_ = nullptr;
};

TEST_F(TlsAuthTest, TlsServesAClientThatTrustsItsCertificate) {
  auto server = Start(TlsOptions());
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(GetAttacks(TlsChannel(server->port()), "").ok());
  Stop(*server);
}

TEST_F(TlsAuthTest, APlaintextClientCannotTalkToATlsServer) {
  auto server = Start(TlsOptions());
  ASSERT_NE(server, nullptr);
  auto plaintext = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server->port()),
                                       grpc::InsecureChannelCredentials());
  EXPECT_EQ(GetAttacks(plaintext, "").error_code(), grpc::StatusCode::UNAVAILABLE);
  Stop(*server);
}

TEST_F(TlsAuthTest, TokensLetInOnlyCallsWithAKnownBearerToken) {
  server::ServerOptions options = TlsOptions();
  options.auth_tokens = {kToken, "ingest-token-0123456789"};
  auto server = Start(options);
  ASSERT_NE(server, nullptr);
  auto channel = TlsChannel(server->port());

  EXPECT_TRUE(GetAttacks(channel, absl::StrCat("Bearer ", kToken)).ok());
  EXPECT_TRUE(GetAttacks(channel, "Bearer ingest-token-0123456789").ok());

  grpc::Status missing = GetAttacks(channel, "");
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(missing.error_message(),
            "authorization: missing; send \"authorization: Bearer <token>\"");
  grpc::Status wrong = GetAttacks(channel, "Bearer analyst-token-0123456788");
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_message(), "authorization: not a valid bearer token");
  Stop(*server);
}

TEST_F(TlsAuthTest, HealthChecksNeedNoToken) {
  server::ServerOptions options = TlsOptions();
  options.auth_tokens = {kToken};
  auto server = Start(options);
  ASSERT_NE(server, nullptr);
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = grpc::health::v1::Health::NewStub(TlsChannel(server->port()))
                            ->Check(&context, grpc::health::v1::HealthCheckRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  Stop(*server);
}

TEST_F(TlsAuthTest, MutualTlsTurnsAwayClientsWithoutATrustedCertificate) {
  server::ServerOptions options = TlsOptions();
  options.tls.client_ca = client_cert_->cert;
  auto server = Start(options);
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(GetAttacks(TlsChannel(server->port(), client_cert_), "").ok());
  EXPECT_EQ(GetAttacks(TlsChannel(server->port()), "").error_code(), grpc::StatusCode::UNAVAILABLE);
  // The server's own certificate is valid, but not signed by the client CA.
  EXPECT_EQ(GetAttacks(TlsChannel(server->port(), server_cert_), "").error_code(),
            grpc::StatusCode::UNAVAILABLE);
  Stop(*server);
}

TEST_F(TlsAuthTest, RefusesToStartWithTokensOverPlaintextOrAHalfTlsSetup) {
  server::ServerOptions tokens_only;
  tokens_only.listen = "127.0.0.1:0";
  tokens_only.auth_tokens = {kToken};
  auto refused = server::TimelineServer::Start(env_->repo(), tokens_only);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("auth tokens need TLS"), absl::string_view::npos);

  server::ServerOptions no_key = TlsOptions();
  no_key.tls.private_key.clear();
  EXPECT_EQ(server::TimelineServer::Start(env_->repo(), no_key).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace timeline::testing
