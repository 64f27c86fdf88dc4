// Which listen addresses may serve plaintext without --allow_plaintext_non_loopback.
#include "server/listen_policy.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace timeline::server {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(IsLoopbackListen, LoopbackAddressesNamesAndUnixSockets) {
  for (const char* listen :
       {"127.0.0.1:50051", "127.0.0.1:0", "127.1.2.3:80", "localhost:50051", "LOCALHOST:1",
        "api.localhost:50051", "[::1]:50051", "::1", "[::ffff:127.0.0.1]:50051",
        "unix:/run/timeline.sock", "unix-abstract:timeline"}) {
    EXPECT_TRUE(IsLoopbackListen(listen)) << listen;
  }
}

TEST(IsLoopbackListen, WildcardsOtherAddressesAndNamesAreNot) {
  for (const char* listen :
       {"0.0.0.0:50051", "[::]:50051", ":50051", "192.168.1.10:50051", "10.0.0.1:0",
        "[2001:db8::1]:50051", "[::ffff:10.0.0.1]:50051", "timeline.example.org:50051",
        "localhost.example.org:50051", "128.0.0.1:50051", ""}) {
    EXPECT_FALSE(IsLoopbackListen(listen)) << listen;
  }
}

TEST(CheckPlaintextListen, LoopbackPlaintextIsFine) {
  EXPECT_TRUE(CheckPlaintextListen("127.0.0.1:50051", /*tls=*/false, false).ok());
  EXPECT_TRUE(CheckPlaintextListen("[::1]:50051", /*tls=*/false, false).ok());
}

TEST(CheckPlaintextListen, TlsMayListenAnywhere) {
  EXPECT_TRUE(CheckPlaintextListen("0.0.0.0:50051", /*tls=*/true, false).ok());
  EXPECT_TRUE(CheckPlaintextListen("[::]:50051", /*tls=*/true, false).ok());
}

TEST(CheckPlaintextListen, NonLoopbackPlaintextNeedsTheFlag) {
  for (const char* listen : {"0.0.0.0:50051", "[::]:50051", "timeline.example.org:443"}) {
    const absl::Status refused = CheckPlaintextListen(listen, /*tls=*/false, false);
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << listen;
    EXPECT_THAT(refused.message(),
                AllOf(HasSubstr(listen), HasSubstr("--allow_plaintext_non_loopback")));
    EXPECT_TRUE(CheckPlaintextListen(listen, /*tls=*/false, /*allow=*/true).ok()) << listen;
  }
}

TEST(CheckPlaintextListen, QuotesAtMost100BytesOfTheAddress) {
  const std::string listen = std::string(1000, 'a') + ":1";
  const absl::Status refused = CheckPlaintextListen(listen, false, false);
  EXPECT_THAT(refused.message(), ::testing::Not(HasSubstr(std::string(101, 'a'))));
}

}  // namespace
}  // namespace timeline::server
