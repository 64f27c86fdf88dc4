// The probe-only listener (--health_listen): grpc.health.v1 in plaintext beside the API, the same
// answer as the API's own health service, no API method, NOT_SERVING and then gone on shutdown.
#include "server/health_listener.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "harness.h"
#include "timeline/v1/event.grpc.pb.h"

namespace timeline::testing {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

struct Probe {
  grpc::Status status;
  HealthCheckResponse::ServingStatus serving = HealthCheckResponse::UNKNOWN;
};

Probe Check(grpc::health::v1::Health::Stub& health, const std::string& service) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  Probe probe{health.Check(&ctx, request, &response)};
  probe.serving = response.status();
  return probe;
}

TEST(HealthListener, AnswersAsTheApiServerDoesAndServesNothingElse) {
  TimelineEnv env({.load_seed = false});
  auto listener = server::HealthListener::Start(env.repo(), "127.0.0.1:0");
  ASSERT_TRUE(listener.ok()) << listener.status();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", (*listener)->port()),
                                     grpc::InsecureChannelCredentials());
  auto probe_port = grpc::health::v1::Health::NewStub(channel);
  auto api_port = grpc::health::v1::Health::NewStub(env.channel());

  for (const std::string service : {"", "timeline.v1.EventService", "no.such.Service"}) {
    Probe on_probe_port = Check(*probe_port, service);
    Probe on_api_port = Check(*api_port, service);
    EXPECT_EQ(on_probe_port.status.error_code(), on_api_port.status.error_code()) << service;
    EXPECT_EQ(on_probe_port.serving, on_api_port.serving) << service;
  }
  EXPECT_EQ(Check(*probe_port, "").serving, HealthCheckResponse::SERVING);

  // The API is not on this port.
  auto events = v1::EventService::NewStub(channel);
  grpc::ClientContext ctx;
  v1::ListEventsResponse response;
  EXPECT_EQ(events->ListEvents(&ctx, v1::ListEventsRequest(), &response).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);

  (*listener)->Shutdown(absl::Seconds(1));
  Probe after = Check(*probe_port, "");
  EXPECT_FALSE(after.status.ok() && after.serving == HealthCheckResponse::SERVING);
}

TEST(HealthListener, AnAddressItCannotListenOnIsAnError) {
  TimelineEnv env({.load_seed = false});
  // 192.0.2.0/24 is reserved for documentation: no interface of this machine has it.
  auto refused = server::HealthListener::Start(env.repo(), "192.0.2.1:0");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("--health_listen"), std::string::npos);
}

}  // namespace
}  // namespace timeline::testing
